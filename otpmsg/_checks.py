"""Template rules. Each rule is a small function that yields :class:`Finding` objects.

:class:`~otpmsg.Renderer` runs :data:`CATALOG_RULES`, the coverage rule and
:data:`RENDER_RULES` when it is built (unless it takes the recorded verdict of the very same
folder, see ``otpmsg._verdicts``) and refuses to start on any error; ``otpmsg check`` runs
the same functions, plus :data:`REVIEW_RULES`.

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
placement            error     code not exactly once, or warning missing or after the code,
                               with any combination of optional fields
budget               error     worst case over the budget (``info``: typical and worst counts)
ucs2-fixed-text      warning   Latin-script fixed text that forces UCS-2, and what it costs
approval             error     a template changed since it was approved (``otpmsg check`` only)
===================  ========  ================================================================
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from otpmsg._approvals import APPROVALS_FILE, ApprovalsError, approval_status, read_approvals
from otpmsg._catalog import (
    UNTRANSLATED,
    UNTRUSTED_FIELDS,
    Catalog,
    Finding,
    LocaleSet,
    Severity,
    TemplateSource,
)
from otpmsg._errors import OtpmsgError
from otpmsg._locales import parse_locale
from otpmsg._samples import UCS2_WORST_VALUE, WORST_CODE, typical_inputs, worst_fields
from otpmsg._sandbox import TemplateSyntaxError, fixed_text, parse, unsafe_nodes, variables
from otpmsg._segments import measure
from otpmsg._translations import check_stale
from otpmsg._values import find_lures

if TYPE_CHECKING:
    from otpmsg._render import Renderer

__all__ = [
    "CATALOG_RULES",
    "RENDER_RULES",
    "REVIEW_RULES",
    "catalog_findings",
    "check_approval",
    "check_coverage",
    "render_findings",
]

CatalogRule = Callable[[Catalog], Iterator[Finding]]
RenderRule = Callable[["Renderer"], Iterator[Finding]]

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


def check_unfinished(catalog: Catalog) -> Iterator[Finding]:
    """Files that ``otpmsg new-locale`` created and nobody translated yet."""
    for locale_set in catalog.locales.values():
        if UNTRANSLATED in locale_set.warning:
            yield _warning_finding("unfinished", "the warning is not translated yet", locale_set)
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


def check_placement(renderer: Renderer) -> Iterator[Finding]:
    """Code exactly once and the warning before it, with optional fields on and off."""
    for t in _templates(renderer.catalog):
        op = renderer.operations()[t.operation]
        full = worst_fields(renderer, t.locale, op)
        optional = sorted(op.optional | {"brand", "valid_for"})
        for present in itertools.product((False, True), repeat=len(optional)):
            on = {name for name, flag in zip(optional, present, strict=True) if flag}
            shown = {k: v for k, v in full.items() if k in on or k not in optional}
            try:
                renderer.compose(
                    t.locale, t.operation, WORST_CODE, shown, "ACME" if "brand" in on else None
                )
            except OtpmsgError as exc:
                yield _finding("placement", "error", str(exc), t)
                break


def check_budget(renderer: Renderer) -> Iterator[Finding]:
    """The worst case fits the budget; report typical and worst-case segments.

    For a GSM-7 locale the report adds the worst case when a value forces UCS-2 (a name
    in another script), which the budget does not promise to hold.
    """
    for t in _templates(renderer.catalog):
        op = renderer.operations()[t.operation]
        fields = worst_fields(renderer, t.locale, op)
        try:
            worst = measure(
                renderer.compose(
                    t.locale,
                    t.operation,
                    WORST_CODE,
                    fields,
                    renderer.brand,
                    origin=renderer.origin,
                )
            )
            typical = renderer.render(t.operation, **typical_inputs(renderer, t.locale, op))
        except OtpmsgError as exc:
            yield _finding("budget", "error", f"sample render failed: {exc}", t)
            continue
        budget = renderer.max_segments
        if worst.segments > budget:
            yield _finding(
                "budget",
                "error",
                f"worst case needs {worst.segments} segments ({worst.encoding}, {worst.units}"
                f" units); the budget is {budget}",
                t,
            )
        note = ""
        if renderer.runtime(t.locale).gsm and op.fields & set(UNTRUSTED_FIELDS):
            ucs2 = {k: UCS2_WORST_VALUE if k in UNTRUSTED_FIELDS else v for k, v in fields.items()}
            forced = measure(
                renderer.compose(
                    t.locale, t.operation, WORST_CODE, ucs2, renderer.brand, origin=renderer.origin
                )
            )
            note = f"; with a non-GSM value {forced.segments} ({forced.units} units)"
        yield _finding(
            "budget",
            "info",
            f"typical {typical.segments} segment(s) ({typical.encoding}, {typical.units} units),"
            f" worst {worst.segments} ({worst.encoding}, {worst.units} units){note}",
            t,
        )


def check_ucs2_fixed_text(renderer: Renderer) -> Iterator[Finding]:
    """Latin-script fixed text that forces UCS-2, and the segments it costs."""
    for t in _parsed(renderer.catalog):
        if parse_locale(t.locale).script != "Latn":
            continue
        fixed = fixed_text(t.source) + renderer.runtime(t.locale).warning
        forcing = measure(fixed).non_gsm
        if not forcing:
            continue
        op = renderer.operations()[t.operation]
        try:
            text = renderer.render(t.operation, **typical_inputs(renderer, t.locale, op)).text
        except OtpmsgError:
            continue  # the budget rule reports it
        as_gsm = measure(text.translate(dict.fromkeys(map(ord, forcing), "?")))
        yield _finding(
            "ucs2-fixed-text",
            "warning",
            f"fixed text forces UCS-2 with {' '.join(forcing)}: a typical message costs"
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
    check_unfinished,
)
RENDER_RULES: tuple[RenderRule, ...] = (check_placement, check_budget, check_ucs2_fixed_text)


def catalog_findings(catalog: Catalog, default_locale: str) -> list[Finding]:
    """Loading problems and every catalog rule, in order."""
    findings = list(catalog.findings)
    for rule in CATALOG_RULES:
        findings.extend(rule(catalog))
    findings.extend(check_coverage(catalog, default_locale))
    return findings


def render_findings(renderer: Renderer) -> list[Finding]:
    """Every rule that renders samples through ``renderer``."""
    return [finding for rule in RENDER_RULES for finding in rule(renderer)]


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
