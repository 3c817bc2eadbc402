"""Golden files: every locale × operation, as compliance reads them (plain-text diffs).

After an intended change, rewrite them with ``OTPMSG_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py`` and review the diff like any other change. In that mode a test still
fails for each file it had to rewrite, so an update never passes unseen.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from otpmsg import Renderer, measure
from otpmsg._samples import typical_inputs

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("OTPMSG_UPDATE_GOLDEN") == "1"
_RENDERER = Renderer()
CASES = [(loc, op) for loc in _RENDERER.locales() for op in sorted(_RENDERER.operations())]


def golden_text(renderer: Renderer, locale: str, operation: str) -> str:
    op = renderer.operations()[operation]
    runtime = renderer._runtime(locale)
    typical = renderer.render(operation, **typical_inputs(runtime, op))
    branded = renderer.render(operation, brand="ACME Bank", **typical_inputs(runtime, op))
    worst, _, dropped = renderer._worst_case(locale, operation)
    note = ", validity dropped" if dropped else ""
    w = measure(worst)
    return (
        f"# {locale} / {operation}\n"
        f"[typical] {typical.encoding}, {typical.units} units,"
        f" {typical.segments} segment(s)\n{typical.text}\n\n"
        f"[typical, brand ACME Bank] {branded.encoding}, {branded.units} units,"
        f" {branded.segments} segment(s)\n{branded.text}\n\n"
        f"[worst case, 11-character brand{note}] {w.encoding}, {w.units} units,"
        f" {w.segments} segment(s)\n{worst}\n"
    )


@pytest.mark.parametrize(("locale", "operation"), CASES)
def test_golden(locale: str, operation: str) -> None:
    path = GOLDEN / locale / f"{operation}.txt"
    text = golden_text(_RENDERER, locale, operation)
    recorded = path.read_text(encoding="utf-8") if path.exists() else None
    if UPDATE and recorded != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"{path} rewritten: review the diff")
    assert recorded == text


def test_no_stale_golden_files() -> None:
    found = {(p.parent.name, p.stem) for p in GOLDEN.glob("*/*.txt")}
    assert found == set(CASES)
