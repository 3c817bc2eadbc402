"""``otpmsg new-locale``: a new locale folder, copied from an existing one and marked.

The locale id is checked for shape first (letters, digits and ``_`` or ``-`` only, so it can
never name a path), then with Babel, and the folder is named with Babel's canonical id
(``it``, ``pt_PT``, ``sr_Latn``). Each copied template gets :data:`MARKER_LINE` at its top
and the warning in ``locale.toml`` starts with the marker, so that ``otpmsg check`` reports
rule ``unfinished`` until every file is translated and its marker deleted.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError

from otpmsg._catalog import UNTRANSLATED
from otpmsg._errors import OtpmsgError
from otpmsg._translations import WARNING_KEY, SourceRecord, digest, write_source_record

__all__ = ["MARKER_LINE", "ScaffoldError", "Scaffolded", "canonical_locale", "new_locale"]

#: The first line of every template that ``new-locale`` copies.
MARKER_LINE = f"{{# {UNTRANSLATED}: translate this file, then delete this line #}}"
_SHAPE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,3}")


class ScaffoldError(OtpmsgError, ValueError):
    """A refused ``new-locale`` request; the message says why."""


@dataclass(frozen=True, slots=True)
class Scaffolded:
    """What ``new_locale`` created."""

    locale: str
    name: str
    path: Path
    files: tuple[Path, ...]
    rtl: bool


def canonical_locale(identifier: str) -> Locale:
    """Parse a locale id with Babel; refuse anything that is not one (paths included).

    >>> str(canonical_locale("pt-PT"))
    'pt_PT'
    """
    if not _SHAPE.fullmatch(identifier):
        raise ScaffoldError(f"{identifier!r} is not a locale id (such as it, pt_PT, sr_Latn)")
    try:
        return Locale.parse(identifier.replace("-", "_"))
    except (ValueError, UnknownLocaleError) as exc:
        raise ScaffoldError(f"{identifier!r} is not a locale Babel knows: {exc}") from None


def _locale_toml(source: Path, locale: Locale) -> tuple[str, str]:
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ScaffoldError(f"cannot read {source}: {exc}") from None
    warning = data.get("warning")
    if not isinstance(warning, str):
        raise ScaffoldError(f"{source} has no warning to copy")
    lines = [
        f"# {UNTRANSLATED}: translate the warning into {locale.get_display_name('en')}, then",
        f"# delete the {UNTRANSLATED} marker at its start and these two comment lines.",
        f"warning = {json.dumps(f'{UNTRANSLATED}: {warning}', ensure_ascii=False)}",
    ]
    for key, value in data.items():
        if key != "warning" and isinstance(value, str):
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    glossary = data.get("glossary")
    if isinstance(glossary, dict):
        lines += [
            "",
            "# Translate each term: `otpmsg check` holds every template to them.",
            "[glossary]",
        ]
        lines += _toml_strings(glossary)
        verbs = glossary.get("verbs")
        if isinstance(verbs, dict):
            lines += ["", "[glossary.verbs]", *_toml_strings(verbs)]
    return "\n".join(lines) + "\n", warning


def _toml_strings(table: dict[str, object]) -> list[str]:
    """``key = "UNTRANSLATED: value"`` lines for the string entries of a glossary table."""
    return [
        f"{key} = {json.dumps(f'{UNTRANSLATED}: {value}', ensure_ascii=False)}"
        for key, value in table.items()
        if isinstance(value, str)
    ]


def _same_language(folders: list[str], locale: Locale) -> list[str]:
    found = []
    for folder in folders:
        try:
            if Locale.parse(folder).language == locale.language:
                found.append(folder)
        except (ValueError, UnknownLocaleError):
            continue
    return found


def new_locale(
    root: Path, identifier: str, source: str = "en", *, variant: bool = False
) -> Scaffolded:
    """Create ``root/<locale>`` from ``root/<source>``; raise ScaffoldError when refused.

    A regional variant (``it_IT``, ``it_CH``) of a language that already has a folder
    (``it``) is refused unless ``variant``: readers of ``it_IT`` are already served by ``it``.
    The new folder gets ``source.toml``: the SHA-256 of each source text it was copied from.
    """
    locale = canonical_locale(identifier)
    name = str(locale)
    if not root.is_dir():
        raise ScaffoldError(f"{root} is not a template folder")
    folders = {p.name: p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")}
    taken = [f for f in folders if f.lower() == name.lower()]
    if taken:
        raise ScaffoldError(f"{root / taken[0]} already exists")
    kin = _same_language(sorted(folders), locale)
    if kin and not variant:
        raise ScaffoldError(
            f"{', '.join(kin)} already serves {locale.get_display_name('en')} ({name} readers"
            f" get it); give --variant to add {name} as a separate regional variant"
        )
    if source not in folders or not (folders[source] / "locale.toml").is_file():
        known = ", ".join(sorted(f for f in folders if (folders[f] / "locale.toml").is_file()))
        raise ScaffoldError(f"no locale {source!r} to copy from in {root} (locales: {known})")
    origin = folders[source]
    toml_text, warning = _locale_toml(origin / "locale.toml", locale)
    staging = Path(tempfile.mkdtemp(prefix=f".new-{name}-", dir=root))
    try:
        files = [staging / "locale.toml"]
        files[0].write_text(toml_text, encoding="utf-8", newline="\n")
        digests = {WARNING_KEY: digest(warning.strip())}
        for template in sorted(origin.glob("*.txt")):
            data = template.read_bytes()
            text = data.decode("utf-8")
            target = staging / template.name
            target.write_text(f"{MARKER_LINE}\n{text}", encoding="utf-8", newline="\n")
            files.append(target)
            digests[template.stem] = hashlib.sha256(data).hexdigest()
        write_source_record(staging, SourceRecord(source, digests))
        staging.chmod(0o755)  # mkdtemp makes it private; it is a template folder
        final = root / name
        staging.rename(final)
    except (OSError, UnicodeDecodeError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ScaffoldError(f"cannot copy {origin} to {root / name}: {exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Scaffolded(
        locale=name,
        name=locale.get_display_name("en") or name,
        path=final,
        files=tuple(final / f.name for f in files),
        rtl=locale.text_direction == "rtl",
    )
