"""Property tests of the product rules, over every shipped locale × operation."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

import otpmsg
from otpmsg import MessageTooLong, Renderer, measure
from otpmsg._catalog import UNTRUSTED_FIELDS
from otpmsg._segments import GSM_FOLD, is_gsm
from otpmsg._values import clean_value, find_lures, graphemes
from tests import strategies

RENDERER = Renderer()
CASES = [(loc, op) for loc in RENDERER.locales() for op in sorted(RENDERER.operations())]
TRUSTED_DISPLAY = ("amount", "account", "count", "phone", "valid_for")
FORBIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def _fits_the_promise(locale: str, values: dict[str, str]) -> bool:
    """Whether the worst-case guarantee covers these values (see otpmsg._samples)."""
    gsm = RENDERER.runtime(locale).gsm
    for raw in values.values():
        try:
            value = clean_value("v", raw)
        except otpmsg.InvalidValue:
            continue
        if gsm and not is_gsm(value.translate(GSM_FOLD)):
            return False
        head = "".join(graphemes(value)[:10])
        if not gsm and measure(head).units > 10:
            return False
    return True


NO_VALUES = dict.fromkeys(UNTRUSTED_FIELDS, "")
LURE_AFTER_REMOVAL = dict(
    case=("ja", "card_binding"), code="0000", money=("EUR", Decimal("1")), account=None, count=2
)


@given(
    case=st.sampled_from(CASES),
    code=strategies.codes(),
    money=strategies.money(),
    values=st.fixed_dictionaries(
        {name: strategies.untrusted_values() for name in UNTRUSTED_FIELDS}
    ),
    account=st.sampled_from((None, "6222020012345678", "GB29 NWBK 6016 1331 9268 19")),
    count=st.integers(min_value=2, max_value=99999),
)
# Taking the code out of "0000A://", or the digit run out of "00000A://", once left a link.
@example(**LURE_AFTER_REMOVAL, values={**NO_VALUES, "merchant": "0000A://"})
@example(**LURE_AFTER_REMOVAL, values={**NO_VALUES, "merchant": "00000A://"})
def test_every_valid_input_renders_safely(
    case: tuple[str, str],
    code: str,
    money: tuple[str, object],
    values: dict[str, str],
    account: str | None,
    count: int,
) -> None:
    locale, operation = case
    op = RENDERER.operations()[operation]
    kwargs: dict[str, object] = {}
    if op.money:
        kwargs["currency"], kwargs["amount"] = money
    kwargs.update({k: v for k, v in values.items() if k in op.fields})
    if "account" in op.fields and account:
        kwargs["account"] = account
    if "count" in op.fields:
        kwargs["count"] = count
    if "phone" in op.fields:
        kwargs["phone"] = "+447400123456"
    try:
        msg = RENDERER.render(operation, code=code, locale=locale, **kwargs)  # type: ignore[arg-type]
    except otpmsg.InvalidValue as exc:
        assert exc.field in UNTRUSTED_FIELDS  # nothing readable left after cleaning
        return
    except MessageTooLong:
        shown = {k: v for k, v in values.items() if k in op.fields}
        assert not _fits_the_promise(locale, shown)
        return

    text = msg.text
    assert msg.segments <= 2
    assert measure(text) == msg.info
    # The warning, verbatim, before the code; the code once (besides trusted figures).
    assert msg.warning in text
    after_warning = text[text.index(msg.warning) + len(msg.warning) :]
    assert code in after_warning
    in_fields = sum(msg.fields.get(k, "").count(code) for k in TRUSTED_DISPLAY)
    assert text.count(code) == 1 + in_fields
    # The exact amount, digit for digit.
    if op.money:
        exact = msg.audit()["bound"]["exact_amount"]  # type: ignore[index]
        assert re.sub(r"\D", "", msg.fields["amount"]) == re.sub(r"\D", "", str(exact))
        assert msg.fields["amount"] in text
    # Nothing hostile came through from a value.
    for name in UNTRUSTED_FIELDS:
        if name in msg.fields:
            shown = msg.fields[name]
            assert shown in text
            assert not any(unicodedata.category(ch) in FORBIDDEN for ch in shown), shown
            assert not set(shown) & set("{}【】")
            assert find_lures(shown.removesuffix("...")) == []
            assert not re.search(r"\d{5}", shown)


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
