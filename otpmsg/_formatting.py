"""Money, durations, counts and account numbers, formatted with CLDR data (Babel).

Decisions:

- An amount is a ``Decimal``, an ``int`` or a plain numeric string (``"5000.00"``).
  Floats, booleans, NaN, infinities, exponents, zero and negative amounts are refused.
  An amount with more decimals than its currency allows is refused unless the extra
  digits are zeros: money is never rounded.
- Numbers are written as the READER reads them. The words come from a template set (one
  per language), but the separators, the grouping, the currency pattern and the currency
  symbols are CLDR's for the language in the reader's territory (:func:`reader_locale`):
  ``es`` with a reader in Mexico (``es_MX``, or a +52 number) gives ``$1,234,567.89``, not
  Spain's ``1.234.567,89``; ``en_IN`` gives lakh grouping ``12,34,567.89``; ``es-419``
  uses CLDR's ``es_419``. When CLDR has no locale for the language in that territory, the
  template set's own locale is used. The reader's territory is the one the caller's locale
  names, else the region of the recipient's number, else the locale's likely territory.
- Swiss readers (``de_CH``) get CLDR's apostrophe group separator (``CHF 1'234'567.89``;
  ASCII in the CLDR 49 data Babel ships); the typographic apostrophe U+2019 of earlier
  CLDR versions is folded to ``'`` in GSM-7 locales like every lookalike (``GSM_FOLD``).
- The currency is shown by its local symbol only when it is the home currency of the
  reader's territory (``$`` for USD in the United States). Any other currency is shown by
  its ISO 4217 code (``USD 5,000.00`` to a reader in Canada), so the amount cannot be read
  as another currency with the same sign.
- Where local banks write their home currency differently from CLDR's symbol, the
  :data:`LOCAL_CURRENCY` table says how, per language, reader's territory and currency:
  ``5,000.00元`` (not ``¥``, also the yen sign), ``1,250円``, ``1.250,00 TL``,
  ``NT$1,250.00`` (never a bare ``$``), ``HK$1,250.00``.
- In a GSM-7 locale, a symbol outside GSM-7 (``₺``) is replaced by the ISO code (``TRY``).
- In a GSM-7 locale, an amount or count whose group separator is a space of any kind
  (French ``1 250,00``, Portuguese ``1 234 567,89``) is written WITHOUT group separators
  (``1250,00 EUR``): GSM-7 has no no-break space, and a plain space lets a phone wrap the
  amount or read it as two numbers. The digits are never changed. UCS-2 locales keep
  CLDR's no-break spaces, which phones do not break.
- The number pattern, the symbol and the currency's digits are CLDR's for the reader's
  locale. A Renderer parses each pattern once per locale, currency and reader's territory,
  and keeps the result.
- ``valid_for`` is shown in whole minutes, rounded down (never overstated), with
  CLDR's short unit name (``5 min``, ``5 Min.``, ``5分钟``), except in the languages of
  :data:`LONG_MINUTES`, whose short unit is a bare letter that reads as something else
  (Hungarian ``5 p``, Arabic ``5 د``, read as 5 dinars after an amount): they get CLDR's
  long unit with its plural forms (``5 perc``, ``5 دقائق``).
- In a right-to-left locale (:func:`is_rtl`: Arabic, Hebrew, Persian, Urdu), a display
  value with left-to-right letters or digits is wrapped in a bidi isolate by
  :func:`isolate`, so that ``+966 ***4567`` is not shown as ``4567*** 966+``. A value
  with no right-to-left letter gets LRI ... PDI (U+2066, U+2069); one that mixes both
  directions (``محمد Store``) gets FSI ... PDI (U+2068), so it keeps the direction of its
  first strong letter. A plain number (``4567``, ``99,999``) is left as is: the bidi
  algorithm already keeps it whole, and each mark costs a UCS-2 unit. An amount whose
  CLDR pattern opens with a direction mark (Arabic RLM) gets the isolate of that
  direction in place of CLDR's marks (:meth:`NumberFormat.isolated`), at no extra cost.
- An account is shown as its last 4 digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from types import MappingProxyType

from babel import Locale, localedata
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
from otpmsg._segments import GSM_FOLD, is_gsm

__all__ = [
    "LAKH_TERRITORIES",
    "LOCAL_CURRENCY",
    "LONG_MINUTES",
    "MAX_AMOUNT",
    "MAX_COUNT",
    "NumberFormat",
    "count_format",
    "format_count",
    "format_minutes",
    "home_currency",
    "is_rtl",
    "isolate",
    "mask_account",
    "money_format",
    "parse_amount",
    "parse_currency",
    "reader_locale",
    "reader_territories",
    "validity_minutes",
]

_NUMERIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NOT_DIGIT = re.compile(r"[^0-9]+")
#: The number part of a CLDR pattern (``#,##0.00``), between its prefix and suffix.
_NUMBER_PART = re.compile(r"[#0-9@,.]+")
#: Amounts must be below this (10**12, a trillion units of any currency): larger ones are
#: refused, never rounded. Start-up checks that the largest fits every template.
MAX_AMOUNT = Decimal(10) ** 12
#: Counts of payments must be below this (100,000).
MAX_COUNT = 10**5
_CURRENCIES = frozenset(list_currencies())

#: How local banks write their home currency to a reader in its territory, where CLDR's
#: symbol for the reader's locale is ambiguous or not what banks use. Key: (language,
#: reader's territory, currency); value: the currency pattern, ``#`` standing for the
#: number with the reader's grouping, separators and the currency's digits.
#: An entry applies only when the currency is the home currency of the territory (see
#: :func:`home_currency`); in a GSM-7 locale an entry that is not GSM-7 gives way to the
#: ISO code, like a CLDR symbol.
LOCAL_CURRENCY: Mapping[tuple[str, str, str], str] = MappingProxyType(
    {
        # "¥" is also the yen sign; Chinese banks write 元 after the amount: 5,000.00元.
        ("zh", "CN", "CNY"): "#元",
        # CLDR's fullwidth "￥" is also the yuan sign; Japanese banks write 1,250円.
        ("ja", "JP", "JPY"): "#円",
        # "₺" is not GSM-7 and "TRY" is unfamiliar; Turkish banks write 1.250,00 TL.
        ("tr", "TR", "TRY"): "#\xa0TL",
        # zh_Hant_TW's symbol is a bare "$", read as US dollars: NT$1,250.00.
        ("zh", "TW", "TWD"): "NT$#",
        # As CLDR has it for zh_Hant_HK; kept here so that no data update can make it "$".
        ("zh", "HK", "HKD"): "HK$#",
    }
)

#: Languages whose CLDR short unit for minutes is a bare letter that reads as something
#: else (Hungarian ``5 p``, Kurdish ``5 d``, Armenian ``5 ր``, Ewe ``a 5``): they get
#: CLDR's long unit, with its plural forms. Scripts where one character is a word (``5 分``,
#: ``5분``) and abbreviations with a mark (``5 λ.``, ``5 मि॰``) keep the short unit. A test
#: checks this set against CLDR's languages.
LONG_MINUTES = frozenset({"ar", "ee", "hu", "hy", "ku"})
#: Languages that write a number next to its Han unit without a space (CLDR's ``5 分`` and
#: ``5 分鐘`` are shown ``5分``, ``5分鐘``).
_HAN_UNITS = frozenset({"ja", "zh"})

_LRI, _RLI, _FSI, _PDI = "\u2066", "\u2067", "\u2068", "\u2069"
#: Direction marks that open CLDR patterns (RLM, ALM, LRM), and the isolate of their direction.
_MARK_ISOLATES = MappingProxyType({"\u200f": _RLI, "\u061c": _RLI, "\u200e": _LRI})
_ASCII_LTR = re.compile(r"[0-9A-Za-z]")
#: Digits joined by single common separators (bidi class CS): the bidi algorithm keeps them
#: one number in a right-to-left text. An apostrophe (``1'234``) or a plain space does not.
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:[,.\xa0\u202f][0-9]+)*")
_STRONG_LTR_OR_DIGIT = frozenset({"L", "EN", "AN"})
_STRONG_RTL = frozenset({"R", "AL"})


def parse_amount(value: object) -> Decimal:
    """Return ``value`` as a positive, finite Decimal, or raise InvalidAmount.

    >>> parse_amount("5000.00")
    Decimal('5000.00')
    """
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, bool | float):
        raise InvalidAmount("amount", f"must be a Decimal, int or numeric string, not {value!r}")
    elif isinstance(value, int):
        amount = Decimal(value)
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
    locale and reader's territory, every currency and random counts), at a fraction of the
    cost.
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

    def isolated(self) -> NumberFormat:
        """The same format with its output isolated for a right-to-left text.

        A CLDR pattern that opens with a direction mark (Arabic and Hebrew amounts open with
        RLM, Persian ones with LRM) already says which direction the amount runs in: the mark,
        and the same mark where the pattern ends, give way to the isolate of that direction
        (RLI ... PDI, LRI ... PDI), so the amount costs no more than CLDR's. Any other
        output is wrapped as :func:`isolate` wraps it.

        >>> fmt = money_format(Locale.parse("ar"), "EGP", "EG")
        >>> fmt(Decimal(5)), fmt.isolated()(Decimal(5))
        ('\u200f5.00\xa0ج.م.\u200f', '\u20675.00\xa0ج.م.\u2069')
        """
        mark = self.prefix[:1]
        opening = _MARK_ISOLATES.get(mark)
        if opening is None:
            opening = _opening(self.display(self.exact(Decimal(1))))
            if not opening:  # pragma: no cover - every pattern writes digits
                return self
            return replace(self, prefix=opening + self.prefix, suffix=self.suffix + _PDI)
        suffix = self.suffix[:-1] if self.suffix.endswith(mark) else self.suffix
        return replace(self, prefix=opening + self.prefix[1:], suffix=suffix + _PDI)

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


@lru_cache(maxsize=1024)
def reader_locale(locale: Locale, territory: str | None) -> Locale:
    """The CLDR locale whose numbers a reader in ``territory`` reads, for ``locale``'s words.

    That is the language (and script) of ``locale`` in the reader's territory when CLDR has
    it, else ``locale`` itself. A script never changes.

    >>> es = Locale.parse("es")
    >>> str(reader_locale(es, "MX")), str(reader_locale(es, "419")), str(reader_locale(es, "JP"))
    ('es_MX', 'es_419', 'es')
    >>> str(reader_locale(Locale.parse("zh_Hant"), "HK"))
    'zh_Hant_HK'
    """
    if territory is None or territory == locale.territory or not _is_territory(territory):
        return locale
    parts = (locale.language, locale.script, territory)
    identifier = "_".join(part for part in parts if part)
    if not localedata.exists(identifier):
        return locale
    return Locale.parse(identifier)


@lru_cache(maxsize=256)
def reader_territories(locale: Locale) -> tuple[str, ...]:
    """The territories for which CLDR has ``locale``'s language (and script), sorted.

    These are the readers whose numbers differ from the template set's own locale; any
    other reader reads the template set's locale (see :func:`reader_locale`).

    >>> reader_territories(Locale.parse("de"))
    ('AT', 'BE', 'CH', 'DE', 'IT', 'LI', 'LU')
    """
    head = [locale.language, locale.script] if locale.script else [locale.language]
    found = set()
    for identifier in localedata.locale_identifiers():
        parts = identifier.split("_")
        if len(parts) == len(head) + 1 and parts[:-1] == head and _is_territory(parts[-1]):
            found.add(parts[-1])
    return tuple(sorted(found))


def _is_territory(subtag: str) -> bool:
    """A region subtag: two capital letters (``MX``) or three digits (``419``)."""
    return (len(subtag) == 2 and subtag.isalpha() and subtag.isupper()) or (
        len(subtag) == 3 and subtag.isdigit()
    )


def money_format(
    locale: Locale, currency: str, territory: str | None, *, gsm: bool = False
) -> NumberFormat:
    """Return a formatter for ``currency`` in ``locale``, for a reader in ``territory``.

    The symbols, grouping and pattern are those of :func:`reader_locale`. With ``gsm``, a
    symbol outside GSM-7 (``₺``, ``₹``) gives way to the ISO code, so that a GSM-7 message
    stays GSM-7, and a space group separator is left out (see the module docstring).

    >>> en, es = Locale.parse("en"), Locale.parse("es")
    >>> money_format(en, "USD", "US")(Decimal("5000")), money_format(en, "USD", "CA")(Decimal(5))
    ('$5,000.00', 'USD\\xa05.00')
    >>> money_format(es, "MXN", "MX")(Decimal("1234567.89"))
    '$1,234,567.89'
    >>> money_format(Locale.parse("fr"), "EUR", "FR", gsm=True)(Decimal("1250"))
    '1250,00\\xa0€'
    """
    reader = reader_locale(locale, territory)
    pattern = reader.currency_formats["standard"].pattern
    symbol = reader.currency_symbols.get(currency, currency)
    home = territory is not None and home_currency(territory) == currency
    local = LOCAL_CURRENCY.get((locale.language, territory or "", currency)) if home else None
    if local is not None and (not gsm or is_gsm(local.replace("#", "").translate(GSM_FOLD))):
        number = _NUMBER_PART.search(pattern)  # every currency pattern has one
        pattern = local.replace("#", number.group() if number else "#,##0.00")
    elif not home or (gsm and not is_gsm(symbol)):
        # Show the ISO code, separated from the digits as CLDR's currency spacing asks.
        pattern = pattern.replace("¤", "¤¤")
        pattern = re.sub(r"¤¤(?=[#0])", "¤¤\xa0", pattern)
        pattern = re.sub(r"(?<=[#0])¤¤", "\xa0¤¤", pattern)
    group = get_group_symbol(reader)
    pattern = _grouped_for(pattern, territory or reader.territory)
    if gsm:
        pattern = _ungrouped_if_space(pattern, group)
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
        decimal=get_decimal_symbol(reader),
        group=group,
        primary=parsed.grouping[0],
        secondary=parsed.grouping[1],
        quantum=Decimal(1).scaleb(-digits),
    )


#: Territories whose readers group digits in lakhs and crores (12,34,567) in every
#: language, as their banks write amounts; CLDR gives some of their languages (Kannada) the
#: groups of three.
LAKH_TERRITORIES = frozenset({"IN"})


def _grouped_for(pattern: str, territory: str | None) -> str:
    """The pattern with lakh grouping for a reader in :data:`LAKH_TERRITORIES`."""
    if territory not in LAKH_TERRITORIES:
        return pattern
    return _NUMBER_PART.sub(lambda n: re.sub(r"^#,##0", "#,##,##0", n.group()), pattern)


def _ungrouped_if_space(pattern: str, group: str) -> str:
    """The pattern without grouping when ``group`` folds to a GSM-7 space, else as is."""
    if not group.translate(GSM_FOLD).isspace():
        return pattern
    return _NUMBER_PART.sub(lambda number: number.group().replace(",", ""), pattern)


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
    """CLDR's unit for a number of minutes: short (``5 min``, ``5 Min.``, ``5分钟``), or long
    in the languages of :data:`LONG_MINUTES` (``5 perc``).

    >>> format_minutes(Locale.parse("de"), 5), format_minutes(Locale.parse("hu"), 5)
    ('5 Min.', '5 perc')
    """
    long = locale.language in LONG_MINUTES
    text = str(
        format_unit(minutes, "duration-minute", length="long" if long else "short", locale=locale)
    )
    if locale.language in _HAN_UNITS:
        text = re.sub(r"(?<=\d)\s+", "", text)  # 5分, 5分鐘: as Chinese and Japanese banks write
    return text


@lru_cache(maxsize=256)
def count_format(locale: Locale, *, gsm: bool = False) -> NumberFormat:
    """The locale's decimal pattern, for whole numbers.

    With ``gsm``, a space group separator is left out (see the module docstring).

    >>> count_format(Locale.parse("hi")).display("120000")
    '1,20,000'
    >>> count_format(Locale.parse("fr"), gsm=True).display("120000")
    '120000'
    """
    group = get_group_symbol(locale)
    pattern = _grouped_for(locale.decimal_formats[None].pattern, locale.territory)
    if gsm:
        pattern = _ungrouped_if_space(pattern, group)
    parsed = parse_pattern(pattern)
    return NumberFormat(
        pattern=pattern,
        currency="",
        digits=0,
        prefix=parsed.prefix[0],
        suffix=parsed.suffix[0],
        decimal=get_decimal_symbol(locale),
        group=group,
        primary=parsed.grouping[0],
        secondary=parsed.grouping[1],
        quantum=Decimal(1),
    )


def format_count(value: object, locale: Locale, *, gsm: bool = False) -> str:
    """Return a count of at least 2 with the locale's digits and grouping.

    >>> format_count(1200, Locale.parse("de"))
    '1.200'
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 2 <= value < MAX_COUNT:
        raise InvalidValue("count", f"must be an int from 2 to 99,999, not {value!r}")
    return count_format(locale, gsm=gsm).display(str(value))


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


