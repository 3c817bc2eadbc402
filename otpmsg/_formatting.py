"""Money, durations, counts and account numbers, formatted with CLDR data (Babel).

Decisions:

- An amount is a ``Decimal``, an ``int`` or a plain numeric string (``"5000.00"``).
  Floats, booleans, NaN, infinities, exponents, zero and negative amounts are refused.
  An amount with more decimals than its currency allows is refused unless the extra
  digits are zeros: money is never rounded.
- The currency is shown by its local symbol only when it is the home currency of the
  reader's territory (``$`` for USD in the United States, ``¥`` for CNY in China). Any
  other currency is shown by its ISO 4217 code (``USD 5,000.00`` to a reader in
  Canada), so the amount cannot be read as another currency with the same sign.
- In a GSM-7 locale, a symbol outside GSM-7 (``₺``) is replaced by the ISO code (``TRY``).
- The number pattern, the symbol and the currency's digits are CLDR's for the locale.
  A Renderer parses each pattern once per locale, currency and reader's territory, and
  keeps the result.
- ``valid_for`` is shown in whole minutes, rounded down (never overstated), with
  CLDR's short unit name (``5 min``, ``5 Min.``, ``5分钟``).
- An account is shown as its last 4 digits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel import Locale
from babel.numbers import (
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
    get_territory_currencies,
    list_currencies,
    parse_pattern,
)
from babel.units import format_unit

from otpmsg._errors import InvalidAmount, InvalidCurrency, InvalidValidity, InvalidValue
from otpmsg._segments import is_gsm

__all__ = [
    "MAX_AMOUNT",
    "MAX_COUNT",
    "NumberFormat",
    "count_format",
    "format_count",
    "format_minutes",
    "home_currency",
    "mask_account",
    "money_format",
    "parse_amount",
    "parse_currency",
    "validity_minutes",
]

_NUMERIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NOT_DIGIT = re.compile(r"[^0-9]+")
#: Amounts must be below this (10**12, a trillion units of any currency): larger ones are
#: refused, never rounded. Start-up checks that the largest fits every template.
MAX_AMOUNT = Decimal(10) ** 12
#: Counts of payments must be below this (100,000).
MAX_COUNT = 10**5
_CURRENCIES = frozenset(list_currencies())


def parse_amount(value: object) -> Decimal:
    """Return ``value`` as a positive, finite Decimal, or raise InvalidAmount.

    >>> parse_amount("5000.00")
    Decimal('5000.00')
    """
    if isinstance(value, bool | float):
        raise InvalidAmount("amount", f"must be a Decimal, int or numeric string, not {value!r}")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str) and _NUMERIC.fullmatch(value):
        try:
            amount = Decimal(value)
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
            raise InvalidAmount("amount", f"{value!r} is not a number") from exc
    else:
        raise InvalidAmount("amount", f"must be a Decimal, int or numeric string, not {value!r}")
    if not amount.is_finite():
        raise InvalidAmount("amount", f"must be finite, not {amount}")
    if amount <= 0:
        raise InvalidAmount("amount", f"must be positive, not {amount}")
    if amount >= MAX_AMOUNT:
        raise InvalidAmount("amount", "must be below 10**12")
    return amount


def parse_currency(value: object) -> str:
    """Return the ISO 4217 code, upper-cased, or raise InvalidCurrency.

    >>> parse_currency("eur")
    'EUR'
    """
    if not isinstance(value, str) or value.upper() not in _CURRENCIES:
        raise InvalidCurrency("currency", f"{value!r} is not an ISO 4217 currency code")
    return value.upper()


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """A CLDR number pattern, resolved once: affixes, symbols, grouping and digits.

    Applying it gives exactly what Babel's ``NumberPattern.apply`` gives for a positive
    amount with the currency's digits, or a count (tests compare the two over every shipped
    locale, every currency and random counts), at a fraction of the cost.
    """

    pattern: str
    currency: str
    digits: int
    prefix: str
    suffix: str
    decimal: str
    group: str
    primary: int
    secondary: int
    #: ``Decimal("0.01")`` for 2 digits: an amount must equal itself quantized to this.
    quantum: Decimal

    def __call__(self, amount: Decimal) -> str:
        return self.display(self.exact(amount))

    def translated(self, table: Mapping[int, str | None]) -> NumberFormat:
        """The same format with ``str.translate(table)`` applied to its output."""
        return replace(
            self,
            prefix=self.prefix.translate(table),
            suffix=self.suffix.translate(table),
            decimal=self.decimal.translate(table),
            group=self.group.translate(table),
        )

    def display(self, exact: str) -> str:
        """Format an amount already made exact by :meth:`exact`."""
        whole, _, fraction = exact.partition(".")
        if len(whole) > self.primary:
            whole = self._grouped(whole)
        number = f"{whole}{self.decimal}{fraction}" if fraction else whole
        return f"{self.prefix}{number}{self.suffix}"

    def _grouped(self, whole: str) -> str:
        if self.primary == self.secondary == 3:  # groups of three, as Python's "," makes
            return f"{int(whole):,}".replace(",", self.group)
        head, groups = whole[: -self.primary], [whole[-self.primary :]]
        while len(head) > self.secondary:
            groups.append(head[-self.secondary :])
            head = head[: -self.secondary]
        groups.append(head)
        return self.group.join(reversed(groups))

    def exact(self, amount: Decimal) -> str:
        """The amount as a plain decimal with the currency's digits (``5000.00``)."""
        exact = amount.quantize(self.quantum)
        if exact != amount:
            raise InvalidAmount(
                "amount",
                f"{amount} has more decimals than {self.currency} allows ({self.digits});"
                " money is never rounded",
            )
        return str(exact)  # plain notation: the exponent is -digits, at most 0


