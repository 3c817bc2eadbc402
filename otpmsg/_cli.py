"""The otpmsg command line (also python -m otpmsg): render, measure and check one-time-code
SMS texts, and the compliance and translation workflow of a template folder.

exit codes: 0 success, 1 the templates have errors, 2 a refused input or bad usage.
Run "otpmsg COMMAND --help" for a command's options.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import sys
import unicodedata
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import otpmsg
from otpmsg._approvals import (
    APPROVALS_FILE,
    ApprovalsError,
    approval_status,
    check_name,
    read_approvals,
    record_approvals,
    write_approvals,
)
from otpmsg._catalog import Catalog, Finding, load_catalog, shipped_templates
from otpmsg._checks import REVIEW_RULES
from otpmsg._errors import OtpmsgError, TemplateError
from otpmsg._export import dlt_header, dlt_templates
from otpmsg._locales import Resolver, parse_locale
from otpmsg._po import ImportError_, export_po, plan_import, validate_import, write_import
from otpmsg._render import Message, Renderer
from otpmsg._review import Sample, html_page, markdown, samples, size_table
from otpmsg._samples import typical_inputs
from otpmsg._scaffold import ScaffoldError, new_locale
from otpmsg._segments import measure, split
from otpmsg._translations import SourceRecordError, mark_current

__all__ = ["collect_findings", "main"]

_FIELDS = (
    ("amount", "the amount, such as 1250.00"),
    ("currency", "ISO 4217 currency code, such as EUR"),
    ("payee", "who receives the money"),
    ("account", "the account, shown by its last 4 digits"),
    ("merchant", "the shop or merchant"),
    ("product", "the investment product"),
    ("phone", "the new phone number (shown masked)"),
    ("device", "the device's name"),
)
_EXAMPLES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("en", "transfer", {}),
    ("zh_Hans", "investment_purchase", {}),
    ("es", "payment", {}),
    ("de", "login", {}),
    ("ar", "withdrawal", {}),
    ("hi", "change_phone", {}),
    # Names as customers have them: folded or transliterated so that the text fits.
    ("pl", "transfer", {"payee": "Łukasz Wąsowski-Żółkiewski"}),
    ("fr", "transfer", {"payee": "张伟"}),
)
_COMMANDS = (
    ("render", "render one message"),
    ("measure", "show how a text is sent: encoding, units, segments, parts"),
    ("examples", "render typical messages in several languages"),
    ("check", "check a template folder with every rule; exit 1 on any error"),
    ("review", "write the review page for compliance sign-off"),
    ("approve", f"record the templates as approved in {APPROVALS_FILE}"),
    ("new-locale", "add a locale folder, copied and marked untranslated"),
    ("export", "print the templates for India DLT registration, or as a PO catalog"),
    ("import", "import a translated PO catalog, after checking every entry"),
)
_DEFAULT_LOCALE = "en"


class _Refused(Exception):
    """A refused input: exit 2 with this message."""


# --- the places that reach into a Renderer ---------------------------------------------------


def _catalog(renderer: Renderer) -> Catalog:
    """The folder a Renderer loaded (the one place the CLI reads ``renderer._catalog``)."""
    return renderer._catalog


# --- output -----------------------------------------------------------------------------------


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _message_data(msg: Message) -> dict[str, object]:
    return {
        "text": msg.text,
        "locale": msg.locale,
        "operation": msg.operation,
        "encoding": msg.encoding,
        "units": msg.units,
        "segments": msg.segments,
        "non_gsm": list(msg.info.non_gsm),
        "fields": dict(msg.fields),
    }


def _print_message(msg: Message) -> None:
    print(msg.text)
    non_gsm = msg.info.non_gsm
    more = f" (+{len(non_gsm) - 10} more)" if len(non_gsm) > 10 else ""
    extra = f", non-GSM: {' '.join(non_gsm[:10])}{more}" if non_gsm else ""
    adjusted = "; ".join(f"{name} {' and '.join(steps)}" for name, steps in msg.adjusted.items())
    extra += f", adjusted to fit: {adjusted}" if adjusted else ""
    print(
        f"[{msg.locale}/{msg.operation}: {msg.encoding}, {msg.units} units,"
        f" {msg.segments} segment(s){extra}]"
    )


# --- render, measure, examples ---------------------------------------------------------------


def _cmd_render(args: argparse.Namespace) -> int:
    # The brand goes with the message: a Renderer built with it would first check every
    # worst case with it, and refuse to render anything when one template cannot hold it.
    renderer = Renderer(templates=args.templates, max_segments=args.max_segments)
    names = [name for name, _ in _FIELDS]
    kwargs = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
    if args.brand is not None:
        kwargs["brand"] = args.brand
    if args.count is not None:
        kwargs["count"] = args.count
    if args.valid_for is not None:
        kwargs["valid_for"] = timedelta(minutes=args.valid_for)
    msg = renderer.render(args.operation, code=args.code, locale=args.locale, to=args.to, **kwargs)
    if args.format == "json":
        _print_json(_message_data(msg))
    else:
        _print_message(msg)
    return 0


def _char_name(ch: str) -> str:
    return unicodedata.name(ch, f"U+{ord(ch):04X}")


def _cmd_measure(args: argparse.Namespace) -> int:
    text: str = args.text
    if text == "-":
        text = sys.stdin.read().removesuffix("\n")
    info = measure(text)
    parts = split(text)
    forcing = [
        {"position": i, "char": ch, "codepoint": f"U+{ord(ch):04X}", "name": _char_name(ch)}
        for i, ch in enumerate(text)
        if ch in info.non_gsm
    ]
    if args.format == "json":
        _print_json(
            {
                "encoding": info.encoding,
                "units": info.units,
                "segments": info.segments,
                "remaining": info.remaining,
                "parts": [{"units": measure(p).units, "text": p} for p in parts],
                "non_gsm": forcing,
            }
        )
        return 0
    print(
        f"{info.encoding}, {info.units} units, {info.segments} segment(s);"
        f" {info.remaining} units free in the last"
    )
    if len(parts) > 1:
        for i, part in enumerate(parts, 1):
            print(f"part {i}: {measure(part).units} units: {part!r}")
    if forcing:
        print("characters that force UCS-2 (position from 0):")
        for f in forcing:
            print(f"  {f['position']}: {f['char']} {f['codepoint']} {f['name']}")
    return 0


def _cmd_examples(args: argparse.Namespace) -> int:
    renderer = Renderer(templates=args.templates)
    messages = []
    for locale, operation, values in _EXAMPLES:
        if locale not in renderer.locales():
            continue
        op = renderer.operations()[operation]
        kwargs = {**typical_inputs(renderer._runtime(locale), op), **values}
        messages.append(renderer.render(operation, brand="ACME Bank", **kwargs))
    if args.format == "json":
        _print_json([_message_data(m) for m in messages])
        return 0
    for msg in messages:
        _print_message(msg)
        print()
    return 0


# --- check and review -------------------------------------------------------------------------


def collect_findings(
    templates: Path | None,
    max_segments: int = 2,
    brand: str | None = None,
    origin: str | None = None,
    locales: Sequence[str] | None = None,
) -> tuple[list[Finding], Renderer | None]:
    """Every start-up finding for a template folder (or for some of its locales), and the
    Renderer when it could be built. Each locale is validated from scratch."""
    try:
        renderer = Renderer(
            templates=templates, max_segments=max_segments, brand=brand, origin=origin
        )
    except TemplateError as exc:
        return list(exc.findings), None
    return renderer._all_findings(locales), renderer


def _resolve_locales(catalog: Catalog, wanted: Sequence[str] | None) -> list[str] | None:
    """The template sets that serve ``--locale`` ids, resolved as ``render`` resolves them.

    ``zh_CN`` is served by ``zh_Hans`` and ``ar_EG`` by ``ar``. An id that only the default
    locale would serve (a language without a folder) is refused: checking or approving the
    default locale instead would surprise.
    """
    if not wanted:
        return None
    available = sorted(catalog.locales)
    resolver = Resolver(available, _DEFAULT_LOCALE)
    result = []
    for identifier in wanted:
        known = f"locales: {', '.join(available)}"
        try:
            served = resolver.resolve(identifier)
            same = parse_locale(served).language == parse_locale(identifier).language
        except LookupError:
            raise _Refused(
                f"no locale folder {identifier!r} in {catalog.root}: not a locale id ({known})"
            ) from None
        if served not in catalog.locales or not same:
            raise _Refused(f"no locale folder {identifier!r} in {catalog.root} ({known})")
        if served != identifier:
            print(f"otpmsg: {identifier} is served by {served}", file=sys.stderr)
        result.append(served)
    return list(dict.fromkeys(result))


def _all_findings(args: argparse.Namespace) -> tuple[list[Finding], Renderer | None, Catalog]:
    """Start-up findings plus :data:`REVIEW_RULES` (``check`` and ``review``), for the
    ``--locale`` folders or all of them."""
    catalog = load_catalog(args.templates)
    args.locale = _resolve_locales(catalog, args.locale)
    findings, renderer = collect_findings(
        args.templates, args.max_segments, args.brand, args.origin, args.locale
    )
    for rule in REVIEW_RULES:
        findings.extend(rule(catalog))
    if args.locale:
        findings = [f for f in findings if f.locale is None or f.locale in args.locale]
    return findings, renderer, catalog


def _as_dict(f: Finding) -> dict[str, object]:
    keys = ("rule", "severity", "locale", "operation", "file", "line", "message")
    return {k: getattr(f, k) for k in keys}


def _counts(findings: Sequence[Finding]) -> tuple[int, int]:
    return (
        sum(f.severity == "error" for f in findings),
        sum(f.severity == "warning" for f in findings),
    )


def _sizes(items: Sequence[Sample]) -> list[dict[str, object]]:
    return [
        {
            "locale": s.locale,
            "operation": s.operation.id,
            "template": s.template.locale,
            **{
                label: {
                    "encoding": t.info.encoding,
                    "units": t.info.units,
                    "segments": t.info.segments,
                }
                for label, t in (("typical", s.typical), ("worst", s.worst))
            },
        }
        for s in items
    ]


def _cmd_check(args: argparse.Namespace) -> int:
    findings, renderer, catalog = _all_findings(args)
    errors, warnings = _counts(findings)
    items = []
    if renderer is not None:
        statuses = approval_status(catalog, None)
        items = samples(renderer, statuses, locales=args.locale)
    if args.format == "json":
        _print_json(
            {
                "errors": errors,
                "warnings": warnings,
                "findings": [_as_dict(f) for f in findings],
                "sizes": _sizes(items),
            }
        )
    else:
        for f in findings:
            if f.severity != "info" or args.verbose:
                print(f)
        if items:
            print(size_table(items, args.max_segments))
        print(f"{errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


#: Errors the review page is for: a template waiting for approval is reviewed, not refused.
_REVIEWED = frozenset({"approval"})


def _cmd_review(args: argparse.Namespace) -> int:
    findings, renderer, catalog = _all_findings(args)
    blocking = [f for f in findings if f.severity == "error" and f.rule not in _REVIEWED]
    if renderer is None or blocking:
        for f in blocking:
            print(f, file=sys.stderr)
        print("otpmsg: no review: the templates have errors (see otpmsg check)", file=sys.stderr)
        return 1
    try:
        approvals = read_approvals(catalog.root)
    except ApprovalsError:
        approvals = None  # reported among the findings
    items = samples(renderer, approval_status(catalog, approvals), findings, args.locale)
    folder = catalog.root.name
    write = html_page if args.format == "html" else markdown
    text = write(items, folder=folder, budget=args.max_segments, findings=findings)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise _Refused(f"cannot write {args.out}: {exc}") from None
    errors = _counts(findings)[0]
    print(
        f"wrote {args.out}: {len(items)} message(s)"
        + (f"; {errors} error(s) shown" if errors else "")
    )
    return 0


# --- approve, new-locale ----------------------------------------------------------------------


def _editable_folder(templates: Path | None) -> Path:
    """The folder to write to: never the copy installed inside the package."""
    if templates is not None:
        return templates
    shipped = shipped_templates().resolve()
    if shipped.parent == Path(otpmsg.__file__).resolve().parent:
        raise _Refused("the installed templates are read-only here; give --templates DIR")
    return shipped


def _cmd_approve(args: argparse.Namespace) -> int:
    try:
        by = check_name(args.by)
    except ValueError as exc:
        raise _Refused(str(exc)) from None
    root = _editable_folder(args.templates)
    findings, renderer = collect_findings(root, args.max_segments, args.brand, args.origin)
    errors = [f for f in findings if f.severity == "error"]
    if renderer is None or errors:
        for f in errors:
            print(f, file=sys.stderr)
        print("otpmsg: nothing approved: fix these errors first", file=sys.stderr)
        return 1
    catalog = _catalog(renderer)
    locales = _resolve_locales(catalog, args.locale)
    try:
        previous = read_approvals(catalog.root)
    except ApprovalsError as exc:
        print(f"otpmsg: {exc}; fix or delete it, then approve again", file=sys.stderr)
        return 1
    texts = {
        (s.template.locale, s.operation.id): s.typical.text
        for s in samples(renderer, {}, locales=locales)
        if not s.fallback
    }
    approvals, changed = record_approvals(
        catalog, previous, by=by, date=dt.date.today(), locales=locales, texts=texts
    )
    path = write_approvals(catalog.root, approvals)
    marked = []
    if args.mark_current:
        for locale in locales or sorted(catalog.locales):
            try:
                if mark_current(catalog, locale, getattr(args, "from")) is not None:
                    marked.append(locale)
            except SourceRecordError as exc:
                raise _Refused(str(exc)) from None
    kept = len(approvals) - changed
    if args.format == "json":
        _print_json(
            {"approved": changed, "kept": kept, "by": by, "file": str(path), "current": marked}
        )
        return 0
    print(f"approved {changed} template(s) by {by}; kept {kept} earlier approval(s); wrote {path}")
    if marked:
        print(f"recorded as translated from today's {getattr(args, 'from')}: {', '.join(marked)}")
    return 0


def _relative(path: Path) -> Path:
    """``path`` relative to the working folder when it is inside it (shorter to read)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _python() -> str:
    """How to call this interpreter from the working folder (``.venv/bin/python``)."""
    exe = Path(sys.executable).absolute()
    try:
        shown = str(exe.relative_to(Path.cwd().absolute()))
    except ValueError:
        shown = str(exe)
    return shlex.quote(shown)


