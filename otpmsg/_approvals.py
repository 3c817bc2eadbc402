"""Approvals: which template a reviewer signed off, read from and written to one TOML file.

``otpmsg approve`` writes ``approvals.toml`` inside the template folder. Each template gets
a fingerprint: SHA-256 over the template file's bytes, its operation's declaration in
``operations.toml`` and its locale's warning, because a change to any of the three changes
what a customer reads. ``otpmsg check`` (rule ``approval``) compares every template with
its entry. The file is sorted by locale, then operation, so that it diffs well::

    [en.transfer]
    fingerprint = "3f9a..."
    source = "b71c..."            # SHA-256 of the file alone, as shown by `otpmsg review`
    by = "Jane Doe"
    date = 2025-11-27
    text = "To SEND $1,250.00 to ..."   # the typical message as approved (review's diff)

Approving again keeps the entry (reviewer and date) of every template that did not change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from otpmsg._catalog import Catalog, TemplateSource
from otpmsg._errors import OtpmsgError
from otpmsg._files import write_atomically

__all__ = [
    "APPROVALS_FILE",
    "Approval",
    "ApprovalsError",
    "Status",
    "approval_status",
    "check_name",
    "dumps",
    "fingerprint",
    "read_approvals",
    "record_approvals",
    "write_approvals",
]

APPROVALS_FILE = "approvals.toml"
_HEX = re.compile(r"[0-9a-f]{64}")
_KEY = re.compile(r"[A-Za-z0-9_]+")
_MAX_NAME = 100

Approvals = dict[tuple[str, str], "Approval"]


class ApprovalsError(OtpmsgError, ValueError):
    """The approvals file cannot be read or has the wrong shape. ``path`` names it."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(f"{path.name}: {message}")


@dataclass(frozen=True, slots=True)
class Approval:
    """One template's sign-off."""

    fingerprint: str
    source: str
    by: str
    date: dt.date
    #: The message rendered with typical inputs when approved (None in older files).
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """Where a template stands: ``approved``, ``changed`` or ``unapproved``."""

    state: Literal["approved", "changed", "unapproved"]
    fingerprint: str
    approval: Approval | None = None

    def describe(self) -> str:
        """One line for people: ``approved by X on 2025-11-27``."""
        if self.approval is None:
            return "not approved"
        signed = f"by {self.approval.by} on {self.approval.date.isoformat()}"
        return (
            f"approved {signed}" if self.state == "approved" else f"changed since approved {signed}"
        )


