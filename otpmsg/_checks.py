"""Template rules. Each rule is a small function that yields :class:`Finding` objects.

A Renderer runs :data:`CATALOG_RULES`, the coverage rule and :data:`RENDER_RULES` over a
locale (:func:`locale_findings`) before that locale's first text, and refuses to serve it on
any error; ``Renderer.validate()`` and ``otpmsg check`` run them over every locale, and the
command adds :data:`REVIEW_RULES`. Every rule runs in one pass: an error of one rule does not
hide the others, except that a template with a syntax, sandbox or variable error is not
rendered.

===================  ========  ================================================================
rule                 severity  what it finds
===================  ========  ================================================================
syntax               error     Jinja2 syntax errors
sandbox              error     constructs beyond text, ``{{ name }}``, ``{% if %}`` and allowed
                               filters (attributes, calls, loops, imports, ...)
variables            error     variables the operation does not declare
required             error     a required field, the code or the warning not used
fixed-text           error     control, bidi or zero-width characters in fixed text or warning
lure                 error     a URL, e-mail address, phone number or 5-digit run in fixed text
chinese-signature    error     【】 anywhere but a leading ``【{{ brand }}】``; Chinese without
                               验证码 / 驗證碼
unfinished           error     the ``UNTRANSLATED`` marker of ``otpmsg new-locale``
coverage             warning   an operation without a template in a locale (the fallback used)
glossary             error     a template without its locale's word for the code or its
                               operation's verb, a warning without the word for staff
                               (``warning``: a locale without a glossary)
placement            error     with any combination of optional fields: the code not exactly
                               once, or the warning or a value given not verbatim before it
budget               error     worst case over the budget even with the validity dropped, with
                               what forced UCS-2 (``info``: the worst case's size)
ucs2-fixed-text      warning   Latin-script fixed text that forces UCS-2, where, and its cost
approval             error     a template changed since it was approved (``otpmsg check`` only)
===================  ========  ================================================================
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol

from otpmsg._approvals import APPROVALS_FILE, ApprovalsError, approval_status, read_approvals
from otpmsg._catalog import (
    GLOSSARY_UNFINISHED,
    UNTRANSLATED,
    Catalog,
    Finding,
    LocaleSet,
    Operation,
    Severity,
    TemplateSource,
)
from otpmsg._compose import LocaleRuntime, compose_text
from otpmsg._errors import OtpmsgError
from otpmsg._formatting import format_count
from otpmsg._locales import parse_locale
from otpmsg._samples import WORST_BRAND, WORST_CODE, typical_inputs, worst_brand, worst_fields
from otpmsg._sandbox import TemplateSyntaxError, fixed_text, parse, unsafe_nodes, variables
from otpmsg._segments import measure
from otpmsg._translations import check_stale
from otpmsg._values import find_lures

__all__ = [
    "CATALOG_RULES",
    "RENDER_RULES",
    "REVIEW_RULES",
    "Subject",
    "catalog_findings",
    "check_approval",
    "check_coverage",
    "locale_findings",
    "worst_texts",
]

CatalogRule = Callable[[Catalog], Iterator[Finding]]
RenderRule = Callable[["Subject", Iterable[TemplateSource]], Iterator[Finding]]

#: Variables every template may use, besides the operation's fields.
COMMON_VARIABLES = frozenset({"code", "warning", "brand", "valid_for"})
_CHINESE_CODE_WORD = {"zh_Hans": "验证码", "zh_Hant": "驗證碼"}
_SIGNATURE = re.compile(
    r"\s*\{%-?\s*if\s+brand\s*-?%\}【\{\{-?\s*brand\s*-?\}\}】\{%-?\s*endif\s*-?%\}"
)
_BAD_FIXED = frozenset({"Cc", "Cf", "Co", "Cn", "Cs"})
# Direction marks (LRM, RLM, ALM) set the direction of right-to-left text; they are allowed.
_DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")


def _finding(
    rule: str, severity: Severity, message: str, t: TemplateSource, line: int | None = None
) -> Finding:
    return Finding(rule, severity, message, t.locale, t.operation, str(t.path), line)


def _warning_finding(rule: str, message: str, locale_set: LocaleSet) -> Finding:
    """An error in a locale's warning sentence (its locale.toml)."""
    return Finding(rule, "error", message, locale_set.id, file=str(locale_set.path / "locale.toml"))


