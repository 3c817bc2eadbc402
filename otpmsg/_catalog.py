"""Template folders: operations, locales, warnings and template sources, read in one place.

A template folder holds ``operations.toml`` and one sub-folder per locale, named with a
Babel id (``en``, ``zh_Hans``, ``pt_BR``). A locale folder holds ``locale.toml`` with the
locale's warning and glossary, and one ``<operation>.txt`` Jinja2 template per operation.

The glossary (``[glossary]`` in ``locale.toml``) names the word for the code, the word for
bank staff and, in ``[glossary.verbs]``, the verb of each operation; the ``glossary`` rule
holds every template to it, so the wording stays consistent across operations. Loading never
raises on bad content: every problem becomes a :class:`Finding`, so that start-up and
``otpmsg check`` report all of them at once.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Literal

from otpmsg._locales import parse_locale

__all__ = [
    "BOUND_FIELDS",
    "FIELDS",
    "GLOSSARY_UNFINISHED",
    "UNTRUSTED_FIELDS",
    "Catalog",
    "Finding",
    "Glossary",
    "LocaleSet",
    "Operation",
    "TemplateSource",
    "load_catalog",
    "shipped_templates",
]

#: Every field an operation may declare, in the order of ``render``'s keyword arguments.
FIELDS = (
    *("amount", "currency", "payee", "account", "merchant"),
    *("product", "phone", "device", "count"),
)
#: Fields whose values come from outside and are cleaned and, if need be, fitted.
UNTRUSTED_FIELDS = ("payee", "merchant", "product", "device")
#: The fields that bind a code to what it authorises: each must stand verbatim before the
#: code in every text (``phone`` too: it is where the account's codes will go).
BOUND_FIELDS = ("amount", "payee", "merchant", "product", "account", "phone", "count")
#: Marker that ``otpmsg new-locale`` puts in every file until it is translated.
UNTRANSLATED = "UNTRANSLATED"
#: The unfinished rule's message for a glossary that ``new-locale`` copied untranslated.
GLOSSARY_UNFINISHED = "the glossary is not translated yet"

Severity = Literal["error", "warning", "info"]

_OPERATION_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
_OPERATION_KEYS = frozenset({"summary", "required", "optional", "valid_for_minutes"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a template folder. ``severity`` is ``error``, ``warning`` or ``info``."""

    rule: str
    severity: Severity
    message: str
    locale: str | None = None
    operation: str | None = None
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        scope = "/".join(p for p in (self.locale, self.operation) if p)
        head = " ".join(p for p in (where, f"[{scope}]" if scope else "") if p)
        return f"{self.severity} {self.rule}: {head + ': ' if head else ''}{self.message}"


@dataclass(frozen=True, slots=True)
class Operation:
    """What a code authorises, as declared in ``operations.toml``."""

    id: str
    summary: str
    required: frozenset[str]
    optional: frozenset[str]
    valid_for: timedelta | None = None
    declaration: str = field(default="", repr=False, compare=False)
    #: Every field the operation accepts: ``required | optional``.
    fields: frozenset[str] = field(init=False, repr=False, compare=False)
    #: Its fields that bind the code (see BOUND_FIELDS), in that order.
    bound: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", self.required | self.optional)
        object.__setattr__(self, "bound", tuple(f for f in BOUND_FIELDS if f in self.fields))

    @property
    def money(self) -> bool:
        """True when money moves: the operation declares an amount."""
        return "amount" in self.required


