"""Phone numbers: the recipient (``to``) and the masked ``phone`` field (phonenumbers).

Numbers are given in international form (``+`` and the country code). A number must be
valid and able to receive SMS: mobile, or fixed-line-or-mobile where the numbering plan
does not tell them apart.

The common input, ``+`` and ASCII digits (maybe split by spaces or hyphens), takes a fast
path. For such input ``phonenumbers.parse`` drops the spaces and hyphens, splits off the
country calling code, and may strip a national prefix or carrier code. The fast path does
the same with patterns compiled once per region and number length, but gives up wherever
a national prefix could be stripped and on every number it would reject: those, and all
other input, get phonenumbers' full parse. A test compares the two paths.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from otpmsg._errors import InvalidPhoneNumber

if TYPE_CHECKING:
    from phonenumbers import PhoneMetadata, PhoneNumberDesc

__all__ = ["Phone", "parse_phone"]


class Phone(NamedTuple):
    """A valid SMS-capable number: its region and its masked display."""

    region: str
    masked: str


def _phone(region: str, country_code: int, national: str) -> Phone:
    """The number's region, and its display: the country code and the last 4 digits."""
    return Phone(region, f"+{country_code} ***{national[-4:]}")


def parse_phone(field: str, value: object) -> Phone:
    """Parse an international number that can receive SMS, or raise InvalidPhoneNumber.

    >>> parse_phone("to", "+44 7400 123456")
    Phone(region='GB', masked='+44 ***3456')
    """
    if not isinstance(value, str) or not value.lstrip().startswith("+"):
        raise InvalidPhoneNumber(field, "must be a string in international form, like +44...")
    phone = _parse_fast(value)
    return phone if phone is not None else _parse_slow(field, value)


def _parse_slow(field: str, value: str) -> Phone:
    """``parse_phone`` with phonenumbers' full parse."""
    import phonenumbers  # noqa: PLC0415 - imported when first needed (15 ms)
    from phonenumbers import NumberParseException, national_significant_number  # noqa: PLC0415

    try:
        number = phonenumbers.parse(value, None)
    except NumberParseException as exc:
        raise InvalidPhoneNumber(field, f"does not parse ({exc})") from None
    country_code = number.country_code or 0
    region = phonenumbers.region_code_for_number(number)
    national = national_significant_number(number)
    if region is None or not _can_receive_sms(
        _rules(country_code, region, len(national)), national
    ):
        if not phonenumbers.is_valid_number(number):
            raise InvalidPhoneNumber(field, "is not a valid number")
        raise InvalidPhoneNumber(field, "cannot receive SMS (not a mobile number)")
    return _phone(region, country_code, national)


#: ``+`` and 3 to 20 ASCII digits, the first not 0: ``parse`` wants 3 digits after the
#: ``+``, and no country calling code starts with 0.
_PLUS_DIGITS = re.compile(r"\+[1-9][0-9]{2,19}")

#: Longer input takes the slow path (phonenumbers refuses over 250 characters).
_MAX_FAST_CHARS = 64


def _parse_fast(value: str) -> Phone | None:
    """``parse_phone`` for ``+`` and ASCII digits, or None to leave it to ``_parse_slow``.

    Spaces and hyphens go first: phonenumbers drops them wherever they stand in such input
    (none of its extension forms is made of them and digits alone).
    """
    compact = value.replace(" ", "").replace("-", "")
    if len(value) > _MAX_FAST_CHARS or _PLUS_DIGITS.fullmatch(compact) is None:
        return None
    # As phonenumbers' _extract_country_code: the first known code of 1, 2 or 3 digits.
    codes = _country_codes()
    for size in (1, 2, 3):
        known = codes.get(compact[1 : 1 + size])
        if known is not None:
            country_code, regions = known
            national = compact[1 + size :]
            break
    else:
        return None
    if not 2 <= len(national) <= 17:
        return None
    rules = _rules(country_code, regions[0], len(national))
    # Unless this matches, parse keeps the national number as it is.
    if rules is None or (rules.national_prefix and rules.national_prefix.match(national)):
        return None
    region: str | None = regions[0]
    if len(regions) > 1:
        region, rules = _region_of(country_code, regions, national)
    if region is None or not _can_receive_sms(rules, national):
        return None
    return _phone(region, country_code, national)