def _next_steps(args: argparse.Namespace, root: Path, locale: str, folder: Path) -> list[str]:
    py = f"{_python()} -m otpmsg"
    where = f" --templates {shlex.quote(str(_relative(root)))}" if args.templates else ""
    opts = f"{where} --locale {locale}"
    q = shlex.quote
    steps = [
        f"Translate the warning in {q(str(folder / 'locale.toml'))} and every"
        f" {q(str(folder))}/*.txt, deleting the UNTRANSLATED marker of each file you finish;"
        f" or translate a PO file in a PO editor:\n"
        f"     {py} export --format po{opts} --out {locale}.po\n"
        f"     {py} import {locale}.po{where}\n"
        "     Translate the words only: keep every {{ ... }} and {% ... %} as it is.",
        f"{py} check{opts}\n     until the only errors left are `approval ... never approved`.",
        f"{py} review{opts} --out review.html   (a second native speaker reads it)",
        f'{py} approve{opts} --by "REVIEWER NAME"   (the reviewer signs)',
    ]
    if args.templates is None:  # the source checkout: its tests hold golden files
        checkout = root.parent
        golden = q(str(_relative(checkout / "tests" / "test_golden.py")))
        steps.append(
            f"OTPMSG_UPDATE_GOLDEN=1 {_python()} -m pytest -q {golden}\n"
            f"     python3 {q(str(_relative(checkout / 'dev.py')))} test\n"
            f"     then open a pull request with {q(str(folder))}/,"
            f" {q(str(_relative(root / APPROVALS_FILE)))}"
            f" and {q(str(_relative(checkout / 'tests' / 'golden' / locale)))}/."
        )
    return steps


