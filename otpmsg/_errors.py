"""The exceptions otpmsg raises; :class:`OtpmsgError` draws their tree.

No message ever contains the one-time code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

__all__ = [
    "InputError",
    "InvalidAmount",
    "InvalidBrand",
    "InvalidCode",
    "InvalidCurrency",
    "InvalidOrigin",
    "InvalidPhoneNumber",
    "InvalidValidity",
    "InvalidValue",
    "MessageTooLong",
    "MissingField",
    "OtpmsgError",
    "TemplateError",
    "UnexpectedField",
    "UnknownArgument",
    "UnknownLocale",
    "UnknownOperation",
    "UnsafeMessage",
]


class OtpmsgError(Exception):
    """Base class of every error otpmsg raises. The tree:

    ::

        OtpmsgError
        ├── InputError (ValueError) ........ a render argument is unusable
        │   ├── InvalidCode ................ not 4 to 10 ASCII digits
        │   ├── InvalidAmount .............. float, NaN, zero, negative, too many decimals
        │   ├── InvalidCurrency ............ not an ISO 4217 code known to CLDR
        │   ├── InvalidPhoneNumber ......... `to` or `phone` cannot receive SMS
        │   ├── InvalidValue ............... a value (payee, account, count, app hash) is unusable
        │   ├── InvalidValidity ............ `valid_for` under one minute or over the cap
        │   ├── InvalidBrand ............... a sender name gateways would refuse
        │   ├── InvalidOrigin .............. not a bare host for the origin-bound line
        │   ├── MissingField ............... a required field of the operation is absent
        │   └── UnexpectedField ............ a field the operation does not declare
        ├── UnknownArgument (TypeError) .... a keyword ``render`` does not take (``colour=``)
        ├── MessageTooLong (ValueError) .... over a one-segment budget (``app_hash``,
        │                                    ``max_segments=1``) even after fitting the values
        ├── UnknownOperation (LookupError) . no such operation in the templates
        ├── UnknownLocale (LookupError) .... a locale id that is not well formed
        ├── TemplateError .................. templates failed validation (before a locale's
        │                                    first text, or at ``Renderer.validate()``)
        ├── UnsafeMessage .................. a rendered text failed its final check (the
        │                                    warning or a bound value not verbatim before the code)
        └── (command line only) ApprovalsError, ScaffoldError: an unreadable approvals file,
            a refused ``new-locale``; both also ValueError, reported by ``otpmsg`` as messages
    """


class _Problem(Protocol):
    """What TemplateError lists: a finding with a severity that prints as one line."""

    @property
    def severity(self) -> str: ...


class InputError(OtpmsgError, ValueError):
    """A render argument is unusable. ``field`` names the argument."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class InvalidCode(InputError):
    """The code is not a string of 4 to 10 ASCII digits. The code is never echoed."""


class InvalidAmount(InputError):
    """The amount is a float, not finite, not positive, or more precise than its currency."""


class InvalidCurrency(InputError):
    """The currency is not an ISO 4217 code that CLDR knows."""


class InvalidPhoneNumber(InputError):
    """A phone number does not parse, is not valid, or cannot receive SMS."""


class InvalidValue(InputError):
    """A value is unusable: a name empty after cleaning, an account, count or app hash."""


class InvalidValidity(InputError):
    """``valid_for`` is not a timedelta of at least one minute within the allowed cap."""


class InvalidBrand(InputError):
    """The brand (sender name) breaks the rules gateways apply to sender names."""


class InvalidOrigin(InputError):
    """An origin for the origin-bound line is not a bare host name."""


class MissingField(InputError):
    """The operation requires a field that was not given."""


class UnexpectedField(InputError):
    """A field was given that the operation does not declare."""


class UnknownArgument(OtpmsgError, TypeError):
    """``render`` was given a keyword it does not take. ``name`` is that keyword."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(f"unexpected keyword {name!r}; keywords: {', '.join(self.known)}")


class MessageTooLong(OtpmsgError, ValueError):
    """A one-segment text (``app_hash``, ``max_segments=1``) does not fit even with every
    untrusted value fitted to its minimum. A budget of 2 or more always fits."""

    def __init__(
        self, *, operation: str, locale: str, segments: int, allowed: int, shortened: bool
    ) -> None:
        self.operation = operation
        self.locale = locale
        self.segments = segments
        self.allowed = allowed
        note = " even with untrusted values at their minimum length" if shortened else ""
        super().__init__(
            f"{operation} in {locale}: {segments} segments needed{note}, {allowed} allowed"
        )


class UnknownOperation(OtpmsgError, LookupError):
    """No template set declares this operation. ``identifier`` is what was asked for."""

    def __init__(self, identifier: str, known: Sequence[str]) -> None:
        self.identifier = identifier
        self.known = tuple(known)
        super().__init__(f"unknown operation {identifier!r}; known: {', '.join(self.known)}")


class UnknownLocale(OtpmsgError, LookupError):
    """The locale identifier is not well formed. ``identifier`` is what was asked for."""

    def __init__(self, identifier: str, reason: str) -> None:
        self.identifier = identifier
        super().__init__(f"unknown locale {identifier!r}: {reason}")


class TemplateError(OtpmsgError):
    """Templates failed validation. ``findings`` lists every problem found."""

    def __init__(self, findings: Sequence[_Problem]) -> None:
        #: The findings (``otpmsg.Finding``), errors and others.
        self.findings: tuple[Any, ...] = tuple(findings)
        errors = [f for f in self.findings if f.severity == "error"]
        lines = "\n".join(f"  {f}" for f in errors)
        super().__init__(f"{len(errors)} template error(s):\n{lines}")


class UnsafeMessage(OtpmsgError):
    """A rendered text failed its final check: the code not exactly once, or the warning or
    a bound value (amount, payee, merchant, product, account, phone, count) not verbatim
    before the code."""

    def __init__(self, *, operation: str, locale: str, reason: str) -> None:
        self.operation = operation
        self.locale = locale
        self.reason = reason
        super().__init__(f"{operation} in {locale}: {reason}; message not sent")
