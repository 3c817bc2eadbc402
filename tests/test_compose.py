"""Composing: the kept format strings give exactly Jinja2's sandboxed output."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otpmsg import Renderer
from otpmsg._catalog import load_catalog
from otpmsg._compose import MARKER, Templates, context
from otpmsg._samples import typical_inputs
from otpmsg._sandbox import render_template, variables

CATALOG = load_catalog()
SOURCES = [
    (locale, op, t.source)
    for locale in sorted(CATALOG.locales)
    for op, t in sorted(CATALOG.locales[locale].templates.items())
]


def _shapes(names: list[str]) -> list[dict[str, str]]:
    """Every pattern of empty and given values, each value holding format braces."""
    return [
        {
            name: f"<{name} {{0}} {{{{x}}}}>" if on else ""
            for name, on in zip(names, shape, strict=True)
        }
        for shape in itertools.product((False, True), repeat=len(names))
    ]


@pytest.mark.parametrize(("locale", "operation", "source"), SOURCES)
def test_every_shipped_template_as_jinja2_renders_it(
    locale: str, operation: str, source: str
) -> None:
    templates = Templates({operation: source})
    names = sorted({name for name, _ in variables(source)})
    for values in _shapes(names):
        assert templates.render(operation, values) == render_template(
            templates[operation], dict(values)
        )


@given(
    case=st.sampled_from(SOURCES),
    text=st.text(max_size=20),
    data=st.data(),
)
def test_any_values_as_jinja2_renders_them(
    case: tuple[str, str, str], text: str, data: st.DataObject
) -> None:
    _, operation, source = case
    templates = Templates({operation: source})
    names = sorted({name for name, _ in variables(source)})
    values = {name: data.draw(st.sampled_from(("", text, "{x}", "}{"))) for name in names}
    assert templates.render(operation, values) == render_template(
        templates[operation], dict(values)
    )


def test_a_template_with_a_filter_is_rendered_by_jinja2() -> None:
    source = "{{ valid_for|upper }} {{ warning }} Code: {{ code }}"
    templates = Templates({"login": source})
    values = {"valid_for": "5 min", "warning": "W", "code": "1"}
    assert templates.render("login", values) == "5 MIN W Code: 1"


RENDERER = Renderer()
#: Values for a second message of the same call shape: other lengths, digits and scripts.
OTHER_VALUES = {"payee": "Zoë Ångström-Ødegård", "merchant": "Shop 7", "product": "ОФЗ 26238",
                "device": "Pixel 8 Pro", "account": "GB29NWBK60161331926819",
                "phone": "+12015550123", "count": 7, "amount": "15"}  # fmt: skip


@pytest.mark.parametrize(("locale", "operation"), [(loc, op) for loc, op, _ in SOURCES])
def test_every_message_of_a_call_shape_is_jinja2_output(locale: str, operation: str) -> None:
    """Messages of one call shape share a kept format string: each text is still what
    Jinja2 renders with that message's own values, with and without the optional ones."""
    runtime = RENDERER._ready(locale)
    op = RENDERER.operations()[operation]
    typical = typical_inputs(runtime, op)
    required = {k: v for k, v in typical.items() if k not in op.fields or k in op.required}
    for kwargs in (typical, typical | {k: OTHER_VALUES.get(k, v) for k, v in typical.items()},
                   required, required | {"code": "90817263"}):  # fmt: skip
        msg = RENDERER.render(operation, brand="ACME", **kwargs)
        shown = {k: v for k, v in msg.fields.items() if k != "brand"}
        variables = context(runtime, op, shown, "ACME")
        expected = render_template(runtime.templates[operation], variables).strip()
        assert msg.text == expected.replace(MARKER, kwargs["code"])


@pytest.mark.parametrize(
    "source",
    ["{{ brand }}: {{ warning }} Code: {{ code }}", "{{ brand|upper }}: {{ warning }} {{ code }}"],
)
@pytest.mark.parametrize("brand", ["Acme 100% %s", "Acme \ue000"])
def test_fixed_values_are_written_in_once(source: str, brand: str) -> None:
    """A form with fixed values renders from the other values alone, as Jinja2 renders
    all of them: with a filter, with ``%`` in a fixed value, and with a value that holds
    a stand-in character."""
    templates = Templates({"login": source})
    fixed = {"brand": brand, "warning": "W"}
    text, values = templates.form("login", {**fixed, "code": "1"}, fixed)
    for code in ("42", "%s"):
        expected = render_template(templates["login"], {**fixed, "code": code})
        assert text % values({"code": code}) == expected