def _cmd_new_locale(args: argparse.Namespace) -> int:
    root = _editable_folder(args.templates)
    source = getattr(args, "from")
    try:
        made = new_locale(root, args.locale, source, variant=args.variant)
    except ScaffoldError as exc:
        raise _Refused(str(exc)) from None
    folder = _relative(made.path)
    steps = _next_steps(args, root, made.locale, folder)
    if args.format == "json":
        _print_json(
            {
                "locale": made.locale,
                "name": made.name,
                "folder": str(folder),
                "files": [str(_relative(f)) for f in made.files],
                "rtl": made.rtl,
                "next_steps": steps,
            }
        )
        return 0
    print(f"created {folder} ({made.name}): {len(made.files)} files copied from {source}")
    if str(args.locale) != made.locale:
        print(f"(the folder uses Babel's id {made.locale!r})")
    if made.rtl:
        print("Right-to-left script: check the reading order on the review page.")
    print("Next steps (CONTRIBUTING.md, 'Adding a language'), from this folder:")
    for i, step in enumerate(steps, 1):
        print(f"  {i}. {step}")
    return 0


# --- export and import ------------------------------------------------------------------------


def _write_out(out: Path | None, data: bytes) -> None:
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise _Refused(f"cannot write {out}: {exc}") from None
    print(f"wrote {out}", file=sys.stderr)


