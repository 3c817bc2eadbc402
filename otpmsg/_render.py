"""Rendering: :class:`Renderer`, :class:`Message`, and the module-level functions.

A :class:`Renderer` loads and validates every template of a folder when it is built, so
that a broken template stops start-up instead of the first Hindi transfer; a folder whose
very same files passed before starts from the recorded verdict (``otpmsg._verdicts``).
Each :meth:`Renderer.render` call then:

1. checks the code, the operation's fields and every argument;
2. chooses the template set for the locale (explicit, else the recipient's region);
3. formats money, validity, account, phone and count with CLDR data, and cleans the
   untrusted values (payee, merchant, product, device);
4. fits the text to the budget: if it is over, it folds the untrusted values to GSM-7
   when that makes the whole text GSM-7, then shortens the longest untrusted values at a
   grapheme boundary with a visible ``...`` (never below 10 characters), and finally
   raises MessageTooLong. The code, amount, operation, brand and warning are never cut;
5. checks the result once more and fails closed: the warning is present, verbatim, and
   before the code, and the template placed the code exactly once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from babel import Locale
from jinja2 import Template

from otpmsg._audit import audit_record, fingerprint, mask_code
from otpmsg._catalog import UNTRUSTED_FIELDS, Catalog, Finding, Operation, load_catalog
from otpmsg._delivery import check_app_hash, check_host, delivery_lines
from otpmsg._errors import (
    InputError,
    InvalidCode,
    MessageTooLong,
    MissingField,
    TemplateError,
    UnexpectedField,
    UnknownLocale,
    UnknownOperation,
    UnsafeMessage,
)
from otpmsg._formatting import (
    NumberFormat,
    format_count,
    format_minutes,
    is_rtl,
    isolate,
    mask_account,
    money_format,
    parse_amount,
    parse_currency,
    reader_locale,
    validity_minutes,
)
from otpmsg._locales import Resolver, locale_for_region, parse_locale
from otpmsg._phone import parse_phone
from otpmsg._sandbox import compile_template, render_template
from otpmsg._segments import GSM_FOLD, SegmentInfo, Size, is_gsm, measure, size
from otpmsg._values import (
    ELLIPSIS,
    MIN_VISIBLE,
    cap_value,
    check_brand,
    clean_value,
    graphemes,
    shorten,
)
from otpmsg._verdicts import cache_dir, read_verdict, verdict_key, write_verdict

__all__ = ["Message", "Renderer", "locales", "operations", "render"]

_CODE = re.compile(r"[0-9]{4,10}")
_K = TypeVar("_K")
_V = TypeVar("_V")
_FIELDS = (
    "amount",
    "currency",
    "payee",
    "account",
    "merchant",
    "product",
    "phone",
    "device",
    "count",
)
_Attempt = Callable[[Mapping[str, str]], tuple[str, str, Size]]
# Stands in for the code while a template renders; no value or fixed text can hold it.
_MARKER = "\x00"


@dataclass(frozen=True, slots=True, repr=False)
class Message:
    """A rendered SMS. Its ``repr`` never shows the text, which holds the code."""

    text: str
    operation: str
    locale: str
    warning: str
    fields: Mapping[str, str]
    #: Encoding, units and segments.
    _size: Size = field(compare=False)
    #: The template's fingerprint, the exact amount and the text with the code masked: what
    #: the audit record is made of, built only when asked for.
    _audit: tuple[str, str | None, str] = field(compare=False)

    def _record(self) -> dict[str, object]:
        template, exact_amount, masked_text = self._audit
        return audit_record(
            operation=self.operation,
            locale=self.locale,
            template=template,
            fields=self.fields,
            exact_amount=exact_amount,
            masked_text=masked_text,
        )

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the operation, locale, template, bound values and the text with the
        code masked (see :meth:`audit`). Computed when asked, off the hot path."""
        return fingerprint(self._record())

    @property
    def info(self) -> SegmentInfo:
        """:func:`otpmsg.measure` of the text, with what forced UCS-2 (computed when asked)."""
        return measure(self.text)

    @property
    def encoding(self) -> str:
        """``GSM-7`` or ``UCS-2``, as :func:`otpmsg.measure` says."""
        return self._size[0]

    @property
    def units(self) -> int:
        """Septets (GSM-7) or UTF-16 code units (UCS-2)."""
        return self._size[1]

    @property
    def segments(self) -> int:
        """The parts a gateway sends and bills."""
        return self._size[2]

    def audit(self) -> dict[str, object]:
        """A JSON-ready record for logs: what was shown, with the code masked.

        >>> msg = render("login", code="482913", locale="en")
        >>> record = msg.audit()
        >>> record["fingerprint"] == msg.fingerprint, "482913" in str(record)
        (True, False)
        """
        record = self._record()
        return {
            **record,
            "fingerprint": fingerprint(record),
            "encoding": self.encoding,
            "units": self.units,
            "segments": self.segments,
        }

    def __repr__(self) -> str:
        return (
            f"Message(operation={self.operation!r}, locale={self.locale!r}, "
            f"encoding={self.encoding!r}, units={self.units}, segments={self.segments})"
        )

    __str__ = __repr__


