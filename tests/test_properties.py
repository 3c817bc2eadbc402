"""Property tests of the product rules, over every shipped locale × operation.

Each locale × operation pair is its own test case (no sampling of pairs), and each draws
real names in many scripts, emoji, combining marks and arbitrary Unicode, amounts and counts
up to the API's limits, brands, recipients and validities. The assertions compare the text
with the inputs, never with what the renderer reports about itself.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import timedelta
from decimal import Decimal

import phonenumbers
import pytest
from babel.numbers import get_currency_precision
from hypothesis import example, given, settings
from hypothesis import strategies as st

import otpmsg
from otpmsg import Renderer, measure
from otpmsg._catalog import BOUND_FIELDS, UNTRUSTED_FIELDS
from otpmsg._values import find_lures, graphemes
from tests import strategies

RENDERER = Renderer()
CASES = [(loc, op) for loc in RENDERER.locales() for op in sorted(RENDERER.operations())]
FORBIDDEN = frozenset({"Cc", "Cs", "Co", "Cn"})
#: Fields whose values the bank provides; a run of digits there is an identifier.
BANK_FIELDS = ("product", "device")
DIGIT_RUN = re.compile(r"\d(?:[\s.\-/()]{0,2}\d)*")
#: Format characters a text may hold: direction marks and the isolates around values.
DIRECTION = frozenset("\u200e\u200f\u061c\u2066\u2067\u2068\u2069")


def _phones(text: str) -> list[str]:
    """Phone numbers in ``text``, by phonenumbers' own matcher (an independent reference)."""
    return [m.raw_string for m in phonenumbers.PhoneNumberMatcher(text, "US")]


def _kwargs(op: otpmsg.Operation, data: st.DataObject) -> dict[str, object]:
    kwargs: dict[str, object] = {}
    if op.money:
        kwargs["currency"], kwargs["amount"] = data.draw(strategies.amounts(), "money")
    for name in op.fields & set(UNTRUSTED_FIELDS):
        if name in op.required or data.draw(st.booleans(), f"with {name}"):
            kwargs[name] = data.draw(strategies.names(), name)
    if "account" in op.fields and data.draw(st.booleans(), "with account"):
        kwargs["account"] = "6222020012345678"
    if "count" in op.fields:
        kwargs["count"] = data.draw(strategies.counts(), "count")
    if "phone" in op.fields:
        kwargs["phone"] = "+447400123456"
    return kwargs


@pytest.mark.parametrize(("locale", "operation"), CASES)
# A twelfth of the profile's examples for each of the 624 cases (8 by default, 250 thorough).
@settings(max_examples=max(8, settings().max_examples // 12))
@given(data=st.data())
def test_every_valid_request_is_delivered_within_two_segments(
    locale: str, operation: str, data: st.DataObject
) -> None:
    op = RENDERER.operations()[operation]
    kwargs = _kwargs(op, data)
    code = data.draw(strategies.codes(), "code")
    brand = data.draw(strategies.brands(), "brand")
    to = data.draw(strategies.recipients(), "to")
    minutes = data.draw(st.sampled_from((None, 1, 5, 10)), "valid_for")
    try:
        msg = RENDERER.render(
            operation,
            code=code,
            locale=locale,
            brand=brand,
            to=to,
            valid_for=None if minutes is None else timedelta(minutes=minutes),
            **kwargs,  # type: ignore[arg-type]
        )
    except otpmsg.InvalidValue as exc:
        assert exc.field in UNTRUSTED_FIELDS  # nothing readable left after cleaning
        return
    text = msg.text
    assert measure(text).segments <= 2
    where = text.rindex(code)  # the code comes last (it may also stand inside an amount)
    assert 0 <= text.find(msg.warning) < where
    # The exact amount, digit for digit, as given.
    if op.money:
        digits = get_currency_precision(str(kwargs["currency"]))
        given_digits = f"{Decimal(str(kwargs['amount'])):.{digits}f}".replace(".", "")
        assert re.sub(r"\D", "", msg.fields["amount"]) == given_digits
    # Every bound value stands verbatim before the code.
    for name in BOUND_FIELDS:
        if name in kwargs:
            assert 0 <= text.find(msg.fields[name]) < where, name
    # An untrusted value is shown as given, or the adjustment is said and the original kept
    # as its SHA-256 in the audit record.
    record = msg.audit()
    for name in op.fields & set(UNTRUSTED_FIELDS):
        if name not in kwargs:
            continue
        raw = str(kwargs[name])
        shown = msg.fields[name].strip("".join(DIRECTION))  # without its isolation marks
        if name not in msg.adjusted:
            assert shown == raw.strip()
        else:
            adjusted = record["adjusted"][name]  # type: ignore[index]
            assert adjusted["original_sha256"] == hashlib.sha256(raw.encode()).hexdigest()
            if "shortened" in msg.adjusted[name]:
                assert shown.endswith("...")
                # Never below 10 characters, unless what was cut read as a domain.
                assert len(graphemes(shown.removesuffix("..."))) >= 10 or "." in raw
        assert not any(unicodedata.category(ch) in FORBIDDEN for ch in shown), shown
        assert not set(shown) & set("{}【】")
        lures = find_lures(shown.removesuffix("..."))
        if name in BANK_FIELDS:  # the bank's own identifiers keep their digits (ОФЗ 26238)
            lures = [lure for lure in lures if not DIGIT_RUN.fullmatch(lure)] + _phones(shown)
        assert lures == []
        assert code not in re.findall(r"\d+", shown)  # never the code itself
    assert not any(unicodedata.category(ch) == "Cf" and ch not in DIRECTION for ch in text), (
        "a format character in the text"
    )


@pytest.mark.parametrize("locale", RENDERER.locales())
@given(code=strategies.codes(), name=st.sampled_from(strategies.REAL_NAMES))
@example(code="482913", name="María García")
@example(code="0000", name="\u02c6")  # a letter whose Latin spelling is no letter
@example(code="0000", name="000\u00bc0001:")  # spelt out, ¼ would join a run of digits
def test_a_name_in_any_script_is_delivered_at_two_segments(
    locale: str, code: str, name: str
) -> None:
    msg = RENDERER.render(
        "transfer",
        code=code,
        locale=locale,
        brand="WWWWWWWWWWW",
        amount=Decimal("999999999999.99"),
        currency="USD",
        payee=name,
        account="12345678",
    )
    assert msg.segments <= 2
    assert msg.text.index(msg.warning) < msg.text.rindex(code)
    if msg.encoding == "GSM-7" and RENDERER._runtime(msg.locale).gsm:
        assert set(msg.adjusted.get("payee", ())) <= {"folded", "transliterated", "shortened"}


@given(case=st.sampled_from(CASES), code=strategies.codes())
def test_minimal_inputs_render_in_one_or_two_segments(case: tuple[str, str], code: str) -> None:
    locale, operation = case
    op = RENDERER.operations()[operation]
    kwargs: dict[str, object] = {f: "Ann" for f in op.required if f in UNTRUSTED_FIELDS}
    if op.money:
        kwargs.update(amount=1, currency="USD")
    if "phone" in op.required:
        kwargs["phone"] = "+447400123456"
    if "count" in op.required:
        kwargs["count"] = 2
    msg = RENDERER.render(operation, code=code, locale=locale, **kwargs)  # type: ignore[arg-type]
    assert msg.segments <= 2
    assert msg.text.index(msg.warning) < msg.text.rindex(code)
