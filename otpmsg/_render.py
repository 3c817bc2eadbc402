"""Rendering: :class:`Renderer`, :class:`Message`, and the module-level functions.

A :class:`Renderer` reads its template folder when it is built and validates each locale
completely (every rule of ``otpmsg check`` but the approval rule) before that locale's
first text: a broken locale never produces a text, and its TemplateError names every broken
template of that locale. :meth:`Renderer.validate` does the same for every locale at once,
for deploy-time checks. Each :meth:`Renderer.render` call then:

1. checks the code, the operation's fields and every argument;
2. chooses the template set for the locale (explicit, else the recipient's region);
3. formats money, validity, account, phone and count with CLDR data, and cleans the
   untrusted values (payee, merchant, product, device);
4. fits the text to the budget, taking each step only when the one before does not fit:
   the exact values; the values folded to GSM-7 when the rest of the text is GSM-7
   (lookalikes, and accented Latin letters to their base letter or usual spelling:
   María -> Maria, Łukasz -> Lukasz); values in other scripts transliterated (张三 ->
   Zhang San); the longest values shortened at a grapheme boundary with a visible ``...``
   (never below 10 characters); the validity dropped; and, last, every value
   transliterated and shortened again. The code, amount, operation, brand and warning are
   never altered. ``Message.adjusted`` says which values were cleaned, capped, folded,
   transliterated or shortened;
5. proves the result and fails closed: the code exactly once, and the warning and every
   bound value verbatim before it (``otpmsg._compose``).

What the calls of one shape share (their arguments but the code, the recipient's number
and the values, and which values they give) is checked and worked out once, and kept once
the locale has passed validation: the operation and its fields, the template set, the
money format, the validity, the brand, the delivery lines and the budget. The code, the
number and every value are checked and formatted on every call.

Start-up checks that the worst case of every template fits at least two segments, so a
request is refused for length only where one segment was asked for (``app_hash``,
``max_segments=1``), or for an origin line longer than the Renderer's own.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any

from babel import Locale

from otpmsg._audit import audit_record, fingerprint, mask_code
from otpmsg._catalog import FIELDS, UNTRUSTED_FIELDS, Catalog, Finding, Operation, load_catalog
from otpmsg._checks import check_approval, locale_findings, worst_texts
from otpmsg._compose import (
    MARKER,
    Form,
    LocaleRuntime,
    Templates,
    compose_text,
    context,
    keep,
    prove,
)
from otpmsg._delivery import check_app_hash, check_host, delivery_lines
from otpmsg._errors import (
    InputError,
    InvalidBrand,
    InvalidCode,
    InvalidOrigin,
    InvalidValue,
    MessageTooLong,
    MissingField,
    TemplateError,
    UnexpectedField,
    UnknownArgument,
    UnknownLocale,
    UnknownOperation,
)
from otpmsg._formatting import (
    NumberFormat,
    mask_account,
    parse_amount,
    parse_currency,
    validity_minutes,
)
from otpmsg._locales import Resolver, locale_for_region, parse_locale
from otpmsg._phone import parse_phone
from otpmsg._samples import WORST_BRAND
from otpmsg._segments import SegmentInfo, Size, is_gsm, measure, size
from otpmsg._values import (
    ELLIPSIS,
    MIN_VISIBLE,
    cap_value,
    check_brand,
    clean_value,
    fold_value,
    graphemes,
    shorten,
    transliterate,
)

__all__ = ["Message", "Renderer", "locales", "operations", "render"]

_CODE = re.compile(r"[0-9]{4,10}")
_KEYWORDS = (
    "code",
    "locale",
    "to",
    "brand",
    "valid_for",
    "max_segments",
    "origin",
    "embedded_origin",
    "app_hash",
    *FIELDS,
)
#: Where render's values tuple holds each field (FIELDS order).
_AMOUNT, _ACCOUNT, _PHONE, _COUNT = map(FIELDS.index, ("amount", "account", "phone", "count"))
_UNTRUSTED = tuple((FIELDS.index(name), name) for name in UNTRUSTED_FIELDS)
#: What a fitting attempt gives: the text with the code marked, the text, and its size.
_Tried = tuple[str, str, Size]


#: What the audit record is made of, kept until it is asked for: the template's
#: fingerprint, the exact amount, the text with the code marked (never the code itself),
#: what masks the code, and the SHA-256 of each adjusted value's original.
_AuditParts = tuple[str, str | None, str, str, Mapping[str, str]]


#: What a Message shows: text, operation, locale, warning, fields and adjustments.
_Parts = tuple[str, str, str, str, Mapping[str, str], Mapping[str, tuple[str, ...]]]


class Message:
    """A rendered SMS, read-only. Its ``repr`` never shows the text, which holds the code.

    Two messages are equal when their text, operation, locale, warning, fields and
    adjustments are. (A plain class rather than a frozen dataclass: it is made for every
    text, and a frozen dataclass takes several times as long to make.)
    """

    __slots__ = ("_audit", "_parts", "_size")

    def __init__(self, parts: _Parts, size: Size, audit: _AuditParts) -> None:
        self._parts = parts
        self._size = size
        self._audit = audit

    @property
    def text(self) -> str:
        """The text to send, code included."""
        return self._parts[0]

    @property
    def operation(self) -> str:
        """The operation's id."""
        return self._parts[1]

    @property
    def locale(self) -> str:
        """The template set that wrote the text."""
        return self._parts[2]

    @property
    def warning(self) -> str:
        """The locale's warning, as the text shows it."""
        return self._parts[3]

    @property
    def fields(self) -> Mapping[str, str]:
        """The values as shown, by field (``amount``, ``payee``, ``brand``, ``valid_for``,
        ...)."""
        return self._parts[4]

    @property
    def adjusted(self) -> Mapping[str, tuple[str, ...]]:
        """For each value not shown exactly as given: what was done to it, in order, from
        ``cleaned``, ``capped``, ``folded``, ``transliterated``, ``shortened`` (and
        ``valid_for``: ``dropped``)."""
        return self._parts[5]

    def __eq__(self, other: object) -> bool:
        return self._parts == other._parts if isinstance(other, Message) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # its fields are a mapping

    def _record(self) -> dict[str, object]:
        template, exact_amount, marked_text, mask, originals = self._audit
        return audit_record(
            operation=self.operation,
            locale=self.locale,
            template=template,
            fields=self.fields,
            exact_amount=exact_amount,
            masked_text=marked_text.replace(MARKER, mask),
            adjusted={
                name: {"steps": list(steps), "original_sha256": originals.get(name)}
                for name, steps in self.adjusted.items()
            },
        )

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the operation, locale, template, bound values, adjustments and the
        text with the code masked (see :meth:`audit`)."""
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
        """A JSON-ready record for logs: what was shown, with the code masked, and a
        SHA-256 of the original of every adjusted value.

        >>> msg = render("transfer", code="482913", locale="en", amount="20", currency="EUR",
        ...              payee="Zoë")
        >>> record = msg.audit()
        >>> record["adjusted"], "482913" in str(record)
        ({}, False)
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