def fingerprint(catalog: Catalog, template: TemplateSource) -> str:
    """SHA-256 over the template's bytes, its operation's declaration and the warning."""
    parts = [
        "otpmsg-approval-1",
        template.fingerprint,  # SHA-256 of the file's bytes
        catalog.operations[template.operation].declaration,
        catalog.locales[template.locale].warning,
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def read_approvals(root: Path) -> Approvals | None:
    """The approvals of a template folder, or None when it has no approvals file."""
    path = root / APPROVALS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ApprovalsError(path, str(exc)) from None
    approvals: Approvals = {}
    for locale, table in data.items():
        if not isinstance(table, dict):
            raise ApprovalsError(path, f"[{locale}] must be a table of operations")
        for operation, entry in table.items():
            approvals[locale, operation] = _entry(path, f"{locale}.{operation}", entry)
    return approvals


def _entry(path: Path, key: str, entry: object) -> Approval:
    if not isinstance(entry, dict):
        raise ApprovalsError(path, f"[{key}] must be a table")
    fp, source, by, date = (entry.get(k) for k in ("fingerprint", "source", "by", "date"))
    if not isinstance(fp, str) or not _HEX.fullmatch(fp):
        raise ApprovalsError(path, f"[{key}] fingerprint must be 64 lower-case hex digits")
    if not isinstance(source, str) or not _HEX.fullmatch(source):
        raise ApprovalsError(path, f"[{key}] source must be 64 lower-case hex digits")
    if not isinstance(by, str) or not by.strip():
        raise ApprovalsError(path, f"[{key}] needs the reviewer's name in `by`")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            date = None
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise ApprovalsError(path, f"[{key}] date must be a date such as 2025-11-27")
    text = entry.get("text")
    if text is not None and not isinstance(text, str):
        raise ApprovalsError(path, f"[{key}] text must be a string")
    return Approval(fp, source, by, date, text)


def approval_status(
    catalog: Catalog, approvals: Mapping[tuple[str, str], Approval] | None
) -> dict[tuple[str, str], Status]:
    """The status of every template in the folder, keyed by (locale, operation)."""
    result: dict[tuple[str, str], Status] = {}
    for locale_set in catalog.locales.values():
        for template in locale_set.templates.values():
            key = (template.locale, template.operation)
            fp = fingerprint(catalog, template)
            entry = (approvals or {}).get(key)
            if entry is None:
                result[key] = Status("unapproved", fp)
            else:
                result[key] = Status(
                    "approved" if entry.fingerprint == fp else "changed", fp, entry
                )
    return result


def check_name(name: str) -> str:
    """A reviewer's name: one printable line of at most 100 characters."""
    name = name.strip()
    if not name or len(name) > _MAX_NAME or not name.isprintable():
        raise ValueError(
            f"--by needs a reviewer's name: one printable line, at most {_MAX_NAME} characters"
        )
    return name


def record_approvals(
    catalog: Catalog,
    previous: Mapping[tuple[str, str], Approval] | None,
    *,
    by: str,
    date: dt.date,
    locales: Iterable[str] | None = None,
    texts: Mapping[tuple[str, str], str] | None = None,
) -> tuple[Approvals, int]:
    """New approvals for every template (or those of ``locales``); return them and how many changed.

    Unchanged templates keep their earlier entry; entries of templates that no longer
    exist are dropped. ``texts`` gives each template's typical rendered message, kept with
    its new approval so that the review page can show what changed since.
    """
    chosen = set(locales) if locales is not None else None
    previous = previous or {}
    result: Approvals = {}
    changed = 0
    for key, status in approval_status(catalog, previous).items():
        template = catalog.locales[key[0]].templates[key[1]]
        if status.state == "approved" or (chosen is not None and key[0] not in chosen):
            if status.approval is not None:
                result[key] = status.approval
            continue
        text = (texts or {}).get(key)
        result[key] = Approval(status.fingerprint, template.fingerprint, by, date, text)
        changed += 1
    return result, changed


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def dumps(approvals: Mapping[tuple[str, str], Approval]) -> str:
    """The approvals file text, sorted by locale and operation."""
    lines = [
        "# Template approvals, written by `otpmsg approve --by NAME`. Do not edit by hand:",
        "# `otpmsg check` fails for each template whose fingerprint no longer matches.",
        "# fingerprint: SHA-256 of the template file, its operation's declaration in",
        "# operations.toml and the locale's warning. source: SHA-256 of the file alone.",
    ]
    for (locale, operation), entry in sorted(approvals.items()):
        if not (_KEY.fullmatch(locale) and _KEY.fullmatch(operation)):
            raise ValueError(f"not a bare TOML key: {locale}.{operation}")
        lines += [
            "",
            f"[{locale}.{operation}]",
            f'fingerprint = "{entry.fingerprint}"',
            f'source = "{entry.source}"',
            f"by = {_toml_string(entry.by)}",
            f"date = {entry.date.isoformat()}",
        ]
        if entry.text is not None:
            lines.append(f"text = {_toml_string(entry.text)}")
    return "\n".join(lines) + "\n"


def write_approvals(root: Path, approvals: Mapping[tuple[str, str], Approval]) -> Path:
    """Replace the approvals file of ``root`` atomically; return its path.

    The file keeps its permissions; a new one gets the usual ones (0644 less the umask).
    """
    text = dumps(approvals)
    tomllib.loads(text)  # never write a file we could not read back
    return write_atomically(root / APPROVALS_FILE, text)
