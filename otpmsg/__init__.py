"""otpmsg: one-time-code SMS texts that say what the code authorises and cannot be misread.

Every text states the operation, the exact amount and the payee, merchant or product, then
the locale's "never share this code; staff never ask for it" warning, then the code, and
fits its SMS segment budget.

Usage
    ``otpmsg.render(operation, *, code, locale=None, to=None, brand=None, ...)`` renders with
    the shipped templates and returns a :class:`Message` (``.text``, ``.segments``,
    ``.fields``, ``.adjusted``, ``.audit()``). ``otpmsg.Renderer(templates=..., brand=...,
    max_segments=2, require_approved=False)`` holds your own folder and defaults; its
    ``validate()`` checks every locale at deploy time. ``measure``, ``split`` and
    ``gsm_fold`` count and cut SMS texts as gateways bill them.

Errors
    Every exception derives from :class:`OtpmsgError`, whose help draws the tree:
    :class:`InputError` (a ValueError) and its subclasses for unusable arguments,
    :class:`UnknownArgument` (a TypeError), :class:`UnknownOperation` and
    :class:`UnknownLocale` (LookupErrors), :class:`MessageTooLong` (only for one-segment
    budgets), :class:`TemplateError` and :class:`UnsafeMessage`. No message ever contains
    the code.

Command line
    ``python -m otpmsg check`` validates a template folder (CI runs it); ``review``,
    ``approve``, ``new-locale``, ``export``, ``import``, ``measure`` and ``render`` serve
    compliance and translators (``python -m otpmsg --help``).

>>> import otpmsg
>>> from decimal import Decimal
>>> msg = otpmsg.render("payment", code="482913", locale="en_US",
...                     amount=Decimal("19.99"), currency="USD", merchant="Example Store")
>>> msg.fields["amount"], msg.segments
('$19.99', 1)
"""

from otpmsg._catalog import Finding, Operation
from otpmsg._errors import (
    InputError,
    InvalidAmount,
    InvalidBrand,
    InvalidCode,
    InvalidCurrency,
    InvalidOrigin,
    InvalidPhoneNumber,
    InvalidValidity,
    InvalidValue,
    MessageTooLong,
    MissingField,
    OtpmsgError,
    TemplateError,
    UnexpectedField,
    UnknownArgument,
    UnknownLocale,
    UnknownOperation,
    UnsafeMessage,
)
from otpmsg._render import Message, Renderer, locales, operations, render
from otpmsg._segments import SegmentInfo, gsm_fold, measure, split

__version__ = "0.1.0"

__all__ = [
    "Finding",
    "InputError",
    "InvalidAmount",
    "InvalidBrand",
    "InvalidCode",
    "InvalidCurrency",
    "InvalidOrigin",
    "InvalidPhoneNumber",
    "InvalidValidity",
    "InvalidValue",
    "Message",
    "MessageTooLong",
    "MissingField",
    "Operation",
    "OtpmsgError",
    "Renderer",
    "SegmentInfo",
    "TemplateError",
    "UnexpectedField",
    "UnknownArgument",
    "UnknownLocale",
    "UnknownOperation",
    "UnsafeMessage",
    "gsm_fold",
    "locales",
    "measure",
    "operations",
    "render",
    "split",
]
