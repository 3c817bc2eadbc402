"""Sample inputs: typical ones for reviews and golden files, and the worst case for budgets.

The worst case of a template is what the budget must hold for every valid input:

- the largest amount, 999,999,999,999 with the most decimals a currency has (3), in
  the widest of: the home currency, USD, and KWD (shown by ISO code), for a reader in
  the locale's territory or in any territory CLDR has for its language (numbers follow
  the reader: ``en_IN`` lakh grouping, ``fr_CH`` apostrophes, Bahraini dinars in ``ar``);
- the longest code (10 digits) and the longest validity text up to the allowed maximum;
- each untrusted value at its shortening minimum, 10 characters and the ``...`` mark: in a
  GSM-7 locale the costliest GSM-7 characters (extension characters, 2 septets each), in
  a UCS-2 locale characters of the Basic Multilingual Plane (1 unit each).

The guarantee is therefore for values whose characters are single BMP code points, which
covers names in every script. A UCS-2 value of astral characters (emoji, rare CJK) or of
heavy clusters (flags, stacked marks), or a non-GSM value in a GSM-7 locale, can make a
message longer than this worst case; it is then shortened as usual and, if it still does not
fit, refused with MessageTooLong. ``otpmsg check -v`` also reports, for GSM-7 locales, the
worst case when a value forces UCS-2.
- the masked phone and account at their longest, and a count of 99,999.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from babel.numbers import get_currency_precision

from otpmsg._catalog import UNTRUSTED_FIELDS, Operation
from otpmsg._formatting import format_count, home_currency, reader_territories

if TYPE_CHECKING:
    from otpmsg._render import Renderer

__all__ = ["UCS2_WORST_VALUE", "WORST_CODE", "typical_inputs", "worst_fields"]

WORST_CODE = "9" * 10
UCS2_WORST_VALUE = "Ш" * 10 + "..."
_WORST_VALUE = {True: "€" * 10 + "...", False: UCS2_WORST_VALUE}

_NAMES = {
    "zh": "张伟",
    "ja": "山田太郎",
    "ru": "Иван Петров",
    "ar": "محمد علي",
    "hi": "राहुल शर्मा",
}
_TYPICAL: dict[str, Any] = {
    "amount": Decimal("1250.00"),
    "payee": "Maria Garcia",
    "account": "DE89370400440532013000",
    "merchant": "Example Store",
    "product": "Gold Savings Plan",
    "phone": "+447400123456",
    "device": "Pixel 8",
    "count": 3,
}


def typical_inputs(renderer: Renderer, locale: str, operation: Operation) -> dict[str, Any]:
    """Keyword arguments for a typical :meth:`Renderer.render` call."""
    runtime = renderer.runtime(locale)
    kwargs: dict[str, Any] = {"code": "482913", "locale": locale}
    kwargs["valid_for"] = timedelta(minutes=5)
    for name in sorted(operation.fields):
        if name == "currency":
            kwargs[name] = _currency(runtime.territory)
        elif name == "payee":
            kwargs[name] = _NAMES.get(runtime.babel.language, _TYPICAL[name])
        else:
            kwargs[name] = _TYPICAL[name]
    return kwargs


def worst_fields(renderer: Renderer, locale: str, operation: Operation) -> dict[str, str]:
    """Display values of the worst case, for :meth:`Renderer.compose`."""
    runtime = renderer.runtime(locale)
    up_to = renderer.max_valid_minutes or 60
    fields = {"valid_for": max(map(runtime.validity, range(1, up_to + 1)), key=len)}
    if operation.money:
        fields["amount"] = _widest_amount(renderer, locale)
    for name in operation.fields:
        if name in UNTRUSTED_FIELDS:
            fields[name] = _WORST_VALUE[runtime.gsm]
        elif name == "account":
            fields[name] = "9999"
        elif name == "phone":
            fields[name] = "+999 ***9999"
        elif name == "count":
            fields[name] = runtime.shown(format_count(99999, runtime.babel))
    return fields


#: The widest amount of each locale, worked out once per Renderer (hundreds of formats).
_WIDEST: WeakKeyDictionary[Renderer, dict[str, str]] = WeakKeyDictionary()


def _widest_amount(renderer: Renderer, locale: str) -> str:
    """The widest largest amount of a locale, over its readers and candidate currencies."""
    widest = _WIDEST.setdefault(renderer, {})
    if locale not in widest:
        runtime = renderer.runtime(locale)
        readers = (runtime.territory, *reader_territories(runtime.babel))
        widest[locale] = max(
            (
                runtime.money(cur, territory)(_largest(cur))
                for territory in readers
                for cur in sorted({_currency(territory), "USD", "KWD"})
            ),
            key=len,
        )
    return widest[locale]


def _currency(territory: str | None) -> str:
    return (home_currency(territory) if territory else None) or "USD"


def _largest(currency: str) -> Decimal:
    digits = get_currency_precision(currency)
    return Decimal("999999999999." + "9" * digits) if digits else Decimal("999999999999")