def _export_po(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.templates)
    locales = _resolve_locales(catalog, args.locale)
    if not locales or len(locales) != 1:
        raise _Refused("export --format po needs one --locale (one PO catalog per locale)")
    locale, source = locales[0], getattr(args, "from")
    if source not in catalog.locales:
        raise _Refused(f"no source locale folder {source!r} in {catalog.root}")
    brand = args.brand if isinstance(args.brand, str) else None
    _, renderer = collect_findings(args.templates, args.max_segments, brand)
    costs = None
    if renderer is not None:
        costs = {
            s.operation.id: (s.typical.info, s.worst.info)
            for s in samples(renderer, {}, locales=[locale])
            if not s.fallback
        }
    data = export_po(catalog, locale, source, budget=args.max_segments, costs=costs)
    _write_out(args.out, data)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    if args.format == "po":
        return _export_po(args)
    brand = args.brand if isinstance(args.brand, str) else None
    renderer = Renderer(templates=args.templates, max_segments=args.max_segments, brand=brand)
    catalog = _catalog(renderer)
    locales = _resolve_locales(catalog, args.locale) or list(renderer.locales())
    lines = [dlt_header(renderer.max_segments)]
    for locale in locales:
        fallback = sorted(renderer.operations().keys() - catalog.locales[locale].templates.keys())
        if fallback:
            lines.append(
                f"\n# {locale}: no template for {', '.join(fallback)}; the"
                f" {renderer.default_locale} string is sent"
            )
        shown = args.brand is not False
        for t in dlt_templates(
            renderer, locale, brand=brand if brand else shown, valid_for=args.valid_for
        ):
            lines.append(f"\n[{t.locale}/{t.operation}] slots: {', '.join(t.slots)}")
            lines.append(t.text)
            lines += [f"# note: {note}" for note in t.notes]
    _write_out(args.out, ("\n".join(lines) + "\n").encode("utf-8"))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    root = _editable_folder(args.templates)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise _Refused(f"cannot read {args.file}: {exc}") from None
    catalog = load_catalog(root)
    source = getattr(args, "from")

    def check(folder: Path) -> list[Finding]:
        findings, renderer = collect_findings(folder, args.max_segments, args.brand)
        loaded = _catalog(renderer) if renderer is not None else load_catalog(folder)
        for rule in REVIEW_RULES:
            findings.extend(rule(loaded))
        return findings

    try:
        plan = plan_import(catalog, data, source)
        validate_import(catalog, plan, check)
        written = write_import(catalog, plan)
    except ImportError_ as exc:
        if args.format == "json":
            _print_json({"written": [], "failures": list(exc.failures)})
        else:
            for failure in exc.failures:
                print(f"otpmsg: {args.file}: {failure}", file=sys.stderr)
            print("otpmsg: nothing imported: fix these entries first", file=sys.stderr)
        return 1
    shown = [str(_relative(p)) for p in written]
    if args.format == "json":
        _print_json({"written": shown, "skipped_fuzzy": plan.skipped_fuzzy, "failures": []})
        return 0
    print(f"{plan.locale}: {len(plan.texts)} text(s) imported; wrote {len(shown)} file(s)")
    for path in shown:
        print(f"  {path}")
    if plan.skipped_fuzzy:
        print(
            f"skipped fuzzy entries (review them, then drop the fuzzy flag): "
            f"{', '.join(plan.skipped_fuzzy)}"
        )
    if plan.texts:
        print("Next: otpmsg check, otpmsg review and otpmsg approve (the new texts need approval)")
    return 0