@cache
def home_currency(territory: str) -> str | None:
    """The currency in use in a territory, per CLDR.

    >>> home_currency("JP")
    'JPY'
    """
    currencies = get_territory_currencies(territory, tender=True)
    return currencies[0] if currencies else None


def money_format(
    locale: Locale, currency: str, territory: str | None, *, gsm: bool = False
) -> NumberFormat:
    """Return a formatter for ``currency`` in ``locale``, for a reader in ``territory``.

    With ``gsm``, a symbol outside GSM-7 (``₺``, ``₹``) gives way to the ISO code, so that
    a GSM-7 message stays GSM-7.

    >>> fmt = money_format(Locale.parse("en"), "USD", "US")
    >>> fmt(Decimal("5000")), money_format(Locale.parse("en"), "USD", "CA")(Decimal("5"))
    ('$5,000.00', 'USD\\xa05.00')
    """
    pattern = locale.currency_formats["standard"].pattern
    symbol = locale.currency_symbols.get(currency, currency)
    if territory is None or home_currency(territory) != currency or (gsm and not is_gsm(symbol)):
        # Show the ISO code, separated from the digits as CLDR's currency spacing asks.
        pattern = pattern.replace("¤", "¤¤")
        pattern = re.sub(r"¤¤(?=[#0])", "¤¤\xa0", pattern)
        pattern = re.sub(r"(?<=[#0])¤¤", "\xa0¤¤", pattern)
    parsed = parse_pattern(pattern)
    shown = currency if "¤¤" in pattern else symbol

    def affix(text: str) -> str:
        return text.replace("¤¤", currency).replace("¤", shown)

    digits = get_currency_precision(currency)
    return NumberFormat(
        pattern=pattern,
        currency=currency,
        digits=digits,
        prefix=affix(parsed.prefix[0]),
        suffix=affix(parsed.suffix[0]),
        decimal=get_decimal_symbol(locale),
        group=get_group_symbol(locale),
        primary=parsed.grouping[0],
        secondary=parsed.grouping[1],
        quantum=Decimal(1).scaleb(-digits),
    )


def validity_minutes(value: object, max_minutes: int | None) -> int:
    """Whole minutes of a validity, rounded down (never overstated), checked against the limit.

    >>> validity_minutes(timedelta(minutes=5, seconds=59), max_minutes=10)
    5
    """
    if not isinstance(value, timedelta):
        raise InvalidValidity("valid_for", f"must be a timedelta, not {type(value).__name__}")
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        raise InvalidValidity("valid_for", "must be at least one minute")
    if max_minutes is not None and minutes > max_minutes:
        raise InvalidValidity(
            "valid_for", f"{minutes} minutes is over the {max_minutes}-minute limit"
        )
    return minutes


def format_minutes(locale: Locale, minutes: int) -> str:
    """CLDR's short unit for a number of minutes (``5 min``, ``5 Min.``, ``5分钟``).

    >>> format_minutes(Locale.parse("de"), 5)
    '5 Min.'
    """
    return str(format_unit(minutes, "duration-minute", length="short", locale=locale))


@lru_cache(maxsize=256)
def count_format(locale: Locale) -> NumberFormat:
    """The locale's decimal pattern, for whole numbers.

    >>> count_format(Locale.parse("hi")).display("120000")
    '1,20,000'
    """
    pattern = locale.decimal_formats[None]
    return NumberFormat(
        pattern=pattern.pattern,
        currency="",
        digits=0,
        prefix=pattern.prefix[0],
        suffix=pattern.suffix[0],
        decimal=get_decimal_symbol(locale),
        group=get_group_symbol(locale),
        primary=pattern.grouping[0],
        secondary=pattern.grouping[1],
        quantum=Decimal(1),
    )


def format_count(value: object, locale: Locale) -> str:
    """Return a count of at least 2 with the locale's digits and grouping.

    >>> format_count(1200, Locale.parse("de"))
    '1.200'
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 2 <= value < MAX_COUNT:
        raise InvalidValue("count", f"must be an int from 2 to 99,999, not {value!r}")
    return count_format(locale).display(str(value))


def mask_account(value: object) -> str:
    """Return the last 4 digits of an account or card number.

    >>> mask_account("GB29 NWBK 6016 1331 9268 19")
    '6819'
    """
    if not isinstance(value, str):
        raise InvalidValue("account", f"must be a string, not {type(value).__name__}")
    digits = _NOT_DIGIT.sub("", value)
    if len(digits) < 4:
        raise InvalidValue("account", "must contain at least 4 digits")
    return digits[-4:]
