"""SMS encoding, unit and segment counting, part splitting, and smart encoding.

This module follows 3GPP TS 23.038 / TS 23.040 and the way the widely used gateway
calculators count. Gateways bill per segment, so whenever they disagree we
report the *larger* count. The decisions, one by one:

Character sets
    * ``GSM_BASIC`` (127 characters, the 0x1B escape is not one of them) and ``GSM_EXTENDED``
      (``\\x0c ^ { } \\ [ ~ ] | €``) are exactly the tables of 3GPP TS 23.038. Position 0x09 is
      capital ``Ç``; lower-case ``ç`` is *not* GSM-7 (every gateway calculator treats it as
      UCS-2).
    * One character outside both tables switches the whole text to UCS-2. That includes U+001B
      typed as a character, TAB, NBSP, backtick, curly quotes, dashes, zero-width and bidi
      characters, and decomposed accents (``e`` + U+0301); precomposed ``é`` is GSM-7.
    * National-language shift tables are not used (not in the default count).

Units and limits
    * GSM-7 units are septets: basic character 1, extension character 2 (ESC + code).
      UCS-2 units are UTF-16 code units: BMP 1, astral 2. In UCS-2, ``€ [ ]`` cost 1.
    * 160 septets / 70 units fit in one message; concatenated parts carry 153 / 67.
    * Empty text is GSM-7, 0 units, 1 segment (it would still be sent as one message).
    * More than ``MAX_PARTS`` (255) parts cannot be concatenated, but the count is still
      reported as is; deciding what to do about it is the caller's business.

Part boundaries (``split`` and, for multi-part texts, ``measure``)
    * Greedy: each part takes as many code points as fit in 153 septets / 67 units.
    * An escape pair or a surrogate pair is never split (a Python ``str`` holds them as one
      code point, so this is automatic), so a part may hold only 152 / 66 units. Lone
      surrogates count 1 unit; a high + low pair held as two code points is never split
      either (no boundary between them, and a boundary before and after them).
    * A grapheme cluster stays whole at a part boundary: the greedy end moves back to the
      nearest cluster boundary. ``_is_boundary`` is a compact UAX #29 subset with local
      lookback: CR LF; controls; Hangul L/V/T/LV/LVT; Extend (Mn, Me, ZWJ, ZWNJ, emoji
      modifiers, variation selectors, keycap U+20E3, tags); SpacingMark (every Mc, and Thai/Lao
      sara am); Indic conjuncts (GB9c, the six virama linkers); ZWJ emoji sequences (GB11);
      regional-indicator pairs counted from the start of the run. Prepend (GB9b) is not
      implemented, as UAX #29 allows. Where the subset is coarser than UAX #29 (every Mc is a
      SpacingMark) it keeps *more* together, never less.
    * A single cluster larger than a part is cut at the last code point that fits.
    * Why this is the larger count: greedy filling with every cut allowed is optimal, and
      ``ceil(units / 153)`` is a lower bound of it; the grapheme-aware greedy only removes cut
      points, so its count is always >= both naive counts. Unit totals never differ.
    * ``split("")`` returns ``("",)``: one (empty) message, matching ``measure("").segments == 1``,
      so ``len(split(t)) == measure(t).segments`` holds for every ``t``.

Smart encoding (``gsm_fold``)
    * ``GSM_FOLD`` is a ``str.translate`` table: curly/angle quotes -> ``"`` / ``'``; dashes,
      minus signs, bullets -> ``-``; ``…`` -> ``...``; fullwidth ASCII U+FF01-FF5E -> ASCII;
      ideographic and fullwidth punctuation (``、`` -> ``,``, ``。`` -> ``.``, ``「」『』`` ->
      ``"``, ...); every Unicode space (and TAB) -> one ASCII space; zero-width characters,
      soft hyphen, bidi marks/embeddings/overrides/isolates -> removed. Backticks (ASCII and
      fullwidth) -> ``'`` because the backtick is not GSM-7. Accented letters are not folded.
    * No key is a GSM-7 character and every value is GSM-7, so folding is idempotent and the
      identity on GSM-7 text.
    * All or nothing: as gateways do it, smart encoding applies only when the whole text
      can then become GSM-7. ``gsm_fold`` returns the text unchanged otherwise (a Japanese text
      keeps its 「」). Use ``text.translate(GSM_FOLD)`` for the unconditional fold.

Speed
    The common path never loops per character in Python. A compiled ``[^...]`` regex finds
    the first character outside the basic table (none: one septet per character, and the
    prebuilt single-message result is returned); extension characters are counted with a
    regex; UTF-16 units are ``len(text.encode("utf-16-le")) // 2``; the non-GSM characters are
    what remains once spaces, then runs of GSM characters, are deleted. A text that fits in one
    message is never split; a longer one is walked part by part. When the units equal the code
    points (no extension or astral character) a part end is just 153/67 code points on;
    otherwise the jump is corrected with C-level counts on the chunk. ``_is_boundary`` runs
    only at candidate part ends, and answers at once for a character that no rule can join to
    what precedes it (``_may_join``, cached per code point).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "GSM_BASIC",
    "GSM_EXTENDED",
    "GSM_FOLD",
    "GSM_PART",
    "GSM_SINGLE",
    "MAX_PARTS",
    "UCS2_PART",
    "UCS2_SINGLE",
    "Encoding",
    "SegmentInfo",
    "Size",
    "gsm_fold",
    "is_gsm",
    "measure",
    "size",
    "split",
]

Encoding = Literal["GSM-7", "UCS-2"]
_UnitsOf = Callable[[str], int]

#: GSM 03.38 basic table (127 characters; 0x1B is the escape, not a character).
GSM_BASIC: Final = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: GSM 03.38 extension table: each character costs 2 septets (ESC + code).
GSM_EXTENDED: Final = "\x0c^{}\\[~]|€"

GSM_SINGLE: Final = 160
GSM_PART: Final = 153
UCS2_SINGLE: Final = 70
UCS2_PART: Final = 67
#: Concatenation allows at most this many parts (more are still counted and reported).
MAX_PARTS: Final = 255

_NON_BASIC: Final = re.compile("[^" + re.escape(GSM_BASIC) + "]")
_NON_GSM: Final = re.compile("[^" + re.escape(GSM_BASIC + GSM_EXTENDED) + "]")
_EXTENDED: Final = re.compile("[" + re.escape(GSM_EXTENDED) + "]")
_ASCII_BASIC: Final = bytes(sorted(ord(ch) for ch in GSM_BASIC if ch.isascii()))
_ASCII_EXTENDED: Final = bytes(sorted(ord(ch) for ch in GSM_EXTENDED if ch.isascii()))
_GSM_RUN: Final = re.compile("[" + re.escape(GSM_BASIC + GSM_EXTENDED) + "]+")


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """How a text is sent: encoding, units, segments billed, and what forced UCS-2."""

    encoding: Encoding
    #: Septets (extension character = 2) for GSM-7; UTF-16 code units (astral = 2) for UCS-2.
    units: int
    #: Parts a gateway sends and bills; the empty text is 1.
    segments: int
    #: Distinct characters that forced UCS-2, in order of first appearance; ``()`` for GSM-7.
    non_gsm: tuple[str, ...]
    #: Units still free in the last segment.
    remaining: int

    @property
    def limit(self) -> int:
        """Units per segment in force: 160/153 (GSM-7) or 70/67 (UCS-2)."""
        if self.encoding == "GSM-7":
            return GSM_SINGLE if self.segments == 1 else GSM_PART
        return UCS2_SINGLE if self.segments == 1 else UCS2_PART


#: ``(encoding, units, segments)``, as :func:`size` gives them.
Size = tuple[Encoding, int, int]

# Every single-message GSM-7 result, built once (index = septets; 0 is the empty text).
_GSM_SINGLE_INFO: Final = tuple(
    SegmentInfo("GSM-7", units, 1, (), GSM_SINGLE - units) for units in range(GSM_SINGLE + 1)
)


def is_gsm(text: str) -> bool:
    """Return True if every character of *text* is in the GSM-7 basic or extension table.

    >>> is_gsm("Ç€"), is_gsm("ç")
    (True, False)
    """
    return _NON_GSM.search(text) is None


def _gsm_units(text: str) -> int:
    """Septets of a GSM-7 text (assumed GSM-7)."""
    return len(text) + len(_EXTENDED.findall(text))


def _ucs2_units(text: str) -> int:
    """UTF-16 code units of *text* (a lone surrogate counts 1)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _encoding_units(text: str) -> tuple[Encoding, int]:
    """The encoding of *text*, and its septets (GSM-7) or UTF-16 code units (UCS-2)."""
    if text.isascii():  # one unit a character; bytes.translate finds the others fast
        outside = text.encode("ascii").translate(None, _ASCII_BASIC)
        if not outside:
            return "GSM-7", len(text)
        if not outside.translate(None, _ASCII_EXTENDED):
            return "GSM-7", len(text) + len(outside)
        return "UCS-2", len(text)
    other = _NON_BASIC.search(text)
    if other is None:  # basic table only: one septet per character
        return "GSM-7", len(text)
    if _NON_GSM.search(text, other.start()) is None:
        return "GSM-7", len(text) + len(_EXTENDED.findall(text, other.start()))
    return "UCS-2", _ucs2_units(text)