@dataclass(slots=True, kw_only=True)
class _Plan:
    """What every message of one call shape shares, checked and worked out once: the
    operation, the template set, the reader's territory and money format, the validity,
    brand, delivery lines and budget. A call's shape is its arguments but the code and the
    values, and which values it gives."""

    op: Operation
    runtime: LocaleRuntime
    territory: str | None
    #: The amount's format (with its currency), when the calls give an amount.
    money: NumberFormat | None
    validity: str
    brand: str | None
    #: The template's variables, with the values of each message still empty.
    variables: Mapping[str, str]
    tail: str
    budget: int
    #: Where phone numbers written without a country code are read from.
    home: str
    #: Whether the text is GSM-7 but for its untrusted values (folding them may pay).
    rest_gsm: bool
    #: What renders the template from a message's values, with the rest written in; set
    #: by the first message. Every message of a shape gives the same values, and a value
    #: given is never shown empty.
    form: Form | None = None
    #: The bound values a message's text must show, from its values; set with ``form``.
    shows: Callable[[Mapping[str, str]], Sequence[str]] = lambda _: ()


#: Call shapes a Renderer keeps; when full, it starts afresh.
_PLANS = 4096


@dataclass(slots=True)
class _Display:
    """The values of one message as shown, and what was done to the untrusted ones."""

    fields: dict[str, str]
    untrusted: dict[str, str]
    exact_amount: str | None
    #: What was done to each value adjusted so far, in order.
    adjusted: dict[str, list[str]]
    #: The values as given, in the order of FIELDS.
    given: tuple[object, ...]