def _templates(catalog: Catalog) -> Iterator[TemplateSource]:
    for locale_set in catalog.locales.values():
        yield from locale_set.templates.values()


def _parsed(catalog: Catalog) -> Iterator[TemplateSource]:
    """The templates without a syntax error (``check_syntax`` reports the others)."""
    for t in _templates(catalog):
        try:
            parse(t.source)
        except TemplateSyntaxError:
            continue
        yield t


def check_syntax(catalog: Catalog) -> Iterator[Finding]:
    """Jinja2 syntax errors, with their line."""
    for t in _templates(catalog):
        try:
            parse(t.source)
        except TemplateSyntaxError as exc:
            yield _finding("syntax", "error", exc.message or "syntax error", t, exc.lineno)


def check_sandbox(catalog: Catalog) -> Iterator[Finding]:
    """Constructs a message template may not use."""
    for t in _parsed(catalog):
        for what, line in unsafe_nodes(t.source):
            yield _finding(
                "sandbox", "error", f"{what} is not allowed in a message template", t, line
            )


def check_variables(catalog: Catalog) -> Iterator[Finding]:
    """Variables outside the operation's declared fields."""
    for t in _parsed(catalog):
        allowed = catalog.operations[t.operation].fields | COMMON_VARIABLES
        for name, line in variables(t.source):
            if name not in allowed:
                yield _finding(
                    "variables",
                    "error",
                    f"{name!r} is not a field of {t.operation!r}"
                    f" (fields: {', '.join(sorted(allowed))})",
                    t,
                    line,
                )


def check_required(catalog: Catalog) -> Iterator[Finding]:
    """The code, the warning and each required field must be used."""
    for t in _parsed(catalog):
        used = {name for name, _ in variables(t.source)}
        # The amount is always shown with its currency, so {{ currency }} is not needed.
        needed = (catalog.operations[t.operation].required - {"currency"}) | {"code", "warning"}
        for name in sorted(needed - used):
            yield _finding("required", "error", f"{{{{ {name} }}}} is never used", t)


def _bad_characters(text: str) -> list[str]:
    return sorted(
        {
            f"U+{ord(ch):04X}"
            for ch in text
            if ch != "\n" and ch not in _DIRECTION_MARKS and unicodedata.category(ch) in _BAD_FIXED
        }
    )


def check_fixed_text(catalog: Catalog) -> Iterator[Finding]:
    """Control, format (bidi, zero-width) or unassigned characters in fixed text."""
    for locale_set in catalog.locales.values():
        bad = _bad_characters(locale_set.warning)
        if bad:
            yield _warning_finding("fixed-text", f"warning holds {', '.join(bad)}", locale_set)
    for t in _parsed(catalog):
        bad = _bad_characters(fixed_text(t.source))
        if bad:
            yield _finding("fixed-text", "error", f"fixed text holds {', '.join(bad)}", t)


def check_lures(catalog: Catalog) -> Iterator[Finding]:
    """URLs, addresses, phone numbers and digit runs in fixed text."""
    for locale_set in catalog.locales.values():
        for lure in find_lures(locale_set.warning):
            yield _warning_finding("lure", f"warning holds {lure!r}", locale_set)
    for t in _parsed(catalog):
        for lure in find_lures(fixed_text(t.source)):
            yield _finding(
                "lure", "error", f"fixed text holds {lure!r}; links and numbers are not allowed", t
            )


def check_chinese_signature(catalog: Catalog) -> Iterator[Finding]:
    """【】 only as the leading signature; Chinese bodies name the code 验证码."""
    for locale_set in catalog.locales.values():
        if "【" in locale_set.warning or "】" in locale_set.warning:
            yield _warning_finding("chinese-signature", "the warning holds 【】", locale_set)
    for t in _templates(catalog):
        body = (
            _SIGNATURE.sub("", t.source, count=1)
            if t.source.lstrip().startswith("{%")
            else t.source
        )
        if "【" in body or "】" in body:
            yield _finding(
                "chinese-signature",
                "error",
                "【】 may only open the message, as {% if brand %}【{{ brand }}】{% endif %}",
                t,
            )
        word = _CHINESE_CODE_WORD.get(t.locale)
        if word and word not in t.source:
            yield _finding("chinese-signature", "error", f"a Chinese code message says {word}", t)


