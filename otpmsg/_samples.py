"""Sample inputs: typical ones for reviews and golden files, and the worst case for budgets.

The worst case of a template is what the budget must hold for every valid input:

- the largest amount accepted (just below 10**12) with the most decimals a currency has
  (3), in the widest of: the home currency, USD and KWD (shown by ISO code), for a reader
  in the locale's territory or in any territory CLDR has for its language (numbers follow
  the reader: ``en_IN`` lakh grouping, ``fr_CH`` apostrophes, Bahraini dinars in ``ar``);
- the longest code (10 digits) and the longest validity text up to the allowed maximum;
- a brand of 11 characters, the longest alphanumeric sender ID (or the Renderer's own
  brand, when it is longer or in another script);
- each untrusted value at its shortening minimum, 10 characters and the ``...`` mark: in a
  GSM-7 locale the costliest GSM-7 characters (extension characters, 2 septets each), in
  a UCS-2 locale characters of the Basic Multilingual Plane (1 unit each). The fitting
  steps of ``Renderer.render`` bring every value within this cost (a value in another
  script is transliterated, one of emoji or heavy clusters too, before it is refused);
- the masked phone and account at their longest, and a count of 99,999.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_precision

from otpmsg._catalog import UNTRUSTED_FIELDS, Operation
from otpmsg._compose import LocaleRuntime
from otpmsg._formatting import MAX_AMOUNT, MAX_COUNT, home_currency, reader_territories

__all__ = ["WORST_BRAND", "WORST_CODE", "typical_inputs", "worst_brand", "worst_fields"]

WORST_CODE = "9" * 10
#: The longest alphanumeric sender ID: 11 characters.
WORST_BRAND = "W" * 11
_WORST_VALUE = {True: "€" * 10 + "...", False: "Ш" * 10 + "..."}

#: A short everyday name per locale id, else per language and script, else per language
#: (the default: Maria Garcia).
_NAMES = {
    "pt_BR": "Maria Garcia",
    "zh_Hant": "張偉",
    "af": "Johan Botha",
    "ar": "محمد علي",
    "bg": "Иван Петров",
    "bn": "রাহুল দাস",
    "ca": "Jordi Puig",
    "cs": "Petr Svoboda",
    "da": "Mette Jensen",
    "el": "Γιώργος Παπαδόπουλος",
    "et": "Mari Tamm",
    "fa": "علی رضایی",
    "fi": "Matti Virtanen",
    "fil": "Juan dela Cruz",
    "he": "יוסי כהן",
    "hi": "राहुल शर्मा",
    "hr": "Ivan Horvat",
    "hu": "Nagy Péter",
    "id": "Budi Santoso",
    "it": "Marco Rossi",
    "ja": "山田太郎",
    "kn": "ರವಿ ಕುಮಾರ್",
    "ko": "김민준",
    "lt": "Jonas Kairys",
    "mr": "राहुल पाटील",
    "ms": "Ahmad Ismail",
    "nb": "Kari Hansen",
    "nl": "Jan de Vries",
    "pl": "Anna Nowak",
    "pt": "Rui Costa",
    "ro": "Ion Popescu",
    "ru": "Иван Петров",
    "sk": "Martin Sloboda",
    "sv": "Anna Berg",
    "sw": "Amina Juma",
    "ta": "ரமேஷ் குமார்",
    "te": "రవి కుమార్",
    "th": "สมชาย ใจดี",
    "uk": "Олена Коваленко",
    "ur": "علی احمد",
    "vi": "Nguyễn Văn An",
    "zh": "张伟",
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


def typical_inputs(runtime: LocaleRuntime, operation: Operation) -> dict[str, Any]:
    """Keyword arguments for a typical ``Renderer.render`` call."""
    kwargs: dict[str, Any] = {"code": "482913", "locale": runtime.id}
    kwargs["valid_for"] = timedelta(minutes=5)
    for name in sorted(operation.fields):
        if name == "currency":
            kwargs[name] = _currency(runtime.territory)
        elif name == "payee":
            kwargs[name] = _name(runtime)
        else:
            kwargs[name] = _TYPICAL[name]
    return kwargs


def _name(runtime: LocaleRuntime) -> str:
    """A typical payee for a locale (see _NAMES)."""
    language, script = runtime.babel.language, runtime.babel.script
    for key in (runtime.id, f"{language}_{script}", language):
        if key in _NAMES:
            return _NAMES[key]
    return str(_TYPICAL["payee"])


def worst_brand(brand: str | None) -> str:
    """The brand the worst case is measured with: ``brand`` padded to 11 characters."""
    return (brand or "").ljust(len(WORST_BRAND), WORST_BRAND[0])


def worst_fields(
    runtime: LocaleRuntime, operation: Operation, max_valid_minutes: int | None
) -> dict[str, str]:
    """Display values of the worst case, for ``otpmsg._compose.compose``."""
    up_to = max_valid_minutes or 60
    fields = {"valid_for": max(map(runtime.validity, range(1, up_to + 1)), key=len)}
    if operation.money:
        fields["amount"] = _widest_amount(runtime)
    for name in operation.fields:
        if name in UNTRUSTED_FIELDS:
            fields[name] = runtime.isolated(_WORST_VALUE[runtime.gsm])
        elif name == "account":
            fields[name] = runtime.isolated("9999")
        elif name == "phone":
            fields[name] = runtime.isolated("+999 ***9999")
        elif name == "count":
            fields[name] = max(
                (runtime.count(MAX_COUNT - 1, t) for t in _readers(runtime)), key=len
            )
    return fields


#: The widest largest amount for each locale and encoding, worked out once (it takes
#: hundreds of formats); it depends on nothing else.
_WIDEST: dict[tuple[str, bool], str] = {}


def _readers(runtime: LocaleRuntime) -> tuple[str | None, ...]:
    return (runtime.territory, *reader_territories(runtime.babel))


def _widest_amount(runtime: LocaleRuntime) -> str:
    """The widest largest amount of a locale, over its readers and candidate currencies."""
    key = (str(runtime.babel), runtime.gsm)
    if key not in _WIDEST:
        _WIDEST[key] = max(
            (
                runtime.money(cur, territory)(_largest(cur))
                for territory in _readers(runtime)
                for cur in sorted({_currency(territory), "USD", "KWD"})
            ),
            key=len,
        )
    return _WIDEST[key]


def _currency(territory: str | None) -> str:
    return (home_currency(territory) if territory else None) or "USD"


def _largest(currency: str) -> Decimal:
    digits = get_currency_precision(currency)
    return (MAX_AMOUNT - Decimal(1).scaleb(-digits)).quantize(Decimal(1).scaleb(-digits))