class Renderer:
    """Renders code messages from one template folder.

    Each locale is validated completely before its first text (TemplateError names every
    broken template); :meth:`validate` validates them all at once. With
    ``require_approved`` (the production setting), a folder with a template that is not
    approved, or changed since it was approved, is refused when the Renderer is built.
    Its settings are read-only: each locale is validated with them.

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
        require_approved: bool = False,
    ) -> None:
        catalog = load_catalog(templates)
        self._catalog = catalog
        self._default_locale = default_locale
        self._max_segments = _budget(max_segments)
        self._brand = None if brand is None else check_brand(brand)
        self._valid_for = valid_for
        self._origin = None if origin is None else check_host("origin", origin)
        if max_value_length is not None and (
            isinstance(max_value_length, bool)
            or not isinstance(max_value_length, int)
            or max_value_length < MIN_VISIBLE + len(ELLIPSIS)
        ):
            raise InputError("max_value_length", "must be an int of at least 13")
        self._max_value_length = max_value_length
        self._max_valid_minutes = (
            None if max_valid_for is None else int(max_valid_for.total_seconds() // 60)
        )
        self._operations = MappingProxyType(dict(catalog.operations))
        self._resolver = Resolver(catalog.locales, default_locale)
        # Locale ids as callers write them, resolved: the template set and explicit territory.
        self._chosen: dict[str, tuple[str, str | None]] = {}
        self._runtimes: dict[str, LocaleRuntime] = {}
        self._findings: dict[str, tuple[Finding, ...]] = {}
        self._validating: set[str] = set()
        #: The runtimes of the locales that passed validation.
        self._serving_sets: dict[str, LocaleRuntime] = {}
        self._lock = threading.RLock()
        self._plans: dict[tuple[Any, ...], _Plan] = {}
        problems = [f for f in catalog.findings if f.locale is None]
        if default_locale not in catalog.locales and catalog.locales:
            problems.append(_default_missing(default_locale, catalog))
        if require_approved:
            problems += _unapproved(catalog)
        if any(f.severity == "error" for f in problems):
            raise TemplateError(problems)

    @property
    def default_locale(self) -> str:
        """The locale served when no other matches."""
        return self._default_locale

    @property
    def max_segments(self) -> int:
        """The default budget of a message, in segments."""
        return self._max_segments

    @property
    def brand(self) -> str | None:
        """The brand every text shows, unless a call gives its own."""
        return self._brand

    @property
    def valid_for(self) -> timedelta | None:
        """The validity every text shows, unless a call or the operation gives its own."""
        return self._valid_for

    @property
    def max_valid_minutes(self) -> int | None:
        """The longest validity shown, in whole minutes (``None``: no cap)."""
        return self._max_valid_minutes

    @property
    def origin(self) -> str | None:
        """The host of the origin-bound line every text ends with."""
        return self._origin

    @property
    def max_value_length(self) -> int | None:
        """The longest untrusted value shown, in code points (India DLT slots hold 40)."""
        return self._max_value_length

    def validate(self) -> tuple[Finding, ...]:
        """Validate every locale now (for deploy-time checks); raise TemplateError naming
        every broken template of every locale, else return what validation found.

        >>> findings = Renderer().validate()
        >>> any(f.severity == "error" for f in findings)
        False
        """
        findings = self._all_findings()
        if any(f.severity == "error" for f in findings):
            raise TemplateError(findings)
        return tuple(findings)

    def _all_findings(self, locales: Iterable[str] | None = None) -> list[Finding]:
        """The findings of every locale (or of ``locales``), without raising (``otpmsg
        check`` reports them)."""
        findings = [f for f in self._catalog.findings if f.locale is None]
        for locale in sorted(self._catalog.locales if locales is None else locales):
            findings += self._validated(locale)
        return findings

    def _validated(self, locale: str) -> tuple[Finding, ...]:
        """The findings of a locale, validating it on first use (one thread at a time;
        the rules' own sample renders pass through while it is being validated)."""
        found = self._findings.get(locale)
        if found is not None:
            return found
        with self._lock:
            found = self._findings.get(locale)
            if found is not None or locale in self._validating:
                return found or ()
            self._validating.add(locale)
            try:
                found = tuple(locale_findings(self, self._catalog, locale, self._default_locale))
            finally:
                self._validating.discard(locale)
            self._findings[locale] = found
            return found

    def _runtime(self, locale: str) -> LocaleRuntime:
        """The template set of a locale id from :meth:`locales` (built when first used)."""
        runtime = self._runtimes.get(locale)
        if runtime is None:
            with self._lock:
                runtime = self._runtimes.get(locale) or _runtime(self._catalog, locale)
                self._runtimes[locale] = runtime
        return runtime

    def _ready(self, locale: str) -> LocaleRuntime:
        """The runtime of a locale that passed validation; raise TemplateError otherwise."""
        runtime = self._serving_sets.get(locale)
        if runtime is not None:
            return runtime
        found = self._validated(locale)
        if any(f.severity == "error" for f in found):
            raise TemplateError(found)
        runtime = self._runtime(locale)
        if locale in self._findings:  # validated (not still being validated)
            self._serving_sets[locale] = runtime
        return runtime

    def locales(self) -> tuple[str, ...]:
        """The locale ids of the template sets, sorted."""
        return tuple(sorted(self._catalog.locales))

    def operations(self) -> Mapping[str, Operation]:
        """The declared operations, by id."""
        return self._operations

    def resolve_locale(self, locale: str | None = None, *, to: str | None = None) -> str:
        """Return the template set that serves ``locale`` (or the region of ``to``).

        >>> Renderer().resolve_locale("zh-TW"), Renderer().resolve_locale(to="+886912345678")
        ('zh_Hant', 'zh_Hant')
        """
        region = parse_phone("to", to).region if to is not None else None
        return self._choose(locale, region)[0]

    def _choose(self, locale: str | None, region: str | None) -> tuple[str, str | None]:
        """The template set and the reader's territory (for the amount's format)."""
        if locale is not None and locale != "":
            chosen = self._chosen.get(locale) if isinstance(locale, str) else None
            if chosen is None:
                chosen = self._chosen_for(locale)
            return chosen[0], chosen[1] or region or self._resolver.territory(chosen[0])
        guess = locale_for_region(region) if region else None
        chosen_id = self._resolver.resolve(guess) if guess else self._default_locale
        return chosen_id, region or self._resolver.territory(chosen_id)

    def _chosen_for(self, locale: object) -> tuple[str, str | None]:
        """The template set of a locale id, and the territory it names explicitly."""
        if not isinstance(locale, str):
            raise UnknownLocale(repr(locale), "a locale id is a string")
        tag = parse_locale(locale)
        territory = tag.territory if tag.explicit_territory else None
        return keep(self._chosen, locale, (self._resolver.resolve(locale), territory))

    def _serving(self, locale: str, operation: str) -> LocaleRuntime:
        """The validated template set that serves ``operation``: the locale's, else the
        default locale's."""
        if operation not in self._catalog.locales[locale].templates:
            locale = self._default_locale
        return self._ready(locale)

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
        **unknown: object,
    ) -> Message:
        """Render the message for ``operation``; see the module docstring for the steps.

        ``origin`` (or the Renderer's) ends the text with the origin-bound line
        ``@origin #code``; ``embedded_origin`` adds the iframe's host to it. ``app_hash``
        adds the Android SMS Retriever hash on its own line and limits the text to one
        segment.
        """
        if unknown:
            raise UnknownArgument(min(unknown), _KEYWORDS)
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            raise InvalidCode("code", "must be a string of 4 to 10 ASCII digits")
        region = parse_phone("to", to).region if to is not None else None
        values = (amount, currency, payee, account, merchant, product, phone, device, count)
        # The call's shape: its arguments but the code and the values, which values it
        # gives, and the types that equal values can have (True == 1).
        shape = (operation, locale, region, brand, valid_for, max_segments, origin,
                 embedded_origin, app_hash, currency, amount is None, currency is None,
                 payee is None, account is None, merchant is None, product is None,
                 phone is None, device is None, count is None, type(valid_for),
                 type(max_segments))  # fmt: skip
        try:
            plan = self._plans.get(shape)
        except TypeError:  # an argument that cannot be a key: _plan refuses it
            plan = None
        if plan is None:
            plan = self._plan(shape, values)
        return self._message(plan, self._display(plan, values, code), code)

    def _plan(self, shape: tuple[Any, ...], values: tuple[object, ...]) -> _Plan:
        """Check the arguments of a call shape (see :meth:`render`) and work out what its
        messages share; kept once the locale has passed validation."""
        operation, locale, region, brand, valid_for, max_segments, origin = shape[:7]
        embedded_origin, app_hash = shape[7:9]
        given = {k: v for k, v in zip(FIELDS, values, strict=True) if v is not None}
        op = self._arguments(operation, given)
        chosen, territory = self._choose(locale, region)
        runtime = self._serving(chosen, op.id)
        money = None
        if "amount" in given:
            money = runtime.money(parse_currency(given.get("currency")), territory)
        brand_text = self._call_brand(runtime, brand)
        budget = self._max_segments if max_segments is None else _budget(max_segments)
        plan = _Plan(
            op=op,
            runtime=runtime,
            territory=territory,
            money=money,
            validity=self._validity(runtime, op, valid_for),
            brand=brand_text,
            variables=context(runtime, op, {}, brand_text),
            tail=self._tail(origin, embedded_origin, app_hash),
            # The SMS Retriever reads single messages only (140 bytes).
            budget=1 if app_hash is not None else budget,
            home=region or "US",
            rest_gsm=runtime.gsm and is_gsm(brand_text or ""),
        )
        if self._serving_sets.get(runtime.id) is runtime:  # not while it is being validated
            with suppress(TypeError):  # a shape that cannot be a key is not kept
                keep(self._plans, shape, plan, _PLANS)
        return plan

    def _validity(self, runtime: LocaleRuntime, op: Operation, valid_for: object) -> str:
        """The validity shown: the call's, else the Renderer's, else the operation's."""
        validity = valid_for if valid_for is not None else self._valid_for
        if validity is None:
            validity = op.valid_for
        if validity is None:
            return ""
        return runtime.validity(validity_minutes(validity, self._max_valid_minutes))

    def _arguments(self, operation: object, given: Mapping[str, object]) -> Operation:
        """The operation, once the fields given are checked against it."""
        op = self._operations.get(operation) if isinstance(operation, str) else None
        if op is None:
            raise UnknownOperation(str(operation), sorted(self._operations))
        if not given.keys() <= op.fields:
            name = min(given.keys() - op.fields)
            raise UnexpectedField(name, f"operation {op.id!r} does not declare it")
        if not op.required <= given.keys():
            raise MissingField(min(op.required - given.keys()), f"operation {op.id!r} requires it")
        return op

    def _display(self, plan: _Plan, values: tuple[object, ...], code: str) -> _Display:
        """Format the bound values and clean the untrusted ones (``values`` in the order of
        FIELDS)."""
        display = _Display({}, {}, None, {}, values)
        fields = display.fields
        runtime = plan.runtime
        if (money := plan.money) is not None:
            display.exact_amount = money.exact(parse_amount(values[_AMOUNT]))
            fields["amount"] = money.display(display.exact_amount)
            fields["currency"] = money.currency
        if (account := values[_ACCOUNT]) is not None:
            fields["account"] = runtime.isolated(mask_account(account))
        if (phone := values[_PHONE]) is not None:
            fields["phone"] = runtime.isolated(parse_phone("phone", phone).masked)
        if (count := values[_COUNT]) is not None:
            fields["count"] = runtime.count(count, plan.territory)
        if plan.validity:
            fields["valid_for"] = plan.validity
        for i, name in _UNTRUSTED:
            if (raw := values[i]) is None:
                continue
            value = clean_value(name, raw, region=plan.home, code=code)
            if value != str(raw).strip():
                display.adjusted[name] = ["cleaned"]
            if self._max_value_length is not None and len(value) > self._max_value_length:
                value = cap_value(value, self._max_value_length)
                display.adjusted.setdefault(name, []).append("capped")
            display.untrusted[name] = value
        return display

    def _message(self, plan: _Plan, display: _Display, code: str) -> Message:
        """Compose the text (fitted when the values as given do not fit; see
        :class:`_Fitting`) and return the Message with what it shows."""
        runtime = plan.runtime
        shown = display.fields
        untrusted = display.untrusted
        if untrusted:
            shown.update(_isolated(runtime, untrusted))
        form = plan.form
        if form is None:  # the first message: what the others of the shape share is fixed
            fixed = {k: v for k, v in plan.variables.items() if k not in shown}
            form = runtime.templates.form(plan.op.id, {**plan.variables, **shown}, fixed)
            plan.shows = _getter([name for name in plan.op.bound if name in shown])
            plan.form = form
        tried = _attempt(plan, code, form, shown, plan.shows(shown))
        if tried[2][2] > plan.budget:
            tried = _Fitting(plan, code, {**plan.variables, **shown}, display).fit(tried)
            shown.update(_isolated(runtime, display.untrusted))
        marked, text, sized = tried
        if plan.brand:
            shown["brand"] = plan.brand
        adjusted = originals = _NOTHING
        if display.adjusted:
            adjusted = MappingProxyType({k: tuple(v) for k, v in display.adjusted.items()})
            originals = MappingProxyType(
                {k: _sha256(str(display.given[i])) for i, k in _UNTRUSTED if k in adjusted}
            )
        template = runtime.fingerprints[plan.op.id]
        audit = (template, display.exact_amount, marked, mask_code(code), originals)
        shows = (text, plan.op.id, runtime.id, runtime.warning, MappingProxyType(shown), adjusted)
        return Message(shows, sized, audit)

    def _call_brand(self, runtime: LocaleRuntime, brand: object) -> str | None:
        """The brand shown: a per-call brand within what start-up measured, else the
        Renderer's."""
        if brand is None:
            return self._brand
        text = _checked_brand(brand) if isinstance(brand, str) else check_brand(brand)
        if text == self._brand:
            return text
        if len(text) > max(len(WORST_BRAND), len(self._brand or "")):
            raise InvalidBrand("brand", "a brand in the text has at most 11 characters")
        if runtime.gsm and not is_gsm(text):
            raise InvalidBrand(
                "brand", "would make this GSM-7 message UCS-2; set it on the Renderer instead"
            )
        return text

    def _tail(self, origin: object, embedded: object, app_hash: object) -> str:
        """The machine-read lines after the body: the app hash and the origin line."""
        host = check_host("origin", origin) if origin is not None else self._origin
        if embedded is not None and host is None:
            raise InvalidOrigin("embedded_origin", "needs an origin")
        return delivery_lines(
            MARKER,
            host,
            check_host("embedded_origin", embedded) if embedded is not None else None,
            check_app_hash(app_hash) if app_hash is not None else None,
        )

    def _compose(
        self,
        locale: str,
        operation: str,
        code: str,
        fields: Mapping[str, str],
        brand: str | None = None,
        *,
        origin: str | None = None,
    ) -> str:
        """One template with display values as given, proved, with the code in place (for
        reviews, golden files and exports)."""
        runtime, op = self._serving(locale, operation), self._operations[operation]
        return compose_text(runtime, op, fields, brand, origin=origin, code=code)

    def _worst_case(self, locale: str, operation: str) -> tuple[str, Mapping[str, str], bool]:
        """The worst case of the template that serves ``operation`` in ``locale``, as sent
        (see ``otpmsg._checks.worst_texts``): its text, its display values, and whether the
        validity had to be dropped to fit."""
        served = self._serving(locale, operation).id
        template = self._catalog.locales[served].templates[operation]
        fields, full, short = worst_texts(self, template)
        if size(full)[2] <= self._max_segments:
            return full, fields, False
        return short, {**fields, "valid_for": ""}, True