def measure(text: str) -> SegmentInfo:
    """Return the encoding, units and segment count a gateway would use for *text*.

    >>> measure("Your code is 123456")
    SegmentInfo(encoding='GSM-7', units=19, segments=1, non_gsm=(), remaining=141)
    >>> info = measure("Código 123456, válido 5 min")
    >>> info.encoding, info.units, info.segments, info.non_gsm, info.limit
    ('UCS-2', 27, 1, ('ó', 'á'), 70)
    >>> measure("a" * 152 + "€" + "a" * 152).segments
    3
    """
    encoding, units = _encoding_units(text)
    if encoding == "GSM-7":
        if units <= GSM_SINGLE:
            return _GSM_SINGLE_INFO[units]
        ends, last = _part_ends(text, units, GSM_PART, _gsm_units)
        return SegmentInfo(encoding, units, len(ends), (), GSM_PART - last)
    # Spaces are the usual GSM characters between non-GSM words: dropping them first leaves
    # the regex far fewer runs to delete in Cyrillic, Arabic or Devanagari text.
    non_gsm = tuple(dict.fromkeys(_GSM_RUN.sub("", text.replace(" ", ""))))
    if units <= UCS2_SINGLE:
        return SegmentInfo(encoding, units, 1, non_gsm, UCS2_SINGLE - units)
    ends, last = _part_ends(text, units, UCS2_PART, _ucs2_units)
    return SegmentInfo(encoding, units, len(ends), non_gsm, UCS2_PART - last)