def is_rtl(locale: Locale) -> bool:
    """Whether the locale's script is written right to left.

    >>> is_rtl(Locale.parse("ar")), is_rtl(Locale.parse("he")), is_rtl(Locale.parse("en"))
    (True, True, False)
    """
    return bool(locale.character_order == "right-to-left")


def isolate(text: str) -> str:
    """Wrap a display value for a right-to-left text, so that its order survives.

    A value with left-to-right letters or digits is wrapped in LRI ... PDI (U+2066,
    U+2069), or in FSI ... PDI (U+2068) when it also holds right-to-left letters or marks,
    so that it keeps the direction of its first strong letter. A plain number (ASCII digits
    joined by single ``,``, ``.`` or no-break spaces: ``4567``, ``99,999``) is returned as
    is, like a value with no left-to-right letter or digit: the bidi algorithm keeps such a
    number whole and in order (rule W4), and the marks would cost two UCS-2 units each.

    >>> isolate("+966 ***4567")
    '\u2066+966 ***4567\u2069'
    >>> isolate("Example Store"), isolate("4567"), isolate("محمد علي")
    ('\u2066Example Store\u2069', '4567', 'محمد علي')
    >>> isolate("محمد 7")
    '\u2068محمد 7\u2069'
    """
    if _PLAIN_NUMBER.fullmatch(text):
        return text
    opening = _opening(text)
    return f"{opening}{text}{_PDI}" if opening else text


def _opening(text: str) -> str:
    """The isolate that :func:`isolate` opens for ``text``, or ``""``."""
    if text.isascii():
        return _LRI if _ASCII_LTR.search(text) else ""
    ltr = rtl = False
    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi in _STRONG_LTR_OR_DIGIT:
            ltr = True
        elif bidi in _STRONG_RTL:
            rtl = True
    if not ltr:
        return ""
    return _FSI if rtl else _LRI