@dataclass(frozen=True, slots=True)
class TemplateSource:
    """The text of one template file, as read."""

    locale: str
    operation: str
    path: Path
    source: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Glossary:
    """A locale's fixed words: the code, the bank's staff, and each operation's verb."""

    code: str = ""
    staff: str = ""
    verbs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LocaleSet:
    """One locale folder: its warning, glossary and templates."""

    id: str
    path: Path
    warning: str
    templates: Mapping[str, TemplateSource]
    unfinished: bool
    glossary: Glossary | None = None
    #: What was wrong with the folder's files as read.
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything read from one template folder, and what was wrong with its declarations
    (``findings``; each locale's own problems are in its LocaleSet)."""

    root: Path
    operations: Mapping[str, Operation]
    locales: Mapping[str, LocaleSet]
    findings: tuple[Finding, ...]


class _Locales(Mapping[str, LocaleSet]):
    """A folder's locale sets by id, each read when first asked for: start-up reads only
    the locales it serves, however many the folder has."""

    __slots__ = ("_loaded", "_operations", "_paths")

    def __init__(self, paths: Mapping[str, Path], operations: Mapping[str, Operation]) -> None:
        self._paths = paths
        self._operations = operations
        self._loaded: dict[str, LocaleSet] = {}

    def __getitem__(self, locale: str) -> LocaleSet:
        found = self._loaded.get(locale)
        if found is None:
            found = self._loaded.setdefault(
                locale, _locale_set(self._paths[locale], self._operations)
            )
        return found

    def __contains__(self, locale: object) -> bool:
        return locale in self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def shipped_templates() -> Path:
    """Return the folder of templates that ships with otpmsg."""
    here = Path(__file__).resolve().parent
    packaged = here / "templates"  # the wheel puts them inside the package
    return packaged if packaged.is_dir() else here.parent / "templates"  # source checkout


def _read_toml(
    path: Path, findings: list[Finding], locale: str | None = None
) -> dict[str, object] | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        findings.append(
            Finding("missing-file", "error", f"{path.name} is missing", locale, file=str(path))
        )
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        findings.append(Finding("bad-toml", "error", str(exc), locale, file=str(path)))
    return None


def _str_list(value: object) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def _operation(op_id: str, table: object, path: Path, findings: list[Finding]) -> Operation | None:
    def bad(message: str) -> None:
        findings.append(Finding("bad-operation", "error", message, operation=op_id, file=str(path)))

    if not _OPERATION_ID.fullmatch(op_id):
        bad("an operation id is lower-case letters, digits and _, starting with a letter")
        return None
    if not isinstance(table, dict):
        bad("must be a table")
        return None
    unknown = set(table) - _OPERATION_KEYS
    summary = table.get("summary")
    required = _str_list(table.get("required", []))
    optional = _str_list(table.get("optional", []))
    minutes = table.get("valid_for_minutes")
    if unknown:
        bad(f"unknown keys: {', '.join(sorted(unknown))}")
    if not isinstance(summary, str) or not summary.strip():
        bad("needs a summary")
    if required is None or optional is None:
        bad("required and optional must be lists of field names")
        return None
    if minutes is not None and (
        isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1
    ):
        bad("valid_for_minutes must be a positive integer")
        return None
    undeclared = (set(required) | set(optional)) - set(FIELDS)
    if undeclared:
        bad(f"unknown fields {sorted(undeclared)}; fields are {sorted(FIELDS)}")
    if set(required) & set(optional):
        bad("a field is both required and optional")
    if ("amount" in optional or "currency" in optional) or (
        ("amount" in required) != ("currency" in required)
    ):
        bad("a money operation requires both amount and currency")
    if unknown or undeclared or not isinstance(summary, str) or not summary.strip():
        return None
    declaration = json.dumps({op_id: table}, sort_keys=True, ensure_ascii=False)
    return Operation(
        id=op_id,
        summary=summary.strip(),
        required=frozenset(required),
        optional=frozenset(optional),
        valid_for=timedelta(minutes=minutes) if minutes else None,
        declaration=declaration,
    )


def _locale_set(path: Path, operations: Mapping[str, Operation]) -> LocaleSet:
    locale = path.name
    findings: list[Finding] = []
    meta = _read_toml(path / "locale.toml", findings, locale) or {}
    warning = meta.get("warning")
    if not isinstance(warning, str) or not warning.strip():
        findings.append(
            Finding(
                "warning-missing",
                "error",
                "locale.toml needs a warning sentence",
                locale=locale,
                file=str(path / "locale.toml"),
            )
        )
        warning = ""
    templates = _templates(path, locale, operations, findings)
    glossary = _glossary(meta.get("glossary"), path / "locale.toml", locale, findings)
    terms = (glossary.code, glossary.staff, *glossary.verbs.values()) if glossary else ()
    unfinished = UNTRANSLATED in warning or any(
        UNTRANSLATED in text for text in (*terms, *(t.source for t in templates.values()))
    )
    return LocaleSet(
        locale, path, warning.strip(), templates, unfinished, glossary, tuple(findings)
    )


def _templates(
    path: Path, locale: str, operations: Mapping[str, Operation], findings: list[Finding]
) -> dict[str, TemplateSource]:
    """The ``<operation>.txt`` files of a locale folder, read as UTF-8."""
    templates: dict[str, TemplateSource] = {}
    for file in sorted(path.glob("*.txt")):
        operation = file.stem
        if operation not in operations:
            findings.append(
                Finding(
                    "unknown-operation",
                    "error",
                    f"{file.name} is for no declared operation",
                    locale=locale,
                    file=str(file),
                )
            )
            continue
        try:
            data = file.read_bytes()
            source = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(Finding("bad-file", "error", str(exc), locale, operation, str(file)))
            continue
        templates[operation] = TemplateSource(
            locale, operation, file, source, hashlib.sha256(data).hexdigest()
        )
    return templates


def _glossary(table: object, path: Path, locale: str, findings: list[Finding]) -> Glossary | None:
    """The ``[glossary]`` table of a locale.toml, or None when it has none."""
    if table is None:
        return None
    if isinstance(table, dict) and set(table) <= {"code", "staff", "verbs"}:
        words = [table.get("code"), table.get("staff")]
        verbs = table.get("verbs", {})
        if isinstance(verbs, dict) and all(
            isinstance(v, str) and v.strip() for v in (*words, *verbs.values())
        ):
            return Glossary(str(words[0]), str(words[1]), dict(verbs))
    findings.append(
        Finding(
            "glossary",
            "error",
            "[glossary] holds code and staff (non-empty strings) and a [glossary.verbs] table"
            " of operation = verb",
            locale,
            file=str(path),
        )
    )
    return None


def load_catalog(root: Path | str | None = None) -> Catalog:
    """Read a template folder (the shipped one by default): its operations and the ids of
    its locale folders, each read when first used. Problems become findings."""
    root = Path(root) if root is not None else shipped_templates()
    findings: list[Finding] = []
    operations: dict[str, Operation] = {}
    if not root.is_dir():
        findings.append(
            Finding("missing-folder", "error", f"{root} is not a folder", file=str(root))
        )
        return Catalog(root, operations, {}, tuple(findings))
    table = _read_toml(root / "operations.toml", findings) or {}
    for op_id, declaration in table.items():
        operation = _operation(op_id, declaration, root / "operations.toml", findings)
        if operation is not None:
            operations[op_id] = operation
    paths: dict[str, Path] = {}
    for path in sorted(
        p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    ):
        try:
            parse_locale(path.name)
        except LookupError:
            findings.append(
                Finding(
                    "bad-locale", "error", f"{path.name!r} is not a Babel locale id", file=str(path)
                )
            )
            continue
        paths[path.name] = path
    if not paths:
        findings.append(Finding("no-locales", "error", "no locale folder found", file=str(root)))
    return Catalog(root, operations, _Locales(paths, operations), tuple(findings))
