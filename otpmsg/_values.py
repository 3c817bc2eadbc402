"""Cleaning and fitting of untrusted display values (payee, merchant, product, device).

A value comes from outside and is shown to a customer next to a one-time code, so it must
not be able to lure (links, phone numbers), hide text (bidi and zero-width characters),
confuse code autofill (the code, long digit runs), or break the template (metacharacters).
Where it comes from decides how much is removed:

=========  ============================  ==================================================
field      comes from                    what cleaning removes
=========  ============================  ==================================================
payee      a third party (may be a lure) links, phone numbers, the code, runs of 5+ digits
merchant   the acquirer                  links, phone numbers, the code, runs of 5+ digits
product    the bank itself               links, phone numbers, the code; identifiers such as
device     the bank itself               "ОФЗ 26238" or "Galaxy S24 5G" stay readable
=========  ============================  ==================================================

:func:`clean_value` applies, in this order:

1. lone surrogates are dropped, then NFC;
2. control characters that separate words (TAB, CR, LF, ...) become spaces; every
   other control, format (bidi, zero-width), surrogate, private-use and unassigned
   character is removed;
3. every Unicode space becomes one ASCII space, and runs of spaces collapse;
4. template and carrier metacharacters ``{ }`` and ``【 】`` are removed;
5. URLs with a scheme, ``www.`` hosts and e-mail addresses are removed; a bare
   domain keeps only its first label (``Booking.com`` -> ``Booking``). A value that would
   hold a link once folded to GSM-7 lookalikes (fullwidth letters, the ideographic full
   stop) is folded first, so that the link is removed too;
6. with ``code``, every digit run that reads as the one-time code, in any script's digits;
7. phone numbers found by phonenumbers' matcher are removed, then (payee and merchant
   only) any run of 5 or more digits in any script (spaces, dots, dashes, slashes and
   brackets between the digits do not break a run). Rules 5 to 7 run again until none
   removes anything: a removal can expose another lure (taking ``00000`` out of
   ``00000A://`` leaves the link ``A://``);
8. more than two combining marks in a row are cut to two, and a user-perceived character
   (grapheme cluster) is cut to at most ``MAX_CLUSTER_UNITS`` UTF-16 units, so that a value
   of 10 clusters costs at most 80 units however it is built;
9. spaces are collapsed and trimmed once more.

To fit a text into its budget, :func:`fold_value` and :func:`transliterate` rewrite a value
in GSM-7 (see ``otpmsg.Renderer`` for the order of the steps).

A value with no letter or digit left raises :class:`~otpmsg.InvalidValue`. A value
is only ever substituted as text: nothing in it is evaluated.
"""

from __future__ import annotations

import re
import unicodedata

from otpmsg._errors import InvalidBrand, InvalidValue
from otpmsg._segments import GSM_BASIC, GSM_EXTENDED, GSM_FOLD, _is_boundary, _may_join, is_gsm

__all__ = [
    "ELLIPSIS",
    "MAX_CLUSTER_UNITS",
    "MAX_VALUE_LENGTH",
    "MIN_VISIBLE",
    "cap_value",
    "check_brand",
    "clean_value",
    "find_lures",
    "fold_value",
    "graphemes",
    "shorten",
    "transliterate",
]

#: Longest raw value accepted, in code points. Longer input is refused, not cut.
MAX_VALUE_LENGTH = 1000
#: A shortened value is never below this many visible characters (grapheme clusters).
MIN_VISIBLE = 10
#: The visible mark of a shortened value.
ELLIPSIS = "..."
#: Most UTF-16 units one user-perceived character of a value may hold after cleaning.
MAX_CLUSTER_UNITS = 8
#: Fields whose values the bank itself provides: their digit runs are identifiers.
BANK_FIELDS = frozenset({"product", "device"})

