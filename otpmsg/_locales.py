"""Locale identifiers: parsing what callers send, and choosing a shipped template set.

Callers send ``zh_CN``, ``zh-CN``, ``zh_Hans_CN``, ``pt-BR`` or ``EN_us``. Each is parsed
with Babel and completed with CLDR's likely subtags (``zh_TW`` -> ``zh_Hant_TW``). The
template set chosen is the first that matches, in this order:

1. the same language, script and territory;
2. the same language and script, with no territory (``es_MX`` -> ``es``);
3. the same language and script, any territory, in sorted order (``pt_PT`` -> ``pt_BR``);
4. the set of a neighbouring language that its readers read without effort, where one
   is shipped (:data:`NEIGHBOURS`: Norwegian and Nynorsk -> Bokmål, Latin-script Serbian
   and Bosnian -> Croatian);
5. the Renderer's default locale.

A script never crosses: ``zh_TW`` never gets Simplified Chinese. A well-formed locale
that no set serves falls back to the default; a malformed one raises UnknownLocale.
Locale ids are only ever matched against the folders found at load time, so a caller's
string never reaches the file system.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from otpmsg._errors import UnknownLocale

__all__ = ["NEIGHBOURS", "LocaleTag", "Resolver", "locale_for_region", "parse_locale"]

#: (language, script) of a reader -> the locale id of a set they read without effort.
NEIGHBOURS = {
    ("no", "Latn"): "nb",
    ("nn", "Latn"): "nb",
    ("sr", "Latn"): "hr",
    ("bs", "Latn"): "hr",
}


@dataclass(frozen=True, slots=True)
class LocaleTag:
    """A parsed locale, with the script and territory CLDR thinks likely."""

    language: str
    script: str
    territory: str | None
    explicit_territory: bool


def _likely(language: str, script: str | None, territory: str | None) -> tuple[str, str | None]:
    likely: Mapping[str, str] = get_global("likely_subtags")
    keys = [f"{language}_{script}_{territory}", f"{language}_{territory}"] if territory else []
    keys += [f"{language}_{script}"] if script else []
    for key in (*keys, language):
        if key in likely:
            # "zh_Hant_TW", "en_Latn_US": Babel drops a default script when parsing, so
            # read the subtags from the string itself.
            _, likely_script, likely_territory = likely[key].split("_")
            return script or likely_script, territory or likely_territory
    return script or "", territory


@lru_cache(maxsize=1024)
def parse_locale(identifier: str) -> LocaleTag:
    """Parse a caller's locale identifier (``_`` or ``-``, any case).

    >>> parse_locale("zh-TW")
    LocaleTag(language='zh', script='Hant', territory='TW', explicit_territory=True)
    """
    if not isinstance(identifier, str) or not identifier or not identifier.isascii():
        raise UnknownLocale(str(identifier), "not a locale identifier")
    parts = identifier.replace("-", "_").split("_")
    # BCP 47 extensions and private use (en-US-u-nu-arab, de-DE-x-bank) do not choose a set.
    singleton = next((i for i, p in enumerate(parts) if i and len(p) == 1), len(parts))
    parts = parts[:singleton]
    parts = [parts[0].lower(), *(p.title() if len(p) == 4 else p.upper() for p in parts[1:])]
    try:
        locale = Locale.parse("_".join(parts))
    except (ValueError, UnknownLocaleError) as exc:
        raise UnknownLocale(identifier, str(exc)) from None
    script, territory = _likely(locale.language, locale.script, locale.territory)
    return LocaleTag(locale.language, script, territory, locale.territory is not None)


@lru_cache(maxsize=512)
def locale_for_region(region: str) -> str | None:
    """Return the main language of a territory as a locale id, or None.

    >>> locale_for_region("TW")
    'zh_Hant_TW'
    """
    try:
        return str(Locale.parse(f"und_{region}"))
    except (ValueError, UnknownLocaleError):
        return None


class Resolver:
    """Chooses a template set among ``available`` ids for a caller's locale."""

    def __init__(self, available: Iterable[str], default: str) -> None:
        self._tags = {locale: parse_locale(locale) for locale in sorted(available)}
        self.default = default
        self.resolve = lru_cache(maxsize=1024)(self._resolve)

    def territory(self, locale: str) -> str | None:
        """The territory a template set's readers are in by default (CLDR's likely one)."""
        tag = self._tags.get(locale)
        return tag.territory if tag is not None else None

    def _resolve(self, identifier: str) -> str:
        wanted = parse_locale(identifier)
        same_script = [
            (locale, tag)
            for locale, tag in self._tags.items()
            if tag.language == wanted.language and tag.script == wanted.script
        ]
        for locale, tag in same_script:
            if tag.explicit_territory and tag.territory == wanted.territory:
                return locale
        for locale, tag in same_script:
            if not tag.explicit_territory:
                return locale
        if same_script:
            return same_script[0][0]
        neighbour = NEIGHBOURS.get((wanted.language, wanted.script))
        return neighbour if neighbour in self._tags else self.default
