"""PO catalogs for translators: ``otpmsg export --format po`` and ``otpmsg import``.

One catalog per locale, written and read with Babel's own PO writer and reader. Each entry's
``msgctxt`` says what it is:

==========================  ============================================================
msgctxt                     msgid (source locale, ``en`` by default) / msgstr (the locale)
==========================  ============================================================
``<operation>``             the whole template file of that operation
``warning``                 the warning sentence of ``locale.toml``
``glossary:code``           ``[glossary] code``: the word for the code
``glossary:staff``          ``[glossary] staff``: the word for the bank's staff
``glossary:verb:<op>``      ``[glossary.verbs] <op>``: the verb of an operation
==========================  ============================================================

Automatic comments give the operation's summary, its fields, the segment budget and what the
locale's text costs today (typical/worst segments). An entry whose source text changed since
it was translated (see ``otpmsg._translations``) is marked ``fuzzy``; a text not yet
translated (still marked ``UNTRANSLATED``) is exported with an empty msgstr.

``import`` skips fuzzy and empty entries, checks every other one on a copy of the folder with
the rules of ``otpmsg check``, and writes nothing unless all pass.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import PoFileError, read_po, write_po

from otpmsg._catalog import GLOSSARY_UNFINISHED, UNTRANSLATED, Catalog, Finding, Operation
from otpmsg._files import write_atomically
from otpmsg._segments import SegmentInfo
from otpmsg._translations import (
    WARNING_KEY,
    SourceRecord,
    SourceRecordError,
    digest,
    read_source_record,
    stale_keys,
    write_source_record,
)

__all__ = [
    "ImportError_",
    "ImportPlan",
    "export_po",
    "plan_import",
    "read_glossary",
    "validate_import",
    "write_import",
]

GLOSSARY_TERMS = ("code", "staff")
_GLOSSARY = "glossary:"
_VERB = "glossary:verb:"
_IGNORED_RULES = frozenset({"approval", "stale", "coverage"})

#: Typical and worst-case size of each operation's text in the exported locale.
Costs = Mapping[str, tuple[SegmentInfo, SegmentInfo]]


class ImportError_(ValueError):  # noqa: N801 - "ImportError" is a builtin
    """A PO file that cannot be imported; ``failures`` names each failing entry."""

    def __init__(self, failures: Sequence[str]) -> None:
        self.failures = tuple(failures)
        super().__init__("; ".join(failures))


def read_glossary(folder: Path) -> dict[str, str]:
    """The ``[glossary]`` terms of a locale folder's ``locale.toml``, by msgctxt."""
    try:
        data = tomllib.loads((folder / "locale.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    table = data.get("glossary")
    if not isinstance(table, dict):
        return {}
    terms = {f"{_GLOSSARY}{k}": v for k in GLOSSARY_TERMS if isinstance(v := table.get(k), str)}
    verbs = table.get("verbs")
    if isinstance(verbs, dict):
        terms.update({f"{_VERB}{op}": v for op, v in verbs.items() if isinstance(v, str)})
    return terms


def _size(info: SegmentInfo) -> str:
    return f"{info.segments} ({info.encoding}, {info.units} units)"


def _comments(op: Operation, budget: int, costs: Costs | None, *, translated: bool) -> list[str]:
    """What a translator needs to know of a template: what it authorises, its fields, its
    budget and what it costs now."""
    comments = [
        op.summary,
        f"Required: {', '.join(sorted(op.required)) or 'none'}."
        f" Optional: {', '.join(sorted(op.optional)) or 'none'}."
        " Always: code, warning; may use brand, valid_for.",
        f"Budget: {budget} segment(s) in the worst case.",
    ]
    if costs is not None and op.id in costs:
        typical, worst = costs[op.id]
        comments.append(f"Segments now: typical {_size(typical)}, worst {_size(worst)}.")
    elif translated:
        comments.append("Segments now: not measured (the folder has errors: otpmsg check).")
    return comments


def export_po(
    catalog: Catalog, locale: str, source: str, *, budget: int, costs: Costs | None
) -> bytes:
    """The PO catalog of ``locale``, translated from ``source``, as bytes (UTF-8)."""
    target = catalog.locales[locale]
    origin = catalog.locales[source]
    try:
        stale = stale_keys(catalog, locale)
    except SourceRecordError:
        stale = {}
    po = PoCatalog(
        locale=locale,
        project="otpmsg templates",
        header_comment=(
            f"# otpmsg templates: {locale}, translated from {source}.\n"
            "# Translate the words only: keep every {{ ... }} and {% ... %} as it is, the\n"
            "# warning before the code, no links, phone numbers or other numbers.\n"
            "# Then: otpmsg import THIS_FILE.po"
        ),
        fuzzy=False,
    )

    def add(context: str, msgid: str, msgstr: str, comments: list[str]) -> None:
        if not msgid:
            return  # an empty msgid is the PO header
        flags = (
            ["fuzzy"] if context in stale or (context == "warning" and WARNING_KEY in stale) else []
        )
        message = po.add(msgid, msgstr, flags=flags, auto_comments=comments, context=context)
        # Babel guesses Python formats from "{% if" and "{{ x }}": these are Jinja2 templates.
        message.flags.discard("python-format")
        message.flags.discard("python-brace-format")

    for op in catalog.operations.values():
        template = origin.templates.get(op.id)
        if template is None:
            continue
        own = target.templates.get(op.id)
        text = own.source if own is not None and UNTRANSLATED not in own.source else ""
        add(op.id, template.source, text, _comments(op, budget, costs, translated=bool(text)))
    warning = "" if UNTRANSLATED in target.warning else target.warning
    add(
        "warning",
        origin.warning,
        warning,
        ["The warning: shown before the code in every message. One short sentence."],
    )
    theirs = read_glossary(target.path)
    for key, term in read_glossary(origin.path).items():
        mine = theirs.get(key, "")
        mine = "" if UNTRANSLATED in mine else mine
        add(key, term, mine, ["Glossary term: use it the same way in every text."])
    out = io.BytesIO()
    write_po(out, po, width=0, omit_header=False, include_previous=True)
    return out.getvalue()


@dataclass
class ImportPlan:
    """What an import would write: new texts by msgctxt, and the source digest of each."""

    locale: str
    source: str
    texts: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    confirmed: dict[str, str] = field(default_factory=dict)
    skipped_fuzzy: list[str] = field(default_factory=list)


def plan_import(catalog: Catalog, data: bytes, source: str) -> ImportPlan:
    """Read a PO file and find what changes; raise ImportError_ on unknown entries."""
    try:
        po = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        raise ImportError_([f"not a PO file: {exc}"]) from None
    if po.locale is None:
        raise ImportError_(["the PO header has no Language"])
    locale = str(po.locale)
    if locale not in catalog.locales:
        raise ImportError_([f"no locale folder {locale!r} in {catalog.root}"])
    if source not in catalog.locales:
        raise ImportError_([f"no source locale folder {source!r} in {catalog.root}"])
    target = catalog.locales[locale]
    current = _current_texts(catalog, locale)
    try:
        stale = stale_keys(catalog, locale)
    except SourceRecordError as exc:
        raise ImportError_([str(exc)]) from None
    plan = ImportPlan(locale, source)
    failures = []
    known = set(catalog.operations) | {"warning"}
    known |= {f"{_GLOSSARY}{t}" for t in GLOSSARY_TERMS}
    known |= {f"{_VERB}{op}" for op in catalog.operations}
    for message in po:
        if not message.id:
            continue  # the header
        context = message.context or ""
        msgstr = message.string if isinstance(message.string, str) else ""
        msgid = message.id if isinstance(message.id, str) else ""
        if context not in known:
            failures.append(f"entry {context!r}: not an otpmsg entry")
            continue
        if message.fuzzy:
            plan.skipped_fuzzy.append(context)
            continue
        if not msgstr:
            continue
        key = WARNING_KEY if context == "warning" else context
        if msgstr != current.get(context):
            plan.texts[context] = msgstr
            if context in catalog.operations or context == "warning":
                plan.sources[key] = digest(msgid)
        elif key in stale:
            plan.confirmed[key] = digest(msgid)  # unchanged, and no longer marked fuzzy
    if failures:
        raise ImportError_(failures)
    record = read_source_record(target.path) if locale != source else None
    if record is not None and record.source != source and (plan.sources or plan.confirmed):
        raise ImportError_(
            [
                f"{target.path.name}/source.toml records translations from {record.source!r}:"
                f" import with --from {record.source}"
            ]
        )
    return plan


def _current_texts(catalog: Catalog, locale: str) -> dict[str, str]:
    target = catalog.locales[locale]
    texts = {op: t.source for op, t in target.templates.items()}
    texts["warning"] = target.warning
    texts.update(read_glossary(target.path))
    return texts


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise ValueError(f"cannot write {value!r} to locale.toml")


def _toml(data: Mapping[str, object], prefix: str = "") -> list[str]:
    lines = [
        f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}"
        if not k.replace("_", "").isalnum() or not k.isascii()
        else f"{k} = {_toml_value(v)}"
        for k, v in data.items()
        if not isinstance(v, dict)
    ]
    for k, v in data.items():
        if isinstance(v, dict):
            name = f"{prefix}{k}"
            lines += ["", f"[{name}]", *_toml(v, name + ".")]
    return lines


def _locale_toml(folder: Path, texts: Mapping[str, str]) -> str:
    data = tomllib.loads((folder / "locale.toml").read_text(encoding="utf-8"))
    if "warning" in texts:
        data["warning"] = texts["warning"]
    for context, text in texts.items():
        if context.startswith(_VERB):
            glossary = data.setdefault("glossary", {})
            glossary.setdefault("verbs", {})[context.removeprefix(_VERB)] = text
        elif context.startswith(_GLOSSARY):
            data.setdefault("glossary", {})[context.removeprefix(_GLOSSARY)] = text
    # Plain keys first, then the glossary table and its verbs.
    text = "\n".join(_toml(data)) + "\n"
    tomllib.loads(text)  # never write a file we could not read back
    return text


def _files(catalog: Catalog, plan: ImportPlan, root: Path) -> dict[Path, str]:
    """Every file the plan writes, relative to ``root``, with its new text."""
    folder = catalog.locales[plan.locale].path
    files: dict[Path, str] = {}
    for context, text in plan.texts.items():
        if context in catalog.operations:
            files[root / folder.name / f"{context}.txt"] = text
    locale_texts = {k: v for k, v in plan.texts.items() if k not in catalog.operations}
    if locale_texts:
        files[root / folder.name / "locale.toml"] = _locale_toml(folder, locale_texts)
    return files


def _entry_of(finding: Finding) -> str:
    if finding.operation is not None:
        return f"entry {finding.operation!r}"
    if finding.file is not None and finding.file.endswith("locale.toml"):
        return "entry 'warning'"
    return "the folder"


def validate_import(
    catalog: Catalog, plan: ImportPlan, check: Callable[[Path], list[Finding]]
) -> None:
    """Check the plan on a copy of the folder; raise ImportError_ naming each failing entry.

    ``check`` returns the findings of a folder with the rules of ``otpmsg check``. In the
    copy, the locale's files that are still untranslated and not imported are removed (the
    default locale's templates stand in, as at run time), so that the imported texts are
    placed and measured as they will be sent. Approval and staleness are not checked: an
    imported text is new and needs a review.
    """
    target = catalog.locales[plan.locale]
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="otpmsg-import-") as tmp:
        root = Path(tmp) / catalog.root.name
        shutil.copytree(catalog.root, root)
        for path, text in _files(catalog, plan, root).items():
            path.write_text(text, encoding="utf-8", newline="")
        for op, template in target.templates.items():
            if op not in plan.texts and UNTRANSLATED in template.source:
                (root / target.path.name / f"{op}.txt").unlink()
        if "warning" not in plan.texts and UNTRANSLATED in target.warning:
            failures.append("entry 'warning': still untranslated; translate it in the same import")
        else:
            for f in check(root):
                if f.severity != "error" or f.rule in _IGNORED_RULES:
                    continue
                if f.message == GLOSSARY_UNFINISHED:
                    continue  # terms still to translate, like the files left out above
                if f.locale is not None and f.locale != plan.locale:
                    what = f"locale {f.locale}"
                else:
                    what = _entry_of(f)
                failures.append(f"{what}: {f.rule}: {f.message}")
    if failures:
        raise ImportError_(list(dict.fromkeys(failures)))


def write_import(catalog: Catalog, plan: ImportPlan) -> list[Path]:
    """Write the plan's files and the source record; return the paths written."""
    written = []
    for path, text in _files(catalog, plan, catalog.root).items():
        write_atomically(path, text)
        written.append(path)
    target = catalog.locales[plan.locale]
    updates = {**plan.sources, **plan.confirmed}
    if updates and plan.locale != plan.source:
        record = read_source_record(target.path)
        digests = dict(record.digests) if record is not None else {}
        digests.update(updates)
        written.append(write_source_record(target.path, SourceRecord(plan.source, digests)))
    return written
