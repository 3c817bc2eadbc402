"""Money, validity, counts and accounts; numbers as the reader's region writes them."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import timedelta
from decimal import Decimal

import pytest
from babel import Locale, localedata
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_group_symbol,
    list_currencies,
    parse_pattern,
)
from babel.units import format_unit
from hypothesis import given
from hypothesis import strategies as st

import otpmsg
from otpmsg._formatting import (
    LAKH_TERRITORIES,
    LOCAL_CURRENCY,
    LONG_MINUTES,
    count_format,
    format_count,
    format_minutes,
    home_currency,
    is_rtl,
    isolate,
    mask_account,
    money_format,
    reader_locale,
    reader_territories,
    validity_minutes,
)
from otpmsg._segments import GSM_FOLD
from tests import strategies

LOCALES = [Locale.parse(loc) for loc in otpmsg.locales()]
CURRENCIES = sorted(list_currencies())
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def assert_as_babel(ours: str, babel: str, group: str) -> None:
    """``ours`` is Babel's output, except where Babel is wrong.

    Babel's last step unquotes pattern literals (``'...'``) and runs over the formatted
    number too, so it removes pairs of ASCII apostrophe group separators (``1'234'567.89``
    -> ``1234567.89``; CLDR 49's de_CH, fr_CH, it_CH, en_CH). For those readers, ours must
    give Babel's output once that same step is applied, and have its apostrophes in groups
    of three.
    """
    if group != "'":
        assert ours == babel
        return
    assert re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", ours) == babel
    whole = re.search(r"[0-9][0-9']*", ours)
    assert whole is not None
    digits = int(whole.group().replace("'", ""))
    assert whole.group() == f"{digits:,}".replace(",", "'")


def sample_amounts(currency: str) -> list[Decimal]:
    digits = get_currency_precision(currency)
    return [
        Decimal(1),
        Decimal("1234.5").quantize(Decimal(1).scaleb(-digits)),
        Decimal("1234567.891").quantize(Decimal(1).scaleb(-digits)),
        Decimal("999999999999.999").quantize(Decimal(1).scaleb(-digits)),
    ]


@given(
    reader=strategies.readers(),
    currency=st.sampled_from(CURRENCIES),
    minor=st.integers(min_value=1, max_value=10**15),
    gsm=st.booleans(),
)
def test_fast_formatter_equals_babel(
    reader: tuple[Locale, str | None], currency: str, minor: int, gsm: bool
) -> None:
    """The precompiled formatter gives exactly Babel's output for its pattern, with the
    reader's locale's symbols."""
    locale, territory = reader
    amount = Decimal(minor).scaleb(-get_currency_precision(currency))
    fmt = money_format(locale, currency, territory, gsm=gsm)
    babel_locale = reader_locale(locale, territory)
    babel = parse_pattern(fmt.pattern).apply(
        amount, babel_locale, currency=currency, currency_digits=True
    )
    assert_as_babel(fmt(amount), babel, fmt.group)
    assert_as_babel(fmt.translated(GSM_FOLD)(amount), babel.translate(GSM_FOLD), fmt.group)


def test_every_reader_formats_as_babel() -> None:
    """Every shipped locale with every territory CLDR has for its language (and none): the
    home currency, others by ISO code, the currency table, with and without GSM-7."""
    checked = 0
    for locale in LOCALES:
        for territory in (None, *reader_territories(locale)):
            babel_locale = reader_locale(locale, territory)
            home = home_currency(territory) if territory else None
            for currency in sorted({home or "USD", "USD", "KWD", "JPY", "CNY", "TWD", "HKD"}):
                for gsm in (False, True):
                    fmt = money_format(locale, currency, territory, gsm=gsm)
                    pattern = parse_pattern(fmt.pattern)
                    for amount in sample_amounts(currency):
                        ours = fmt(amount)
                        babel = pattern.apply(
                            amount, babel_locale, currency=currency, currency_digits=True
                        )
                        assert_as_babel(ours, babel, fmt.group)
                        if gsm:  # never a space between digits: it would split the amount
                            assert not re.search(r"[0-9] [0-9]", ours.translate(GSM_FOLD))
                        checked += 1
    assert checked > 10000


def test_readers_follow_cldr_locales() -> None:
    es = Locale.parse("es")
    assert str(reader_locale(es, "MX")) == "es_MX"
    assert str(reader_locale(es, "US")) == "es_US"
    assert str(reader_locale(es, "419")) == "es_419"
    assert reader_locale(es, "JP") == es  # no es_JP in CLDR: the template set's locale
    assert reader_locale(es, None) == es
    assert reader_locale(es, "../x") == es  # never a file name
    assert str(reader_locale(Locale.parse("zh_Hant"), "HK")) == "zh_Hant_HK"
    assert reader_locale(Locale.parse("zh_Hans"), "TW") == Locale.parse(
        "zh_Hans"
    )  # no script change
    assert str(reader_locale(Locale.parse("pt_BR"), "PT")) == "pt_PT"
    assert {"MX", "US", "419", "AR", "ES"} <= set(reader_territories(es))
    assert "IN" in reader_territories(Locale.parse("en"))


# --- the reader's regional format, compared with Babel's own formatting for that reader ---

AMOUNT = Decimal("1234567.89")


def _amount(renderer: otpmsg.Renderer, currency: str, **where: str) -> tuple[str, bool]:
    msg = renderer.render(
        "payment",
        code="482913",
        amount=AMOUNT,
        currency=currency,
        merchant="Example Store",
        **where,  # type: ignore[arg-type]
    )
    return msg.fields["amount"], renderer._runtime(msg.locale).gsm


def test_es_mx_reader(renderer: otpmsg.Renderer) -> None:
    shown, gsm = _amount(renderer, "MXN", locale="es_MX")
    assert shown == format_currency(AMOUNT, "MXN", locale="es_MX") == "$1,234,567.89"
    assert gsm


def test_es_us_reader(renderer: otpmsg.Renderer) -> None:
    shown, _ = _amount(renderer, "USD", locale="es_US")
    assert shown == format_currency(AMOUNT, "USD", locale="es_US") == "$1,234,567.89"


def test_es_419_reader(renderer: otpmsg.Renderer) -> None:
    # Latin America has no single home currency: any currency is shown by its ISO code.
    shown, _ = _amount(renderer, "USD", locale="es-419")
    assert shown == "USD " + format_decimal(AMOUNT, locale="es_419") == "USD 1,234,567.89"


def test_mexican_number_with_spanish_locale() -> None:
    msg = otpmsg.Renderer().render(
        "payment",
        code="482913",
        locale="es",
        to="+525512345678",
        amount=AMOUNT,
        currency="MXN",
        merchant="Example Store",
    )
    assert msg.locale == "es"
    assert msg.fields["amount"] == format_currency(AMOUNT, "MXN", locale="es_MX")
    assert msg.fields["amount"] == "$1,234,567.89"  # not Spain's 1.234.567,89


def test_en_in_reader(renderer: otpmsg.Renderer) -> None:
    # ₹ is not GSM-7: the ISO code, with the lakh grouping of en_IN.
    shown, gsm = _amount(renderer, "INR", locale="en_IN")
    assert gsm
    assert shown == "INR " + format_decimal(AMOUNT, locale="en_IN") == "INR 12,34,567.89"


def test_de_ch_reader(renderer: otpmsg.Renderer) -> None:
    shown, _ = _amount(renderer, "CHF", locale="de_CH")
    group = get_group_symbol("de_CH").translate(GSM_FOLD)
    assert shown == f"CHF 1{group}234{group}567.89" == "CHF 1'234'567.89"
    # Babel's own output loses the pair of apostrophes (see assert_as_babel).
    babel = format_currency(AMOUNT, "CHF", locale="de_CH").translate(GSM_FOLD)
    assert babel == "CHF 1234567.89"
    assert shown.replace("'", "") == babel


def test_typographic_apostrophe_folds_in_gsm() -> None:
    """Earlier CLDR versions had U+2019 as the Swiss group separator, CLDR 49 has ASCII
    ``'``: either way a GSM-7 locale shows ``'``."""
    fmt = money_format(Locale.parse("de"), "CHF", "CH", gsm=True)
    typographic = dataclasses.replace(fmt, group="\u2019")
    assert typographic(AMOUNT) == "CHF\xa01\u2019234\u2019567.89"
    assert typographic.translated(GSM_FOLD)(AMOUNT) == "CHF 1'234'567.89"


def test_pt_pt_reader(renderer: otpmsg.Renderer) -> None:
    # pt_PT groups with a no-break space: in a GSM-7 locale, written without groups.
    shown, gsm = _amount(renderer, "EUR", locale="pt_PT")
    assert gsm
    expected = format_currency(AMOUNT, "EUR", locale="pt_PT", group_separator=False)
    assert shown == expected.translate(GSM_FOLD) == "1234567,89 €"


def test_fr_ca_reader(renderer: otpmsg.Renderer) -> None:
    shown, gsm = _amount(renderer, "CAD", locale="fr_CA")
    assert gsm
    expected = format_currency(AMOUNT, "CAD", locale="fr_CA", group_separator=False)
    assert shown == expected.translate(GSM_FOLD) == "1234567,89 $"


def test_ucs2_locales_keep_space_groups(renderer: otpmsg.Renderer) -> None:
    shown, gsm = _amount(renderer, "RUB", locale="ru")
    assert not gsm
    assert shown == format_currency(AMOUNT, "RUB", locale="ru") == "1\xa0234\xa0567,89\xa0₽"


def test_gsm_counts_have_no_space_groups(renderer: otpmsg.Renderer) -> None:
    fr = renderer._runtime("fr")
    assert fr.count(12345, "FR") == "12345"
    assert fr.count(12345, "CA") == "12345"  # fr_CA: a no-break space
    assert fr.count(12345, "BE") == "12345"  # fr_BE: a narrow no-break space
    assert fr.count(12345, "CH") == "12'345"  # fr_CH: an apostrophe (CLDR 49)
    assert renderer._runtime("de").count(12345, "CH") == "12'345"
    assert renderer._runtime("en").count(12345, "IN") == "12,345"
    assert renderer._runtime("hi").count(12345, "IN") == "12,345"
    assert renderer._runtime("ru").count(12345, "RU") == "12\xa0345"


# --- the currency table ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "currency", "amount", "shown"),
    [
        ("zh_CN", "CNY", Decimal("5000.00"), "5,000.00元"),
        ("ja_JP", "JPY", 1250, "1,250円"),
        ("tr_TR", "TRY", Decimal("1250"), "1.250,00 TL"),
        ("zh_TW", "TWD", Decimal("1250"), "NT$1,250.00"),
        ("zh_HK", "HKD", Decimal("1250"), "HK$1,250.00"),
        ("en_HK", "HKD", Decimal("1250"), "HK$1,250.00"),
        ("zh_CN", "JPY", 100, "JPY\xa0100"),  # not the home currency: the ISO code
        ("ja_JP", "CNY", 100, "CNY\xa0100.00"),
    ],
)
def test_local_currency_writing(
    renderer: otpmsg.Renderer, locale: str, currency: str, amount: object, shown: str
) -> None:
    msg = renderer.render(
        "withdrawal", code="123456", locale=locale, amount=amount, currency=currency
    )
    assert msg.fields["amount"] == shown
    assert shown in msg.text


def test_local_currency_table_is_home_currencies() -> None:
    for (language, territory, currency), pattern in LOCAL_CURRENCY.items():
        assert home_currency(territory) == currency
        assert pattern.count("#") == 1
        assert Locale.parse(language)


@pytest.mark.parametrize(
    ("territory", "currency", "sign"), [("TW", "TWD", "NT$"), ("HK", "HKD", "HK$")]
)
def test_no_bare_dollar_for_taiwan_and_hong_kong(territory: str, currency: str, sign: str) -> None:
    for locale in LOCALES:
        for gsm in (False, True):
            shown = money_format(locale, currency, territory, gsm=gsm)(Decimal("1250"))
            # Never a bare "$": the sign with its country letters, in either order, or the code.
            letters = sign.removesuffix("$")
            assert sign in shown or f"${letters}" in shown or currency in shown, (locale, shown)


# --- validity ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "locale", "shown"),
    [
        (timedelta(minutes=5), "en", "5 min"),
        (timedelta(minutes=10), "de", "10 Min."),
        (timedelta(minutes=1, seconds=59), "zh_Hans", "1分钟"),
        (timedelta(minutes=3), "ru", "3 мин"),
        (timedelta(minutes=5), "hu", "5 perc"),
    ],
)
def test_validity(value: timedelta, locale: str, shown: str) -> None:
    minutes = validity_minutes(value, max_minutes=10)
    assert format_minutes(Locale.parse(locale), minutes) == shown


def test_arabic_minutes() -> None:
    """Arabic's short unit is a bare د, read as dinars after an amount; the long unit has
    CLDR's plural forms."""
    ar = Locale.parse("ar")
    assert format_unit(5, "duration-minute", length="short", locale=ar) == "5 د"
    for minutes in (1, 2, 3, 5, 10):
        shown = format_minutes(ar, minutes)
        assert shown == format_unit(minutes, "duration-minute", length="long", locale=ar)
        assert "د " not in shown + " "  # never the bare letter
    assert format_minutes(ar, 5) == "5 دقائق"
    assert format_minutes(ar, 2) == "دقيقتان"


def _bare_letter(short: str) -> bool:
    """A short unit that is one letter of an alphabet, with no abbreviation mark."""
    unit = re.sub(r"[0-9\s]", "", short)
    return (
        len(unit) == 1
        and unicodedata.category(unit)[0] == "L"
        and not unicodedata.name(unit).startswith(("CJK", "HANGUL"))
    )


def test_long_minutes_set_matches_cldr() -> None:
    """Every CLDR language whose short minute is a bare letter is in the documented sets."""
    bare = {
        identifier.split("_")[0]
        for identifier in localedata.locale_identifiers()
        if "_" not in identifier
        and _bare_letter(format_unit(5, "duration-minute", length="short", locale=identifier))
    }
    assert bare == LONG_MINUTES


# --- counts and accounts -----------------------------------------------------------------


@given(reader=strategies.readers(), count=strategies.counts(), gsm=st.booleans())
def test_count_format_equals_babel(
    reader: tuple[Locale, str | None], count: int, gsm: bool
) -> None:
    babel_locale = reader_locale(*reader)
    fmt = count_format(babel_locale, gsm=gsm)
    babel = parse_pattern(fmt.pattern).apply(count, babel_locale)
    assert_as_babel(format_count(count, babel_locale, gsm=gsm), babel, fmt.group)
    if not gsm and babel_locale.territory not in LAKH_TERRITORIES:  # lakhs: tested below
        assert fmt.pattern == babel_locale.decimal_formats[None].pattern


def test_count_and_account() -> None:
    assert format_count(12000, Locale.parse("de")) == "12.000"
    assert format_count(99999, Locale.parse("hi")) == "99,999"
    assert format_count(12345, Locale.parse("en_IN")) == "12,345"
    for bad in (1, 0, True, "3", 2.0, 100_000):
        with pytest.raises(otpmsg.InvalidValue):
            format_count(bad, Locale.parse("en"))
    assert mask_account("6222020012345678") == "5678"
    for bad in ("12a", "", 12345678):
        with pytest.raises(otpmsg.InvalidValue):
            mask_account(bad)


# --- right to left ----------------------------------------------------------------------


def test_rtl_locales() -> None:
    for rtl in ("ar", "he", "fa", "ur", "ar_SA"):
        assert is_rtl(Locale.parse(rtl)), rtl
    for ltr in ("en", "hi", "zh_Hans", "ja", "tr"):
        assert not is_rtl(Locale.parse(ltr)), ltr


def test_isolate() -> None:
    assert isolate("+966 ***4567") == f"{LRI}+966 ***4567{PDI}"
    assert isolate("Example Store") == f"{LRI}Example Store{PDI}"
    assert isolate("محمد Store") == f"{FSI}محمد Store{PDI}"
    assert isolate("محمد علي") == "محمد علي"  # nothing left to right
    assert isolate("...") == "..."
    assert isolate("") == ""
    assert isolate("4567") == "4567"  # a plain number stays one number
    assert isolate("99,999") == "99,999"
    assert isolate("1\xa0234,50") == "1\xa0234,50"
    assert isolate("1 234") == f"{LRI}1 234{PDI}"  # a plain space splits it: isolated
    assert isolate("1'234") == f"{LRI}1'234{PDI}"
    assert isolate("Иван") == f"{LRI}Иван{PDI}"


@given(text=strategies.untrusted_values())
def test_isolate_wraps_or_keeps(text: str) -> None:
    shown = isolate(text)
    if shown != text:
        assert shown[0] in (LRI, FSI)
        assert shown[1:-1] == text
        assert shown[-1] == PDI
        assert shown[0] == FSI or not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
    else:
        assert not any(unicodedata.bidirectional(c) == "L" for c in text)


def test_rtl_runtime_isolates(renderer: otpmsg.Renderer) -> None:
    ar, en = renderer._runtime("ar"), renderer._runtime("en")
    assert ar.rtl
    assert not en.rtl
    assert ar.isolated("+966 ***4567") == f"{LRI}+966 ***4567{PDI}"
    assert en.isolated("+966 ***4567") == "+966 ***4567"
    # An Arabic amount: CLDR's RLM marks give way to RLI ... PDI, at no extra cost.
    cldr = format_currency(Decimal("1250"), "EGP", locale="ar")
    shown = ar.money("EGP", "EG")(Decimal("1250"))
    assert cldr == "\u200f1,250.00\xa0ج.م.\u200f"
    assert shown == f"{RLI}1,250.00\xa0ج.م.{PDI}"
    assert len(shown) == len(cldr)
    # An ISO code in Arabic keeps CLDR's right-to-left order inside its isolate.
    assert ar.money("USD", "EG")(Decimal("5")) == f"{RLI}5.00\xa0USD{PDI}"
    assert en.money("USD", "US")(Decimal("5")) == "$5.00"
    msg = renderer.render(
        "payment",
        code="482913",
        locale="ar",
        amount=Decimal("1250"),
        currency="EGP",
        merchant="Example Store",
    )
    assert f"{RLI}1,250.00\xa0ج.م.{PDI}" in msg.text


@pytest.mark.parametrize("language", ["hi", "bn", "mr", "ta", "te", "kn", "en"])
def test_readers_in_india_get_lakh_grouping(language: str) -> None:
    """Indian banks group in lakhs and crores in every language; Babel's own en_IN
    formatting is the reference for the digits and groups."""
    shown = money_format(Locale.parse(language), "INR", "IN")(Decimal("1234567.50"))
    reference = format_currency(Decimal("1234567.50"), "INR", locale="en_IN")
    assert reference == "₹12,34,567.50"
    assert re.sub(r"[^0-9,.]", "", shown) == "12,34,567.50", shown