class _Templates(Mapping[str, Template]):
    """A locale's templates by operation, each compiled in the sandbox when first used.

    A Renderer that validated its folder has compiled them all already; one that took a
    recorded verdict compiles each on its first render.
    """

    __slots__ = ("_compiled", "_sources")

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = sources
        self._compiled: dict[str, Template] = {}

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


@dataclass(frozen=True, slots=True)
class _LocaleRuntime:
    """A locale's template set, with its formats resolved once and kept.

    In a GSM-7 locale, what it formats is shown folded (:data:`GSM_FOLD`): CLDR's
    no-break spaces and other lookalikes would otherwise turn the message into UCS-2.
    Numbers follow the reader's territory (``otpmsg._formatting.reader_locale``). In a
    right-to-left locale (``rtl``), amounts and counts come isolated (``isolate``), and
    :meth:`isolated` isolates the other display values (account, phone, untrusted values).
    """

    id: str
    babel: Locale
    territory: str | None
    warning: str
    gsm: bool
    templates: Mapping[str, Template]
    fingerprints: Mapping[str, str]
    _money: dict[tuple[str, str | None], NumberFormat] = field(default_factory=dict)
    _minutes: dict[int, str] = field(default_factory=dict)
    #: Right to left (Arabic, Hebrew, Persian, Urdu): display values are isolated.
    rtl: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rtl", is_rtl(self.babel))

    def shown(self, text: str) -> str:
        """Formatted text as this locale shows it."""
        return text.translate(GSM_FOLD) if self.gsm else text

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
            fmt = _keep(self._money, (currency, territory), fmt)
        return fmt

    def count(self, value: object, territory: str | None) -> str:
        """A count of payments for a reader in ``territory``, as shown (see format_count)."""
        reader = reader_locale(self.babel, territory)
        return self.isolated(self.shown(format_count(value, reader, gsm=self.gsm)))

    def validity(self, minutes: int) -> str:
        """A validity of ``minutes`` as shown (``5 min``)."""
        text = self._minutes.get(minutes)
        if text is None:
            text = _keep(self._minutes, minutes, self.shown(format_minutes(self.babel, minutes)))
        return text


#: Entries a table of kept formats or locale ids holds; when it is full (many currencies
#: for many territories, many validities, many ids), it starts afresh.
_KEPT_FORMATS = 1024


def _keep(table: dict[_K, _V], key: _K, value: _V) -> _V:
    """Put ``value`` in a bounded table (see _KEPT_FORMATS) and return it."""
    if len(table) >= _KEPT_FORMATS:
        table.clear()
    table[key] = value
    return value


