"""Phone numbers: the fast SMS check agrees with phonenumbers' full classification, and
the fast path with the slow one (phonenumbers.parse)."""

from __future__ import annotations

from collections.abc import Callable

import phonenumbers
import pytest
from hypothesis import given
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType

import otpmsg
from otpmsg import _phone
from otpmsg._phone import Phone, _parse_fast, _parse_slow, parse_phone
from tests import strategies

SMS_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
#: The metadata fields of the number types (their PhoneNumberType names, in lower case).
TYPE_FIELDS = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)
#: Example numbers of the non-geographic codes (+800, +882, ...: all region "001").
NON_GEO_EXAMPLES = {
    f"+{code}{desc.example_number}"
    for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS
    for desc in (
        getattr(PhoneMetadata.metadata_for_nongeo_region(code), field) for field in TYPE_FIELDS
    )
    if desc is not None and desc.example_number
}
EXAMPLES = sorted(
    {
        phonenumbers.format_number(number, PhoneNumberFormat.E164)
        for region in phonenumbers.SUPPORTED_REGIONS
        for kind in (*vars(PhoneNumberType).values(), None)
        if isinstance(kind, int) or kind is None
        for number in (
            phonenumbers.invalid_example_number(region)
            if kind is None
            else phonenumbers.example_number_for_type(region, kind),
        )
        if number is not None
    }
    | NON_GEO_EXAMPLES
)


def can_receive_sms(text: str) -> bool:
    """phonenumbers' own verdict: valid, and mobile or fixed-line-or-mobile."""
    number = phonenumbers.parse(text, None)
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in SMS_TYPES


def test_fast_check_agrees_with_full_classification() -> None:
    assert len(EXAMPLES) > 1000
    for text in EXAMPLES:
        try:
            phone = parse_phone("to", text)
        except otpmsg.InvalidPhoneNumber:
            assert not can_receive_sms(text), text
        else:
            assert can_receive_sms(text), text
            number = phonenumbers.parse(text, None)
            assert phone.region == phonenumbers.region_code_for_number(number)


def test_each_non_geographic_code_has_its_own_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    # They share the region "001", so patterns cached by region alone mix their plans up.
    monkeypatch.setattr(_phone, "_RULES", {})
    mobiles = [text for text in sorted(NON_GEO_EXAMPLES) if can_receive_sms(text)]
    assert len({phonenumbers.parse(text, None).country_code for text in mobiles}) > 1
    for text in mobiles:
        assert parse_phone("to", text).region == "001"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("+44 20 7946 0958", "cannot receive SMS"),
        ("+44 7400 12345", "not a valid number"),
        ("07400 123456", "international form"),
        ("+", "does not parse"),
    ],
)
def test_errors_say_why(text: str, reason: str) -> None:
    with pytest.raises(otpmsg.InvalidPhoneNumber, match=reason):
        parse_phone("to", text)


# --- the fast path ------------------------------------------------------------------------


def outcome(parse: Callable[[str, str], Phone], text: str) -> Phone | tuple[type, str]:
    """What ``parse`` returns for ``text``, or the type and message of its error."""
    try:
        return parse("to", text)
    except otpmsg.InvalidPhoneNumber as exc:
        return type(exc), str(exc)


def e164(text: str) -> str:
    """The example as it is: "+447400123456"."""
    return text


def international(text: str) -> str:
    """E.164 to phonenumbers' international format: "+44 7400 123456"."""
    return phonenumbers.format_number(
        phonenumbers.parse(text, None), PhoneNumberFormat.INTERNATIONAL
    )


def with_national_prefix(text: str) -> str:
    """The national prefix of the country code's main region (or 0) after the code."""
    number = phonenumbers.parse(text, None)
    code = number.country_code
    region = phonenumbers.region_code_for_country_code(code)
    prefix = PhoneMetadata.metadata_for_region_or_calling_code(code, region).national_prefix
    return f"+{code} {prefix or '0'}{phonenumbers.national_significant_number(number)}"


@pytest.mark.parametrize("form", [e164, international, with_national_prefix])
def test_fast_path_agrees_with_slow_path(form: Callable[[str], str]) -> None:
    taken = capable = 0
    for example in EXAMPLES:
        text = form(example)
        expected = outcome(_parse_slow, text)
        assert outcome(parse_phone, text) == expected, text
        fast = _parse_fast(text)
        assert fast is None or fast == expected, text
        capable += isinstance(expected, Phone)
        taken += fast is not None
    # Not a vacuous comparison: E.164 and the international format take the fast path
    # (but for the odd national prefix pattern matching every number, such as Argentina's).
    if form is not with_national_prefix:
        assert capable > 200
        assert taken > 0.95 * capable


@pytest.mark.parametrize(
    "text",
    [
        "+447400123456",
        "+12015550123",
        "+8613123456789",
        "+79161234567",
        "+971501234567",
        "+44 7400 123456",
        "+1 201-555-0123",
        " +44-7400-123-456 ",
    ],
)
def test_common_numbers_take_the_fast_path(text: str) -> None:
    fast = _parse_fast(text)
    assert fast is not None
    assert fast == _parse_slow("to", text)


@given(strategies.international_numbers())
def test_fast_path_agrees_with_slow_path_on_any_digits(text: str) -> None:
    result = outcome(parse_phone, text)
    assert result == outcome(_parse_slow, text)
    if isinstance(result, Phone):
        number = phonenumbers.parse(text, None)
        assert can_receive_sms(text)
        assert result.region == phonenumbers.region_code_for_number(number)
    elif "does not parse" not in result[1]:
        assert not can_receive_sms(text)