def check_glossary(catalog: Catalog) -> Iterator[Finding]:
    """Each template uses its locale's word for the code and its operation's verb; the
    warning names the staff."""
    for locale_set in catalog.locales.values():
        glossary = locale_set.glossary
        if locale_set.unfinished:
            continue  # the unfinished rule says what is left to translate
        if glossary is None:
            yield Finding(
                "glossary",
                "warning",
                "locale.toml has no [glossary] (code, staff and the verb of each operation)",
                locale_set.id,
                file=str(locale_set.path / "locale.toml"),
            )
            continue
        if glossary.staff not in locale_set.warning:
            yield _warning_finding(
                "glossary", f"the warning does not name the staff ({glossary.staff!r})", locale_set
            )
        for t in locale_set.templates.values():
            text = t.source
            verb = glossary.verbs.get(t.operation)
            if verb is None:
                yield _finding("glossary", "warning", "[glossary.verbs] has no verb for it", t)
            elif verb not in text:
                yield _finding("glossary", "error", f"does not use the glossary verb {verb!r}", t)
            if glossary.code not in text:
                yield _finding("glossary", "error", f"does not call the code {glossary.code!r}", t)


def check_unfinished(catalog: Catalog) -> Iterator[Finding]:
    """Files that ``otpmsg new-locale`` created and nobody translated yet."""
    for locale_set in catalog.locales.values():
        if UNTRANSLATED in locale_set.warning:
            yield _warning_finding("unfinished", "the warning is not translated yet", locale_set)
        glossary = locale_set.glossary
        if glossary and any(
            UNTRANSLATED in term
            for term in (glossary.code, glossary.staff, *glossary.verbs.values())
        ):
            yield _warning_finding("unfinished", GLOSSARY_UNFINISHED, locale_set)
        for t in locale_set.templates.values():
            if UNTRANSLATED in t.source:
                yield _finding(
                    "unfinished",
                    "error",
                    "not translated yet (remove the marker line when done)",
                    t,
                )


def check_coverage(catalog: Catalog, default_locale: str = "en") -> Iterator[Finding]:
    """Each operation in each locale, or the fallback it will use."""
    for locale_set in catalog.locales.values():
        for op in sorted(catalog.operations.keys() - locale_set.templates.keys()):
            if locale_set.id == default_locale:
                yield Finding(
                    "coverage",
                    "error",
                    "the default locale must cover every operation",
                    locale_set.id,
                    op,
                    str(locale_set.path),
                )
            else:
                yield Finding(
                    "coverage",
                    "warning",
                    f"no template; falls back to {default_locale}",
                    locale_set.id,
                    op,
                    str(locale_set.path),
                )


class Subject(Protocol):
    """What the render rules need of a Renderer (``otpmsg.Renderer`` is one)."""

    @property
    def max_segments(self) -> int: ...

    @property
    def brand(self) -> str | None: ...

    @property
    def origin(self) -> str | None: ...

    @property
    def max_valid_minutes(self) -> int | None: ...

    def operations(self) -> Mapping[str, Operation]: ...

    def _runtime(self, locale: str) -> LocaleRuntime: ...

    def render(self, operation: str, *, code: str, **kwargs: Any) -> Any: ...


#: Masked account, phone and count of the placement rule: each differs from the others
#: and from the worst-case amount and code, so that one cannot stand in for another.
_DISTINCT = {"account": "4711", "phone": "+999 ***5813"}
_DISTINCT_COUNT = 24680


def _compose(
    subject: Subject, t: TemplateSource, fields: Mapping[str, str], brand: str | None
) -> str:
    runtime, op = subject._runtime(t.locale), subject.operations()[t.operation]
    return compose_text(runtime, op, fields, brand, origin=subject.origin, code=WORST_CODE)