_MAX_COMBINING = 2
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_SPACE_CATEGORIES = frozenset({"Zs", "Zl", "Zp"})
_MARKS = frozenset({"Mn", "Me"})
# More than _MAX_COMBINING marks in a row, in a text's joined two-letter categories.
_MARK_RUN = re.compile(f"(?:M[ne]){{{_MAX_COMBINING + 1}}}")
_WORD_SEPARATORS = "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85"
_METACHARACTER_TABLE = str.maketrans(dict.fromkeys("{}【】", " "))
_METACHARACTERS = re.compile("[{}【】]")

_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(" {2,}")
_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.\-]*://"
    r"|\b(?:mailto|tel|sms|smsto|data|javascript|intent|file|market):"
    r"|\bwww\d{0,3}\.)\S*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_DOMAIN = re.compile(r"\b([\w\-]+)(?:\.[\w\-]+)*\.(?:[^\W\d_]{2,63}|xn--[\w\-]+)\b", re.IGNORECASE)
_LINK_HINT = re.compile(r"[.:@]")
# What _DOMAIN needs: a dot before a letter (a top-level domain, or "xn--").
_DOMAIN_HINT = re.compile(r"\.[^\W\d_]")
# Characters that are, or fold to something holding, one of . : @ (such as U+3002 and U+FF20).
_FOLDED_LINK_HINT = re.compile(
    "["
    + re.escape(
        ".:@" + "".join(chr(k) for k, v in GSM_FOLD.items() if v and any(c in v for c in ".:@"))
    )
    + "]"
)
# The ASCII characters that folding changes.
_ASCII_FOLDED = re.compile("[" + re.escape("".join(chr(k) for k in GSM_FOLD if k < 128)) + "]")
# The same link rules in ASCII only, for text folded from fullwidth or ideographic forms:
# folding turns fullwidth "evil.com", or "evil" + U+3002 + "com", into a link, but not a
# name or a sentence in Chinese or Japanese.
_ASCII_LINKS = tuple(
    re.compile(p.pattern, (p.flags & ~re.UNICODE) | re.ASCII) for p in (_URL, _EMAIL, _DOMAIN)
)
_ANY_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_DIGIT_RUN = re.compile(r"\+?\d(?:[\s.\-/()]{0,2}\d){4,}")


def _is_plain(text: str) -> bool:
    """True for printable ASCII with single spaces: the common case, cleaned fast."""
    return text.isascii() and text.isprintable() and "  " not in text


def _is_words(text: str) -> bool:
    """True for letters of any script between single spaces, in NFC: only the cluster cap
    of clean_value's rules can change it (no letter is, or folds to, ``. : @``)."""
    return (
        text.replace(" ", "").isalpha()
        and "  " not in text
        and unicodedata.is_normalized("NFC", text)
    )


# In plain text, only these give the rules of clean_value anything to do: the template
# metacharacters, what every link holds (``:``, ``@``, a dot before a letter, ``www``;
# see _URL, _EMAIL and _DOMAIN), and digits.
_RULE_HINT = re.compile(r"[{}:@0-9]|\.[A-Za-z]|(?i:www)")


def _strip_characters(text: str) -> str:
    if text.isprintable() and not _MARK_RUN.search("".join(map(unicodedata.category, text))):
        return text  # nothing to drop or replace, no run of marks to cut
    return _strip_each(text)


def _strip_each(text: str) -> str:
    out = []
    combining = 0
    for ch in text:
        if ch in _WORD_SEPARATORS:
            out.append(" ")
            combining = 0
            continue
        category = unicodedata.category(ch)
        if category in _DROP_CATEGORIES:
            continue
        if category in _SPACE_CATEGORIES:
            out.append(" ")
            combining = 0
        elif category in _MARKS:
            combining += 1
            if combining <= _MAX_COMBINING:
                out.append(ch)
        else:
            combining = 0
            out.append(ch)
    return "".join(out)


def _folded_links(text: str) -> list[str]:
    """Links that appear only once ``text`` is folded to GSM-7 lookalikes."""
    if not _FOLDED_LINK_HINT.search(text):
        return []  # folded, it would hold none of . : @
    if text.isascii() and not _ASCII_FOLDED.search(text):
        return []  # folding leaves it as it is
    folded = text.translate(GSM_FOLD)
    if folded == text or not _LINK_HINT.search(folded):
        return []
    return [m.group() for pattern in _ASCII_LINKS for m in pattern.finditer(folded)]