@cache
def _country_codes() -> dict[str, tuple[int, tuple[str, ...]]]:
    """phonenumbers' regions by country calling code, as written: imported when first
    needed (15 ms)."""
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE  # noqa: PLC0415

    return {str(code): (code, regions) for code, regions in COUNTRY_CODE_TO_REGION_CODE.items()}


def _region_of(
    country_code: int, regions: tuple[str, ...], national: str
) -> tuple[str | None, _Rules | None]:
    """As phonenumbers' _region_code_for_number_from_list, for a shared country code; with
    the region's rules."""
    for region in regions:
        rules = _rules(country_code, region, len(national))
        if rules is None:
            continue
        if rules.leading_digits is not None:
            if rules.leading_digits.match(national):
                return region, rules
        elif rules.typed is not None and rules.typed.fullmatch(national):
            return region, rules
    return None, None


def _can_receive_sms(rules: _Rules | None, national: str) -> bool:
    """Valid and mobile (or fixed-line-or-mobile): what ``is_valid_number`` and
    ``number_type`` decide, checked with one pattern (see ``_compile``).

    A test compares this with phonenumbers over the example numbers of every region and
    type.
    """
    return rules is not None and rules.sms is not None and bool(rules.sms.fullmatch(national))


class _Rules(NamedTuple):
    """What a region's metadata says about national numbers of one length."""

    #: ``national_prefix_for_parsing``: a national prefix or carrier code parse strips.
    national_prefix: re.Pattern[str] | None
    leading_digits: re.Pattern[str] | None
    #: Fully matches the numbers phonenumbers' _number_type_helper gives a type.
    typed: re.Pattern[str] | None
    #: Fully matches the numbers that can receive SMS.
    sms: re.Pattern[str] | None


def _rules(country_code: int, region: str, size: int) -> _Rules | None:
    # Keyed by country code too: the non-geographic codes (+800, +882, ...) share "001".
    key = (country_code, region, size)
    rules = _RULES.get(key, _UNKNOWN)
    if rules is _UNKNOWN:
        from phonenumbers import PhoneMetadata  # noqa: PLC0415 - see _country_codes

        metadata = PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
        rules = _RULES[key] = None if metadata is None else _compile(metadata, size)
    return rules


_RULES: dict[tuple[int, str, int], _Rules | None] = {}
_UNKNOWN = _Rules(None, None, None, None)  # stands for a key not compiled yet


def _compile(metadata: PhoneMetadata, size: int) -> _Rules:
    """A region's rules for national numbers of ``size`` digits.

    phonenumbers' number_type needs the general description to fit (lengths, then the
    whole pattern: ``_is_number_matching_desc``), then tries the types in ``before`` in
    order, then fixed line and mobile. So a number can receive SMS when the general and
    mobile descriptions fit and none in ``before`` does. The metadata patterns have no
    anchors or references, so alternatives and lookaheads can join them.
    """

    def fits(desc: PhoneNumberDesc | None) -> str | None:
        # The description's pattern, if numbers of this length can fit it.
        if desc is None or not desc.national_number_pattern:
            return None
        if desc.possible_length and size not in desc.possible_length:
            return None
        return f"(?:{desc.national_number_pattern})"

    general, fixed_line, mobile = map(
        fits, (metadata.general_desc, metadata.fixed_line, metadata.mobile)
    )
    before = [
        pattern
        for pattern in map(
            fits,
            (
                metadata.premium_rate,
                metadata.toll_free,
                metadata.shared_cost,
                metadata.voip,
                metadata.personal_number,
                metadata.pager,
                metadata.uan,
                metadata.voicemail,
            ),
        )
        if pattern is not None
    ]
    typed = sms = None
    if general:
        # Here only whether some type fits counts, so mobile goes first. number_type
        # tries mobile only where its pattern differs from fixed line's.
        same = metadata.same_mobile_and_fixed_line_pattern
        types = [p for p in (None if same else mobile, fixed_line, *before) if p is not None]
        if types:
            typed = re.compile(rf"(?={general}\Z)(?:{'|'.join(types)})")
        if mobile:
            none_before = rf"(?!(?:{'|'.join(before)})\Z)" if before else ""
            sms = re.compile(rf"(?={general}\Z){none_before}{mobile}")
    prefix = metadata.national_prefix_for_parsing
    leading_digits = metadata.leading_digits
    return _Rules(
        national_prefix=re.compile(prefix) if prefix else None,
        leading_digits=None if leading_digits is None else re.compile(leading_digits),
        typed=typed,
        sms=sms,
    )
