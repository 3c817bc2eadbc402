"""What each translation was made from, and the ``stale`` rule that compares it with today.

Each translated locale folder may hold ``source.toml``: the source locale and the SHA-256 of
each source-language text at the time the translation was made::

    from = "en"
    warning = "5f0c..."          # SHA-256 of en's warning (UTF-8, as in locale.toml)

    [templates]
    transfer = "b71c..."         # SHA-256 of en/transfer.txt's bytes

``otpmsg new-locale`` writes it (the texts copied), ``otpmsg import`` updates the entries it
writes (the PO entry's msgid: the source text the translator saw), and ``otpmsg approve
--mark-current`` records a locale's translations as made from today's sources. ``otpmsg
check`` then reports rule ``stale`` (a warning: the translation still passes every other
rule and was approved in its own words, but may no longer say what the source says) for each
text whose source changed since, and ``otpmsg export --format po`` marks those entries
``fuzzy``. A folder without ``source.toml`` (the shipped locales) has nothing to compare.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from otpmsg._catalog import Catalog, Finding
from otpmsg._files import write_atomically

__all__ = [
    "SOURCE_FILE",
    "WARNING_KEY",
    "SourceRecord",
    "SourceRecordError",
    "check_stale",
    "current_digests",
    "digest",
    "mark_current",
    "read_source_record",
    "stale_keys",
    "write_source_record",
]

SOURCE_FILE = "source.toml"
#: The record's key for the locale's warning (operation ids name the templates).
WARNING_KEY = "warning"
_HEX = re.compile(r"[0-9a-f]{64}")
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")


class SourceRecordError(ValueError):
    """A ``source.toml`` that cannot be read or has the wrong shape."""


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """The source locale and, per key (``warning`` or an operation), the source's SHA-256."""

    source: str
    digests: Mapping[str, str] = field(default_factory=dict)


def digest(text: str) -> str:
    """SHA-256 of a text's UTF-8 bytes (a template file's bytes, or a warning)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_source_record(folder: Path) -> SourceRecord | None:
    """The record of a locale folder, or None when it has none."""
    path = folder / SOURCE_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourceRecordError(f"{path}: {exc}") from None
    source = data.get("from")
    templates = data.get("templates", {})
    if not isinstance(source, str) or not source:
        raise SourceRecordError(f"{path}: `from` must name the source locale")
    if not isinstance(templates, dict):
        raise SourceRecordError(f"{path}: [templates] must be a table")
    digests: dict[str, str] = {}
    items = list(templates.items())
    if WARNING_KEY in data:
        items.append((WARNING_KEY, data[WARNING_KEY]))
    for key, value in items:
        if not isinstance(value, str) or not _HEX.fullmatch(value):
            raise SourceRecordError(f"{path}: {key} must be 64 lower-case hex digits")
        digests[key] = value
    return SourceRecord(source, digests)


def write_source_record(folder: Path, record: SourceRecord) -> Path:
    """Replace a locale folder's record atomically; return its path."""
    lines = [
        "# What these translations were made from: SHA-256 of each source text when it was",
        "# translated. Written by otpmsg new-locale, import and approve --mark-current;",
        "# `otpmsg check` reports `stale` when a source text has changed since.",
        f"from = {json.dumps(record.source)}",
    ]
    if WARNING_KEY in record.digests:
        lines.append(f'{WARNING_KEY} = "{record.digests[WARNING_KEY]}"')
    lines += ["", "[templates]"]
    for key, value in sorted(record.digests.items()):
        if key == WARNING_KEY:
            continue
        if not _KEY.fullmatch(key) or not _HEX.fullmatch(value):
            raise ValueError(f"not a record entry: {key} = {value!r}")
        lines.append(f'{key} = "{value}"')
    text = "\n".join(lines) + "\n"
    return write_atomically(folder / SOURCE_FILE, text)


def current_digests(catalog: Catalog, source: str) -> dict[str, str]:
    """Today's SHA-256 of every text of the ``source`` locale, by record key."""
    locale_set = catalog.locales.get(source)
    if locale_set is None:
        return {}
    result = {op: t.fingerprint for op, t in locale_set.templates.items()}
    result[WARNING_KEY] = digest(locale_set.warning)
    return result


def stale_keys(catalog: Catalog, locale: str) -> dict[str, str]:
    """Keys of ``locale`` whose source changed since translation, with the source locale.

    Raises SourceRecordError for an unreadable record.
    """
    locale_set = catalog.locales[locale]
    record = read_source_record(locale_set.path)
    if record is None or record.source == locale:
        return {}
    now = current_digests(catalog, record.source)
    present = set(locale_set.templates) | {WARNING_KEY}
    return {
        key: record.source
        for key, then in record.digests.items()
        if key in present and key in now and now[key] != then
    }


def check_stale(catalog: Catalog) -> Iterator[Finding]:
    """Translations whose source text changed since they were made (``otpmsg check`` only)."""
    for locale, locale_set in sorted(catalog.locales.items()):
        try:
            stale = stale_keys(catalog, locale)
        except SourceRecordError as exc:
            yield Finding("stale", "error", str(exc), locale, file=str(locale_set.path))
            continue
        for key, source in sorted(stale.items()):
            where: tuple[str | None, Path, str]
            if key == WARNING_KEY:
                where = (None, locale_set.path / "locale.toml", f"{source}'s warning")
            else:
                where = (key, locale_set.templates[key].path, f"{source}/{key}.txt")
            yield Finding(
                "stale",
                "warning",
                f"translated from {where[2]}, which has changed since; update the"
                " translation (otpmsg export --format po marks it fuzzy), then otpmsg import"
                " it, or approve --mark-current if it still says the same",
                locale,
                where[0],
                file=str(where[1]),
            )


def mark_current(
    catalog: Catalog, locale: str, source: str, keys: Iterable[str] | None = None
) -> Path | None:
    """Record ``locale``'s texts (or only ``keys``) as translated from today's ``source``.

    Other entries of an existing record are kept. Nothing is written for the source locale
    itself, or when the record would not change; return the path written, else None.
    """
    if locale == source or source not in catalog.locales:
        return None
    locale_set = catalog.locales[locale]
    record = read_source_record(locale_set.path)
    if record is not None and record.source != source:
        raise SourceRecordError(
            f"{locale_set.path / SOURCE_FILE} records translations from {record.source!r},"
            f" not {source!r}"
        )
    now = current_digests(catalog, source)
    present = set(locale_set.templates) | {WARNING_KEY}
    wanted = present if keys is None else set(keys) & present
    digests = dict(record.digests) if record is not None else {}
    digests.update({key: now[key] for key in wanted if key in now})
    if record is not None and digests == dict(record.digests):
        return None
    return write_source_record(locale_set.path, SourceRecord(source, digests))
