"""India DLT export: each template as a content-template registration string.

Since the TRAI direction of November 2025 (TCCCPR 2018), every variable of a DLT content
template must be tagged by type; operators scrub each value against its tag and reject
messages that do not match. otpmsg uses two tags and applies these limits:

- ``{#numeric#}``: ASCII digits 0-9 only, no sign, space or separator. Used for the code
  (4 to 10 digits), the account (its last 4 digits) and the count.
- ``{#alphanumeric#}``: at most 40 characters. Used for the brand, amount, currency, payee,
  merchant, product, device, phone (masked) and validity. Some operators read it as letters
  and digits only; amounts (currency sign, separators), validity (``5 min``) and names
  hold spaces and punctuation, so confirm your operator's rule before registering.

A value longer than its limit, or with a character its tag does not allow, is rejected by DLT
scrubbing. Notes under each string flag what can break a limit: untrusted values (payee,
merchant, product, device) are shortened only to fit the segment budget unless the
Renderer caps them (``max_value_length=40``), and a count of 1,000 or more is written with
a grouping separator.

The fixed text is byte-exact to what ``render`` produces: each template is rendered through
:meth:`Renderer.compose` with a private-use sentinel per variable, and each sentinel is then
replaced by its slot. Optional fields: one string per combination of the operation's
optional fields (identical strings are given once); the brand and the validity are present
unless the caller says the messages go without them; a brand given by name is fixed text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from otpmsg._catalog import UNTRUSTED_FIELDS, Operation
from otpmsg._formatting import format_count
from otpmsg._render import Renderer
from otpmsg._segments import measure

__all__ = ["ALPHANUMERIC_MAX", "SLOTS", "DltTemplate", "dlt_header", "dlt_templates"]

NUMERIC = "{#numeric#}"
ALPHANUMERIC = "{#alphanumeric#}"
#: Longest value a ``{#alphanumeric#}`` slot accepts.
ALPHANUMERIC_MAX = 40
#: The slot of each variable.
SLOTS = {
    "code": NUMERIC,
    "account": NUMERIC,
    "count": NUMERIC,
    **dict.fromkeys(
        ("brand", "amount", "currency", "payee", "merchant", "product", "device", "phone"),
        ALPHANUMERIC,
    ),
    "valid_for": ALPHANUMERIC,
}
_SENTINEL = re.compile("\ue000([\ue001-\ue0ff])\ue000")


@dataclass(frozen=True, slots=True)
class DltTemplate:
    """One registration string: its text, the variables of its slots in order, notes."""

    locale: str
    operation: str
    text: str
    slots: tuple[str, ...]
    notes: tuple[str, ...]


def dlt_header(budget: int) -> str:
    """The comment block printed before the strings: tags, limits and choices."""
    return "\n".join(
        [
            "# otpmsg export --format dlt: India DLT content templates, one per message shape.",
            "# TRAI direction of November 2025: every variable is pre-tagged by type, and each",
            "# value is scrubbed against its tag. Limits applied here:",
            "#   {#numeric#}       digits 0-9 only: code (4-10 digits), account (last 4), count",
            f"#   {{#alphanumeric#}}  at most {ALPHANUMERIC_MAX} characters: brand, amount, payee,"
            " merchant,",
            "#                     product, device, phone, valid_for",
            "# Longer values, or characters a tag does not allow, are rejected by DLT scrubbing.",
            "# Some operators read {#alphanumeric#} as letters and digits only: amounts, validity",
            "# and names hold spaces and punctuation, so check your operator's rule first.",
            "# Fixed text is byte-exact to `otpmsg render`. One string per combination of the",
            "# operation's optional fields; brand and validity present unless --no-brand or",
            "# --no-valid-for (--brand NAME: the brand is fixed text). Untrusted values are",
            f"# shortened only to fit {budget} segment(s).",
        ]
    )


def _sentinel(i: int) -> str:
    return f"\ue000{chr(0xE001 + i)}\ue000"


def _shape(
    renderer: Renderer, locale: str, op: Operation, present: set[str], brand: bool | str
) -> tuple[str, tuple[str, ...]]:
    slot = brand is True
    names = sorted(present | {"code"} | ({"brand"} if slot else set()))
    sentinel = {name: _sentinel(i) for i, name in enumerate(names)}
    fields = {name: sentinel[name] for name in present}
    shown = sentinel["brand"] if slot else (brand if isinstance(brand, str) else None)
    text = renderer._compose(locale, op.id, sentinel["code"], fields, shown)
    back = {s: name for name, s in sentinel.items()}
    order = tuple(back[m.group(0)] for m in _SENTINEL.finditer(text))
    return _SENTINEL.sub(lambda m: SLOTS[back[m.group(0)]], text), order


def _capacity(encoding: str, budget: int) -> int:
    if encoding == "GSM-7":
        return 160 if budget == 1 else 153 * budget
    return 70 if budget == 1 else 67 * budget


def _notes(renderer: Renderer, locale: str, text: str, order: tuple[str, ...]) -> tuple[str, ...]:
    notes = []
    fixed = text.replace(NUMERIC, "").replace(ALPHANUMERIC, "")
    room = _capacity(measure(fixed).encoding, renderer.max_segments) - measure(fixed).units
    for name in dict.fromkeys(order):
        capped = renderer.max_value_length is not None and (
            renderer.max_value_length <= ALPHANUMERIC_MAX
        )
        if name in UNTRUSTED_FIELDS and room > ALPHANUMERIC_MAX and not capped:
            notes.append(
                f"{name} can be up to about {room} characters: otpmsg shortens it only to fit"
                f" {renderer.max_segments} segment(s), not to {ALPHANUMERIC_MAX}; use"
                f" Renderer(max_value_length={ALPHANUMERIC_MAX}) or DLT scrubbing will reject it"
            )
        elif name == "count":
            shown = format_count(1000, renderer._runtime(locale).babel)
            if not (shown.isascii() and shown.isdigit()):
                notes.append(
                    f"count is shown as {shown!r} from 1,000 on: not digits only, so counts of"
                    " 1,000 or more will be rejected by a {#numeric#} slot"
                )
    if "{#" in fixed or "#}" in fixed:
        notes.append("the fixed text holds '{#' or '#}', which DLT reads as a slot")
    return tuple(notes)


def dlt_templates(
    renderer: Renderer, locale: str, *, brand: bool | str = True, valid_for: bool = True
) -> list[DltTemplate]:
    """The registration strings of a locale's own templates (operations.toml order).

    ``brand``: True for a brand slot, False for messages without a brand, or the brand
    itself, which is then fixed text.
    """
    result = []
    for op in renderer.operations().values():
        if op.id not in renderer._catalog.locales[locale].templates:
            continue  # the default locale's template is sent; export it there
        optional = sorted(op.optional)
        seen: set[str] = set()
        for flags in itertools.product((True, False), repeat=len(optional)):
            present = set(op.required) | {n for n, f in zip(optional, flags, strict=True) if f}
            if valid_for:
                present.add("valid_for")
            text, order = _shape(renderer, locale, op, present, brand)
            if text in seen:
                continue
            seen.add(text)
            result.append(
                DltTemplate(locale, op.id, text, order, _notes(renderer, locale, text, order))
            )
    return result
