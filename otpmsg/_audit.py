"""Audit fingerprints for dynamic linking (PSD2 RTS Art. 5): what exactly was shown.

The fingerprint is the SHA-256 of a canonical JSON document: the operation, the locale,
the template's fingerprint, the bound values (exact amount, currency, payee, merchant,
product, account, phone, count, as displayed), what was adjusted to fit (with a SHA-256 of
each original value) and the exact text with the code masked. The code is
masked because a hash of a text with a 6-digit code in it could be reversed by trying every
code. The same inputs give the same fingerprint in every process; any change to a bound
value or to the text changes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from otpmsg._catalog import BOUND_FIELDS

__all__ = ["audit_record", "fingerprint", "mask_code"]

#: What the record lists as bound: the bound values as shown, and the currency.
_AUDITED = ("currency", *BOUND_FIELDS)


def mask_code(code: str) -> str:
    """What stands for the code in audit records.

    >>> mask_code("482913")
    '******'
    """
    return "*" * len(code)


def audit_record(
    *,
    operation: str,
    locale: str,
    template: str,
    fields: Mapping[str, str],
    exact_amount: str | None,
    masked_text: str,
    adjusted: Mapping[str, object],
) -> dict[str, object]:
    """Return the JSON-ready audit record (without its fingerprint)."""
    bound = {name: fields[name] for name in _AUDITED if name in fields}
    if exact_amount is not None:
        bound["exact_amount"] = exact_amount
    record: dict[str, object] = {
        "operation": operation,
        "locale": locale,
        "template": template,
        "bound": bound,
        "text": masked_text,
        "adjusted": dict(adjusted),
    }
    return record


def fingerprint(record: Mapping[str, object]) -> str:
    """SHA-256 of the record as canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(dict(record), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
