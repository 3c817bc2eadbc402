"""Proving what the code authorises: template edits that would hide or alter a bound value
are refused before the locale's first text, and every render proves the bound values stand
verbatim before the code; approvals are enforced with ``require_approved``."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

import otpmsg
from otpmsg import Renderer
from otpmsg._approvals import read_approvals, record_approvals, write_approvals
from otpmsg._catalog import load_catalog
from otpmsg._compose import Templates

TRANSFER = "en/transfer.txt"
SEND = {
    "code": "482913",
    "locale": "en",
    "amount": Decimal("1250.00"),
    "currency": "USD",
    "payee": "Bob",
}


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("{{ amount }}", "{% if account %}{{ amount }}{% endif %}", "placement"),
        ("{{ amount }}", "{{ amount|trim(payee) }}", "sandbox"),
        ("{{ payee }}", "{{ payee|upper }}", "sandbox"),
        ("{{ amount }}", "{% if payee and not payee %}{{ amount }}{% endif %}", "placement"),
        ("{{ payee }}", "{% if not payee %}{{ payee }}{% endif %}", "placement"),
        ("{{ code }}", "{{ code }} {{ amount }}", "placement"),  # amount also after the code
        ("To SEND {{ amount }}", "To SEND", "required"),
        ("Code: {{ code }}", "Code: {{ code }} to {{ payee }}", "placement"),
        ("{% if account %} (acct", "{% if not account %} (acct", "placement"),
    ],
)
def test_mutations_are_refused_before_the_first_text(
    templates_copy: Path, old: str, new: str, rule: str
) -> None:
    if new == "{{ code }} {{ amount }}":
        # Moved, not copied: the amount stands only after the code.
        _edit(templates_copy, TRANSFER, "To SEND {{ amount }}", "To SEND")
        _edit(templates_copy, TRANSFER, "{{ code }}", "{{ code }} {{ amount }}")
    elif new.startswith("Code: {{ code }} to"):
        _edit(templates_copy, TRANSFER, "to {{ payee }}", "")
        _edit(templates_copy, TRANSFER, old, new)
    else:
        _edit(templates_copy, TRANSFER, old, new)
    r = Renderer(templates=templates_copy)
    with pytest.raises(otpmsg.TemplateError) as exc:
        r.render("transfer", **SEND)  # type: ignore[arg-type]
    rules = {(f.rule, f.operation, Path(f.file).name) for f in exc.value.findings if f.file}
    assert (rule, "transfer", "transfer.txt") in rules
    with pytest.raises(otpmsg.TemplateError):
        r.validate()
    assert r.render("login", code="482913", locale="de").locale == "de"  # other locales serve


def test_a_broken_locale_names_every_broken_template(templates_copy: Path) -> None:
    _edit(templates_copy, "fr/login.txt", "{{ warning }}", "")
    _edit(templates_copy, "fr/payment.txt", "{{ amount }}", "{{ amount|lower }}")
    with pytest.raises(otpmsg.TemplateError) as exc:
        Renderer(templates=templates_copy).render("password_reset", code="1234", locale="fr")
    broken = {f.operation for f in exc.value.findings if f.severity == "error"}
    assert broken == {"login", "payment"}


def test_each_render_proves_the_bound_values(templates_copy: Path) -> None:
    """A template swapped after validation cannot send a text without its amount."""
    r = Renderer(templates=templates_copy)
    runtime = r._ready("en")
    hidden = (
        "{% if account %}{{ amount }}{% endif %}To SEND to {{ payee }}. {{ warning }}"
        " Code: {{ code }}"
    )
    sources = {op: t.source for op, t in r._catalog.locales["en"].templates.items()}
    swapped = replace(runtime, templates=Templates({**sources, "transfer": hidden}))
    r._runtimes["en"] = r._serving_sets["en"] = swapped
    with pytest.raises(otpmsg.UnsafeMessage) as exc:
        r.render("transfer", **SEND)  # type: ignore[arg-type]
    assert "amount" in exc.value.reason
    assert "482913" not in str(exc.value)


def test_every_message_of_a_call_shape_is_proved() -> None:
    """Messages after the first of a call shape are proved too: a kept format string
    that lost the amount is caught on the next message."""
    r = Renderer()
    r.render("transfer", **SEND)  # type: ignore[arg-type]
    (plan,) = [p for p in r._plans.values() if p.op.id == "transfer"]
    warning = plan.runtime.warning.replace("%", "%%")
    plan.form = (f"To SEND to %s. {warning} Code: \x00", lambda values: (values["payee"],))
    with pytest.raises(otpmsg.UnsafeMessage) as exc:
        r.render("transfer", **SEND)  # type: ignore[arg-type]
    assert "amount" in exc.value.reason


def _approve(folder: Path) -> None:
    catalog = load_catalog(folder)
    approvals, _ = record_approvals(
        catalog, read_approvals(folder), by="Jane Doe", date=dt.date(2026, 12, 1)
    )
    write_approvals(folder, approvals)


def test_require_approved(templates_copy: Path) -> None:
    _approve(templates_copy)
    Renderer(templates=templates_copy, require_approved=True)
    _edit(templates_copy, "de/login.txt", "{{ warning }}", "{{ warning }} ")
    with pytest.raises(otpmsg.TemplateError) as exc:
        Renderer(templates=templates_copy, require_approved=True)
    assert {(f.rule, f.locale, f.operation) for f in exc.value.findings} == {
        ("approval", "de", "login")
    }
    assert "login.txt" in str(exc.value)
    Renderer(templates=templates_copy)  # without the setting it still builds
    _approve(templates_copy)
    Renderer(templates=templates_copy, require_approved=True)


def test_require_approved_without_an_approvals_file(templates_copy: Path) -> None:
    (templates_copy / "approvals.toml").unlink()
    with pytest.raises(otpmsg.TemplateError) as exc:
        Renderer(templates=templates_copy, require_approved=True)
    assert len(exc.value.findings) == sum(1 for _ in templates_copy.glob("*/*.txt"))
