# This file is full of deliberately confusable characters (Cyrillic, Greek, fullwidth, dotless i).
"""Tests of SMS encoding, units, segments, splitting and smart encoding.

Known answers come from ``/work/shared/sms-facts.md``; every expected number is worked out in a
comment. Property tests draw from ``tests/strategies.py``. Private names are imported only for
the tables (not exported by the facade) and for a slow per-character reference of ``split`` and
``measure``.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from otpmsg import SegmentInfo, _segments, gsm_fold, measure, split
from otpmsg._segments import (
    GSM_BASIC,
    GSM_EXTENDED,
    GSM_FOLD,
    MAX_PARTS,
    _is_boundary,
    is_gsm,
    size,
)
from tests import strategies as sts

# The tables exactly as sms-facts.md writes them (an oracle independent of the module).
FACTS_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
FACTS_EXTENDED = "\x0c^{}\\[~]|€"

CYR = "я"  # a BMP non-GSM filler: 1 UCS-2 unit, forces UCS-2
EMOJI = "\U0001f600"  # astral: 2 UCS-2 units
FLAG_IT = "\U0001f1ee\U0001f1f9"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 4 emoji + 3 ZWJ = 11
THUMBS_MEDIUM = "\U0001f44d\U0001f3fd"  # thumbs up + skin tone: 4 units
KSHA = "\u0915\u094d\u0937"  # क्ष: KA + VIRAMA + SSA, 3 units


# --- reference implementation (slow, per character) -----------------------------------------


def ref_units(text: str, encoding: str) -> int:
    if encoding == "GSM-7":
        return sum(2 if ch in FACTS_EXTENDED else 1 for ch in text)
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def ref_encoding(text: str) -> Literal["GSM-7", "UCS-2"]:
    return "GSM-7" if all(ch in FACTS_BASIC + FACTS_EXTENDED for ch in text) else "UCS-2"


def ref_split(text: str) -> list[str]:
    """Greedy one code point at a time, then back off to a cluster boundary.

    Like the module, the boundary lookbacks stop at the start of the current part.
    """
    encoding = ref_encoding(text)
    single, part = (160, 153) if encoding == "GSM-7" else (70, 67)
    if ref_units(text, encoding) <= single:
        return [text]
    parts, start = [], 0
    while start < len(text):
        end, used = start, 0
        while end < len(text) and used + ref_units(text[end], encoding) <= part:
            used += ref_units(text[end], encoding)
            end += 1
        cut = end
        if end < len(text):
            while cut > start and not _is_boundary(text, cut, start):
                cut -= 1
            if cut == start:
                cut = end
        parts.append(text[start:cut])
        start = cut
    return parts


def ref_measure(text: str) -> SegmentInfo:
    """Units per code point, segments and last part from ``ref_split``, non-GSM in order."""
    encoding = ref_encoding(text)
    parts = ref_split(text)
    single, part = (160, 153) if encoding == "GSM-7" else (70, 67)
    limit = single if len(parts) == 1 else part
    non_gsm: dict[str, None] = {}
    for ch in text:
        if ch not in FACTS_BASIC + FACTS_EXTENDED:
            non_gsm.setdefault(ch)
    return SegmentInfo(
        encoding,
        ref_units(text, encoding),
        len(parts),
        tuple(non_gsm),
        limit - ref_units(parts[-1], encoding),
    )


def units_of_part(part: str, encoding: str) -> int:
    return ref_units(part, encoding)


# --- tables -----------------------------------------------------------------------------------


def test_tables_match_the_facts() -> None:
    assert GSM_BASIC == FACTS_BASIC
    assert GSM_EXTENDED == FACTS_EXTENDED
    assert len(GSM_BASIC) == len(set(GSM_BASIC)) == 127
    assert len(GSM_EXTENDED) == 10
    assert not set(GSM_BASIC) & set(GSM_EXTENDED)
    assert "\x1b" not in GSM_BASIC + GSM_EXTENDED


def test_is_gsm() -> None:
    assert is_gsm("")
    assert is_gsm(GSM_BASIC + GSM_EXTENDED)
    assert not is_gsm("\x1b")
    assert not is_gsm("ç")


# --- known answers: limits --------------------------------------------------------------------


def info(
    encoding: Literal["GSM-7", "UCS-2"],
    units: int,
    segments: int,
    remaining: int,
    non_gsm: tuple[str, ...] = (),
) -> SegmentInfo:
    return SegmentInfo(encoding, units, segments, non_gsm, remaining)


@pytest.mark.parametrize(
    ("n", "segments", "remaining"),
    [
        (0, 1, 160),  # empty text: one message
        (1, 1, 159),
        (160, 1, 0),
        (161, 2, 145),  # 153 + 8: 153 - 8 free
        (306, 2, 0),  # 2 x 153
        (307, 3, 152),  # 153 + 153 + 1
        (459, 3, 0),  # 3 x 153
        (460, 4, 152),
    ],
)
def test_gsm_limits(n: int, segments: int, remaining: int) -> None:
    text = "a" * n
    assert measure(text) == info("GSM-7", n, segments, remaining)
    assert len(split(text)) == segments


@pytest.mark.parametrize(
    ("n", "segments", "remaining"),
    [
        (1, 1, 69),
        (70, 1, 0),
        (71, 2, 63),  # 67 + 4
        (134, 2, 0),  # 2 x 67
        (135, 3, 66),  # 67 + 67 + 1
        (201, 3, 0),  # 3 x 67
        (202, 4, 66),
    ],
)
def test_ucs2_limits(n: int, segments: int, remaining: int) -> None:
    text = CYR * n
    assert measure(text) == info("UCS-2", n, segments, remaining, (CYR,))
    assert len(split(text)) == segments


def test_limit_property() -> None:
    assert measure("a").limit == 160
    assert measure("a" * 161).limit == 153
    assert measure(CYR).limit == 70
    assert measure(CYR * 71).limit == 67


def test_empty_text() -> None:
    assert measure("") == info("GSM-7", 0, 1, 160)
    assert split("") == ("",)


def test_more_than_255_parts_is_still_counted() -> None:
    text = "a" * (153 * MAX_PARTS + 1)
    assert measure(text).segments == MAX_PARTS + 1
    assert len(split(text)) == MAX_PARTS + 1


# --- known answers: pairs and clusters at part boundaries ------------------------------------


def test_extension_char_straddling_153() -> None:
    # '€' would take septets 153-154: the escape pair moves whole to part 2.
    text = "a" * 152 + "€" + "a" * 152  # 306 septets, but 152 + 153 + 1
    assert measure(text) == info("GSM-7", 306, 3, 152)
    assert [len(p) for p in split(text)] == [152, 152, 1]
    shorter = "a" * 152 + "€" + "a" * 151  # 305 septets: 152 + 153
    assert measure(shorter) == info("GSM-7", 305, 2, 0)
    assert split(shorter) == ("a" * 152, "€" + "a" * 151)


def test_form_feed_is_an_extension_char() -> None:
    assert measure("\x0c") == info("GSM-7", 2, 1, 158)
    assert measure("a" * 152 + "\x0c" + "a" * 152).segments == 3


def test_surrogate_pair_straddling_67() -> None:
    assert measure(EMOJI * 35) == info("UCS-2", 70, 1, 0, (EMOJI,))
    # 67 emoji = 134 units; each part holds 33 emoji (66 units): 33 + 33 + 1.
    assert measure(EMOJI * 67) == info("UCS-2", 134, 3, 65, (EMOJI,))
    assert [len(p) for p in split(EMOJI * 67)] == [33, 33, 1]
    text = CYR * 66 + EMOJI + CYR * 66  # 134 units: 66 | 2 + 65 | 1
    assert measure(text).segments == 3
    assert split(text)[0] == CYR * 66


def test_flag_straddling_67() -> None:
    # From the facts: 134 units; the flag may not be cut, so 65 | 4 + 63 | 2.
    text = "a" * 65 + FLAG_IT + "a" * 65
    assert measure(text) == info("UCS-2", 134, 3, 65, ("\U0001f1ee", "\U0001f1f9"))
    parts = split(text)
    assert parts == ("a" * 65, FLAG_IT + "a" * 63, "aa")


def test_regional_indicator_pairing_counts_from_run_start() -> None:
    # 33 flags = 66 RIs = 132 units. A part holds 16 flags (64 units); a 17th would need 68.
    # The pairing is counted from the run start, so no cut ever falls inside a flag.
    text = FLAG_IT * 33
    parts = split(text)
    assert all(len(p) % 2 == 0 for p in parts)
    assert [len(p) // 2 for p in parts] == [16, 16, 1]


def test_zwj_family_at_boundary() -> None:
    # The family (11 units) would take units 61-71: it moves whole to part 2.
    text = CYR * 60 + FAMILY + CYR * 56  # 127 units: 60 | 11 + 56
    assert measure(text).segments == 2
    assert split(text) == (CYR * 60, FAMILY + CYR * 56)
    text = CYR * 60 + FAMILY + CYR * 57  # 128 units: 60 | 67 | 1, where a naive count says 2
    assert measure(text).segments == 3


def test_skin_tone_at_boundary() -> None:
    # The thumb alone would fit in units 66-67, but its modifier must follow it.
    text = CYR * 65 + THUMBS_MEDIUM + CYR * 63  # 132 units: 65 | 4 + 63
    assert split(text) == (CYR * 65, THUMBS_MEDIUM + CYR * 63)
    assert measure(text).segments == 2
    assert measure(text + CYR).segments == 3


def test_devanagari_conjunct_at_boundary() -> None:
    # KA + VIRAMA would end part 1 at 67 units; the conjunct KSHA (GB9c) moves whole.
    text = "\u0915" * 65 + KSHA + "\u0915" * 64  # 132 units: 65 | 3 + 64
    assert split(text) == ("\u0915" * 65, KSHA + "\u0915" * 64)
    assert measure(text).segments == 2


def test_combining_mark_at_boundary() -> None:
    text = CYR * 66 + "e\u0301" + CYR * 65  # 133 units: 66 | 2 + 65
    assert split(text) == (CYR * 66, "e\u0301" + CYR * 65)


def test_crlf_is_not_cut() -> None:
    text = "a" * 152 + "\r\n" + "a" * 151  # 305 septets: 152 | 2 + 151
    assert split(text) == ("a" * 152, "\r\n" + "a" * 151)
    assert measure(text).segments == 2


def test_cluster_larger_than_a_part_is_cut_at_a_code_point() -> None:
    zalgo = "e" + "\u0301" * 100  # one cluster, 101 units: 67 | 34
    assert [len(p) for p in split(zalgo)] == [67, 34]
    assert measure(zalgo) == info("UCS-2", 101, 2, 33, ("\u0301",))
    # An emoji with 40 skin-tone modifiers (82 units): a part never ends inside an astral char.
    long_emoji = "\U0001f44d" + "\U0001f3fd" * 40
    assert [len(p) for p in split(long_emoji)] == [33, 8]  # 66 units | 16 units


@pytest.mark.parametrize("cluster", sts.CLUSTERS, ids=ascii)
def test_no_cluster_is_cut_at_any_offset(cluster: str) -> None:
    # Slide the cluster across the first part boundary and check no cut falls inside it.
    gsm = is_gsm(cluster)
    fill = "a" if gsm else CYR
    part = 153 if gsm else 67
    for offset in range(part - 16, part + 2):
        text = fill * offset + cluster + fill * (2 * part)
        cuts, pos = set(), 0
        for p in split(text):
            pos += len(p)
            cuts.add(pos)
        assert not any(offset < cut < offset + len(cluster) for cut in cuts), offset
        assert "".join(split(text)) == text


# Every code point up to U+33FF (Latin to Indic, Thai, Hangul jamo, symbols, CJK punctuation)
# and the other blocks that some cluster rule names, each after every kind of left context.
SHORTCUT_CHARS = [
    chr(cp)
    for block in (
        range(0x3400),
        range(0xA960, 0xA980),
        range(0xAC00, 0xAC20),
        range(0xD7B0, 0xD804),
        range(0xDC00, 0xDC04),
        range(0xFE00, 0xFE10),
        range(0xFF9E, 0xFFA0),
        range(0x1F000, 0x1FB00),
        range(0x20000, 0x20004),
        range(0xE0000, 0xE0080),
    )
    for cp in block
]
SHORTCUT_CONTEXTS = (
    "a",
    "\r",
    "\x00",
    "\u0600",  # prepended concatenation mark
    "\ud83d",  # lone high surrogate
    "\u200d",
    "\U0001f468\u200d",
    "\U0001f468\u0301\u200d",
    "\u1100",
    "\u1161",
    "\uac00",
    "\uac01",
    "\u0915",
    "\u0915\u094d",
    "\u0301",
    "\U0001f1ee",
    "\U0001f1ee\U0001f1f9\U0001f1ee",
)


def test_boundary_shortcut_is_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    # _is_boundary answers True early when _may_join(c) is False; the full rules must agree.
    cases = [(ctx + ch + "x", len(ctx)) for ch in SHORTCUT_CHARS for ctx in SHORTCUT_CONTEXTS]
    shortcut = [_is_boundary(text, i) for text, i in cases]
    monkeypatch.setattr(_segments, "_may_join", lambda cp: True)
    full = [_is_boundary(text, i) for text, i in cases]
    differ = [case for case, a, b in zip(cases, shortcut, full, strict=True) if a != b]
    assert not differ, ascii(differ[:5])


# --- known answers: character sets -----------------------------------------------------------


def test_c_cedilla() -> None:
    assert measure("Ç") == info("GSM-7", 1, 1, 159)
    assert measure("ç") == info("UCS-2", 1, 1, 69, ("ç",))


def test_decomposed_vs_precomposed_accent() -> None:
    assert measure("é") == info("GSM-7", 1, 1, 159)
    assert measure("e\u0301") == info("UCS-2", 2, 1, 68, ("\u0301",))


@pytest.mark.parametrize(
    "char", ["\t", "\u00a0", "`", "\u2018", "\u2019", "\u201c", "\u201d", "\u2013", "\x1b"]
)
def test_traps_force_ucs2(char: str) -> None:
    result = measure(f"Code{char}123456")
    assert result == info("UCS-2", 11, 1, 59, (char,))


@pytest.mark.parametrize("char", list("çÈáíóúêâîôûëïışğłąęőăαβω"))
def test_common_traps_are_ucs2(char: str) -> None:
    assert measure(char).encoding == "UCS-2"


def test_gsm_specials_and_greek_capitals() -> None:
    text = "@£$¥¤§¿¡ÄÖÑÜäöñüàåÅÆæßØøèéùìò\r\nΔΦΓΛΩΠΨΣΘΞ"
    assert measure(text) == info("GSM-7", len(text), 1, 160 - len(text))
    assert measure("Α").encoding == "UCS-2"  # GREEK CAPITAL ALPHA looks like A but is not GSM


def test_extension_chars_cost_2_in_gsm_and_1_in_ucs2() -> None:
    assert measure("€[]") == info("GSM-7", 6, 1, 154)
    assert measure("€[]" + CYR) == info("UCS-2", 4, 1, 66, (CYR,))


def test_non_gsm_order_and_distinctness() -> None:
    result = measure("ação ção ş ñ ü ğ ş ç")
    assert result.non_gsm == ("ç", "ã", "ş", "ğ")  # ñ and ü are GSM-7


def test_mixed_scripts() -> None:
    lock = "\U0001f510"
    text = f"Code 482913 код 代码 {lock}"  # 4+1+6+1+3+1+2+1 = 19 BMP code points + 2 for the lock
    assert measure(text) == info("UCS-2", 21, 1, 49, ("к", "о", "д", "代", "码", lock))


# --- real OTP texts ---------------------------------------------------------------------------

# Unit counts are code points (word lengths + spaces) plus one per extension char (GSM-7) or
# astral char (UCS-2); none of these texts has an astral character.
REAL_OTPS = [
    # en: 4+5+6+2+4+4+2+3+3+5+5+3+3+4+4+3 = 60 letters + 15 spaces = 75, ASCII.
    (
        "en",
        "ACME Bank: 482913 is your code to log in. Never share it, not even with us.",
        "GSM-7",
        75,
        1,
    ),
    # es without accents: 66 + 15 spaces = 81.
    (
        "es",
        "ACME: tu clave para entrar es 482913. No la compartas con nadie, ni con el banco.",
        "GSM-7",
        81,
        1,
    ),
    # es with "código": the ó alone makes it UCS-2 (52 + 11 spaces = 63).
    ("es", "ACME: tu código de acceso es 482913. No lo compartas con nadie.", "UCS-2", 63, 1),
    # de: ä is GSM-7; 114 + 19 spaces = 133.
    (
        "de",
        "ACME Bank: Ihr Bestätigungscode lautet 482913. Geben Sie ihn niemals weiter, auch "
        "nicht an uns. Unsere Mitarbeiter fragen nie danach.",
        "GSM-7",
        133,
        1,
    ),
    # fr: é and à are GSM-7; 72 + 16 spaces = 88.
    (
        "fr",
        "ACME : votre code de vérification est 482913. Ne le donnez à personne, y compris à nous.",
        "GSM-7",
        88,
        1,
    ),
    # fr with "même": ê is UCS-2; 62 + 14 spaces = 76 > 70, so 67 + 9 (2 segments, not 1).
    (
        "fr",
        "ACME : votre code est 482913. Ne le communiquez à personne, même pas à nous.",
        "UCS-2",
        76,
        2,
    ),
    # pt: ó and ã are UCS-2 (é is GSM-7); 54 + 12 spaces = 66.
    ("pt", "ACME: o seu código de acesso é 482913. Não o partilhe com ninguém.", "UCS-2", 66, 1),
    # tr: ş ı ç; 82 + 12 spaces = 94 > 70: 67 + 27.
    (
        "tr",
        "ACME: Giriş kodunuz 482913. Bu kodu kimseyle paylaşmayın; çalışanlarımız bu kodu "
        "asla istemez.",
        "UCS-2",
        94,
        2,
    ),
    # ru: 65 + 11 spaces = 76: 67 + 9.
    (
        "ru",
        "ACME: код 482913 для входа. Никому его не сообщайте, даже сотрудникам банка.",
        "UCS-2",
        76,
        2,
    ),
    # zh: 【1 ACME4 银行2 】1 您的验证码为6 4829136 ，1 5 1 分钟内有效5 。1
    #     工作人员不会向您索要10 ，1 请勿向任何人泄露8 。1 = 48.
    (
        "zh",
        "【ACME银行】您的验证码为482913，5分钟内有效。工作人员不会向您索要，请勿向任何人泄露。",
        "UCS-2",
        48,
        1,
    ),
    # ja: 【1 ACME4 銀行2 】1 認証コード5 ：1 4829136 。1 このコードは誰にも教えないでください18 。1
    #     当行の職員がお尋ねすることはありません19 。1 = 60.
    (
        "ja",
        "【ACME銀行】認証コード：482913。このコードは誰にも教えないでください。"
        "当行の職員がお尋ねすることはありません。",
        "UCS-2",
        60,
        1,
    ),
    # ar: 55 + 13 spaces = 68 <= 70.
    ("ar", "رمز التحقق الخاص بك هو 482913. لا تشاركه مع أي شخص، حتى موظفي البنك.", "UCS-2", 68, 1),
    # hi: 75 code points (vowel signs and viramas are code points) + 18 spaces = 93: 66 + 27.
    (
        "hi",
        "ACME बैंक: आपका OTP 482913 है। इसे किसी के साथ साझा न करें। बैंक कर्मचारी कभी OTP नहीं पूछते।",
        "UCS-2",
        93,
        2,
    ),
    # el: lower-case Greek is UCS-2; 50 + 10 spaces = 60.
    ("el", "ACME: Ο κωδικός σας είναι 482913. Μην τον δώσετε σε κανέναν.", "UCS-2", 60, 1),
    # € costs 2 septets: 52 code points, 53 septets.
    ("en", "ACME: Code to PAY 125,00 € to Café Olé. Code: 482913", "GSM-7", 53, 1),
]


@pytest.mark.parametrize(("lang", "text", "encoding", "units", "segments"), REAL_OTPS)
def test_real_otp_texts(lang: str, text: str, encoding: str, units: int, segments: int) -> None:
    result = measure(text)
    assert (result.encoding, result.units, result.segments) == (encoding, units, segments), lang
    single, part = (160, 153) if encoding == "GSM-7" else (70, 67)
    last = units if segments == 1 else units_of_part(split(text)[-1], encoding)
    assert result.remaining == (single if segments == 1 else part) - last


def test_real_otp_non_gsm() -> None:
    assert measure(REAL_OTPS[2][1]).non_gsm == ("ó",)
    assert measure(REAL_OTPS[5][1]).non_gsm == ("ê",)
    assert measure(REAL_OTPS[6][1]).non_gsm == ("ó", "ã")
    assert measure(REAL_OTPS[7][1]).non_gsm == ("ş", "ı", "ç")


def test_hindi_conjunct_moves_to_part_2() -> None:
    # Code point 67 is the virama of र्म in कर्मचारी: the conjunct starts part 2, so part 1 holds
    # 66 units (a naive cut would give 67 + 26).
    parts = split(REAL_OTPS[12][1])
    assert [len(p) for p in parts] == [66, 27]
    assert parts[1].startswith("\u0930\u094d\u092e")


# --- smart encoding ---------------------------------------------------------------------------


def test_fold_table_invariants() -> None:
    gsm = set(GSM_BASIC + GSM_EXTENDED)
    for key, value in GSM_FOLD.items():
        assert chr(key) not in gsm, hex(key)
        assert set(value) <= gsm, hex(key)
        # Accented letters are never folded: no key decomposes into a base + combining marks.
        assert not any(map(unicodedata.combining, unicodedata.normalize("NFD", chr(key))))
        assert not unicodedata.category(chr(key)).startswith("M"), hex(key)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        (
            "\u2018a\u2019 \u201cb\u201d \u201ec\u201f \u00abd\u00bb \u2039e\u203a",
            '\'a\' "b" "c" "d" \'e\'',
        ),
        ("1\u20102\u20113\u20124\u20135\u20146\u22127\u20228", "1-2-3-4-5-6-7-8"),
        ("wait\u2026", "wait..."),
        ("\uff23\uff4f\uff44\uff45\uff1a\uff14\uff18\uff12", "Code:482"),
        ("`x\uff40", "'x'"),
        ("a\u3001b\u3002c\u300cd\u300de\u300ef\u300f", 'a,b.c"d"e"f"'),
        ("\uff01\uff1f\uff08\uff09\uff0c\uff0e", "!?(),."),
        ("a\u00a0b\u2000c\u200ad\u202fe\u205ff\u3000g\u1680h\ti", "a b c d e f g h i"),
        ("a\u200bb\u200cc\u200dd\u2060e\ufefff\u00adg", "abcdefg"),
        ("\u200ea\u200fb\u202a\u202b\u202c\u202d\u202ec\u2066\u2067\u2068\u2069d\u061c", "abcd"),
        ("5\u2009min", "5 min"),
        ("\uff3b\uff5e\uff3d", "[~]"),
    ],
)
def test_fold_examples(text: str, folded: str) -> None:
    assert gsm_fold(text) == folded
    assert is_gsm(folded)


def test_each_space_becomes_one_space() -> None:
    spaces = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    spaces += "\u202f\u205f\u3000"
    assert gsm_fold(spaces) == " " * len(spaces)


def test_fold_is_all_or_nothing() -> None:
    # ó stays UCS-2, so folding the quotes would save nothing: the text is left alone.
    assert gsm_fold("Tu código \u201c482913\u201d") == "Tu código \u201c482913\u201d"
    assert gsm_fold("\u300cACME\u300d認証コード") == "\u300cACME\u300d認証コード"
    assert gsm_fold("Tu codigo \u201c482913\u201d") == 'Tu codigo "482913"'


def test_fold_keeps_accented_letters() -> None:
    assert gsm_fold("ç") == "ç"
    assert gsm_fold("e\u0301") == "e\u0301"  # combining marks are not zero-width characters


# --- properties -------------------------------------------------------------------------------


@given(sts.any_text(), sts.any_text())
def test_appending_never_lowers_segments(a: str, b: str) -> None:
    assert measure(a + b).segments >= measure(a).segments


@given(sts.gsm_text())
def test_gsm_text_is_gsm7(text: str) -> None:
    result = measure(text)
    assert result.encoding == "GSM-7"
    assert result.non_gsm == ()
    assert result.units == ref_units(text, "GSM-7")


@given(sts.ucs2_text())
def test_non_gsm_text_is_ucs2(text: str) -> None:
    result = measure(text)
    assert result.encoding == "UCS-2"
    assert result.units == ref_units(text, "UCS-2")
    assert result.non_gsm == tuple(
        dict.fromkeys(ch for ch in text if ch not in FACTS_BASIC + FACTS_EXTENDED)
    )


@given(sts.any_text())
def test_split_round_trips_and_matches_measure(text: str) -> None:
    parts = split(text)
    assert "".join(parts) == text
    assert len(parts) == measure(text).segments


@given(sts.any_text())
def test_parts_fit_and_units_add_up(text: str) -> None:
    result = measure(text)
    parts = split(text)
    sizes = [units_of_part(p, result.encoding) for p in parts]
    assert sum(sizes) == result.units
    assert all(size <= result.limit for size in sizes)
    assert all(parts) or parts == ("",)
    assert result.remaining == result.limit - sizes[-1]


@given(st.one_of(sts.any_text(), sts.ucs2_boundary_text()))
def test_measure_and_split_match_per_character_reference(text: str) -> None:
    assert list(split(text)) == ref_split(text)
    assert measure(text) == ref_measure(text)


@given(
    st.one_of(
        sts.any_text(),
        sts.ucs2_boundary_text(),
        sts.gsm_two_part_text(),
        sts.ucs2_two_part_text(),
    )
)
@example("a" * 152 + "€" + "b" * 152)  # 306 septets, a 152-septet first part: 3 parts
@example("Code {1} [x] \x0c ~|^\\")  # ASCII from the extension table
@example("Code `1`")  # ASCII that is not GSM-7
@example("Code\x011")  # an ASCII control
@example("a" * 152 + "\r\n" + "b" * 152)  # the CR stays with its LF: 3 parts
@example("я" * 66 + "e\u0301" + "я" * 66)  # 134 units, a 66-unit first part: 3 parts
def test_size_agrees_with_the_reference(text: str) -> None:
    info = ref_measure(text)
    assert size(text) == (info.encoding, info.units, info.segments)


@given(sts.any_text())
def test_at_least_the_naive_count(text: str) -> None:
    result = measure(text)
    if result.units > (160 if result.encoding == "GSM-7" else 70):
        assert result.segments >= -(-result.units // result.limit)


@given(sts.any_text())
def test_fold_is_idempotent(text: str) -> None:
    once = gsm_fold(text)
    assert gsm_fold(once) == once


@given(sts.gsm_text())
def test_fold_is_identity_on_gsm(text: str) -> None:
    assert gsm_fold(text) == text
    assert measure(gsm_fold(text)).units == measure(text).units


@given(sts.fold_text())
def test_fold_of_fold_keys_and_gsm_is_gsm(text: str) -> None:
    folded = gsm_fold(text)
    assert is_gsm(folded)
    assert folded == text.translate(GSM_FOLD)


@given(st.text())
def test_fold_result_is_gsm_or_unchanged(text: str) -> None:
    folded = gsm_fold(text)
    assert folded == text or is_gsm(folded)
