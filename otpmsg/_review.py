"""The review page: every template of every locale, as a compliance officer reads it.

:func:`samples` renders each template with typical and with worst-case inputs (the same
inputs as the ``budget`` rule, so the figures match ``otpmsg check``). :func:`html_page`
turns them into one self-contained HTML page (inline CSS, no scripts, no external assets,
readable when printed) and :func:`markdown` into plain text for diffs. Both are
deterministic: the same folder gives the same bytes. Every piece of text that comes from a
template folder is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from babel import Locale

from otpmsg._approvals import Status
from otpmsg._catalog import Finding, Operation, TemplateSource
from otpmsg._locales import parse_locale
from otpmsg._render import Renderer
from otpmsg._samples import WORST_CODE, typical_inputs
from otpmsg._segments import SegmentInfo, is_gsm, measure

__all__ = ["Sample", "Text", "html_page", "markdown", "samples", "size_table"]


@dataclass(frozen=True, slots=True)
class Text:
    """One rendered sample and the parts to highlight in it."""

    text: str
    info: SegmentInfo
    code: str
    amount: str | None


@dataclass(frozen=True, slots=True)
class Sample:
    """One locale and operation: its template, its typical and worst-case texts, its status."""

    locale: str
    operation: Operation
    template: TemplateSource
    warning: str
    typical: Text
    worst: Text
    status: Status | None
    findings: tuple[Finding, ...]

    @property
    def fallback(self) -> bool:
        """True when the locale has no template and the default locale's is used."""
        return self.template.locale != self.locale

    @property
    def anchor(self) -> str:
        """The id of the sample's section in the HTML page."""
        return f"{self.locale}--{self.operation.id}"


def samples(
    renderer: Renderer,
    statuses: Mapping[tuple[str, str], Status],
    findings: Iterable[Finding] = (),
    locales: Sequence[str] | None = None,
) -> list[Sample]:
    """Render every locale and operation (operations in ``operations.toml`` order)."""
    catalog = renderer._catalog
    by_template: dict[tuple[str | None, str | None], list[Finding]] = {}
    for f in findings:
        if f.severity == "info":
            continue
        by_template.setdefault((f.locale, f.operation), []).append(f)
    result = []
    for locale in renderer.locales():
        if (locales is not None and locale not in locales) or _broken(renderer, locale):
            continue  # a locale with errors renders nothing; its findings say why
        for op in renderer.operations().values():
            served = (
                locale if op.id in catalog.locales[locale].templates else renderer.default_locale
            )
            template = catalog.locales[served].templates[op.id]
            # A fallback reads as its own locale.
            kwargs = typical_inputs(renderer._runtime(served), op)
            msg = renderer.render(op.id, **kwargs)
            worst, fields, _ = renderer._worst_case(locale, op.id)
            result.append(
                Sample(
                    locale=locale,
                    operation=op,
                    template=template,
                    warning=renderer._runtime(served).warning,
                    typical=Text(msg.text, msg.info, kwargs["code"], msg.fields.get("amount")),
                    worst=Text(worst, measure(worst), WORST_CODE, fields.get("amount")),
                    status=statuses.get((served, op.id)),
                    findings=tuple(by_template.get((locale, op.id), ())),
                )
            )
    return result


def _broken(renderer: Renderer, locale: str) -> bool:
    served = (locale, renderer.default_locale)
    return any(f.severity == "error" for name in served for f in renderer._validated(name))


def size_table(items: Sequence[Sample], budget: int) -> str:
    """Typical/worst segments as a compact operation-by-locale table, for ``otpmsg check``."""
    locales = sorted({s.locale for s in items})
    operations = list(dict.fromkeys(s.operation.id for s in items))
    cell = {
        (s.locale, s.operation.id): f"{s.typical.info.segments}/{s.worst.info.segments}"
        + ("*" if s.worst.info.encoding == "UCS-2" else "")
        for s in items
    }
    first = max((len(op) for op in operations), default=9)
    widths = [max(len(loc), 4) for loc in locales]
    lines = [
        f"segments, typical/worst (budget {budget}; * UCS-2):",
        " ".join([" " * first, *(loc.rjust(w) for loc, w in zip(locales, widths, strict=True))]),
    ]
    for op in operations:
        row = (cell[loc, op].rjust(w) for loc, w in zip(locales, widths, strict=True))
        lines.append(" ".join([op.ljust(first), *row]))
    return "\n".join(lines)