def _runtimes(catalog: Catalog) -> dict[str, _LocaleRuntime]:
    return {
        locale_id: _LocaleRuntime(
            id=locale_id,
            babel=Locale.parse(locale_id),
            territory=parse_locale(locale_id).territory,
            warning=locale_set.warning,
            gsm=is_gsm(locale_set.warning),
            templates=_Templates({op: t.source for op, t in locale_set.templates.items()}),
            fingerprints=MappingProxyType(
                {op: t.fingerprint for op, t in locale_set.templates.items()}
            ),
        )
        for locale_id, locale_set in catalog.locales.items()
    }


class Renderer:
    """Renders code messages from one template folder, validated when built.

    Building one runs every start-up rule (see ``otpmsg._checks``) and raises TemplateError
    on any error. With ``cache`` (the default), the findings of a folder that passed are
    recorded by content, and a later Renderer over the very same files, options and
    library versions takes them instead of validating again (see ``otpmsg._verdicts``).

    >>> from decimal import Decimal
    >>> renderer = Renderer(max_segments=3, brand="ACME")
    >>> msg = renderer.render("payment", code="482913", locale="en_US",
    ...                       amount=Decimal("19.99"), currency="USD", merchant="Example Store")
    >>> msg.fields["amount"], msg.segments
    ('$19.99', 1)
    """

    def __init__(
        self,
        *,
        templates: Path | str | None = None,
        default_locale: str = "en",
        max_segments: int = 2,
        brand: str | None = None,
        valid_for: timedelta | None = None,
        max_valid_for: timedelta | None = timedelta(minutes=10),
        origin: str | None = None,
        max_value_length: int | None = None,
        cache: bool = True,
    ) -> None:
        catalog = load_catalog(templates)
        self._catalog = catalog
        self.default_locale = default_locale
        self.max_segments = _budget(max_segments)
        self.brand = None if brand is None else check_brand(brand)
        self.valid_for = valid_for
        self.origin = None if origin is None else check_host("origin", origin)
        if max_value_length is not None and (
            isinstance(max_value_length, bool)
            or not isinstance(max_value_length, int)
            or max_value_length < MIN_VISIBLE + len(ELLIPSIS)
        ):
            raise InputError("max_value_length", "must be an int of at least 13")
        #: Longest untrusted value shown, in code points (India DLT slots hold 40).
        self.max_value_length = max_value_length
        self.max_valid_minutes = (
            None if max_valid_for is None else int(max_valid_for.total_seconds() // 60)
        )
        self._operations = MappingProxyType(dict(catalog.operations))
        self._runtimes = _runtimes(catalog)
        self._resolver = Resolver(catalog.locales, default_locale)
        # Locale ids as callers write them, resolved: the template set and explicit territory.
        self._chosen: dict[str, tuple[str, str | None]] = {}
        folder = cache_dir() if cache else None
        key = verdict_key(catalog, self._options()) if folder is not None else ""
        recorded = read_verdict(key, folder)
        #: What validation found: warnings and the typical and worst-case budget figures.
        self.findings: tuple[Finding, ...] = recorded if recorded is not None else self._validate()
        if recorded is None:
            write_verdict(key, folder, self.findings)

    def _options(self) -> dict[str, object]:
        return {
            "default_locale": self.default_locale,
            "max_segments": self.max_segments,
            "brand": self.brand,
            "valid_for": self.valid_for,
            "max_valid_minutes": self.max_valid_minutes,
            "origin": self.origin,
            "max_value_length": self.max_value_length,
        }

    def _validate(self) -> tuple[Finding, ...]:
        """Run every start-up rule; raise TemplateError on any error."""
        # Imported here: a Renderer that takes a recorded verdict never needs the rules.
        from otpmsg._checks import catalog_findings, render_findings  # noqa: PLC0415

        catalog = self._catalog
        findings = catalog_findings(catalog, self.default_locale)
        if self.default_locale not in catalog.locales and catalog.locales:
            findings.append(_default_missing(self.default_locale, catalog))
        if not any(f.severity == "error" for f in findings):
            findings += render_findings(self)
        if any(f.severity == "error" for f in findings):
            raise TemplateError(findings)
        return tuple(findings)

    @property
    def catalog(self) -> Catalog:
        """The template folder as loaded."""
        return self._catalog

    def runtime(self, locale: str) -> _LocaleRuntime:
        """The compiled template set of a locale id from :meth:`locales`."""
        return self._runtimes[locale]

    def locales(self) -> tuple[str, ...]:
        """The locale ids of the template sets, sorted."""
        return tuple(sorted(self._runtimes))

    def operations(self) -> Mapping[str, Operation]:
        """The declared operations, by id."""
        return self._operations

    def resolve_locale(self, locale: str | None = None, *, to: str | None = None) -> str:
        """Return the template set that serves ``locale`` (or the region of ``to``).

        >>> Renderer().resolve_locale("zh-TW"), Renderer().resolve_locale(to="+886912345678")
        ('zh_Hant', 'zh_Hant')
        """
        region = parse_phone("to", to).region if to is not None else None
        return self._choose(locale, region)[0].id

    def _choose(self, locale: str | None, region: str | None) -> tuple[_LocaleRuntime, str | None]:
        """The template set and the reader's territory (for the currency display)."""
        if locale is not None:
            chosen = self._chosen.get(locale) if isinstance(locale, str) else None
            if chosen is None:
                chosen = self._chosen_for(locale)
            runtime = self._runtimes[chosen[0]]
            return runtime, chosen[1] or region or runtime.territory
        guess = locale_for_region(region) if region else None
        runtime = self._runtimes[self._resolver.resolve(guess) if guess else self.default_locale]
        return runtime, region or runtime.territory

    def _serving(self, runtime: _LocaleRuntime, operation: str) -> _LocaleRuntime:
        """The template set that serves ``operation``: the locale's, else the default's."""
        return runtime if operation in runtime.templates else self._runtimes[self.default_locale]

    def _chosen_for(self, locale: object) -> tuple[str, str | None]:
        """The template set of a locale id, and the territory it names explicitly."""
        if not isinstance(locale, str):
            raise UnknownLocale(repr(locale), "a locale id is a string")
        tag = parse_locale(locale)
        territory = tag.territory if tag.explicit_territory else None
        return _keep(self._chosen, locale, (self._resolver.resolve(locale), territory))

    def render(
        self,
        operation: str,
        *,
        code: str,
        locale: str | None = None,
        to: str | None = None,
        brand: str | None = None,
        valid_for: timedelta | None = None,
        max_segments: int | None = None,
        origin: str | None = None,
        embedded_origin: str | None = None,
        app_hash: str | None = None,
        amount: Decimal | int | str | None = None,
        currency: str | None = None,
        payee: str | None = None,
        account: str | None = None,
        merchant: str | None = None,
        product: str | None = None,
        phone: str | None = None,
        device: str | None = None,
        count: int | None = None,
    ) -> Message:
        """Render the message for ``operation``; see the module docstring for the steps.

        ``origin`` (or the Renderer's) ends the text with the origin-bound line
        ``@origin #code``; ``embedded_origin`` adds the iframe's host to it. ``app_hash``
        adds the Android SMS Retriever hash on its own line and limits the text to one
        segment.
        """
        op = self._operations.get(operation) if isinstance(operation, str) else None
        if op is None:
            raise UnknownOperation(str(operation), sorted(self._operations))
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            raise InvalidCode("code", "must be a string of 4 to 10 ASCII digits")
        given = {
            name: value
            for name, value in zip(
                _FIELDS,
                (amount, currency, payee, account, merchant, product, phone, device, count),
                strict=False,  # both hold the nine fields
            )
            if value is not None
        }
        if not given.keys() <= op.fields:
            name = min(given.keys() - op.fields)
            raise UnexpectedField(name, f"operation {op.id!r} does not declare it")
        if not op.required <= given.keys():
            raise MissingField(min(op.required - given.keys()), f"operation {op.id!r} requires it")

        region = parse_phone("to", to).region if to is not None else None
        runtime, territory = self._choose(locale, region)
        runtime = self._serving(runtime, operation)

        fields: dict[str, str] = {}
        exact_amount = None
        if "amount" in given:
            cur = parse_currency(given["currency"])
            fmt = runtime.money(cur, territory)
            exact_amount = fmt.exact(parse_amount(given["amount"]))
            fields["amount"] = fmt.display(exact_amount)
            fields["currency"] = cur
        if "account" in given:
            fields["account"] = mask_account(given["account"])
        if "phone" in given:
            fields["phone"] = parse_phone("phone", given["phone"]).masked
        if "count" in given:
            fields["count"] = runtime.shown(format_count(given["count"], runtime.babel))
        untrusted = {
            name: clean_value(name, given[name], region=region or "US", code=code)
            for name in UNTRUSTED_FIELDS
            if name in given
        }
        if self.max_value_length is not None:
            untrusted = {k: cap_value(v, self.max_value_length) for k, v in untrusted.items()}
        brand_text = _brand(brand) if brand is not None else self.brand
        validity = valid_for or self.valid_for or op.valid_for
        if validity is not None:
            fields["valid_for"] = runtime.validity(
                validity_minutes(validity, self.max_valid_minutes)
            )
        host = check_host("origin", origin) if origin is not None else self.origin
        tail = delivery_lines(
            _MARKER,
            host,
            check_host("embedded_origin", embedded_origin) if embedded_origin else None,
            check_app_hash(app_hash) if app_hash is not None else None,
        )
        budget = self.max_segments if max_segments is None else _budget(max_segments)
        if app_hash is not None:
            budget = 1  # the SMS Retriever reads single messages only (140 bytes)
        marked, text, untrusted, sized = self._fit(
            runtime=runtime,
            op=op,
            code=code,
            context=_context(runtime, op, fields, brand_text),
            untrusted=untrusted,
            tail=tail,
            budget=budget,
        )
        shown = {**fields, **untrusted}
        if brand_text:
            shown["brand"] = brand_text
        audit = (
            runtime.fingerprints[op.id],
            exact_amount,
            marked.replace(_MARKER, mask_code(code)),
        )
        return Message(
            text, op.id, runtime.id, runtime.warning, MappingProxyType(shown), sized, audit
        )

    def compose(
        self,
        locale: str,
        operation: str,
        code: str,
        fields: Mapping[str, str],
        brand: str | None = None,
        *,
        origin: str | None = None,
    ) -> str:
        """Render one template with display values as given, and check the result.

        This is the last step of :meth:`render`, without the argument checks or the
        fitting. ``otpmsg check`` and ``review`` use it for sample and worst-case texts.
        """
        runtime = self._serving(self._runtimes[locale], operation)
        op = self._operations[operation]
        body = _body(runtime, op, _context(runtime, op, fields, brand))
        return (body + delivery_lines(_MARKER, origin, None, None)).replace(_MARKER, code)

    def _fit(
        self,
        *,
        runtime: _LocaleRuntime,
        op: Operation,
        code: str,
        context: dict[str, str],
        untrusted: dict[str, str],
        tail: str,
        budget: int,
    ) -> tuple[str, str, dict[str, str], Size]:
        """Return the text with the code marked, the text, the values shown, and its size;
        or raise MessageTooLong."""

        def attempt(values: Mapping[str, str]) -> tuple[str, str, Size]:
            context.update(values)  # the same names every time: the values are replaced
            marked = _body(runtime, op, context) + tail
            text = marked.replace(_MARKER, code)
            return marked, text, size(text)

        marked, text, sized = attempt(untrusted)
        if sized[2] <= budget:
            return marked, text, untrusted, sized
        if untrusted:
            folded = {k: v.translate(GSM_FOLD) for k, v in untrusted.items()}
            if folded != untrusted:
                tried = attempt(folded)
                if tried[2][0] == "GSM-7":
                    untrusted, (marked, text, sized) = folded, tried
        if sized[2] > budget and untrusted:
            untrusted, (marked, text, sized) = _shorten(attempt, untrusted, budget)
        if sized[2] > budget:
            raise MessageTooLong(
                operation=op.id,
                locale=runtime.id,
                segments=sized[2],
                allowed=budget,
                shortened=bool(untrusted),
            )
        return marked, text, untrusted, sized


def _context(
    runtime: _LocaleRuntime, op: Operation, fields: Mapping[str, str], brand: str | None
) -> dict[str, str]:
    """The variables of a template: every field of the operation ("" when absent), the
    code's marker, the warning, the brand and the validity."""
    context = dict.fromkeys(op.fields, "")
    context["valid_for"] = ""
    context.update(fields)  # the operation's fields and valid_for (a template reads no other)
    context["code"] = _MARKER
    context["warning"] = runtime.warning
    context["brand"] = brand or ""
    return context


def _body(runtime: _LocaleRuntime, op: Operation, context: dict[str, str]) -> str:
    """Render a template with the code as a marker, and check the result (fail closed)."""
    text = render_template(runtime.templates[op.id], context).strip()
    where = text.find(_MARKER)
    if where < 0 or text.find(_MARKER, where + 1) >= 0:
        reason = "the template did not place the code exactly once"
    elif not 0 <= text.find(runtime.warning) < where:
        reason = "the warning is missing or not before the code"
    else:
        return text
    raise UnsafeMessage(operation=op.id, locale=runtime.id, reason=reason)


def _shorten(
    attempt: _Attempt, values: dict[str, str], budget: int
) -> tuple[dict[str, str], tuple[str, str, Size]]:
    """Cut every value longer than a cap to the cap; find the largest cap that fits."""
    clusters = {k: graphemes(v) for k, v in values.items()}
    longest = max(len(c) for c in clusters.values())

    def cut(cap: int) -> dict[str, str]:
        return {k: shorten(c, cap) if len(c) > cap else values[k] for k, c in clusters.items()}

    low, high = MIN_VISIBLE, longest - 1
    best = cut(MIN_VISIBLE)
    result = attempt(best)
    if result[2][2] > budget:
        return best, result
    while low < high:  # invariant: cap `low` fits
        mid = (low + high + 1) // 2
        trial = cut(mid)
        tried = attempt(trial)
        if tried[2][2] <= budget:
            low, best, result = mid, trial, tried
        else:
            high = mid - 1
    return best, result


def _budget(max_segments: object) -> int:
    if isinstance(max_segments, bool) or not isinstance(max_segments, int) or max_segments < 1:
        raise InputError("max_segments", f"must be an int of at least 1, not {max_segments!r}")
    return max_segments


def _brand(brand: object) -> str:
    """Validate a per-call brand; the few brands a service uses are checked once each."""
    return _checked_brand(brand) if isinstance(brand, str) else check_brand(brand)


_checked_brand = lru_cache(maxsize=256)(check_brand)


def _default_missing(default_locale: str, catalog: Catalog) -> Finding:
    return Finding(
        "default-locale",
        "error",
        f"default locale {default_locale!r} has no template folder; "
        f"folders: {', '.join(sorted(catalog.locales))}",
    )


_default: Renderer | None = None
_default_lock = threading.Lock()


def _default_renderer() -> Renderer:
    global _default  # noqa: PLW0603 - built once, lazily, under a lock
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Renderer()
    return _default


def render(operation: str, **kwargs: Any) -> Message:
    """Render with the default Renderer over the shipped templates.

    >>> from decimal import Decimal
    >>> msg = render("transfer", code="482913", locale="zh_CN", amount=Decimal("5000.00"),
    ...              currency="CNY", payee="张三", account="6222020012345678", brand="工商银行")
    >>> msg.locale, msg.fields["amount"], msg.fields["account"]
    ('zh_Hans', '5,000.00元', '5678')
    """
    return _default_renderer().render(operation, **kwargs)


def locales() -> tuple[str, ...]:
    """The shipped locale ids.

    >>> "zh_Hans" in locales()
    True
    """
    return _default_renderer().locales()


def operations() -> Mapping[str, Operation]:
    """The shipped operations, by id.

    >>> operations()["transfer"].required == {"amount", "currency", "payee"}
    True
    """
    return _default_renderer().operations()
