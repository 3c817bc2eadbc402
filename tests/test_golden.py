"""Golden files: every locale × operation, as compliance reads them (plain-text diffs).

After an intended change, rewrite them with ``OTPMSG_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py`` and review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from otpmsg import Renderer, measure
from otpmsg._samples import WORST_CODE, typical_inputs, worst_fields

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("OTPMSG_UPDATE_GOLDEN") == "1"
_RENDERER = Renderer()
CASES = [(loc, op) for loc in _RENDERER.locales() for op in sorted(_RENDERER.operations())]


def golden_text(renderer: Renderer, locale: str, operation: str) -> str:
    op = renderer.operations()[operation]
    typical = renderer.render(operation, brand="ACME Bank", **typical_inputs(renderer, locale, op))
    worst = renderer.compose(locale, operation, WORST_CODE, worst_fields(renderer, locale, op))
    w = measure(worst)
    return (
        f"# {locale} / {operation}\n"
        f"[typical, brand ACME Bank] {typical.encoding}, {typical.units} units,"
        f" {typical.segments} segment(s)\n{typical.text}\n\n"
        f"[worst case] {w.encoding}, {w.units} units, {w.segments} segment(s)\n{worst}\n"
    )


@pytest.mark.parametrize(("locale", "operation"), CASES)
def test_golden(locale: str, operation: str) -> None:
    path = GOLDEN / locale / f"{operation}.txt"
    text = golden_text(_RENDERER, locale, operation)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text


def test_no_stale_golden_files() -> None:
    found = {(p.parent.name, p.stem) for p in GOLDEN.glob("*/*.txt")}
    assert found == set(CASES)