# --- helpers ---------------------------------------------------------------------------------


def _direction(locale: str) -> str:
    return "rtl" if Locale.parse(locale).text_direction == "rtl" else "ltr"


def _bcp47(locale: str) -> str:
    return locale.replace("_", "-")


def _spans(t: Text, warning: str) -> list[tuple[str | None, str]]:
    """Split a text into (role, chunk) runs: warning, code, amount or plain (None)."""
    found: list[tuple[int, int, str]] = []
    w = t.text.find(warning) if warning else -1
    if w >= 0:
        found.append((w, w + len(warning), "warning"))
    c = t.text.find(t.code, w + len(warning) if w >= 0 else 0)
    if c >= 0:
        found.append((c, c + len(t.code), "code"))
    if t.amount:
        a = t.text.find(t.amount)
        if a >= 0:
            found.append((a, a + len(t.amount), "amount"))
    result: list[tuple[str | None, str]] = []
    at = 0
    for start, end, role in sorted(found):
        if start < at:
            continue  # overlaps a span already marked
        if start > at:
            result.append((None, t.text[at:start]))
        result.append((role, t.text[start:end]))
        at = end
    if at < len(t.text):
        result.append((None, t.text[at:]))
    return result


def _nongsm_runs(chunk: str) -> list[tuple[bool, str]]:
    runs: list[tuple[bool, str]] = []
    for ch in chunk:
        flag = not is_gsm(ch)
        if runs and runs[-1][0] == flag:
            runs[-1] = (flag, runs[-1][1] + ch)
        else:
            runs.append((flag, ch))
    return runs


def _codepoints(chars: Iterable[str]) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in chars)


def _show_nongsm(locale: str) -> bool:
    """Mark non-GSM characters where they are a surprise: in Latin-script locales."""
    return parse_locale(locale).script == "Latn"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _size(info: SegmentInfo) -> str:
    return f"{info.encoding}, {info.units} units, {_plural(info.segments, 'segment')}"


def _approval(s: Sample) -> str:
    if s.status is None:
        return "not approved"
    return s.status.describe()


def _state(s: Sample) -> str:
    return s.status.state if s.status is not None else "unapproved"


def _short_approval(s: Sample) -> str:
    return {"approved": "yes", "changed": "CHANGED", "unapproved": "no"}[_state(s)]


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --line: #c8c8c8; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); margin: 2rem auto; max-width: 62rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--ink); margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .2rem .45rem; text-align: left;
  vertical-align: top; }
