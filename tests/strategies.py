"""Hypothesis strategies for the otpmsg tests; every strategy of the project lives here.

Strategies are plain functions returning a ``SearchStrategy`` (call them: ``gsm_text()``),
and the data they draw from are module constants. Keep additions in the same style, grouped
under a comment that names the module they serve.
"""

from __future__ import annotations

from decimal import Decimal

from babel import Locale
from babel.numbers import get_currency_precision, list_currencies
from hypothesis import strategies as st

from otpmsg._segments import GSM_BASIC, GSM_EXTENDED, GSM_FOLD

# --- segments (otpmsg/_segments.py) -------------------------------------------------------

#: Every GSM-7 character (basic and extension tables).
GSM_CHARS = GSM_BASIC + GSM_EXTENDED

#: Grapheme clusters that a part boundary must never cut. Each starts with a base character
#: (nothing before it can join it), and the fillers below never extend it.
CLUSTERS = (
    "\r\n",  # CR LF (GSM-7)
    "e\u0301",  # e + combining acute
    "a\u0323\u0302",  # two combining marks
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",  # ZWJ family
    "\U0001f44d\U0001f3fd",  # thumbs up + skin tone
    "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag: VS16 + ZWJ
    "1\ufe0f\u20e3",  # keycap one
    "\u2764\ufe0f",  # heart + VS16
    "\U0001f1ee\U0001f1f9",  # flag IT (regional-indicator pair)
    "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # flag England
    "\u0915\u094d\u0937",  # Devanagari ksha: consonant + virama + consonant
    "\u0924\u094d\u0930\u093f",  # Devanagari tri: conjunct + vowel sign
    "\u0938\u094d\u200d\u0924",  # Devanagari conjunct with ZWJ after the virama
    "\u1100\u1161\u11a8",  # Hangul L V T
    "\uac00\u11a8",  # Hangul LV + T
    "\u0e01\u0e33",  # Thai ko kai + sara am (spacing mark)
)

#: Single characters with a special cost or meaning.
SPECIAL_CHARS = (
    "€",
    "[",
    "\x0c",
    "\x1b",
    "\t",
    "\u00a0",
    "`",
    "ç",
    "Ç",
    "é",
    "\u2019",
    "\u200b",
    "\U0001f600",
    "\U00020000",
    "я",
    "中",
    "\U0001f1ee",
)

#: Non-GSM characters that force UCS-2 (BMP and astral).
UCS2_CHARS = ("ç", "я", "中", "\u2013", "\t", "\x1b", "\U0001f600", "\U00020000", "\u0301")

#: Characters that are keys of the smart-encoding fold table.
FOLD_KEYS = "".join(sorted(map(chr, GSM_FOLD)))


def filler(char: str = "a", max_size: int = 320) -> st.SearchStrategy[str]:
    """Runs of one character, long enough to push what follows across a part boundary."""
    return st.integers(0, max_size).map(lambda n: char * n)


def gsm_text(max_pieces: int = 8) -> st.SearchStrategy[str]:
    """GSM-7 text (basic and extension characters), up to a few parts long."""
    piece = st.one_of(
        filler(),
        st.text(alphabet=GSM_CHARS, max_size=20),
        st.sampled_from(GSM_EXTENDED + "\r\n"),
        st.just("\r\n"),
    )
    return st.lists(piece, max_size=max_pieces).map("".join)


def ucs2_text(max_pieces: int = 8) -> st.SearchStrategy[str]:
    """Text with at least one non-GSM character, mixing clusters, emoji, CJK and fillers."""
    piece = st.one_of(
        filler("a", 200),
        filler("я", 100),
        st.sampled_from(CLUSTERS),
        st.sampled_from(SPECIAL_CHARS),
        st.text(max_size=10),
    )
    body = st.lists(piece, max_size=max_pieces).map("".join)
    return st.tuples(body, st.sampled_from(UCS2_CHARS), body).map("".join)