def size(text: str) -> Size:
    """:func:`measure`'s encoding, units and segments: what sending needs, at a lower cost.

    Two parts are recognised without walking the text. A GSM-7 first part holds at least
    152 septets: 153, less one when an extension character would straddle the cut or a CR
    must stay with its LF. A UCS-2 first part of one-unit characters holds 67 when a cluster
    starts there.

    >>> size("Your code is 123456")
    ('GSM-7', 19, 1)
    """
    encoding, units = _encoding_units(text)
    if encoding == "GSM-7":
        if units <= GSM_SINGLE:
            return encoding, units, 1
        if units <= (GSM_PART - 1) + GSM_PART:  # the least first part, and a full second
            return encoding, units, 2
        return encoding, units, len(_part_ends(text, units, GSM_PART, _gsm_units)[0])
    if units <= UCS2_SINGLE:
        return encoding, units, 1
    if units <= 2 * UCS2_PART and units == len(text) and _is_boundary(text, UCS2_PART):
        return encoding, units, 2
    return encoding, units, len(_part_ends(text, units, UCS2_PART, _ucs2_units)[0])


def split(text: str) -> tuple[str, ...]:
    """Cut *text* into parts no larger than a gateway's; ``"".join(split(t)) == t``.

    Gateways cut concatenated texts greedily; this also keeps each user-perceived character
    (a flag, an emoji sequence, a letter with its marks) whole, as the most used gateway
    calculator does. Its part count is therefore a safe upper bound: never fewer parts than
    any gateway sends and bills, sometimes one more than a simpler encoder would make. A
    text that fits in one message is one part; the empty text gives ``("",)``.

    >>> [len(p) for p in split("a" * 152 + "€" + "a" * 152)]
    [152, 152, 1]
    >>> split("Code 123456")
    ('Code 123456',)
    """
    encoding, units = _encoding_units(text)
    if encoding == "GSM-7":
        if units <= GSM_SINGLE:
            return (text,)  # the empty text too
        ends, _ = _part_ends(text, units, GSM_PART, _gsm_units)
    else:
        if units <= UCS2_SINGLE:
            return (text,)
        ends, _ = _part_ends(text, units, UCS2_PART, _ucs2_units)
    parts = []
    start = 0
    for end in ends:
        parts.append(text[start:end])
        start = end
    return tuple(parts)


