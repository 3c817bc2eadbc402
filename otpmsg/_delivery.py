"""Machine-read lines: the origin-bound code line (WICG) and the Android SMS Retriever hash.

- Origin-bound: the last line is exactly ``@<host> #<code>``, optionally followed by
  `` @<embedded-host>`` for a cross-origin iframe, after a blank line. Browsers and iOS fill
  the code only into that origin. Hosts are bare: ASCII or IDNA (converted to its ASCII
  form), no scheme, path, port or user, at least two labels.
- Android: the app's 11-character hash (base64 alphabet) on its own line. The whole message
  must then fit in one segment (140 bytes).
- When both are used, the hash line comes first, since the origin line must be last.
"""

from __future__ import annotations

import re

from otpmsg._errors import InvalidOrigin, InvalidValue

__all__ = ["check_app_hash", "check_host", "delivery_lines"]

_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_APP_HASH = re.compile(r"[A-Za-z0-9+/]{11}")
_MAX_HOST = 253


def check_host(field: str, value: object) -> str:
    """Return a bare host in ASCII form, or raise InvalidOrigin.

    >>> check_host("origin", "Bank.Example"), check_host("origin", "bücher.example")
    ('bank.example', 'xn--bcher-kva.example')
    """
    if not isinstance(value, str) or not value or any(c in value for c in ":/@#?\\ \t\r\n"):
        raise InvalidOrigin(field, "must be a bare host name (no scheme, path, port or spaces)")
    try:
        host = value.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise InvalidOrigin(field, "is not a valid international domain name") from None
    labels = host.split(".")
    if len(host) > _MAX_HOST or len(labels) < 2 or not all(_LABEL.fullmatch(p) for p in labels):
        raise InvalidOrigin(field, "must be a host name such as bank.example")
    return host


def check_app_hash(value: object) -> str:
    """Return an Android SMS Retriever app hash, or raise InvalidValue.

    >>> check_app_hash("FA+9qCX9VSu")
    'FA+9qCX9VSu'
    """
    if not isinstance(value, str) or not _APP_HASH.fullmatch(value):
        raise InvalidValue("app_hash", "must be exactly 11 characters of the base64 alphabet")
    return value


def delivery_lines(
    code: str, origin: str | None, embedded: str | None, app_hash: str | None
) -> str:
    """Return what follows the message body: the hash line and the origin-bound line.

    >>> delivery_lines("482913", "bank.example", "shop.example", None)
    '\\n\\n@bank.example #482913 @shop.example'
    """
    tail = ""
    if app_hash is not None:
        tail += "\n" + app_hash
    if origin is not None:
        tail += f"\n\n@{origin} #{code}" + (f" @{embedded}" if embedded else "")
    return tail