def any_text() -> st.SearchStrategy[str]:
    """Any text: GSM-7, UCS-2, or arbitrary Unicode (surrogates excluded)."""
    return st.one_of(gsm_text(), ucs2_text(), st.text())


def fold_text() -> st.SearchStrategy[str]:
    """Text made only of smart-encoding fold keys and GSM-7 characters."""
    return st.text(alphabet=FOLD_KEYS + GSM_CHARS, max_size=200)


#: Fillers that bring a text up to a part boundary: BMP (1 UCS-2 unit per code point),
#: astral (2 units) and mixed, so that both ways of finding a part end are exercised.
BOUNDARY_FILLERS = ("я", "中", "a", "\u0915", "\U0001f600", "я\U0001f600", "ab\U00020000")

#: What a part boundary must handle: the clusters above, astral characters, lone combining
#: marks, ZWJ, virama, skin tones, regional indicators, and lone or paired surrogates (a pair
#: held as two code points).
BOUNDARY_PIECES = (
    *CLUSTERS,
    "\U0001f600",
    "\U00020000",
    "\u0301",
    "\u200d",
    "\u094d",
    "\U0001f3fd",
    "\ufe0f",
    "\U0001f1ee",
    "\U0001f468\u200d",
    "\ud83d",
    "\ude00",
    "\ud83d\ude00",
)


@st.composite
def ucs2_boundary_text(draw: st.DrawFn) -> str:
    """UCS-2 text whose tricky pieces straddle 66-70 and 132-140 units, where parts end."""
    text = draw(st.sampled_from(UCS2_CHARS))
    fill = draw(st.sampled_from(BOUNDARY_FILLERS))
    for target in (draw(st.integers(66, 70)), draw(st.integers(132, 140))):
        pieces = "".join(draw(st.lists(st.sampled_from(BOUNDARY_PIECES), min_size=1, max_size=4)))
        size = len(pieces.encode("utf-16-le", "surrogatepass")) // 2
        stop = target - draw(st.integers(0, size))
        while len(text.encode("utf-16-le", "surrogatepass")) // 2 < stop:
            text += fill
        text += pieces
    return text + fill * draw(st.integers(0, 80))


@st.composite
def gsm_two_part_text(draw: st.DrawFn) -> str:
    """GSM-7 text of 295 to 310 septets, with a CR LF or extension characters where the
    first part ends (septets 147 to 161), so that the first part holds 152 or 153."""
    head = "a" * draw(st.integers(146, 153))
    middle = draw(st.sampled_from(("\r\n", "€", "€€", "\r", "\n", "€\r\n", "\r\n€", "")))
    text = head + middle
    units = len(text) + sum(ch in GSM_EXTENDED for ch in text)
    return text + "b" * max(0, draw(st.integers(295, 310)) - units)


@st.composite
def ucs2_two_part_text(draw: st.DrawFn) -> str:
    """UCS-2 text of one-unit characters, 120 to 134 units, with a cluster of the Basic
    Multilingual Plane across or near unit 67, where the first part ends."""
    cluster = draw(st.sampled_from(("e\u0301", "\u0915\u094d\u0937", "\u1100\u1161\u11a8", "\r\n")))
    text = "я" * draw(st.integers(60, 67)) + cluster
    return text + "я" * max(0, draw(st.integers(120, 134)) - len(text))


# --- rendering (otpmsg/_render.py, otpmsg/_values.py) -------------------------------------

#: ISO 4217 codes CLDR knows, sorted so that examples are reproducible.
CURRENCIES = tuple(sorted(list_currencies()))

#: Characters that untrusted values must never carry through to a message.
HOSTILE = (
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\x00",
    "\x1b",
    "\n",
    "\ud800",
    "\udfff",
    "\ue000",
    "{",
    "}",
    "{{",
    "{%",
    "【",
    "】",
    "https://evil.example/x",
    "www.evil.example",
    "help@evil.example",
    "+44 7400 123456",
    "(202) 555-0143",
    "1234567",
    "١٢٣٤٥٦",
    "🇮🇹",
    "👍🏽",
    "e\u0301\u0302\u0303\u0304",
)