def _part_ends(text: str, units: int, limit: int, units_of: _UnitsOf) -> tuple[list[int], int]:
    """Greedy, grapheme-aware part ends of *text* (*units* in all), and the last part's units."""
    n = len(text)
    # No extension or astral character: every code point costs 1 unit, nothing to count.
    uniform = units == n
    ends: list[int] = []
    start = 0
    while True:
        # Every code point costs at least 1 unit, so the best end is at most start + limit.
        end = min(start + limit, n)
        cost = end - start if uniform else units_of(text[start:end])
        while cost > limit:
            # Each code point costs at most 2, so dropping ceil(excess / 2) never overshoots.
            drop = (cost - limit + 1) // 2
            cost -= units_of(text[end - drop : end])
            end -= drop
        if end == n:
            ends.append(n)
            return ends, cost
        cut = end
        while cut > start and not _is_boundary(text, cut, start):
            cut -= 1
        if cut == start:  # one cluster larger than a part: cut at a code point
            cut = end
        ends.append(cut)
        start = cut


# --- grapheme cluster boundaries (compact UAX #29 subset) -----------------------------------

_ZWJ: Final = 0x200D
_ZWNJ: Final = 0x200C
_LINKERS: Final = frozenset({0x094D, 0x09CD, 0x0ACD, 0x0B4D, 0x0C4D, 0x0D4D})
# Consonants (InCB=Consonant) of the scripts with a linker: Devanagari, Bengali, Gujarati,
# Oriya, Telugu, Malayalam. Unassigned code points are excluded by the category check.
_CONSONANTS_SPEC: Final = """
    0915-0939 0958-095F 0978-097F 0995-09B9 09DC-09DF 09F0-09F1 0A95-0AB9 0AF9 0B15-0B39
    0B5C-0B5F 0B71 0C15-0C39 0C58-0C5A 0D15-0D3A
"""
# Extended_Pictographic (emoji-data.txt).
_EXT_PICT_SPEC: Final = """
    00A9 00AE 203C 2049 2122 2139 2194-2199 21A9-21AA 231A-231B 2328 2388 23CF 23E9-23F3
    23F8-23FA 24C2 25AA-25AB 25B6 25C0 25FB-25FE 2600-2605 2607-2612 2614-2685 2690-2705
    2708-2712 2714 2716 271D 2721 2728 2733-2734 2744 2747 274C 274E 2753-2755 2757
    2763-2767 2795-2797 27A1 27B0 27BF 2934-2935 2B05-2B07 2B1B-2B1C 2B50 2B55 3030 303D
    3297 3299 1F000-1F0FF 1F10D-1F10F 1F12F 1F16C-1F171 1F17E-1F17F 1F18E 1F191-1F19A
    1F1AD-1F1E5 1F201-1F20F 1F21A 1F22F 1F232-1F23A 1F23C-1F23F 1F249-1F3FA 1F400-1F53D
    1F546-1F64F 1F680-1F6FF 1F774-1F77F 1F7D5-1F7FF 1F80C-1F80F 1F848-1F84F 1F85A-1F85F
    1F888-1F88F 1F8AE-1F8FF 1F90C-1F93A 1F93C-1F945 1F947-1FAFF 1FC00-1FFFD
"""
# Prepended concatenation marks are Cf but not Control in UAX #29.
_PREPENDED_CONCAT: Final = frozenset(
    {0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2}
    | {0x110BD, 0x110CD}
)


def _ranges(spec: str) -> tuple[tuple[int, int], ...]:
    """Parse ``"00A9 2194-2199 ..."`` into sorted inclusive ``(first, last)`` pairs."""
    pairs = []
    for item in spec.split():
        first, _, last = item.partition("-")
        pairs.append((int(first, 16), int(last or first, 16)))
    return tuple(sorted(pairs))