def check_placement(subject: Subject, templates: Iterable[TemplateSource]) -> Iterator[Finding]:
    """With every combination of optional fields: the code exactly once, and the warning
    and every value given verbatim before it (``otpmsg._compose.compose``)."""
    for t in templates:
        runtime = subject._runtime(t.locale)
        op = subject.operations()[t.operation]
        full = worst_fields(runtime, op, subject.max_valid_minutes) | {
            k: v for k, v in _DISTINCT.items() if k in op.fields
        }
        if "count" in op.fields:
            full["count"] = runtime.shown(format_count(_DISTINCT_COUNT, runtime.babel))
        optional = sorted(op.optional | {"brand", "valid_for"})
        for present in itertools.product((False, True), repeat=len(optional)):
            on = {name for name, flag in zip(optional, present, strict=True) if flag}
            shown = {k: v for k, v in full.items() if k in on or k not in optional}
            try:
                _compose(subject, t, shown, WORST_BRAND if "brand" in on else None)
            except OtpmsgError as exc:
                with_ = ", ".join(sorted(on)) or "no optional field"
                yield _finding("placement", "error", f"with {with_}: {exc}", t)
                break


def worst_texts(subject: Subject, t: TemplateSource) -> tuple[dict[str, str], str, str]:
    """The worst case of a template as start-up measures it (an 11-character brand, the
    subject's origin line): its display values, and its text with and without the validity.
    """
    runtime = subject._runtime(t.locale)
    fields = worst_fields(runtime, subject.operations()[t.operation], subject.max_valid_minutes)
    brand = worst_brand(subject.brand)
    full = _compose(subject, t, fields, brand)
    return fields, full, _compose(subject, t, {**fields, "valid_for": ""}, brand)


def check_budget(subject: Subject, templates: Iterable[TemplateSource]) -> Iterator[Finding]:
    """The worst case fits the budget (at least with the validity dropped, the last step
    of fitting); report the worst case's size. (Typical sizes are the review page's and
    ``otpmsg check``'s table: rendering them here would load phone data at start-up.)"""
    for t in templates:
        try:
            _, worst_text, short_text = worst_texts(subject, t)
            worst, short = measure(worst_text), measure(short_text)
        except OtpmsgError as exc:
            yield _finding("budget", "error", f"sample render failed: {exc}", t)
            continue
        budget = subject.max_segments
        if short.segments > budget:
            yield _finding(
                "budget",
                "error",
                f"worst case needs {short.segments} segments ({short.encoding}, {short.units}"
                f" units) even without the validity; the budget is {budget}"
                + (_forcing(short_text, budget) if _latin(t.locale) else ""),
                t,
            )
        note = "" if worst.segments <= budget else " (fits by dropping the validity)"
        yield _finding(
            "budget",
            "info",
            f"worst {worst.segments} segment(s) ({worst.encoding}, {worst.units} units){note}",
            t,
        )


def _size(msg: object) -> str:
    info = measure(str(getattr(msg, "text", "")))
    return f"{info.segments} segment(s) ({info.encoding}, {info.units} units)"


def _forcing(text: str, budget: int) -> str:
    """What forced UCS-2, where, and what it costs, when GSM-7 would have fitted."""
    info = measure(text)
    if info.encoding != "UCS-2" or not info.non_gsm:
        return ""
    as_gsm = measure(text.translate(dict.fromkeys(map(ord, info.non_gsm), "?")))
    if as_gsm.segments > budget:
        return ""
    where = ", ".join(
        f"{ch!r} (U+{ord(ch):04X}) at {', '.join(str(i) for i in _positions(text, ch)[:3])}"
        for ch in info.non_gsm[:8]
    )
    return (
        f"; UCS-2 was forced by {where}: in GSM-7 it would take {as_gsm.segments}"
        f" segment(s) ({as_gsm.units} septets)"
    )


def _latin(locale: str) -> bool:
    return parse_locale(locale).script == "Latn"


def _positions(text: str, ch: str) -> list[int]:
    return [i for i, c in enumerate(text) if c == ch]