def codes() -> st.SearchStrategy[str]:
    """One-time codes: 4 to 10 ASCII digits."""
    return st.text(alphabet="0123456789", min_size=4, max_size=10)


@st.composite
def money(draw: st.DrawFn) -> tuple[str, object]:
    """A currency and an exact amount up to 10**12 with at most its allowed decimals."""
    currency = draw(st.sampled_from(CURRENCIES))
    digits = get_currency_precision(currency)
    minor = draw(st.integers(min_value=1, max_value=10**12 * 10**digits - 1))
    amount = Decimal(minor).scaleb(-digits)
    form = draw(st.sampled_from(("decimal", "str", "int")))
    if form == "str":
        return currency, f"{amount:f}"
    if form == "int" and digits == 0:
        return currency, int(amount)
    return currency, amount


def counts() -> st.SearchStrategy[int]:
    """Counts of payments in a batch: 2 to 99,999 (the API's limits)."""
    return st.integers(min_value=2, max_value=99_999)


def plain_values() -> st.SearchStrategy[str]:
    """Printable ASCII, the common case of an untrusted value, with a few spaces doubled."""
    printable = st.sampled_from([*map(chr, range(0x20, 0x7F)), " ", "  "])
    return st.lists(printable, max_size=60).map("".join)


def word_values() -> st.SearchStrategy[str]:
    """Letters of any script (Hangul jamo and decomposable letters included) and spaces,
    some doubled: the names that clean_value's word shortcut takes."""
    letter = st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo"))
    jamo = st.sampled_from(("\u1100", "\u1161", "\u11a8", "\uac00"))
    return st.lists(st.one_of(letter, jamo, st.sampled_from((" ", "  "))), max_size=40).map("".join)


def untrusted_values() -> st.SearchStrategy[str]:
    """Arbitrary Unicode up to 300 characters, lone surrogates and hostile pieces included."""
    piece = st.one_of(
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
        st.sampled_from(HOSTILE),
        st.sampled_from(("Maria Garcia", "张伟", "Иван Петров", "محمد علي", "राहुल शर्मा")),
    )
    return st.lists(piece, max_size=12).map("".join).map(lambda s: s[:300])


# --- phone numbers (otpmsg/_phone.py) ----------------------------------------------------

#: What may stand between the characters of a number: mostly nothing.
PHONE_GAPS = ("", "", "", "", " ", "-", "  ", " - ")


def international_numbers() -> st.SearchStrategy[str]:
    """``+`` and ASCII digits, sometimes spaced, hyphenated or with a stray leading 0: a
    known country calling code (mostly) and 1 to 20 random digits, or a country calling
    code and a number drawn from the mobile pattern of one of its regions."""
    # Imported here, and the data built here, so that other tests never load the metadata.
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

    country_codes = ["", *sorted(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)]
    mobile_patterns = sorted(
        (str(code), metadata.mobile.national_number_pattern)
        for code, regions in COUNTRY_CODE_TO_REGION_CODE.items()
        for region in regions
        if (metadata := PhoneMetadata.metadata_for_region_or_calling_code(code, region))
        and metadata.mobile
        and metadata.mobile.national_number_pattern
    )
    random_digits = st.tuples(
        st.sampled_from(country_codes), st.text(alphabet="0123456789", min_size=1, max_size=20)
    )
    mobiles = st.sampled_from(mobile_patterns).flatmap(
        lambda mobile: st.tuples(
            st.just(mobile[0]), st.from_regex(mobile[1], fullmatch=True, alphabet="0123456789")
        )
    )

    @st.composite
    def numbers(draw: st.DrawFn) -> str:
        code, national = draw(st.one_of(random_digits, mobiles))
        digits = draw(st.sampled_from(("", "", "", "0"))) + code + national
        gaps = [""] * len(digits)
        if draw(st.booleans()):
            gaps = draw(
                st.lists(st.sampled_from(PHONE_GAPS), min_size=len(gaps), max_size=len(gaps))
            )
        lead = draw(st.sampled_from(("", " ")))
        return lead + "+" + "".join(gap + digit for gap, digit in zip(gaps, digits, strict=True))

    return numbers()


