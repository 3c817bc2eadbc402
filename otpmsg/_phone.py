"""Phone numbers: the recipient (``to``) and the masked ``phone`` field (phonenumbers).

Numbers are given in international form (``+`` and the country code). A number must be
valid and able to receive SMS: mobile, or fixed-line-or-mobile where the numbering plan
does not tell them apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import (
    NumberParseException,
    PhoneMetadata,
    PhoneNumber,
    PhoneNumberDesc,
    national_significant_number,
)
from phonenumbers.phonenumberutil import _is_number_matching_desc as _matches

from otpmsg._errors import InvalidPhoneNumber

__all__ = ["Phone", "parse_phone"]


@dataclass(frozen=True, slots=True)
class Phone:
    """A valid SMS-capable number: its region and its masked display."""

    region: str
    masked: str


def _can_receive_sms(number: PhoneNumber, region: str, national: str) -> bool:
    """Valid and mobile (or fixed-line-or-mobile): what ``is_valid_number`` and
    ``number_type`` decide, checked against the region's mobile pattern only.

    The full type lookup tries a dozen patterns; this path tries the two that matter.
    A test compares both over the example numbers of every region and type.
    """
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(number.country_code or 0, region)
    if metadata is None or not _matches(national, metadata.general_desc):
        return False
    if not _matches(national, metadata.mobile):
        return False
    return not any(_matches(national, desc) for desc in _before_mobile(region, metadata))


def _before_mobile(region: str, metadata: PhoneMetadata) -> tuple[PhoneNumberDesc, ...]:
    """The types number_type() looks at before mobile (a match there is not a mobile),
    without those the region does not use. Kept per region."""
    known = _BEFORE_MOBILE.get(region)
    if known is not None:
        return known
    descs = (
        metadata.premium_rate,
        metadata.toll_free,
        metadata.shared_cost,
        metadata.voip,
        metadata.personal_number,
        metadata.pager,
        metadata.uan,
        metadata.voicemail,
    )
    used = tuple(d for d in descs if d is not None and d.national_number_pattern is not None)
    _BEFORE_MOBILE[region] = used
    return used


_BEFORE_MOBILE: dict[str, tuple[PhoneNumberDesc, ...]] = {}


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