@dataclass(slots=True)
class _Fitting:
    """The fitting steps of one message (see the module docstring)."""

    plan: _Plan
    code: str
    variables: dict[str, str]
    display: _Display

    def attempt(self, values: Mapping[str, str]) -> _Tried:
        """The text with ``values`` in place of the untrusted values (the same names every
        time)."""
        plan, variables = self.plan, self.variables
        variables.update(_isolated(plan.runtime, values))
        form = plan.runtime.templates.form(plan.op.id, variables)
        return _attempt(plan, self.code, form, variables)

    def fits(self, tried: _Tried) -> bool:
        return tried[2][2] <= self.plan.budget

    def fit(self, tried: _Tried) -> _Tried:
        """Return the text that fits, starting from ``tried`` (the values as given) and
        recording each step in ``display``; or raise MessageTooLong."""
        values = self.display.untrusted
        if self.plan.rest_gsm:
            for step, change in (("folded", fold_value), ("transliterated", transliterate)):
                changed = self._step(values, step, change)
                if changed != values:
                    values, tried = changed, self.attempt(changed)
                    if self.fits(tried):
                        break
        whole = values  # before any shortening
        if not self.fits(tried) and values:
            values, tried = self._shortened(whole, tried)
        if not self.fits(tried) and self.variables.get("valid_for"):
            self.variables["valid_for"] = ""
            del self.display.fields["valid_for"]
            self.display.adjusted["valid_for"] = ["dropped"]
            values, tried = self._shortened(whole, self.attempt(whole))
        if not self.fits(tried) and values:
            whole = self._step(whole, "transliterated", transliterate)
            values, tried = self._shortened(whole, self.attempt(whole))
        if not self.fits(tried):
            raise MessageTooLong(
                operation=self.plan.op.id,
                locale=self.plan.runtime.id,
                segments=tried[2][2],
                allowed=self.plan.budget,
                shortened=bool(values),
            )
        for name, value in values.items():
            if value != whole[name]:
                self._adjust(name, "shortened")
        self.display.untrusted = values
        return tried

    def _step(
        self, values: Mapping[str, str], step: str, change: Callable[[str], str]
    ) -> dict[str, str]:
        """``values`` with ``change`` applied to each that is not GSM-7, recording ``step``
        for each value it changed. A value with nothing left to show becomes ``?``."""
        changed = {}
        for name, value in values.items():
            new = value if is_gsm(value) else self._clean(name, change(value))
            if new != value:
                self._adjust(name, step)
            changed[name] = new
        return changed

    def _clean(self, name: str, value: str) -> str:
        """A rewritten value cleaned again (spelling ``¼`` out as ``1/4`` can join digits
        into a run); ``?`` when nothing is left to show."""
        try:
            return clean_value(name, value, region=self.plan.home, code=self.code)
        except InvalidValue:
            return "?"

    def _adjust(self, name: str, step: str) -> None:
        steps = self.display.adjusted.setdefault(name, [])
        if step not in steps:
            steps.append(step)

    def _shortened(self, values: Mapping[str, str], tried: _Tried) -> tuple[dict[str, str], _Tried]:
        """The values as they are if they fit (``tried`` is their attempt); else every value
        longer than a cap cut to the cap, for the largest cap that fits (never below
        MIN_VISIBLE)."""
        if self.fits(tried) or not values:
            return dict(values), tried
        clusters = {k: graphemes(v) for k, v in values.items()}
        longest = max(len(c) for c in clusters.values())

        def cut(cap: int) -> dict[str, str]:
            return {k: shorten(c, cap) if len(c) > cap else values[k] for k, c in clusters.items()}

        low, high = MIN_VISIBLE, longest - 1
        best = cut(MIN_VISIBLE)
        result = self.attempt(best)
        while self.fits(result) and low < high:  # invariant: cap `low` fits
            mid = (low + high + 1) // 2
            trial = cut(mid)
            tried = self.attempt(trial)
            if self.fits(tried):
                low, best, result = mid, trial, tried
            else:
                high = mid - 1
        return best, result


