"""Composing one template with display values, and proving what the text shows.

This is the one place where a text is made: :class:`~otpmsg.Renderer` uses it for every
message, and the template rules (``otpmsg._checks``) for the sample and worst-case texts
they measure. :func:`compose` renders a template with the code as a marker and fails closed
(:class:`~otpmsg.UnsafeMessage`) unless

- the template placed the code exactly once;
- the locale's warning stands verbatim before it;
- every bound value it was given (amount with its currency, payee, merchant, product,
  masked account and phone, count) stands verbatim before it.

That last proof is what makes ``Message.audit()`` true: the record lists only values that
the text showed before the code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from types import MappingProxyType
from typing import Any, TypeVar

from babel import Locale
from jinja2 import Template

from otpmsg._catalog import Operation
from otpmsg._delivery import delivery_lines
from otpmsg._errors import UnsafeMessage
from otpmsg._formatting import (
    NumberFormat,
    format_count,
    format_minutes,
    is_rtl,
    isolate,
    money_format,
    reader_locale,
)
from otpmsg._sandbox import compile_template, render_template, uses_filters
from otpmsg._sandbox import variables as template_variables
from otpmsg._segments import GSM_FOLD
from otpmsg._values import fold_value

__all__ = [
    "MARKER",
    "Form",
    "LocaleRuntime",
    "Templates",
    "compose",
    "compose_text",
    "context",
    "keep",
    "prove",
]

#: Stands in for the code while a template renders; no value or fixed text can hold it.
MARKER = "\x00"
_K = TypeVar("_K")
_V = TypeVar("_V")
#: Entries a table of kept formats or locale ids holds; when it is full (many currencies
#: for many territories, many validities, many ids), it starts afresh.
_KEPT = 1024


def keep(table: dict[_K, _V], key: _K, value: _V, bound: int | None = None) -> _V:
    """Put ``value`` in a table of at most ``bound`` entries (``_KEPT`` by default) and
    return it."""
    if len(table) >= (_KEPT if bound is None else bound):
        table.clear()
    table[key] = value
    return value


#: A kept form's pattern of empty values, and the values written into it.
_FormKey = tuple[tuple[bool, ...], tuple[tuple[str, str], ...]]
#: No fixed values (see Templates.form).
_NONE: Mapping[str, str] = MappingProxyType({})


class Templates(Mapping[str, Template]):
    """A locale's templates by operation, each compiled in the sandbox when first used.

    :meth:`render` renders a message. A message template's output depends on its values
    only through which of them are empty (``{% if name %}``) and where they stand, so for
    each such pattern Jinja2 renders the template once, with a stand-in for each value,
    and the result is kept as a format string; each message then fills it in
    (:meth:`form` gives it). Values that many messages share (the warning, a brand) can be
    written into the format string once. Every text is therefore Jinja2's own output. A
    template that applies a filter (which would change a stand-in) is rendered by Jinja2
    every time.
    """

    __slots__ = ("_compiled", "_plans", "_sources")

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = sources
        self._compiled: dict[str, Template] = {}
        self._plans: dict[str, tuple[tuple[str, ...], dict[_FormKey, Form] | None]] = {}

    def __getitem__(self, operation: str) -> Template:
        try:
            return self._compiled[operation]
        except KeyError:
            template = compile_template(self._sources[operation])
            return self._compiled.setdefault(operation, template)

    def __contains__(self, operation: object) -> bool:
        return operation in self._sources

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def render(self, operation: str, variables: Mapping[str, str]) -> str:
        """The template of ``operation`` rendered with ``variables`` (see the class)."""
        text, values = self.form(operation, variables)
        return str(text % values(variables))

    def form(
        self, operation: str, variables: Mapping[str, str], fixed: Mapping[str, str] = _NONE
    ) -> Form:
        """What renders ``operation`` for every ``variables`` with the same values empty
        as these: the kept format string, else Jinja2 itself (see the class).

        The values of ``fixed`` (some of ``variables``) are written into the form once, and
        it renders from the other variables alone.
        """
        plan = self._plans.get(operation)
        if plan is None:
            plan = self._plans.setdefault(operation, self._plan(operation))
        names, forms = plan
        if forms is None or any(_STAND_IN.search(value) for value in fixed.values()):
            template = self[operation]
            return "%s", lambda values: (render_template(template, {**fixed, **values}),)
        shape = tuple([bool(variables.get(name)) for name in names])
        key = (shape, tuple(sorted(fixed.items())) if fixed else ())
        form = forms.get(key)
        if form is None:
            form = keep(forms, key, self._form(operation, names, shape, fixed))
        return form

    def _plan(self, operation: str) -> tuple[tuple[str, ...], dict[_FormKey, Form] | None]:
        """The names a template reads, and a table for its format strings (None when a
        filter or a stand-in character in its text rules them out)."""
        source = self._sources[operation]
        names = tuple(sorted({name for name, _ in template_variables(source)}))
        usable = len(names) <= len(_STAND_INS) and not uses_filters(source)
        usable = usable and not any(ch in source for ch in _STAND_INS[: len(names)])
        return names, ({} if usable else None)

    def _form(
        self,
        operation: str,
        names: tuple[str, ...],
        shape: tuple[bool, ...],
        fixed: Mapping[str, str] = _NONE,
    ) -> Form:
        """Jinja2's output for one pattern of empty values, as a format string (with the
        values of ``fixed`` written in)."""
        stand_ins = {
            n: (_STAND_INS[i] if on else "")
            for i, (n, on) in enumerate(zip(names, shape, strict=True))
            if n not in fixed
        }
        pieces = _STAND_IN.split(render_template(self[operation], {**fixed, **stand_ins}))
        # Literal text and stand-ins alternate: "%" is doubled, a stand-in becomes "%s".
        text = "%s".join(piece.replace("%", "%%") for piece in pieces[::2])
        by_stand_in = {stand_in: name for name, stand_in in stand_ins.items()}
        slots = [by_stand_in[s] for s in pieces[1::2]]
        return text, (itemgetter(*slots) if slots else lambda _: ())


#: What renders a template: a format string with a ``%s`` for each value, and what gives
#: the values from a mapping of the variables (``text % values(variables)``; ``%`` is
#: about twice as fast as ``str.format_map``). Where Jinja2 renders every time, the format
#: string is ``%s`` and the value is Jinja2's output.
Form = tuple[str, Callable[[Mapping[str, str]], Any]]


#: Stand-ins for values while a format string is made: private-use characters, which no
#: template text may hold (rule ``fixed-text``).
_STAND_INS = tuple(chr(0xE000 + i) for i in range(64))
_STAND_IN = re.compile(f"([{_STAND_INS[0]}-{_STAND_INS[-1]}])")


@dataclass(frozen=True, slots=True)
class LocaleRuntime:
    """A locale's template set, with its formats resolved once and kept.

    In a GSM-7 locale, what it formats is shown folded (:data:`GSM_FOLD`): CLDR's
    no-break spaces and other lookalikes would otherwise turn the message into UCS-2.
    Numbers follow the reader's territory (``otpmsg._formatting.reader_locale``). In a
    right-to-left locale (``rtl``), amounts and counts come isolated, and :meth:`isolated`
    isolates the other display values (account, phone, untrusted values).
    """

    id: str
    babel: Locale
    territory: str | None
    warning: str
    gsm: bool
    templates: Templates
    fingerprints: Mapping[str, str]
    _money: dict[tuple[str, str | None], NumberFormat] = field(default_factory=dict)
    _minutes: dict[int, str] = field(default_factory=dict)
    #: Right to left (Arabic, Hebrew, Persian, Urdu): display values are isolated.
    rtl: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rtl", is_rtl(self.babel))

    def shown(self, text: str) -> str:
        """Formatted text as this locale shows it: in GSM-7, folded (``5 phút`` ->
        ``5 phut``), so that CLDR's words keep the message GSM-7."""
        return fold_value(text) if self.gsm else text

    def isolated(self, text: str) -> str:
        """A display value as this locale shows it among its words: isolated when right to
        left (``+966 ***4567`` never turns into ``4567*** 966+``), else as is."""
        return isolate(text) if self.rtl else text

    def money(self, currency: str, territory: str | None) -> NumberFormat:
        """The format of ``currency`` for a reader in ``territory`` (see money_format),
        folded for GSM-7 and isolated when right to left."""
        fmt = self._money.get((currency, territory))
        if fmt is None:
            fmt = money_format(self.babel, currency, territory, gsm=self.gsm)
            if self.gsm:
                fmt = fmt.translated(GSM_FOLD)
            if self.rtl:
                fmt = fmt.isolated()
            fmt = keep(self._money, (currency, territory), fmt)
        return fmt

    def count(self, value: object, territory: str | None) -> str:
        """A count of payments for a reader in ``territory``, as shown (see format_count)."""
        reader = reader_locale(self.babel, territory)
        return self.isolated(self.shown(format_count(value, reader, gsm=self.gsm)))

    def validity(self, minutes: int) -> str:
        """A validity of ``minutes`` as shown (``5 min``)."""
        text = self._minutes.get(minutes)
        if text is None:
            text = keep(self._minutes, minutes, self.shown(format_minutes(self.babel, minutes)))
        return text


