"""Cleaning of untrusted values, one rule at a time."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given

from otpmsg import InvalidBrand, InvalidValue
from otpmsg._segments import GSM_FOLD
from otpmsg._values import (
    _ANY_DIGIT,
    _ASCII_LINKS,
    _DOMAIN,
    _EMAIL,
    _FOLDED_LINK_HINT,
    _LINK_HINT,
    _RULE_HINT,
    _URL,
    MAX_VALUE_LENGTH,
    _cleaned,
    _folded_links,
    _is_plain,
    _is_words,
    _remove_links,
    _strip_characters,
    _strip_each,
    cap_value,
    check_brand,
    clean_value,
    find_lures,
    graphemes,
    shorten,
)
from tests import strategies
from tests.strategies import untrusted_values


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Maria Garcia", "Maria Garcia"),
        ("  Maria \t\n Garcia  ", "Maria Garcia"),
        ("Maria\u00a0\u2003Garcia", "Maria Garcia"),
        ("Ma\u200bria\u200d Gar\u2060cia\ufeff", "Maria Garcia"),
        ("Evil\u202egnp.exe", "Evilgnp"),
        ("\u2067Bob\u2069 Ltd\u200e", "Bob Ltd"),
        ("Bob\x00\x07\x1b Ltd", "Bob Ltd"),
        ("Bob\ue000 Ltd", "Bob Ltd"),
        ("Bob\U000e0001 Ltd", "Bob Ltd"),
        ("Bob\ud800 Ltd", "Bob Ltd"),
        ("Jose\u0301", "José"),
        ("Z\u0301\u0302\u0303\u0304\u0305algo", "Ź\u0302\u0303algo"),
        ("{{ code }} {% if x %}", "code % if x %"),
        ("【Bank】 Refund", "Bank Refund"),
        ("Visit https://evil.example/login now", "Visit now"),
        ("HXXP www.evil.example go", "HXXP go"),
        ("mail help@evil.example today", "mail today"),
        ("Booking.com", "Booking"),
        ("“ｅｖｉｌ．ｃｏｍ” Ｍａｒｉａ", '"evil" Maria'),
        ("山田 Ｍａｒｉａ", "山田 Ｍａｒｉａ"),
        ("evil\u3002com Bob", "evil Bob"),
        ("山田。太郎", "山田。太郎"),
        ("paypal.com.evil.ru refund", "paypal refund"),
        ("Call +1 202 555 0143 now", "Call now"),
        ("Call (202) 555-0143 now", "Call now"),
        ("Ref 1234567", "Ref"),
        ("Ref 12 34 56 78", "Ref"),
        ("Ref ١٢٣٤٥٦", "Ref"),
        ("Ref １２３４５６", "Ref"),
        ("Plan 2025", "Plan 2025"),
        ("张三", "张三"),
        ("محمد علي", "محمد علي"),
        ("राहुल शर्मा", "राहुल शर्मा"),
    ],
)
def test_clean_value(raw: str, clean: str) -> None:
    assert clean_value("payee", raw) == clean


@pytest.mark.parametrize(
    "raw", ["", "   ", "\u200b\u200b", "https://evil.example", "+44 7400 123456", "{}【】", 5, None]
)
def test_nothing_left_is_an_error(raw: object) -> None:
    with pytest.raises(InvalidValue) as exc:
        clean_value("merchant", raw)
    assert exc.value.field == "merchant"
    assert isinstance(exc.value, ValueError)


def test_overlong_input_is_refused_not_cut() -> None:
    with pytest.raises(InvalidValue, match="longer than"):
        clean_value("payee", "a" * (MAX_VALUE_LENGTH + 1))


@pytest.mark.parametrize(
    ("value", "left"),
    [
        ("Pay 0000A://x", "Pay"),
        ("Pay 0000\uff21\uff22\uff1a\uff0f\uff0fx", "Pay"),  # fullwidth AB://x
        ("Shop 0000evil.com", "Shop evil"),
    ],
)
def test_a_link_made_by_taking_the_code_out_is_removed(value: str, left: str) -> None:
    cleaned = clean_value("merchant", value, code="0000")
    assert cleaned == left
    assert find_lures(cleaned) == []


def test_drop_code() -> None:
    assert clean_value("payee", "Plan 2025 gold", code="2025") == "Plan gold"
    assert clean_value("payee", "Plan 2026 or 025", code="2025") == "Plan 2026 or 025"
    assert clean_value("payee", "Plan ٢٠٢٥ x", code="2025") == "Plan x"
    with pytest.raises(InvalidValue):
        clean_value("payee", "2025", code="2025")


def test_graphemes_keep_clusters() -> None:
    assert graphemes("🇮🇹🇫🇷") == ["🇮🇹", "🇫🇷"]
    assert graphemes("👍🏽x") == ["👍🏽", "x"]
    assert graphemes("क्षा") == ["क्षा"]
    assert graphemes("") == []


@pytest.mark.parametrize(
    "good", ["ACME", "ACME Bank", "Bank-24", "A&B Co.", "工商银行", "Banco Ñandú"]
)
def test_brand_accepted(good: str) -> None:
    assert check_brand(good) == good


@pytest.mark.parametrize(
    "bad",
    [
        "",
        " ",
        "x" * 31,
        "Bank 12345",
        "evil.example",
        "www.x",
        "Bank!",
        "中",
        "中国工商银行股份有限",
        7,
    ],
)
def test_brand_refused(bad: object) -> None:
    with pytest.raises(InvalidBrand):
        check_brand(bad)


def test_a_cut_never_leaves_a_domain() -> None:
    clusters = graphemes("Pay abcdefg.com1 Ltd")
    for keep in range(10, len(clusters)):
        shown = shorten(clusters, keep)
        assert shown.endswith("...")
        assert find_lures(shown.removesuffix("...")) == [], shown


def test_cap_value_keeps_clusters_whole() -> None:
    assert cap_value("Maria Garcia", 40) == "Maria Garcia"
    assert cap_value("a" * 50, 13) == "a" * 10 + "..."
    assert cap_value("👍🏽" * 10, 13) == "👍🏽" * 5 + "..."  # 2 code points each, never split


@given(untrusted_values())
@example("Zoe\u0301\u0302\u0303 and \u0915\u093f\u0902")  # three marks in a row; two
@example("Иван Петров")  # letters and spaces only
def test_character_fast_path_changes_nothing(text: str) -> None:
    assert _strip_characters(text) == _strip_each(text)


@given(untrusted_values())
@example("Pay WWW.evil.example, mail help@evil.example, see HTTPS://evil.example/x")
@example("Pay EVIL.COM or пример.рф")
def test_link_prefilters_change_nothing(text: str) -> None:
    assume(not _ANY_DIGIT.search(text))
    assume(not _folded_links(text))
    linked = _DOMAIN.sub(r"\1", _EMAIL.sub(" ", _URL.sub(" ", text)))
    assert _remove_links(text) == (linked if _LINK_HINT.search(text) else text)


@given(strategies.plain_values())
@example("ACME GmbH & Co. KG")  # dots before spaces: no link
@example("Shop at EVIL.COM or WWW.evil.example. or a.b")
@example("www.x or wWw1.x . y")
@example("visit WWW./x now")  # a www link with no dot before a letter
def test_plain_fast_path_changes_nothing(text: str) -> None:
    if _is_plain(text) and not _RULE_HINT.search(text):
        assert _cleaned(text, True, "US") == text.strip()
    assert _cleaned(text, _is_plain(text), "US") == _cleaned(text, False, "US")


@given(strategies.word_values())
@example("Иван Петров")
@example("\u1100" * 12 + " ok")  # a cluster of jamo longer than the cap
def test_word_shortcut_changes_nothing(text: str) -> None:
    """Letters between single spaces skip every rule but the cluster cap: the same as all
    of them."""
    expected = _cleaned(text, False, "US", "482913")
    if _is_words(text) and expected:
        assert clean_value("payee", text, code="482913") == expected


def test_no_letter_is_or_folds_to_link_punctuation() -> None:
    """What the word shortcut relies on, over every code point."""
    import sys

    assert not any(
        chr(c).isalpha() and _FOLDED_LINK_HINT.search(chr(c)) for c in range(sys.maxunicode + 1)
    )


@given(untrusted_values())
@example("evil\u3002com and help\uff20evil\uff0eexample")
@example("ACME GmbH & Co. KG")  # ASCII that folding leaves as it is
@example("see evil`com.x\tor a.b")  # ASCII that folding changes
def test_folded_link_prefilter_changes_nothing(text: str) -> None:
    folded = text.translate(GSM_FOLD)
    links = [m.group() for pattern in _ASCII_LINKS for m in pattern.finditer(folded)]
    assert _folded_links(text) == (links if folded != text and _LINK_HINT.search(folded) else [])


@given(text=strategies.any_text())
@example(text="0" + "\U000e0020" * 9)  # tags extend a cluster, though not marks
@example(text="राहुल शर्मा")  # no word longer than a cluster may be
@example(text="a " + "\u0301" * 9)  # marks on a space
def test_cluster_cap_shortcut_changes_nothing(text: str) -> None:
    """The quick test for text whose characters are each a cluster of their own agrees
    with the full grapheme walk (the reference in otpmsg._segments)."""
    from otpmsg._values import MAX_CLUSTER_UNITS, _cap_cluster, _cap_clusters

    walked = "".join(_cap_cluster(c) for c in graphemes(text))
    assert _cap_clusters(text) == walked
    assert all(len(c.encode("utf-16-le")) // 2 <= MAX_CLUSTER_UNITS for c in graphemes(walked))