def _isolated(runtime: LocaleRuntime, values: Mapping[str, str]) -> Mapping[str, str]:
    """Display values as ``runtime`` shows them among its words (see LocaleRuntime)."""
    return {k: runtime.isolated(v) for k, v in values.items()} if runtime.rtl else values


def _attempt(
    plan: _Plan,
    code: str,
    form: Form,
    variables: Mapping[str, str],
    shows: Sequence[str] | None = None,
) -> _Tried:
    """What ``form`` renders from ``variables``, proved (see ``prove``), with the delivery
    lines; the same with the code in place; and its size."""
    pattern, values = form
    rendered = pattern % values(variables)
    marked = prove(plan.runtime, plan.op, rendered, variables, shows) + plan.tail
    text = marked.replace(MARKER, code)
    return marked, text, size(text)


def _getter(names: Sequence[str]) -> Callable[[Mapping[str, str]], Sequence[str]]:
    """What takes the values of ``names`` from a mapping, as a tuple."""
    if len(names) == 1:
        name = names[0]
        return lambda values: (values[name],)
    return itemgetter(*names) if names else lambda _: ()


#: What a Message holds where nothing was adjusted.
_NOTHING: Mapping[str, Any] = MappingProxyType({})


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _runtime(catalog: Catalog, locale_id: str) -> LocaleRuntime:
    locale_set = catalog.locales[locale_id]
    return LocaleRuntime(
        id=locale_id,
        babel=Locale.parse(locale_id),
        territory=parse_locale(locale_id).territory,
        warning=locale_set.warning,
        gsm=is_gsm(locale_set.warning),
        templates=Templates({op: t.source for op, t in locale_set.templates.items()}),
        fingerprints=MappingProxyType(
            {op: t.fingerprint for op, t in locale_set.templates.items()}
        ),
    )