_CONSONANT_RANGES: Final = _ranges(_CONSONANTS_SPEC)
_EXT_PICT_RANGES: Final = _ranges(_EXT_PICT_SPEC)
_EXT_PICT_STARTS: Final = tuple(lo for lo, _ in _EXT_PICT_RANGES)
_EXT_PICT_STOPS: Final = tuple(hi for _, hi in _EXT_PICT_RANGES)

_H_L, _H_V, _H_T, _H_LV, _H_LVT = 1, 2, 3, 4, 5


def _is_ext_pict(cp: int) -> bool:
    k = bisect_right(_EXT_PICT_STARTS, cp) - 1
    return k >= 0 and cp <= _EXT_PICT_STOPS[k]


def _is_extend(cp: int) -> bool:
    """Grapheme_Cluster_Break Extend (without ZWJ): nothing breaks before it."""
    if unicodedata.category(chr(cp)) in ("Mn", "Me"):
        return True
    return (
        cp == _ZWNJ
        or 0x1F3FB <= cp <= 0x1F3FF  # emoji modifiers (skin tones)
        or 0xE0020 <= cp <= 0xE007F  # tags
        or cp in (0xFF9E, 0xFF9F)  # halfwidth katakana sound marks
    )


def _is_spacing_mark(cp: int) -> bool:
    """SpacingMark, widened to every Mc (plus Thai and Lao sara am)."""
    return cp in (0x0E33, 0x0EB3) or unicodedata.category(chr(cp)) == "Mc"


def _is_control(cp: int) -> bool:
    """Grapheme_Cluster_Break Control, CR or LF."""
    cat = unicodedata.category(chr(cp))
    if cat in ("Cc", "Zl", "Zp", "Cs"):
        return True
    if cat != "Cf":
        return False
    return not (cp in (_ZWJ, _ZWNJ) or 0xE0020 <= cp <= 0xE007F or cp in _PREPENDED_CONCAT)


def _hangul(cp: int) -> int:
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return _H_L
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return _H_V
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return _H_T
    if 0xAC00 <= cp <= 0xD7A3:
        return _H_LV if (cp - 0xAC00) % 28 == 0 else _H_LVT
    return 0


def _is_consonant(cp: int) -> bool:
    if not 0x0915 <= cp <= 0x0D3A:
        return False
    for lo, hi in _CONSONANT_RANGES:
        if lo <= cp <= hi:
            return unicodedata.category(chr(cp)) == "Lo"
    return False


@lru_cache(maxsize=4096)
def _may_join(c: int) -> bool:
    """Return False if a cluster boundary lies before code point *c*, whatever precedes it.

    Every rule of ``_is_boundary`` that answers False needs *c* to be one of these: LF after
    CR (GB3), a low surrogate after a high one, Hangul (GB6-GB8), ZWJ, Extend or SpacingMark
    (GB9, GB9a), a consonant (GB9c), Extended_Pictographic (GB11), a regional indicator (GB12,
    GB13). A rule added there must be added here too (a test compares both ways).
    """
    return (
        c == 0x0A
        or 0xDC00 <= c <= 0xDFFF
        or _hangul(c) != 0
        or c == _ZWJ
        or _is_extend(c)
        or _is_spacing_mark(c)
        or _is_consonant(c)
        or _is_ext_pict(c)
        or 0x1F1E6 <= c <= 0x1F1FF
    )