def context(
    runtime: LocaleRuntime, op: Operation, fields: Mapping[str, str], brand: str | None
) -> dict[str, str]:
    """The variables of a template: every field of the operation ("" when absent), the
    code's marker, the warning, the brand and the validity."""
    variables = dict.fromkeys(op.fields, "")
    variables["valid_for"] = ""
    variables.update(fields)  # the operation's fields and valid_for (a template reads no other)
    variables["code"] = MARKER
    variables["warning"] = runtime.warning
    variables["brand"] = brand or ""
    return variables


def _before(text: str, value: str | None, where: int) -> bool:
    """``value`` (when given) stands in ``text`` before index ``where``."""
    return not value or text.find(value, 0, where) >= 0


def compose(runtime: LocaleRuntime, op: Operation, variables: Mapping[str, str]) -> str:
    """Render a template with the code as :data:`MARKER`, and prove the result (see the
    module docstring); raise UnsafeMessage otherwise."""
    return prove(runtime, op, runtime.templates.render(op.id, variables), variables)


def compose_text(
    runtime: LocaleRuntime,
    op: Operation,
    fields: Mapping[str, str],
    brand: str | None,
    *,
    origin: str | None,
    code: str,
) -> str:
    """A template with display values as given, proved, ending with the origin line when
    there is an ``origin``, with ``code`` in place: the texts that the rules, reviews,
    golden files and exports measure."""
    body = compose(runtime, op, context(runtime, op, fields, brand))
    return (body + delivery_lines(MARKER, origin, None, None)).replace(MARKER, code)


def prove(
    runtime: LocaleRuntime,
    op: Operation,
    rendered: str,
    variables: Mapping[str, str],
    shows: Sequence[str] | None = None,
) -> str:
    """The text that ``variables`` rendered, stripped, once it is proved (see the module
    docstring); raise UnsafeMessage otherwise. ``shows`` are the bound values the text
    must show, when the caller knows them (by default, those in ``variables``)."""
    text = rendered.strip()
    before, marker, after = text.partition(MARKER)
    if not marker or MARKER in after:
        reason = "the template did not place the code exactly once"
    elif runtime.warning not in before:
        reason = "the warning is missing or not before the code"
    else:
        if shows is None:
            shows = [value for name in op.bound if (value := variables.get(name))]
        for value in shows:  # plain string searches: this runs on every message
            if value not in before:
                break
        else:
            return text
        where = len(before)
        missing = [name for name in op.bound if not _before(text, variables.get(name), where)]
        reason = f"{', '.join(missing)} not shown verbatim before the code"
    raise UnsafeMessage(operation=op.id, locale=runtime.id, reason=reason)