def _remove_links(text: str) -> str:
    """Remove URLs and e-mail addresses, and cut domains to their first label; a text
    that holds a link once folded to GSM-7 lookalikes is folded first."""
    if _folded_links(text):
        # A fullwidth link reads as one once folded, and the budget may fold it: take the
        # folded form, so that the rules below remove the link.
        text = text.translate(GSM_FOLD)
    if _LINK_HINT.search(text):  # every URL, address and domain holds one of . : @
        if ":" in text or "www" in text.lower():  # a scheme, or a www host
            text = _URL.sub(" ", text)
        if "@" in text:
            text = _EMAIL.sub(" ", text)
        if _DOMAIN_HINT.search(text):  # a dot before a top-level domain
            text = _DOMAIN.sub(r"\1", text)
    return text


def _remove_numbers(text: str, region: str, *, digit_runs: bool = True) -> str:
    """Remove phone numbers and (with ``digit_runs``) runs of 5 or more digits."""
    if _ANY_DIGIT.search(text):
        import phonenumbers  # noqa: PLC0415 - imported when first needed (15 ms)

        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.POSSIBLE
        )
        for match in reversed(list(matcher)):
            text = text[: match.start] + " " + text[match.end :]
        if digit_runs:
            text = _DIGIT_RUN.sub(" ", text)
    return text


def find_lures(text: str, region: str = "US") -> list[str]:
    """Return the URLs, e-mail addresses, domains, phone numbers and long digit runs in text,
    also those that appear once fullwidth characters are folded to ASCII.

    >>> find_lures("Call +44 7400 123456 or see bank.example, evil\\uff0ecom")
    ['bank.example', '+44 7400 123456', 'evil.com']
    """
    found = [m.group() for pattern in (_URL, _EMAIL, _DOMAIN) for m in pattern.finditer(text)]
    if _ANY_DIGIT.search(text):  # a phone number holds digits, in some script
        import phonenumbers  # noqa: PLC0415 - imported when first needed (15 ms)

        found += [m.raw_string for m in phonenumbers.PhoneNumberMatcher(text, region)]
        found += [m.group() for m in _DIGIT_RUN.finditer(text)]
    return list(dict.fromkeys(found + _folded_links(text)))


def clean_value(field: str, value: object, *, region: str = "US", code: str | None = None) -> str:
    """Return ``value`` made safe to show in an SMS, or raise InvalidValue.

    ``region`` is the default region for phone numbers written without a country code;
    ``code``, the one-time code, is taken out wherever it appears, in any script's digits.

    >>> clean_value("payee", "  Jane\\u202e Doe, call +44 7400 123456 or www.x.example ")
    'Jane Doe, call or'
    >>> clean_value("merchant", "Booking.com")
    'Booking'
    >>> clean_value("payee", "Plan 2025, \u0662\u0660\u0662\u0665 and 20 25", code="2025")
    'Plan , and 20 25'
    """
    if not isinstance(value, str):
        raise InvalidValue(field, f"must be a string, not {type(value).__name__}")
    if len(value) > MAX_VALUE_LENGTH:
        raise InvalidValue(field, f"longer than {MAX_VALUE_LENGTH} characters")
    plain = _is_plain(value)
    if plain and not _RULE_HINT.search(value):
        text = value.strip()
    elif _is_words(value):
        text = _cap_clusters(value).strip()
    else:
        text = _cleaned(value, plain, region, code, digit_runs=field not in BANK_FIELDS)
    if not _LETTER_OR_DIGIT.search(text):
        raise InvalidValue(field, "has no letter or digit left after cleaning")
    return text