# --- fitting every request (otpmsg/_render.py) ---------------------------------------------

#: Everyday names of the shipped markets and beyond: accents, other scripts, long names.
REAL_NAMES = (
    "María García",
    "José Núñez",
    "João Conceição",
    "François Bœuf",
    "Zoë Nguyễn",
    "Ayşe Yılmaz",
    "Şahin Çelik",
    "Łukasz Wąsowski",
    "Đorđe Petrović",
    "Ólafur Ragnar Grímsson",
    "Müller-Lüdenscheidt GmbH",
    "张三",
    "欧阳娜娜",
    "山田太郎",
    "김민준",
    "Иван Петров",
    "Олександр Ковальчук",
    "محمد علي",
    "فاطمة الزهراء",
    "राहुल शर्मा",
    "Γιώργος Παπαδόπουλος",
    "ישראל ישראלי",
    "สมชาย ใจดี",
    "Bartholomew Featherstonehaugh-Cholmondeley",
    "Maria Garcia",
)
#: Values no name should be, but a third party can type.
ODD_VALUES = (
    "😀 Coffee ☕ Shop 🇮🇹",
    "Zalgo Z\u0301\u0302\u0303\u0304\u0305a\u0306\u0307\u0308l\u0309g\u030ao",
    "\u1100" * 30 + "x",
    "👨\u200d👩\u200d👧\u200d👦 Family Store",
    "𠀀𠀁𠀂𠀃 Rare Han",
)


def names() -> st.SearchStrategy[str]:
    """Payee, merchant, product or device values: real names, odd values, any Unicode."""
    return st.one_of(
        st.sampled_from(REAL_NAMES),
        st.sampled_from(ODD_VALUES),
        st.text(min_size=1, max_size=60).filter(lambda t: any(c.isalnum() for c in t)),
    )


@st.composite
def amounts(draw: st.DrawFn) -> tuple[str, Decimal]:
    """A currency and an amount anywhere up to the API's limit (below 10**12)."""
    currency = draw(st.sampled_from(sorted(list_currencies() - {"XXX"})))
    digits = get_currency_precision(currency)
    minor = draw(st.integers(min_value=1, max_value=10 ** (12 + digits) - 1))
    return currency, Decimal(minor).scaleb(-digits)


def brands() -> st.SearchStrategy[str | None]:
    """No brand, or a GSM-7 sender name of up to 11 characters."""
    return st.one_of(
        st.none(),
        st.sampled_from(("ACME Bank", "WWWWWWWWWWW", "Bank & Co.", "B")),
    )


def recipients() -> st.SearchStrategy[str | None]:
    """No recipient, or a mobile number of a market the templates serve."""
    return st.sampled_from(
        (None, "+447400123456", "+525512345678", "+8613812345678", "+966501234567", "+79161234567")
    )


# --- formatting (otpmsg/_formatting.py) --------------------------------------------------

#: Reader's territories with no CLDR locale for most languages, or none at all (None).
OTHER_TERRITORIES = (None, "US", "DE", "CN", "JP", "IN", "TR", "BR", "KW", "TW", "HK", "ZZ")


def readers() -> st.SearchStrategy[tuple[Locale, str | None]]:
    """A shipped template set's locale and a reader's territory: each territory CLDR has for
    the locale's language (``es`` and ``MX``, ``419``), or one of OTHER_TERRITORIES."""
    # Imported here: building the default Renderer is needed only by the tests that draw.
    import otpmsg
    from otpmsg._formatting import reader_territories

    pairs = sorted(
        {
            (locale_id, territory)
            for locale_id in otpmsg.locales()
            for territory in (*reader_territories(Locale.parse(locale_id)), *OTHER_TERRITORIES)
        },
        key=lambda pair: (pair[0], pair[1] or ""),
    )
    return st.sampled_from(pairs).map(lambda pair: (Locale.parse(pair[0]), pair[1]))
