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