def _is_boundary(text: str, i: int, lo: int = 0) -> bool:
    """Return True if a grapheme cluster boundary lies before ``text[i]``.

    Lookbacks (Extend runs, regional-indicator runs) never go below index *lo*; the splitter
    passes the start of the current part. That is a boundary, except after a forced cut
    inside a cluster longer than a part, where the rules then start afresh.
    """
    if i <= 0 or i >= len(text):
        return True
    c = ord(text[i])
    if 0x20 <= c < 0x300 and c not in (0xA9, 0xAE):
        return True  # fast path: nothing in this range continues a cluster
    if not _may_join(c):
        return True  # no rule below can keep c with what precedes it
    p = ord(text[i - 1])
    if p == 0x0D:  # GB3, GB4
        return c != 0x0A
    if 0xD800 <= p <= 0xDBFF and 0xDC00 <= c <= 0xDFFF:
        return False  # a surrogate pair held as two code points
    if _is_control(p) or _is_control(c):  # GB4, GB5
        return True
    hc = _hangul(c)
    if hc:  # GB6-GB8
        hp = _hangul(p)
        if hp == _H_L and hc != _H_T:
            return False
        if hp in (_H_LV, _H_V) and hc in (_H_V, _H_T):
            return False
        if hp in (_H_LVT, _H_T) and hc == _H_T:
            return False
    if c == _ZWJ or _is_extend(c) or _is_spacing_mark(c):  # GB9, GB9a
        return False
    if _is_consonant(c):  # GB9c: Consonant [Extend Linker]* Linker [Extend Linker]* x Consonant
        j = i - 1
        linked = False
        while j >= lo:
            q = ord(text[j])
            if q in _LINKERS:
                linked = True
            elif not (q == _ZWJ or _is_extend(q)):
                break
            j -= 1
        if linked and j >= lo and _is_consonant(ord(text[j])):
            return False
    if p == _ZWJ and _is_ext_pict(c):  # GB11: ExtPict Extend* ZWJ x ExtPict
        j = i - 2
        while j >= lo and _is_extend(ord(text[j])):
            j -= 1
        if j >= lo and _is_ext_pict(ord(text[j])):
            return False
    if 0x1F1E6 <= c <= 0x1F1FF and 0x1F1E6 <= p <= 0x1F1FF:  # GB12, GB13
        j = i - 1
        while j >= lo and "\U0001f1e6" <= text[j] <= "\U0001f1ff":
            j -= 1
        return (i - 1 - j) % 2 == 0
    return True  # GB999


# --- smart encoding -----------------------------------------------------------------------


def _build_fold() -> dict[int, str]:
    table: dict[int, str] = {}

    def put(chars: str, target: str) -> None:
        for ch in chars:
            table[ord(ch)] = target

    # Fullwidth ASCII U+FF01-FF5E -> ASCII (fullwidth backtick handled below).
    for cp in range(0xFF01, 0xFF5F):
        table[cp] = chr(cp - 0xFEE0)
    # Quotes: curly, low-9, reversed, angle (guillemets), primes, modifier letters, CJK corners.
    put("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036\u02ba\u02ee\u275d\u275e", '"')
    put("\u301d\u301e\u301f\u300c\u300d\u300e\u300f\uff62\uff63\u300a\u300b", '"')
    put("\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u2035\u02b9\u02bb\u02bc\u02bd", "'")
    put("\u02c8\u02ca\u02cb\u00b4\u275b\u275c`\uff40", "'")
    # Dashes, minus signs, bullets.
    put("\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2796\ufe58\ufe63\u2e3a\u2e3b", "-")
    put("\u2022\u2023\u2219\u25e6\u2981\u204c\u204d", "-")
    # Ellipses.
    put("\u2026", "...")
    put("\u2025", "..")
    # Ideographic, halfwidth and small-form punctuation.
    put("\u3001\uff64\ufe50\ufe51", ",")
    put("\u3002\uff61\ufe52", ".")
    put("\u3008", "<")
    put("\u3009", ">")
    put("\u3010\u3014", "(")
    put("\u3011\u3015", ")")
    put("\u301c", "~")
    put("\u2044\u2215", "/")
    # Spaces (one ASCII space each) and line/paragraph separators.
    put("\t\x0b\u00a0\u1680\u202f\u205f\u3000", " ")
    put("".join(chr(cp) for cp in range(0x2000, 0x200B)), " ")
    put("\u0085\u2028\u2029", "\n")
    # Removed: zero-width characters, soft hyphen, BOM, invisible operators, bidi controls.
    put("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e", "")
    put("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", "")
    return table


#: Smart-encoding fold as a read-only ``str.translate`` table: code point -> GSM-7 string.
GSM_FOLD: Final[Mapping[int, str]] = MappingProxyType(_build_fold())


def gsm_fold(text: str) -> str:
    """Replace typographic lookalikes with GSM-7 characters, if that makes *text* GSM-7.

    If some character would still be outside GSM-7 (an accented letter, CJK, emoji...), the
    text is returned unchanged: folding would not save a single segment.

    >>> gsm_fold("Code\u00a0: “123456” — valid 5\u2009min…")
    'Code : "123456" - valid 5 min...'
    >>> gsm_fold("Código “123456”")
    'Código “123456”'
    """
    if _NON_GSM.search(text) is None:
        return text
    folded = text.translate(GSM_FOLD)
    return folded if _NON_GSM.search(folded) is None else text