def _unapproved(catalog: Catalog) -> list[Finding]:
    """Errors for every template not approved or changed since (``require_approved``)."""
    findings = list(check_approval(catalog))
    if not any(f.severity == "error" for f in findings) and findings:
        # No approvals file at all: nothing is approved.
        findings = [
            Finding(
                "approval",
                "error",
                "never approved (no approvals file)",
                t.locale,
                t.operation,
                str(t.path),
            )
            for locale_set in catalog.locales.values()
            for t in locale_set.templates.values()
        ]
    return findings


def _budget(max_segments: object) -> int:
    if isinstance(max_segments, bool) or not isinstance(max_segments, int) or max_segments < 1:
        raise InputError("max_segments", f"must be an int of at least 1, not {max_segments!r}")
    return max_segments


#: The few brands a service uses are checked once each.
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


def render(
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
    **unknown: object,
) -> Message:
    """Render with the default Renderer over the shipped templates (see Renderer.render).

    >>> from decimal import Decimal
    >>> msg = render("transfer", code="482913", locale="es", amount=Decimal("5000.00"),
    ...              currency="EUR", payee="María José Núñez", account="ES9121000418450200051332")
    >>> msg.fields["payee"], msg.adjusted["payee"], msg.segments
    ('Maria José Nuñez', ('folded',), 1)
    """
    return _default_renderer().render(
        operation,
        code=code,
        locale=locale,
        to=to,
        brand=brand,
        valid_for=valid_for,
        max_segments=max_segments,
        origin=origin,
        embedded_origin=embedded_origin,
        app_hash=app_hash,
        amount=amount,
        currency=currency,
        payee=payee,
        account=account,
        merchant=merchant,
        product=product,
        phone=phone,
        device=device,
        count=count,
        **unknown,
    )


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
