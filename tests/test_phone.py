"""Phone numbers: the fast SMS check agrees with phonenumbers' full classification."""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

import otpmsg
from otpmsg._phone import parse_phone

SMS_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
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
)


def test_fast_check_agrees_with_full_classification() -> None:
    assert len(EXAMPLES) > 1000
    for text in EXAMPLES:
        number = phonenumbers.parse(text, None)
        expected = phonenumbers.is_valid_number(number) and (
            phonenumbers.number_type(number) in SMS_TYPES
        )
        try:
            phone = parse_phone("to", text)
        except otpmsg.InvalidPhoneNumber:
            assert not expected, text
        else:
            assert expected, text
            assert phone.region == phonenumbers.region_code_for_number(number)


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
