"""The ``otpmsg`` command line (also ``python -m otpmsg``).

Commands: ``render``, ``examples``, ``check``, ``review``, ``approve``, ``new-locale`` and
``export``. Exit codes: 0 success, 1 the templates have errors, 2 a refused input or bad
usage. Bad input and bad template folders are reported as messages, never tracebacks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
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
from otpmsg._checks import REVIEW_RULES, catalog_findings
from otpmsg._errors import OtpmsgError, TemplateError
from otpmsg._export import dlt_header, dlt_templates
from otpmsg._render import Message, Renderer
from otpmsg._review import html_page, markdown, samples, size_table
from otpmsg._samples import typical_inputs
from otpmsg._scaffold import ScaffoldError, new_locale

__all__ = ["collect_findings", "main"]

_FIELDS = ("amount", "currency", "payee", "account", "merchant", "product", "phone", "device")
_EXAMPLES = (
    ("en", "transfer"),
    ("zh_Hans", "investment_purchase"),
    ("es", "payment"),
    ("de", "login"),
    ("ar", "withdrawal"),
    ("hi", "change_phone"),
)


class _Refused(Exception):
    """A refused input: exit 2 with this message."""


def _print_message(msg: Message) -> None:
    print(msg.text)
    non_gsm = msg.info.non_gsm
    more = f" (+{len(non_gsm) - 10} more)" if len(non_gsm) > 10 else ""
    extra = f", non-GSM: {' '.join(non_gsm[:10])}{more}" if non_gsm else ""
    print(
        f"[{msg.locale}/{msg.operation}: {msg.encoding}, {msg.units} units,"
        f" {msg.segments} segment(s){extra}]"
    )


def _cmd_render(args: argparse.Namespace) -> int:
    renderer = Renderer(templates=args.templates, brand=args.brand)
    kwargs = {name: getattr(args, name) for name in _FIELDS if getattr(args, name) is not None}
    if args.count is not None:
        kwargs["count"] = args.count
    if args.valid_for is not None:
        kwargs["valid_for"] = timedelta(minutes=args.valid_for)
    msg = renderer.render(args.operation, code=args.code, locale=args.locale, to=args.to, **kwargs)
    if args.json:
        data = {
            "text": msg.text,
            "locale": msg.locale,
            "operation": msg.operation,
            "encoding": msg.encoding,
            "units": msg.units,
            "segments": msg.segments,
            "non_gsm": list(msg.info.non_gsm),
            "fields": dict(msg.fields),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_message(msg)
    return 0


def collect_findings(
    templates: Path | None,
    max_segments: int = 2,
    brand: str | None = None,
    origin: str | None = None,
) -> tuple[list[Finding], Renderer | None]:
    """Every start-up finding for a template folder, and the Renderer when it could be built.

    The folder is validated from scratch: a recorded verdict is neither read nor written.
    """
    try:
        renderer = Renderer(
            templates=templates, max_segments=max_segments, brand=brand, origin=origin
        )
    except TemplateError as exc:
        return list(exc.findings), None
    return renderer._all_findings(), renderer


def _all_findings(args: argparse.Namespace) -> tuple[list[Finding], Renderer | None, Catalog]:
    """Start-up findings plus :data:`REVIEW_RULES` (``check`` and ``review``)."""
    findings, renderer = collect_findings(
        args.templates, args.max_segments, args.brand, args.origin
    )
    catalog = renderer._catalog if renderer is not None else load_catalog(args.templates)
    for rule in REVIEW_RULES:
        findings.extend(rule(catalog))
    for wanted in args.locale or ():
        if catalog.locales and wanted not in catalog.locales:
            raise _Refused(
                f"no locale folder {wanted!r} in {catalog.root}"
                f" (locales: {', '.join(sorted(catalog.locales))})"
            )
    if args.locale:
        findings = [f for f in findings if f.locale is None or f.locale in args.locale]
        stopped_early = renderer is None and any(
            f.severity == "error" for f in catalog_findings(catalog, "en")
        )  # the Renderer stops before its render rules when a catalog rule fails
        if stopped_early and not any(f.severity == "error" for f in findings):
            findings.append(
                Finding(
                    "not-checked",
                    "error",
                    "placement and budget were not checked: other locales have errors that stop"
                    " start-up (run check without --locale)",
                    file=str(catalog.root),
                )
            )
    return findings, renderer, catalog


def _as_dict(f: Finding) -> dict[str, object]:
    keys = ("rule", "severity", "locale", "operation", "file", "line", "message")
    return {k: getattr(f, k) for k in keys}


def _counts(findings: Sequence[Finding]) -> tuple[int, int]:
    return (
        sum(f.severity == "error" for f in findings),
        sum(f.severity == "warning" for f in findings),
    )


def _cmd_check(args: argparse.Namespace) -> int:
    findings, renderer, catalog = _all_findings(args)
    errors, warnings = _counts(findings)
    items = []
    if renderer is not None:
        statuses = approval_status(catalog, None)
        items = samples(renderer, statuses, locales=args.locale)
    if args.format == "json":
        sizes = [
            {
                "locale": s.locale,
                "operation": s.operation.id,
                "template": s.template.locale,
                "typical": {
                    "encoding": s.typical.info.encoding,
                    "units": s.typical.info.units,
                    "segments": s.typical.info.segments,
                },
                "worst": {
                    "encoding": s.worst.info.encoding,
                    "units": s.worst.info.units,
                    "segments": s.worst.info.segments,
                },
            }
            for s in items
        ]
        report = {
            "errors": errors,
            "warnings": warnings,
            "findings": [_as_dict(f) for f in findings],
            "sizes": sizes,
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for f in findings:
            if f.severity != "info" or args.verbose:
                print(f)
        if items:
            print(size_table(items, args.max_segments))
        print(f"{errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def _cmd_review(args: argparse.Namespace) -> int:
    findings, renderer, catalog = _all_findings(args)
    if renderer is None:
        for f in findings:
            if f.severity == "error":
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
    catalog = renderer._catalog
    for wanted in args.locale or ():
        if wanted not in catalog.locales:
            raise _Refused(f"no locale folder {wanted!r} in {root}")
    try:
        previous = read_approvals(catalog.root)
    except ApprovalsError as exc:
        print(f"otpmsg: {exc}; fix or delete it, then approve again", file=sys.stderr)
        return 1
    approvals, changed = record_approvals(
        catalog, previous, by=by, date=dt.date.today(), locales=args.locale
    )
    path = write_approvals(catalog.root, approvals)
    kept = len(approvals) - changed
    print(f"approved {changed} template(s) by {by}; kept {kept} earlier approval(s); wrote {path}")
    return 0


def _cmd_new_locale(args: argparse.Namespace) -> int:
    root = _editable_folder(args.templates)
    source = getattr(args, "from")
    try:
        made = new_locale(root, args.locale, source)
    except ScaffoldError as exc:
        raise _Refused(str(exc)) from None
    folder = _relative(made.path)
    opts = (f" --templates {_relative(root)}" if args.templates is not None else "") + (
        f" --locale {made.locale}"
    )
    print(f"created {folder} ({made.name}): {len(made.files)} files copied from {source}")
    if str(args.locale) != made.locale:
        print(f"(the folder uses Babel's id {made.locale!r})")
    rtl = (
        "\n     Right-to-left script: check the reading order on the review page."
        if made.rtl
        else ""
    )
    print(
        "Next steps (CONTRIBUTING.md, 'Adding a language'):\n"
        f"  1. Translate the warning in {folder / 'locale.toml'} and every {folder}/*.txt.\n"
        "     Translate the words only: keep every {{ ... }} and {% ... %} as it is, and\n"
        f"     delete the UNTRANSLATED marker of each file you finish.{rtl}\n"
        f"  2. python -m otpmsg check{opts}\n"
        "     until the only errors left are `approval ... never approved`.\n"
        f"  3. python -m otpmsg review{opts} --out review.html   (a reviewer reads it)\n"
        f'  4. python -m otpmsg approve{opts} --by "REVIEWER NAME"   (the reviewer signs)'
    )
    return 0


def _relative(path: Path) -> Path:
    """``path`` relative to the working folder when it is inside it (shorter to read)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _cmd_export(args: argparse.Namespace) -> int:
    renderer = Renderer(templates=args.templates, max_segments=args.max_segments)
    locales = args.locale or list(renderer.locales())
    for wanted in locales:
        if wanted not in renderer.locales():
            raise _Refused(
                f"no locale folder {wanted!r} (locales: {', '.join(renderer.locales())})"
            )
    print(dlt_header(renderer.max_segments))
    for locale in locales:
        fallback = sorted(
            renderer.operations().keys() - renderer._catalog.locales[locale].templates.keys()
        )
        if fallback:
            print(
                f"\n# {locale}: no template for {', '.join(fallback)}; the"
                f" {renderer.default_locale} string is sent"
            )
        for t in dlt_templates(renderer, locale, brand=args.brand, valid_for=args.valid_for):
            print(f"\n[{t.locale}/{t.operation}] slots: {', '.join(t.slots)}")
            print(t.text)
            for note in t.notes:
                print(f"# note: {note}")
    return 0