def _cleaned(
    text: str, plain: bool, region: str, code: str | None = None, *, digit_runs: bool = True
) -> str:
    """The rules of :func:`clean_value` (a plain text skips the character rules)."""
    if not plain:
        text = _SURROGATE.sub("", text)
        text = unicodedata.normalize("NFC", text)
        text = _cap_clusters(_strip_characters(text))
    if _METACHARACTERS.search(text):
        text = text.translate(_METACHARACTER_TABLE)
    while True:  # until no rule removes anything: each removal can expose another lure
        removed = _remove_links(text)
        if code is not None:
            removed = _without_code(removed, code)
        removed = _remove_numbers(removed, region, digit_runs=digit_runs)
        if removed == text:
            break
        text = removed
    return _SPACES.sub(" ", text).strip()


def _cap_clusters(text: str) -> str:
    """Cut each grapheme cluster to at most MAX_CLUSTER_UNITS UTF-16 units."""
    units = len(text.encode("utf-16-le")) // 2
    if units <= MAX_CLUSTER_UNITS:
        return text  # no cluster can be longer than the whole text
    if units == len(text) and max(map(len, text.split(" "))) < MAX_CLUSTER_UNITS:
        # One unit a character, and a boundary before every space (_may_join): a cluster
        # is at most a space and a word.
        return text
    if not any(_may_join(ord(ch)) for ch in text[1:]):
        return text  # every character is a cluster of its own: at most 2 units
    clusters = graphemes(text)
    if all(len(c) * 2 <= MAX_CLUSTER_UNITS for c in clusters):
        return text  # at most 2 units a code point
    return "".join(_cap_cluster(c) for c in clusters)


def _cap_cluster(cluster: str) -> str:
    kept, units = [], 0
    for ch in cluster:
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > MAX_CLUSTER_UNITS:
            break
        kept.append(ch)
    return "".join(kept)


_GSM_CHARS = frozenset(GSM_BASIC + GSM_EXTENDED)
# Where anyascii writes a title-case pair, a capital letter stands for two capitals.
_LATIN_FOLD: dict[str, str] = {"Œ": "OE", "Ĳ": "IJ", "Ǆ": "DZ", "Ǉ": "LJ", "Ǌ": "NJ"}


def _fold_char(ch: str) -> str:
    """A non-GSM Latin letter (or lookalike) as GSM-7: its base letter, else its usual
    Latin spelling (Ł -> L, dotless i -> i, Œ -> OE, Đ -> D); other characters are kept."""
    folded = _LATIN_FOLD.get(ch)
    if folded is None:
        folded = ch.translate(GSM_FOLD)
        if folded == ch and unicodedata.name(ch, "").startswith("LATIN"):
            base = unicodedata.normalize("NFD", ch)[0]
            folded = base if base in _GSM_CHARS else _ascii(ch)
        _LATIN_FOLD[ch] = folded
    return folded


def fold_value(text: str) -> str:
    """Fold a value towards GSM-7: lookalikes and accented Latin letters, keeping the
    accented letters that GSM-7 has (é, ñ, ü, ö, à, ...). Other scripts are kept.

    >>> fold_value("María Łukasz Ayşe Y\u0131lmaz Œuvre Zoë Nguyễn Müller")
    'Maria Lukasz Ayse Yilmaz OEuvre Zoe Nguyen Müller'
    """
    if is_gsm(text):
        return text
    return "".join(ch if ch in _GSM_CHARS else _fold_char(ch) for ch in text)


def transliterate(text: str) -> str:
    """A value in GSM-7: folded, then every other character spelt in Latin letters
    (``anyascii``); symbols such as emoji are dropped. Han characters are spelt one
    syllable a word.

    >>> transliterate("张三"), transliterate("Иван Петров"), transliterate("Zoë 😀")
    ('Zhang San', 'Ivan Petrov', 'Zoe')
    """
    out: list[str] = []
    for ch in fold_value(text):
        if ch in _GSM_CHARS:
            out.append(ch)
        elif unicodedata.category(ch)[0] in "LMN":
            spelt = _ascii(ch)
            han = spelt and unicodedata.name(ch, "").startswith("CJK")
            out.append(f" {spelt} " if han else spelt)
        else:
            out.append(" ")  # a symbol (emoji) or a non-GSM punctuation mark
    spelt = _SPACES.sub(" ", "".join(out).translate(GSM_FOLD)).strip()
    return "".join(ch for ch in spelt if ch in _GSM_CHARS)