def check_ucs2_fixed_text(
    subject: Subject, templates: Iterable[TemplateSource]
) -> Iterator[Finding]:
    """Latin-script fixed text that forces UCS-2, and the segments it costs."""
    for t in templates:
        if not _latin(t.locale):
            continue
        runtime = subject._runtime(t.locale)
        fixed = fixed_text(t.source) + runtime.warning
        forcing = measure(fixed).non_gsm
        if not forcing:
            continue
        op = subject.operations()[t.operation]
        try:
            text = str(subject.render(t.operation, **typical_inputs(runtime, op)).text)
        except OtpmsgError:
            continue  # the budget rule reports it
        as_gsm = measure(text.translate(dict.fromkeys(map(ord, forcing), "?")))
        where = ", ".join(f"{ch!r} at {_positions(fixed, ch)[0]}" for ch in forcing[:8])
        yield _finding(
            "ucs2-fixed-text",
            "warning",
            f"fixed text forces UCS-2 with {where}: a typical message costs"
            f" {measure(text).segments} segment(s) instead of {as_gsm.segments}",
            t,
        )


CATALOG_RULES: tuple[CatalogRule, ...] = (
    check_syntax,
    check_sandbox,
    check_variables,
    check_required,
    check_fixed_text,
    check_lures,
    check_chinese_signature,
    check_glossary,
    check_unfinished,
)
RENDER_RULES: tuple[RenderRule, ...] = (check_placement, check_budget, check_ucs2_fixed_text)
#: Rules whose errors mean a template cannot be rendered at all: the render rules skip it.
_BLOCKING = frozenset({"syntax", "sandbox", "variables"})


def catalog_findings(catalog: Catalog, default_locale: str) -> list[Finding]:
    """Loading problems and every catalog rule, in order."""
    findings = list(catalog.findings)
    for locale_set in catalog.locales.values():
        findings.extend(locale_set.findings)
    for rule in CATALOG_RULES:
        findings.extend(rule(catalog))
    findings.extend(check_coverage(catalog, default_locale))
    return findings


def locale_findings(
    subject: Subject, catalog: Catalog, locale: str, default_locale: str
) -> list[Finding]:
    """Every start-up rule for one locale, in one pass: the catalog rules, then the render
    rules for each template that can be rendered (no syntax, sandbox or variable error)."""
    locale_set = catalog.locales[locale]
    one = Catalog(catalog.root, catalog.operations, {locale: locale_set}, ())
    findings = catalog_findings(one, default_locale)
    blocked = {f.operation for f in findings if f.rule in _BLOCKING and f.severity == "error"}
    if not locale_set.warning:
        return findings  # nothing can be composed without the warning
    templates = [t for t in locale_set.templates.values() if t.operation not in blocked]
    for rule in RENDER_RULES:
        findings.extend(rule(subject, templates))
    return findings


def check_approval(catalog: Catalog) -> Iterator[Finding]:
    """Templates changed since approval, or never approved (``otpmsg check`` only)."""
    path = str(catalog.root / APPROVALS_FILE)
    try:
        approvals = read_approvals(catalog.root)
    except ApprovalsError as exc:
        yield Finding("approval", "error", str(exc), file=path)
        return
    statuses = approval_status(catalog, approvals)
    if approvals is None:
        if statuses:
            yield Finding(
                "approval",
                "warning",
                f"no {APPROVALS_FILE}: none of the {len(statuses)} templates is approved yet"
                " (review them, then run otpmsg approve --by NAME)",
                file=path,
            )
        return
    for (locale, operation), status in sorted(statuses.items()):
        t = catalog.locales[locale].templates[operation]
        if status.state == "unapproved":
            yield _finding("approval", "error", "never approved (otpmsg review, then approve)", t)
        elif status.state == "changed" and status.approval is not None:
            what = (
                "the file"
                if status.approval.source != t.fingerprint
                else "its operation's declaration in operations.toml or the locale's warning"
            )
            yield _finding(
                "approval",
                "error",
                f"{what} changed since approved by {status.approval.by} on"
                f" {status.approval.date.isoformat()}",
                t,
            )


#: Rules that ``otpmsg check`` runs besides the start-up rules.
REVIEW_RULES: tuple[CatalogRule, ...] = (check_approval, check_stale)