# --- the parser -------------------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def _templates_option(p: argparse.ArgumentParser, default: str = "the shipped templates") -> None:
    p.add_argument(
        "--templates", type=Path, default=None, metavar="DIR", help=f"template folder ({default})"
    )


def _format_option(p: argparse.ArgumentParser, *choices: str) -> None:
    p.add_argument(
        "--format",
        choices=choices or ("text", "json"),
        default=(choices or ("text",))[0],
        help="output format (default: %(default)s)",
    )


def _budget_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-segments",
        type=_positive,
        default=2,
        metavar="N",
        help="segment budget of every message (default: 2)",
    )


def _brand_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--brand", metavar="NAME", help="the brand (sender name) the messages show")


def _folder_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--locale",
        action="append",
        metavar="L",
        help="only this locale (repeatable); any id render accepts, such as zh_CN for zh_Hans",
    )
    _budget_option(p)
    _brand_option(p)
    p.add_argument("--origin", metavar="HOST", help="end every message with the origin-bound line")


def _add_render(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("render", help="render one message", description="Render one message.")
    p.add_argument("operation", help="the operation, such as transfer or login")
    p.add_argument("--code", required=True, help="the one-time code (4 to 10 digits)")
    p.add_argument("--locale", help="the reader's locale, such as de or zh-TW")
    p.add_argument("--to", help="recipient, in international form (+...)")
    _brand_option(p)
    p.add_argument("--valid-for", type=int, metavar="MINUTES", help="how long the code is valid")
    p.add_argument("--count", type=int, help="number of payments (batch_payment)")
    for name, what in _FIELDS:
        p.add_argument(f"--{name}", help=what)
    _budget_option(p)
    _format_option(p)
    p.add_argument(
        "--json", dest="format", action="store_const", const="json", help="same as --format json"
    )
    _templates_option(p)
    p.set_defaults(func=_cmd_render)

    p = sub.add_parser("measure", help=_COMMANDS[1][1], description="Measure one SMS text.")
    p.add_argument(
        "text", metavar="TEXT", help="the text; - reads it from stdin (final newline dropped)"
    )
    _format_option(p)
    p.set_defaults(func=_cmd_measure)

    p = sub.add_parser("examples", help=_COMMANDS[2][1], description="Render typical messages.")
    _format_option(p)
    _templates_option(p)
    p.set_defaults(func=_cmd_examples)


def _add_compliance(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help=_COMMANDS[3][1], description="Check a template folder.")
    _format_option(p)
    p.add_argument("-v", "--verbose", action="store_true", help="also list each size finding")
    _folder_options(p)
    _templates_option(p)
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("review", help=_COMMANDS[4][1], description="Write the review page.")
    p.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")
    _format_option(p, "html", "md")
    _folder_options(p)
    _templates_option(p)
    p.set_defaults(func=_cmd_review)

    p = sub.add_parser("approve", help=_COMMANDS[5][1], description="Record a sign-off.")
    p.add_argument("--by", required=True, metavar="NAME", help="the reviewer")
    p.add_argument(
        "--mark-current",
        action="store_true",
        help="also record the translations as made from today's source texts (clears stale)",
    )
    p.add_argument("--from", default="en", metavar="L", help="source locale of --mark-current (en)")
    _format_option(p)
    _folder_options(p)
    _templates_option(p, "the source checkout's templates/")
    p.set_defaults(func=_cmd_approve)


def _add_localization(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("new-locale", help=_COMMANDS[6][1], description="Start a language.")
    p.add_argument("locale", metavar="LOCALE", help="Babel locale id, such as it or pt_PT")
    p.add_argument("--from", default="en", metavar="L", help="locale to copy (en)")
    p.add_argument(
        "--variant",
        action="store_true",
        help="allow a regional variant of a language that has a folder (it_CH beside it)",
    )
    _format_option(p)
    _templates_option(p, "the source checkout's templates/")
    p.set_defaults(func=_cmd_new_locale)

    p = sub.add_parser("export", help=_COMMANDS[7][1], description="Export the templates.")
    _format_option(p, "dlt", "po")
    p.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")
    p.add_argument(
        "--locale",
        action="append",
        metavar="L",
        help="only this locale (repeatable; po: exactly one); any id render accepts",
    )
    p.add_argument("--from", default="en", metavar="L", help="po: the source language (en)")
    _budget_option(p)
    _brand_option(p)
    p.add_argument(
        "--no-brand",
        dest="brand",
        action="store_const",
        const=False,
        help="dlt: the messages show no brand (default: a brand slot)",
    )
    p.add_argument(
        "--valid-for",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="dlt: the messages show the validity (default: yes)",
    )
    _templates_option(p)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("import", help=_COMMANDS[8][1], description="Import a PO catalog.")
    p.add_argument("file", type=Path, metavar="FILE.po", help="a PO catalog from export")
    p.add_argument("--from", default="en", metavar="L", help="the source language (en)")
    _budget_option(p)
    _brand_option(p)
    _format_option(p)
    _templates_option(p, "the source checkout's templates/")
    p.set_defaults(func=_cmd_import)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="otpmsg",
        description=(__doc__ or "").split("\n\n")[0].replace("\n", " "),
        epilog=(__doc__ or "").split("\n\n", 1)[1].strip(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    _add_render(sub)
    _add_compliance(sub)
    _add_localization(sub)
    return parser


def _quiet_stdout() -> None:
    """After a closed pipe: send what is left to /dev/null, so exiting prints nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return exc.code if isinstance(exc.code, int) else 2
    try:
        result: int = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `otpmsg check | head -1`: the reader left; not a failure
        _quiet_stdout()
        return 141  # as a shell reports a process ended by SIGPIPE
    except TemplateError as exc:
        print(f"otpmsg: {exc}", file=sys.stderr)
        return 1
    except (OtpmsgError, _Refused) as exc:
        print(f"otpmsg: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an unreadable template folder that loading did not catch
        print(f"otpmsg: cannot read the templates: {exc}", file=sys.stderr)
        return 1
    return result