def _ascii(ch: str) -> str:
    from anyascii import anyascii  # noqa: PLC0415 - loaded only when a value needs it

    return str(anyascii(ch))


def graphemes(text: str) -> list[str]:
    """Split ``text`` into user-perceived characters (grapheme clusters).

    >>> graphemes("🇮🇹ab"), len(graphemes("e\\u0301"))
    (['🇮🇹', 'a', 'b'], 1)
    """
    clusters: list[str] = []
    start = 0
    for i in range(1, len(text)):
        if _is_boundary(text, i):
            clusters.append(text[start:i])
            start = i
    if text:
        clusters.append(text[start:])
    return clusters


def shorten(clusters: list[str], keep: int) -> str:
    """The first ``keep`` grapheme clusters and the ``...`` mark.

    A space the cut ends on is kept (``Maria ...``), so that the visible part never has
    fewer than ``keep`` characters. A cut can end a text in something that reads as a
    domain (``evil.co`` out of ``evil.com1x``), so the domain rule runs again on what is
    kept.

    >>> shorten(graphemes("Pay evil.com1 Ltd"), 11), shorten(graphemes("Maria Garcia"), 6)
    ('Pay evil...', 'Maria ...')
    """
    head = "".join(clusters[:keep])
    return _DOMAIN.sub(r"\1", head) + ELLIPSIS


def cap_value(value: str, limit: int) -> str:
    """Cut a value to at most ``limit`` code points, at a grapheme boundary, with ``...``.

    >>> cap_value("Bartholomew Featherstonehaugh", 16)
    'Bartholomew F...'
    """
    if len(value) <= limit:
        return value
    clusters = graphemes(value)
    keep, size = 0, len(ELLIPSIS)
    while keep < len(clusters) and size + len(clusters[keep]) <= limit:
        size += len(clusters[keep])
        keep += 1
    return shorten(clusters, keep)


def _without_code(text: str, code: str) -> str:
    """``text`` with every digit run that reads as ``code``, in any script's digits, made a
    space."""

    def same(match: re.Match[str]) -> str:
        digits = "".join(str(unicodedata.decimal(ch)) for ch in match.group())
        return " " if digits == code else match.group()

    return _DIGITS.sub(same, text) if _ANY_DIGIT.search(text) else text


_BRAND = re.compile(r"[\w &.\-]+")
_MAX_BRAND = 30
_MAX_BRAND_DIGITS = 4


def check_brand(brand: object) -> str:
    """Return a sender name that gateways accept, or raise InvalidBrand.

    At most 30 characters of letters, digits, spaces, ``- _ & .``, at most 4 digits, no
    URL or phone number. A brand in Han characters (a Chinese signature) has 2 to 8.

    >>> check_brand("ACME Bank")
    'ACME Bank'
    """
    if not isinstance(brand, str):
        raise InvalidBrand("brand", f"must be a string, not {type(brand).__name__}")
    text = unicodedata.normalize("NFC", brand).strip()
    if not text or len(text) > _MAX_BRAND or not _BRAND.fullmatch(text):
        raise InvalidBrand("brand", "must be 1 to 30 letters, digits, spaces, '-', '_', '&' or '.'")
    if sum(ch.isdigit() for ch in text) > _MAX_BRAND_DIGITS:
        raise InvalidBrand("brand", "may hold at most 4 digits")
    if _URL.search(text) or _EMAIL.search(text) or _DOMAIN.search(text):
        raise InvalidBrand("brand", "must not hold a URL or an address")
    han = sum(unicodedata.name(ch, "").startswith("CJK UNIFIED") for ch in text)
    if han and han == len(text.replace(" ", "")) and not 2 <= len(text) <= 8:
        raise InvalidBrand("brand", "a Chinese signature has 2 to 8 characters")
    return text