th { background: #eee; }
table.matrix { width: auto; font-size: .85rem; }
table.matrix th.op { vertical-align: bottom; padding: .3rem .1rem; }
table.matrix th.op span { writing-mode: vertical-rl; transform: rotate(180deg);
  white-space: nowrap; }
table.matrix td.cell { text-align: center; white-space: nowrap; padding: .15rem .3rem;
  font-variant-numeric: tabular-nums; }
table.matrix a, .change h3 a { color: inherit; text-decoration: none; }
.cell.c1 { background: #d9f2d9; } .cell.c2 { background: #fff0b3; }
.cell.c3 { background: #ffd0a8; } .cell.over { background: #ffb3b3; font-weight: 700; }
span.cell { padding: 0 .3em; border: 1px solid var(--line); }
.m-unapproved { color: #a00000; font-weight: 700; margin-left: .15em; }
.m-stale { color: #5b2a86; font-weight: 700; margin-left: .15em; }
.m-fallback { color: var(--muted); font-size: .75em; margin-left: .15em; }
.muted, .meta { color: var(--muted); font-size: .85rem; }
.message { border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem;
  margin: 1rem 0; }
.sms { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 4px solid var(--line);
  background: #fafafa; padding: .4rem .7rem; margin: .2rem 0 .7rem; font-size: 1rem; }
.sms[dir="rtl"] { border-left: 0; border-right: 4px solid var(--line); }
pre.source { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext;
  background: #f3f3f3; padding: .4rem .7rem; font-size: .85rem; margin: .2rem 0; }
code.fp { font-size: .8rem; overflow-wrap: anywhere; }
mark { color: inherit; padding: 0 .1em; border-radius: 2px; }
mark.warning { background: #fff2b3; border-bottom: 2px solid #b38f00; }
mark.code { background: #cfe8ff; font-weight: 700; outline: 1px solid #2a6db3; }
mark.amount { background: #d6f5d6; border-bottom: 3px double #2b7a2b; }
mark.nongsm { background: #ffd1d1; outline: 1px dashed #b30000; }
del { background: #ffd6d6; text-decoration: line-through; }
ins { background: #c9f2c9; text-decoration: underline; }
.change { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .8rem;
  margin: .6rem 0; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; }
.pair p.meta { margin: 0; }
.state-approved { color: #1d6b1d; font-weight: 600; }
.state-changed, .state-unapproved, .sev-error { color: #a00000; font-weight: 700; }
td.state-approved, td.state-changed, td.state-unapproved { color: inherit; font-weight: 400; }
.sev-warning { color: #8a5a00; font-weight: 600; }
@page { size: A4; margin: 9mm 8mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 7pt; line-height: 1.2; }
  h1 { font-size: 12pt; margin: 0 0 1mm; }
  h2 { font-size: 9pt; margin: 2mm 0 1mm; border-bottom-width: 1px; }
  h3 { font-size: 7.5pt; margin: 0 0 .5mm; }
  p { margin: .5mm 0; }
  .muted, .meta { font-size: 6.5pt; }
  a { color: inherit; text-decoration: none; }
  table.matrix { font-size: 6.5pt; }
  table.matrix td.cell { padding: 0 .15rem; }
  table.matrix tr { break-inside: avoid; }
  .cards { columns: 2; column-gap: 4mm; }
  .message { break-inside: avoid; page-break-inside: avoid; margin: 0 0 1.5mm;
    padding: 1mm 1.5mm; border-radius: 0; }
  .sms { font-size: 7pt; padding: .5mm 1.5mm; margin: .3mm 0 .8mm; }
  pre.source { font-size: 6pt; padding: .5mm 1.5mm; margin: .3mm 0; }
  code.fp { font-size: 5.5pt; }
  ul { margin: .5mm 0; padding-left: 4mm; }
  .change { break-inside: avoid; padding: 1mm 1.5mm; margin: 0 0 1.5mm; }
  mark, th, td, .sms, pre.source, del, ins, .cell {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _marked(t: Text, warning: str, locale: str) -> str:
    nongsm = _show_nongsm(locale)
    out = []
    for role, chunk in _spans(t, warning):
        if nongsm:
            inner = "".join(
                f'<mark class="nongsm" title="{_e(_codepoints(run))}">{_e(run)}</mark>'
                if flag
                else _e(run)
                for flag, run in _nongsm_runs(chunk)
            )
        else:
            inner = _e(chunk)
        out.append(f'<mark class="{role}">{inner}</mark>' if role else inner)
    return "".join(out)


def _nongsm_note(t: Text, locale: str) -> str:
    if not t.info.non_gsm:
        return ""
    if _show_nongsm(locale):
        chars = ", ".join(f"{ch} ({_codepoints(ch)})" for ch in t.info.non_gsm)
        return f"; non-GSM: {chars}"
    return "; the script is outside GSM-7"


def _html_text(label: str, t: Text, s: Sample) -> str:
    lang, d = _bcp47(s.template.locale), _direction(s.template.locale)
    return (
        f'<p class="meta">{_e(label)}: {_e(_size(t.info) + _nongsm_note(t, s.locale))}</p>\n'
        f'<div class="sms" lang="{_e(lang)}" dir="{d}">{_marked(t, s.warning, s.locale)}</div>\n'
    )


def _html_findings(findings: Iterable[Finding]) -> str:
    items = [
        f'<li><span class="sev-{_e(f.severity)}">{_e(f.severity)}</span> {_e(f.rule)}: '
        f"{_e(f.message)}{_e(f' (line {f.line})' if f.line else '')}</li>"
        for f in findings
    ]
    return f"<ul>\n{''.join(items)}\n</ul>\n" if items else ""


def _html_section(s: Sample) -> str:
    op = s.operation
    fields = ", ".join(sorted(op.required)) or "none"
    optional = ", ".join(sorted(op.optional)) or "none"
    fallback = (
        f'<p class="sev-warning">No {_e(s.locale)} template: the {_e(s.template.locale)} one'
        " is sent.</p>\n"
        if s.fallback
        else ""
    )
    return (
        f'<section class="message" id="{_e(s.anchor)}">\n'
        f"<h3>{_e(s.locale)} · {_e(op.id)} — {_e(op.summary)}</h3>\n"
        f'<p class="meta">Required: {_e(fields)}. Optional: {_e(optional)}.</p>\n'
        f"{fallback}"
        + _html_text("Typical input", s.typical, s)
        + _html_text("Worst case", s.worst, s)
        + f'<p class="meta">Template {_e(s.template.locale)}/{_e(op.id)}.txt, SHA-256 '
        f'<code class="fp">{_e(s.template.fingerprint)}</code></p>\n'
        # Template syntax reads left to right, even around right-to-left text.
        f'<pre class="source" lang="{_e(_bcp47(s.template.locale))}" dir="ltr">'
        f"{_e(s.template.source)}</pre>\n"
        f'<p>Approval: <span class="state-{_state(s)}">{_e(_approval(s))}</span>'
        + (
            f' <span class="meta">(fingerprint <code class="fp">{_e(s.status.fingerprint)}</code>)'
            "</span>"
            if s.status
            else ""
        )
        + "</p>\n"
        + _html_findings(s.findings)
        + "</section>\n"
    )


def _stale(s: Sample, stale_locales: frozenset[str]) -> bool:
    return s.locale in stale_locales or any(f.rule == "stale" for f in s.findings)


def _cost(s: Sample, budget: int) -> str:
    worst = s.worst.info.segments
    return "over" if worst > budget else f"c{min(worst, 3)}"


def _html_matrix(items: Sequence[Sample], budget: int, stale_locales: frozenset[str]) -> str:
    """Locales down, operations across: typical/worst segments, approval and staleness."""
    operations = list(dict.fromkeys(s.operation.id for s in items))
    by_locale: dict[str, dict[str, Sample]] = {}
    for item in items:
        by_locale.setdefault(item.locale, {})[item.operation.id] = item
    head = "".join(f'<th scope="col" class="op"><span>{_e(op)}</span></th>' for op in operations)
    rows = []
    for locale, cells in by_locale.items():
        tds = []
        for op in operations:
            s = cells.get(op)
            if s is None:
                tds.append("<td></td>")
                continue
            marks = []
            if _state(s) != "approved":
                marks.append(
                    '<span class="m-unapproved" title="not approved">'
                    + ("Δ" if _state(s) == "changed" else "✗")
                    + "</span>"
                )
            if _stale(s, stale_locales):
                marks.append('<span class="m-stale" title="stale translation">⟳</span>')
            if s.fallback:
                marks.append(
                    f'<span class="m-fallback" title="{_e(s.template.locale)} sent">fb</span>'
                )
            title = (
                f"{s.locale} {op}: typical {_size(s.typical.info)}; worst {_size(s.worst.info)};"
                f" {_approval(s)}"
            )
            tds.append(
                f'<td class="cell {_cost(s, budget)} state-{_state(s)}" title="{_e(title)}">'
                f'<a href="#{_e(s.anchor)}">{s.typical.info.segments}/{s.worst.info.segments}'
                f"{''.join(marks)}</a></td>"
            )
        rows.append(
            f'<tr><th scope="row"><a href="#locale-{_e(locale)}">{_e(locale)}</a></th>'
            + "".join(tds)
            + "</tr>"
        )
    return (
        '<table class="matrix">\n<thead><tr><th scope="col">locale</th>'
        + head
        + "</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
        + '<p class="legend muted">Each cell: segments with typical / worst-case inputs'
        f' (budget {budget}). <span class="cell c1">1</span> <span class="cell c2">2</span>'
        ' <span class="cell c3">3+</span> <span class="cell over">over budget</span>'
        ' worst-case segments. <span class="m-unapproved">✗</span> never approved,'
        ' <span class="m-unapproved">Δ</span> changed since approval,'
        ' <span class="m-stale">⟳</span> stale translation (its source changed),'
        ' <span class="m-fallback">fb</span> no template: the default locale\'s is sent.</p>\n'
    )


_TOKEN = re.compile(r"[^\W_]+|\s+|.", re.DOTALL)


def _ideographic(ch: str) -> bool:
    return 0x3040 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF or 0xAC00 <= ord(ch) <= 0xD7AF


def _tokens(text: str) -> list[str]:
    """Words, spaces and single characters; ideographic runs one character at a time."""
    out: list[str] = []
    for token in _TOKEN.findall(text):
        if len(token) > 1 and any(_ideographic(ch) for ch in token):
            out.extend(token)
        else:
            out.append(token)
    return out


def _diff(old: str, new: str) -> tuple[str, str]:
    """Both texts as HTML, with what was removed in ``<del>`` and what was added in ``<ins>``."""
    a, b = _tokens(old), _tokens(new)
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        was, now = _e("".join(a[i1:i2])), _e("".join(b[j1:j2]))
        if tag == "equal":
            left.append(was)
            right.append(now)
            continue
        if was:
            left.append(f"<del>{was}</del>")
        if now:
            right.append(f"<ins>{now}</ins>")
    return "".join(left), "".join(right)


def _changed(items: Sequence[Sample]) -> list[Sample]:
    return [
        s
        for s in items
        if not s.fallback
        and s.status is not None
        and s.status.state == "changed"
        and s.status.approval is not None
    ]


def _html_changes(items: Sequence[Sample]) -> str:
    changed = _changed(items)
    if not changed:
        return ""
    parts = [
        '<h2 id="changed">Changed since approval</h2>\n<p class="muted">The message with typical'
        " inputs as approved, beside today's: <del>removed</del>, <ins>added</ins>.</p>\n"
    ]
    for s in changed:
        assert s.status is not None
        assert s.status.approval is not None
        lang, d = _e(_bcp47(s.template.locale)), _direction(s.template.locale)
        head = (
            f'<h3><a href="#{_e(s.anchor)}">{_e(s.locale)} · {_e(s.operation.id)}</a></h3>\n'
            f'<p class="meta">{_e(s.status.describe())}</p>\n'
        )
        if s.status.approval.text is None:
            parts.append(
                f'<div class="change">{head}<p class="meta">The approved text was not'
                " recorded (approved before otpmsg kept it); compare with the card.</p></div>\n"
            )
            continue
        was, now = _diff(s.status.approval.text, s.typical.text)
        parts.append(
            f'<div class="change">{head}<div class="pair">'
            f'<div><p class="meta">Approved</p><div class="sms" lang="{lang}" dir="{d}">{was}'
            f'</div></div><div><p class="meta">Now</p><div class="sms" lang="{lang}"'
            f' dir="{d}">{now}</div></div></div></div>\n'
        )
    return "".join(parts)


def _intro(items: Sequence[Sample], folder: str, budget: int) -> list[str]:
    states = [_state(s) for s in items if not s.fallback]
    return [
        f"Template folder: {folder}. {_plural(len({s.locale for s in items}), 'locale')},"
        f" {_plural(len({s.operation.id for s in items}), 'operation')}, budget"
        f" {_plural(budget, 'segment')} per message.",
        f"Templates approved: {states.count('approved')} of {len(states)}"
        f" ({states.count('changed')} changed since approval,"
        f" {states.count('unapproved')} never approved).",
        "Typical texts use sample inputs; worst-case texts use the longest code (10 digits),"
        " the largest amount, the longest validity and each untrusted value (payee, merchant,"
        " product, device) at its shortest allowed length. The approval fingerprint is SHA-256"
        " over the template file, its operation's declaration and the locale's warning.",
    ]


def html_page(
    items: Sequence[Sample], *, folder: str, budget: int, findings: Sequence[Finding] = ()
) -> str:
    """The review page as one self-contained HTML document."""
    stale_locales = frozenset(
        f.locale for f in findings if f.rule == "stale" and f.operation is None and f.locale
    )
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>otpmsg review: {_e(folder)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>One-time-code messages: review</h1>\n",
        "".join(f'<p class="muted">{_e(line)}</p>\n' for line in _intro(items, folder, budget)),
        '<p class="muted">Highlighted: <mark class="warning">warning</mark> '
        '<mark class="code">code</mark> <mark class="amount">amount</mark> '
        '<mark class="nongsm">non-GSM character</mark> (marked in Latin-script locales, where'
        " one such character makes the whole text UCS-2).</p>\n",
        '<h2 id="summary">Summary</h2>\n',
        _html_matrix(items, budget, stale_locales),
        _html_changes(items),
    ]
    general = [f for f in findings if f.severity != "info" and f.operation is None]
    if general:
        parts += ['<h2 id="findings">Findings for the folder</h2>\n', _html_findings(general)]
    current = None
    for s in items:
        if s.locale != current:
            if current is not None:
                parts.append("</div>\n")
            current = s.locale
            name = Locale.parse(s.locale).get_display_name("en") or s.locale
            parts.append(
                f'<h2 class="locale" id="locale-{_e(s.locale)}">{_e(s.locale)}: {_e(name)}</h2>\n'
                '<div class="cards">\n'
            )
        parts.append(_html_section(s))
    if current is not None:
        parts.append("</div>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


# --- Markdown --------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _indented(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))


def markdown(
    items: Sequence[Sample], *, folder: str, budget: int, findings: Sequence[Finding] = ()
) -> str:
    """The review as plain text (Markdown) for diffs: no markup inside the texts."""
    out = ["# One-time-code messages: review", ""]
    for line in _intro(items, folder, budget):
        out += [line, ""]
    out += [
        "## Summary",
        "",
        "| locale | operation | template | encoding | typical | worst | approved |",
        "|---|---|---|---|---:|---:|---|",
    ]
    for s in items:
        template = f"{s.template.locale} (fallback)" if s.fallback else s.template.locale
        out.append(
            f"| {_md_cell(s.locale)} | {_md_cell(s.operation.id)} | {_md_cell(template)}"
            f" | {s.worst.info.encoding} | {s.typical.info.segments} | {s.worst.info.segments}"
            f" | {_short_approval(s)} |"
        )
    changed = [s for s in _changed(items) if s.status and s.status.approval]
    if changed:
        out += ["", "## Changed since approval"]
    for s in changed:
        approved = s.status.approval.text if s.status and s.status.approval else None
        out += ["", f"{s.locale} / {s.operation.id}: {_approval(s)}", ""]
        if approved is None:
            out += ["Approved text not recorded.", ""]
        else:
            out += ["Approved:", "", _indented(approved), ""]
        out += ["Now:", "", _indented(s.typical.text)]
    general = [f for f in findings if f.severity != "info" and f.operation is None]
    if general:
        out += ["", "## Findings for the folder", ""]
        out += [f"- {f.severity} {f.rule}: {f.message}" for f in general]
    for s in items:
        out += ["", f"## {s.locale} / {s.operation.id}: {s.operation.summary}", ""]
        if s.fallback:
            out += [f"No {s.locale} template: the {s.template.locale} one is sent.", ""]
        for label, t in (("Typical input", s.typical), ("Worst case", s.worst)):
            out += [
                f"{label}: {_size(t.info)}{_nongsm_note(t, s.locale)}",
                "",
                _indented(t.text),
                "",
            ]
        out += [
            f"Template {s.template.locale}/{s.operation.id}.txt, SHA-256 {s.template.fingerprint}:",
            "",
            _indented(s.template.source.rstrip("\n")),
            "",
            f"Approval: {_approval(s)}",
        ]
        out += [f"- {f.severity} {f.rule}: {f.message}" for f in s.findings]
    return "\n".join(out) + "\n"
