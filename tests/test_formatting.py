"""Money, validity, counts and accounts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import get_currency_precision, list_currencies, parse_pattern
from hypothesis import given
from hypothesis import strategies as st

import otpmsg
from otpmsg._formatting import (
    format_count,
    format_minutes,
    mask_account,
    money_format,
    validity_minutes,
)
from otpmsg._segments import GSM_FOLD
from tests import strategies

LOCALES = [Locale.parse(loc) for loc in otpmsg.locales()]
CURRENCIES = sorted(list_currencies())


@given(
    locale=st.sampled_from(LOCALES),
    currency=st.sampled_from(CURRENCIES),
    territory=st.sampled_from((None, "US", "DE", "CN", "JP", "IN", "TR", "BR", "KW")),
    minor=st.integers(min_value=1, max_value=10**15),
    gsm=st.booleans(),
)
def test_fast_formatter_equals_babel(
    locale: Locale, currency: str, territory: str | None, minor: int, gsm: bool
) -> None:
    """The precompiled formatter gives exactly Babel's output for its pattern."""
    amount = Decimal(minor).scaleb(-get_currency_precision(currency))
    fmt = money_format(locale, currency, territory, gsm=gsm)
    babel = parse_pattern(fmt.pattern).apply(
        amount, locale, currency=currency, currency_digits=True
    )
    assert fmt(amount) == babel
    assert fmt.translated(GSM_FOLD)(amount) == babel.translate(GSM_FOLD)


@pytest.mark.parametrize(
    ("value", "locale", "shown"),
    [
        (timedelta(minutes=5), "en", "5 min"),
        (timedelta(minutes=10), "de", "10 Min."),
        (timedelta(minutes=1, seconds=59), "zh_Hans", "1分钟"),
        (timedelta(minutes=3), "ru", "3 мин"),
    ],
)
def test_validity(value: timedelta, locale: str, shown: str) -> None:
    minutes = validity_minutes(value, max_minutes=10)
    assert format_minutes(Locale.parse(locale), minutes) == shown


@given(locale=st.sampled_from(LOCALES), count=strategies.counts())
def test_count_format_equals_babel(locale: Locale, count: int) -> None:
    assert format_count(count, locale) == locale.decimal_formats[None].apply(count, locale)


def test_count_and_account() -> None:
    assert format_count(12000, Locale.parse("de")) == "12.000"
    assert format_count(99999, Locale.parse("hi")) == "99,999"
    assert format_count(12345, Locale.parse("en_IN")) == "12,345"
    for bad in (1, 0, True, "3", 2.0, 100_000):
        with pytest.raises(otpmsg.InvalidValue):
            format_count(bad, Locale.parse("en"))
    assert mask_account("6222020012345678") == "5678"
    for bad in ("12a", "", 12345678):
        with pytest.raises(otpmsg.InvalidValue):
            mask_account(bad)
