"""Locale ids: parsing with likely subtags, and choosing a template set."""

from __future__ import annotations

import pytest

import otpmsg
from otpmsg._locales import Resolver, locale_for_region, parse_locale


@pytest.mark.parametrize(
    ("asked", "script", "territory"),
    [
        ("zh_Hant", "Hant", "TW"),
        ("zh_Hans", "Hans", "CN"),
        ("zh", "Hans", "CN"),
        ("zh-HK", "Hant", "HK"),
        ("fr", "Latn", "FR"),
        ("sr_Latn", "Latn", "RS"),
        ("ar", "Arab", "EG"),
        ("EN_us", "Latn", "US"),
    ],
)
def test_likely_subtags(asked: str, script: str, territory: str) -> None:
    tag = parse_locale(asked)
    assert (tag.script, tag.territory) == (script, territory)


def test_scripts_never_cross() -> None:
    resolver = Resolver(["en", "zh_Hans", "sr_Cyrl"], "en")
    assert resolver.resolve("zh_TW") == "en"
    assert resolver.resolve("sr_Latn") == "en"
    assert resolver.resolve("sr") == "sr_Cyrl"


@pytest.mark.parametrize("bad", ["", "../etc", "xx!", "zz_ZZ", "en/../../x", "é"])
def test_malformed_ids(bad: str) -> None:
    with pytest.raises(otpmsg.UnknownLocale):
        parse_locale(bad)


def test_region_languages() -> None:
    assert locale_for_region("TW") == "zh_Hant_TW"
    assert locale_for_region("BR") == "pt_BR"


@pytest.mark.parametrize(
    ("asked", "served"),
    [
        ("no", "nb"),
        ("nn", "nb"),
        ("iw", "he"),
        ("tl", "fil"),
        ("in", "id"),
        ("zh-HK", "zh_Hant_HK"),
        ("zh_Hant_MO", "zh_Hant"),
        ("pt-PT", "pt_PT"),
        ("pt-AO", "pt_BR"),
        ("sr-Latn", "hr"),
        ("bs", "hr"),
        ("sr", "en"),  # Cyrillic Serbian: no shipped set in its script
        ("es-419", "es"),
        ("en-US-u-nu-arab", "en"),
    ],
)
def test_aliases_and_neighbours_resolve(renderer: otpmsg.Renderer, asked: str, served: str) -> None:
    assert renderer.resolve_locale(asked) == served


# Each region's own example mobile number (phonenumbers' metadata), and the language a
# reader there gets without a locale.
REGION_LANGUAGES = {
    "IT": "it", "KR": "ko", "TH": "th", "IN": "hi", "IR": "fa", "PK": "ur", "BD": "bn",
    "PH": "fil", "KE": "sw", "HK": "zh_Hant_HK", "PT": "pt_PT", "IL": "he", "UA": "uk",
    "VN": "vi", "GR": "el", "NO": "nb", "SE": "sv", "PL": "pl", "RO": "ro", "MY": "ms",
    "ID": "id", "NL": "nl", "DK": "da", "FI": "fi", "EE": "et", "LT": "lt", "CZ": "cs",
    "SK": "sk", "HU": "hu", "HR": "hr", "BG": "bg", "TZ": "sw", "MX": "es", "TW": "zh_Hant",
    "CN": "zh_Hans", "JP": "ja", "BR": "pt_BR", "TR": "tr", "RU": "ru", "SA": "ar",
}  # fmt: skip


@pytest.mark.parametrize(("region", "served"), sorted(REGION_LANGUAGES.items()))
def test_phone_regions_pick_their_language(
    renderer: otpmsg.Renderer, region: str, served: str
) -> None:
    import phonenumbers

    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    to = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    assert renderer.resolve_locale(to=to) == served