def _cmd_examples(args: argparse.Namespace) -> int:
    renderer = Renderer(templates=args.templates)
    for locale, operation in _EXAMPLES:
        if locale not in renderer.locales():
            continue
        op = renderer.operations()[operation]
        kwargs = typical_inputs(renderer._runtime(locale), op)
        _print_message(renderer.render(operation, brand="ACME Bank", **kwargs))
        print()
    return 0


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


def _folder_options(p: argparse.ArgumentParser, *, brand: bool = True) -> None:
    p.add_argument("--locale", action="append", metavar="L", help="only this locale (repeatable)")
    p.add_argument("--max-segments", type=_positive, default=2, metavar="N", help="budget (2)")
    if brand:
        p.add_argument("--brand", help="the brand (sender name) your messages show")
        p.add_argument(
            "--origin", metavar="HOST", help="end every message with the origin-bound line"
        )


def _add_render(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("render", help="render one message")
    p.add_argument("operation")
    p.add_argument("--code", required=True)
    p.add_argument("--locale")
    p.add_argument("--to", help="recipient, in international form (+...)")
    p.add_argument("--brand")
    p.add_argument("--valid-for", type=int, metavar="MINUTES")
    p.add_argument("--count", type=int)
    for name in _FIELDS:
        p.add_argument(f"--{name}")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    _templates_option(p)
    p.set_defaults(func=_cmd_render)


def _add_compliance(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="check a template folder; exit 1 on any error")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-v", "--verbose", action="store_true", help="also list each size finding")
    _folder_options(p)
    _templates_option(p)
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("review", help="write the review page for compliance")
    p.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")
    p.add_argument("--format", choices=("html", "md"), default="html")
    _folder_options(p)
    _templates_option(p)
    p.set_defaults(func=_cmd_review)

    p = sub.add_parser("approve", help=f"record the templates as approved in {APPROVALS_FILE}")
    p.add_argument("--by", required=True, metavar="NAME", help="the reviewer")
    _folder_options(p)
    _templates_option(p, "the source checkout's templates/")
    p.set_defaults(func=_cmd_approve)


def _add_localization(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("new-locale", help="add a locale folder, marked untranslated")
    p.add_argument("locale", metavar="LOCALE", help="Babel locale id, such as it or pt_PT")
    p.add_argument("--from", default="en", metavar="L", help="locale to copy (en)")
    _templates_option(p, "the source checkout's templates/")
    p.set_defaults(func=_cmd_new_locale)

    p = sub.add_parser("export", help="print the templates as India DLT registration strings")
    p.add_argument("--format", choices=("dlt",), default="dlt")
    _folder_options(p, brand=False)
    for flag, what in (("--brand", "the brand"), ("--valid-for", "the validity")):
        p.add_argument(
            flag,
            action=argparse.BooleanOptionalAction,
            default=True,
            help=f"messages show {what} (default: yes)",
        )
    _templates_option(p)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("examples", help="render typical messages in several languages")
    _templates_option(p)
    p.set_defaults(func=_cmd_examples)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="otpmsg", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _add_render(sub)
    _add_compliance(sub)
    _add_localization(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return exc.code if isinstance(exc.code, int) else 2
    try:
        result: int = args.func(args)
    except TemplateError as exc:
        print(f"otpmsg: {exc}", file=sys.stderr)
        return 1
    except (OtpmsgError, _Refused) as exc:
        print(f"otpmsg: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `otpmsg check | head`
        return 1
    except OSError as exc:  # an unreadable template folder that loading did not catch
        print(f"otpmsg: cannot read the templates: {exc}", file=sys.stderr)
        return 1
    return result
