"""otpmsg: one-time-code SMS texts that say what the code authorises and cannot be misread.

>>> import otpmsg
>>> from decimal import Decimal
>>> msg = otpmsg.render("payment", code="482913", locale="en_US",
...                     amount=Decimal("19.99"), currency="USD", merchant="Example Store")
>>> print(msg.text)  # doctest: +NORMALIZE_WHITESPACE
To PAY $19.99 to Example Store. NEVER share this code, not even with us:
our staff never ask for it. Code: 482913
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
