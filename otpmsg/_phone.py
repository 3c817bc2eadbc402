"""Phone numbers: the recipient (``to``) and the masked ``phone`` field (phonenumbers).

Numbers are given in international form (``+`` and the country code). A number must be
valid and able to receive SMS: mobile, or fixed-line-or-mobile where the numbering plan
does not tell them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import (
    NumberParseException,
    PhoneMetadata,
    PhoneNumber,
    PhoneNumberDesc,
    national_significant_number,
)

from otpmsg._errors import InvalidPhoneNumber

__all__ = ["Phone", "parse_phone"]


@dataclass(frozen=True, slots=True)
class Phone:
    """A valid SMS-capable number: its region and its masked display."""

    region: str
    masked: str


def _can_receive_sms(number: PhoneNumber, region: str, national: str) -> bool:
    """Valid and mobile (or fixed-line-or-mobile): what ``is_valid_number`` and
    ``number_type`` decide, checked with the region's patterns compiled once.

    ``number_type`` tries the types below in order and stops at the first match; a
    number is SMS-capable when it matches the general and mobile patterns and none of
    the types tried before mobile. A test compares this with phonenumbers over the
    example numbers of every region and type.
    """
    general, mobile, before = _patterns(number.country_code or 0, region)
    size = len(national)
    return (
        _fits(general, size, national)
        and _fits(mobile, size, national)
        and not any(_fits(desc, size, national) for desc in before)
    )


_Desc = tuple[frozenset[int], re.Pattern[str]]


def _fits(desc: _Desc | None, size: int, national: str) -> bool:
    # As phonenumbers' _is_number_matching_desc: lengths first, then the whole pattern.
    if desc is None:
        return False
    lengths, pattern = desc
    return (not lengths or size in lengths) and pattern.fullmatch(national) is not None


def _patterns(country_code: int, region: str) -> tuple[_Desc | None, _Desc | None, list[_Desc]]:
    known = _PATTERNS.get(region)
    if known is None:
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)

        def compiled(desc: PhoneNumberDesc | None) -> _Desc | None:
            if metadata is None or desc is None or not desc.national_number_pattern:
                return None
            return frozenset(desc.possible_length), re.compile(desc.national_number_pattern)

        before = (
            []
            if metadata is None
            else [
                compiled(desc)
                for desc in (
                    metadata.premium_rate,
                    metadata.toll_free,
                    metadata.shared_cost,
                    metadata.voip,
                    metadata.personal_number,
                    metadata.pager,
                    metadata.uan,
                    metadata.voicemail,
                )
            ]
        )
        general = compiled(metadata.general_desc) if metadata else None
        mobile = compiled(metadata.mobile) if metadata else None
        known = _PATTERNS[region] = (general, mobile, [d for d in before if d is not None])
    return known


_PATTERNS: dict[str, tuple[_Desc | None, _Desc | None, list[_Desc]]] = {}


def parse_phone(field: str, value: object) -> Phone:
    """Parse an international number that can receive SMS, or raise InvalidPhoneNumber.

    >>> parse_phone("to", "+44 7400 123456")
    Phone(region='GB', masked='+44 ***3456')
    """
    if not isinstance(value, str) or not value.lstrip().startswith("+"):
        raise InvalidPhoneNumber(field, "must be a string in international form, like +44...")
    try:
        number = phonenumbers.parse(value, None)
    except NumberParseException as exc:
        raise InvalidPhoneNumber(field, f"does not parse ({exc})") from None
    region = phonenumbers.region_code_for_number(number)
    national = national_significant_number(number)
    if region is None or not _can_receive_sms(number, region, national):
        if not phonenumbers.is_valid_number(number):
            raise InvalidPhoneNumber(field, "is not a valid number")
        raise InvalidPhoneNumber(field, "cannot receive SMS (not a mobile number)")
    return Phone(region=region, masked=f"+{number.country_code} ***{national[-4:]}")
