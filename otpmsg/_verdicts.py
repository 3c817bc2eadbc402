"""Start-up verdicts: the findings of a template folder that passed validation, by content.

Validating a folder from scratch (Jinja2 parse and compile of every template, CLDR data
for every locale, worst-case renders) costs about 30 ms per locale. When a
:class:`~otpmsg.Renderer` passes it, it records its findings under a key that hashes
everything they depend on:

- every file the folder was read from: paths, operations, warnings and each template's
  SHA-256, and any loading finding;
- the Renderer's options (default locale, budget, brand, validity, origin, value cap);
- otpmsg's own source files, the Python and Unicode versions, and the installed files
  of Jinja2, Babel (with its CLDR data) and phonenumbers (path, size, modification time).

A later Renderer with the same key takes the recorded findings and skips the rules; any
change gives a new key and a full validation. Only passing verdicts are recorded, so a
folder with an error is validated, and refused, at every start. A verdict is JSON data,
never code, and it is read only from a folder and a file that the user owns and nobody
else may write to.

The folder is ``$OTPMSG_CACHE_DIR`` (set it empty to turn recording off), else
``$XDG_CACHE_HOME/otpmsg``, else ``~/.cache/otpmsg``. Nothing here ever raises: a folder
that cannot be read or written only means a full validation.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sys
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from otpmsg._catalog import Catalog, Finding

__all__ = ["KEEP", "cache_dir", "read_verdict", "verdict_key", "write_verdict"]

#: Verdicts kept per folder; the oldest beyond this are removed when one is written.
KEEP = 64
_LIBRARIES = ("jinja2", "babel", "phonenumbers")
_FORMAT = 1


def cache_dir() -> Path | None:
    """The verdict folder, or None when recording is off or no home folder is known."""
    configured = os.environ.get("OTPMSG_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return Path(base or Path.home() / ".cache") / "otpmsg"
    except RuntimeError:  # no home folder
        return None


@cache
def _environment() -> str:
    """What every verdict depends on besides the folder and the options (once a process)."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(here.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    parts = [digest.hexdigest(), sys.version, unicodedata.unidata_version]
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        stat = os.stat(origin) if origin else None
        parts.append(f"{name} {origin} {stat and stat.st_size} {stat and stat.st_mtime_ns}")
    return "\n".join(parts)


def verdict_key(catalog: Catalog, options: Mapping[str, object]) -> str:
    """The SHA-256 key of a folder as read, validated with ``options``."""
    content = {
        "format": _FORMAT,
        "environment": _environment(),
        "options": {k: str(v) for k, v in sorted(options.items())},
        "root": str(catalog.root),
        "operations": [op.declaration for op in catalog.operations.values()],
        "locales": [
            [
                ls.id,
                str(ls.path),
                ls.warning,
                ls.unfinished,
                [[t.operation, str(t.path), t.fingerprint] for t in ls.templates.values()],
            ]
            for ls in catalog.locales.values()
        ],
        "findings": [_row(f) for f in catalog.findings],
    }
    blob = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def _row(finding: Finding) -> list[object]:
    return [
        finding.rule,
        finding.severity,
        finding.message,
        finding.locale,
        finding.operation,
        finding.file,
        finding.line,
    ]


def _trusted(path: Path) -> bool:
    """The user's own folder or file, which no one else may write to (always true on
    Windows)."""
    stat = path.stat()
    if not hasattr(os, "getuid"):
        return True
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def read_verdict(key: str, folder: Path | None) -> tuple[Finding, ...] | None:
    """The findings recorded under ``key``, or None if there are none to trust."""
    if folder is None:
        return None
    try:
        path = folder / f"{key}.json"
        if not (_trusted(folder) and _trusted(path)):
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        return tuple(_finding(row) for row in data["findings"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _finding(row: object) -> Finding:
    if not isinstance(row, list) or len(row) != 7:
        raise TypeError("a finding is a list of 7 items")
    rule, severity, message, locale, operation, file, line = row
    texts = (rule, message)
    optional = (locale, operation, file)
    if (
        not all(isinstance(t, str) for t in texts)
        or severity not in ("warning", "info")
        or not all(v is None or isinstance(v, str) for v in optional)
        or not (line is None or isinstance(line, int))
    ):
        raise TypeError("not a finding of a passing folder")
    return Finding(rule, severity, message, locale, operation, file, line)


def write_verdict(key: str, folder: Path | None, findings: Iterable[Finding]) -> None:
    """Record the findings of a passing folder under ``key``; never raises."""
    if folder is None:
        return
    data = {"key": key, "findings": [_row(f) for f in findings]}
    temporary: Path | None = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(folder):
            return
        temporary = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(temporary, folder / f"{key}.json")
        temporary = None
        _prune(folder)
    except OSError:
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _prune(folder: Path) -> None:
    verdicts = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in verdicts[KEEP:]:
        old.unlink(missing_ok=True)
