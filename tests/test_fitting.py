"""Every valid request is delivered: fitting untrusted values, the real worst case, and the
small input gaps a new user hit."""

from __future__ import annotations

import hashlib
import inspect
from datetime import timedelta
from decimal import Decimal

import pytest

import otpmsg
from otpmsg import Renderer, measure
from otpmsg._catalog import FIELDS
from otpmsg._values import MAX_CLUSTER_UNITS, clean_value, graphemes

EUR = {"amount": Decimal("1250.00"), "currency": "EUR"}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize(
    ("locale", "name", "shown"),
    [
        ("es", "María García", "Maria Garcia"),  # á and í are not GSM-7
        ("pt_BR", "João Conceição", "Joao Conceicao"),
        ("fr", "François Bœuf", "Francois Boeuf"),
        ("tr", "Ayşe Yılmaz", "Ayse Yilmaz"),
        ("de", "Łukasz Wąsowski", "Lukasz Wasowski"),
        ("en", "Zoë Nguyễn", "Zoe Nguyen"),
    ],
)
def test_accented_names_are_folded_not_refused(locale: str, name: str, shown: str) -> None:
    msg = otpmsg.render(
        "transfer", code="482913", locale=locale, payee=name, account="12345678", **EUR
    )
    assert msg.segments <= 2
    if msg.fields["payee"] == name:  # as given, when it fits two segments as it is
        assert "payee" not in msg.adjusted
    else:
        assert msg.encoding == "GSM-7"
        assert msg.fields["payee"] == shown
        assert "folded" in msg.adjusted["payee"]
        assert msg.audit()["adjusted"]["payee"]["original_sha256"] == _sha(name)  # type: ignore[index]
    # Where one segment was asked for, the name is folded to GSM-7.
    one = otpmsg.render(
        "payment", code="482913", locale=locale, merchant=name, max_segments=1, **EUR
    )
    assert (one.encoding, one.segments, one.fields["merchant"]) == ("GSM-7", 1, shown)


def test_names_in_other_scripts_are_transliterated_in_gsm_locales() -> None:
    one = {"code": "482913", "max_segments": 1, **EUR}
    msg = otpmsg.render("payment", locale="en", merchant="张三", **one)  # type: ignore[arg-type]
    assert msg.fields["merchant"] == "Zhang San"
    assert msg.adjusted["merchant"] == ("transliterated",)
    msg = otpmsg.render("payment", locale="nl", merchant="Иван Петров", **one)  # type: ignore[arg-type]
    assert msg.fields["merchant"] == "Ivan Petrov"
    assert msg.encoding == "GSM-7"
    # At two segments, a name that fits as it is stays as it is, in UCS-2.
    msg = otpmsg.render("payment", code="482913", locale="en", merchant="张三", **EUR)
    assert (msg.fields["merchant"], msg.encoding, msg.adjusted) == ("张三", "UCS-2", {})


def test_a_name_that_fits_as_it_is_is_not_touched() -> None:
    msg = otpmsg.render("payment", code="482913", locale="ru", merchant="Иван Петров", **EUR)
    assert msg.fields["merchant"] == "Иван Петров"
    assert msg.adjusted == {}
    assert msg.audit()["adjusted"] == {}


def test_long_names_are_shortened_visibly() -> None:
    name = "Bartholomew Featherstonehaugh-Cholmondeley of Upper Wallop Estates Limited"
    msg = otpmsg.render(
        "transfer", code="482913", locale="ru", brand="WWWWWWWWWWW", payee=name,
        account="12345678", amount=Decimal("999999999999.99"), currency="USD",
    )  # fmt: skip
    assert msg.segments <= 2
    shown = msg.fields["payee"]
    assert shown.endswith("...")
    assert name.startswith(shown.removesuffix("...").rstrip())
    assert len(graphemes(shown.removesuffix("..."))) >= 10
    assert "shortened" in msg.adjusted["payee"]


def test_cleaning_is_said() -> None:
    msg = otpmsg.render(
        "transfer", code="482913", locale="en", payee="call +1 202 555 0123 now", **EUR
    )
    assert msg.fields["payee"] == "call now"
    assert msg.adjusted["payee"] == ("cleaned",)
    record = msg.audit()["adjusted"]["payee"]  # type: ignore[index]
    assert record == {"steps": ["cleaned"], "original_sha256": _sha("call +1 202 555 0123 now")}


def test_every_shipped_locale_takes_an_eleven_character_brand() -> None:
    findings = Renderer(brand="WWWWWWWWWWW").validate()
    assert not [f for f in findings if f.severity == "error"]


def test_largest_amount_and_count_render_in_every_locale(renderer: Renderer) -> None:
    for locale in renderer.locales():
        msg = renderer.render(
            "batch_payment",
            code="1357913579",
            locale=locale,
            brand="WWWWWWWWWWW",
            amount=Decimal("999999999999.999"),
            currency="KWD",
            count=99_999,
            payee="Ш" * 40,
            valid_for=timedelta(minutes=10),
        )
        assert msg.segments <= 2, locale
        assert msg.text.index(msg.fields["amount"]) < msg.text.index("1357913579")


def test_limits_of_amount_and_count() -> None:
    with pytest.raises(otpmsg.InvalidAmount):
        otpmsg.render("withdrawal", code="1234", amount=10**12, currency="USD")
    with pytest.raises(otpmsg.InvalidValue):
        otpmsg.render("batch_payment", code="1234", amount=1, currency="USD", count=100_000)


def test_one_segment_budgets_can_still_refuse() -> None:
    with pytest.raises(otpmsg.MessageTooLong) as exc:
        otpmsg.render(
            "transfer", code="482913", locale="ru", max_segments=1, payee="Иван Петров", **EUR
        )
    assert exc.value.allowed == 1


def test_the_validity_gives_way_last() -> None:
    r = Renderer(brand="WWWWWWWWWWW")
    msg = r.render(
        "transfer", code="9999999999", locale="ar", payee="Ш" * 30, account="99999999",
        amount=Decimal("999999999999.999"), currency="KWD", valid_for=timedelta(minutes=10),
    )  # fmt: skip
    assert msg.segments <= 2
    if "valid_for" in msg.adjusted:
        assert msg.adjusted["valid_for"] == ("dropped",)
        assert "valid_for" not in msg.fields


def test_flood_of_marks_costs_a_bounded_number_of_units() -> None:
    value = clean_value("payee", "Z" + "\u0301\u0302" * 400 + "\u1100" * 60 + "x")
    assert all(len(c.encode("utf-16-le")) // 2 <= MAX_CLUSTER_UNITS for c in graphemes(value))


def test_bank_values_keep_their_identifiers() -> None:
    assert clean_value("product", "ОФЗ 26238") == "ОФЗ 26238"
    assert clean_value("device", "Galaxy S24 5G") == "Galaxy S24 5G"
    assert clean_value("payee", "ОФЗ 26238") == "ОФЗ"
    assert clean_value("merchant", "Shop 123456") == "Shop"
    for field in ("product", "device"):
        assert clean_value(field, "Bond 482913", code="482913") == "Bond"
        assert clean_value(field, "Fund www.evil.example") == "Fund"
        assert clean_value(field, "Fund +44 7400 123456") == "Fund"


def test_empty_locale_means_no_preference() -> None:
    assert otpmsg.render("login", code="1234", locale="").locale == "en"
    assert otpmsg.render("login", code="1234", locale="", to="+8613812345678").locale == "zh_Hans"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en-US-u-nu-arab", "en"), ("de-DE-x-bank", "de"), ("zh-Hant-TW-u-ca-roc", "zh_Hant")],
)
def test_bcp47_extensions_resolve(tag: str, expected: str) -> None:
    assert Renderer().resolve_locale(tag) == expected


def test_an_unknown_keyword_is_in_the_error_tree() -> None:
    with pytest.raises(otpmsg.UnknownArgument) as exc:
        otpmsg.render("login", code="1234", colour="red")  # type: ignore[call-arg]
    assert isinstance(exc.value, otpmsg.OtpmsgError)
    assert isinstance(exc.value, TypeError)
    assert exc.value.name == "colour"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"valid_for": timedelta(0)}, otpmsg.InvalidValidity),
        ({"valid_for": 0}, otpmsg.InvalidValidity),
        ({"embedded_origin": "", "origin": "bank.example"}, otpmsg.InvalidOrigin),
        ({"embedded_origin": "shop.example"}, otpmsg.InvalidOrigin),
        ({"origin": ""}, otpmsg.InvalidOrigin),
        ({"brand": "TwelveLetter"}, otpmsg.InvalidBrand),
        ({"brand": "Banca Şase", "locale": "ro"}, otpmsg.InvalidBrand),
    ],
)
def test_falsy_or_out_of_range_arguments_are_refused(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        otpmsg.render("login", code="1234", max_segments=3, **kwargs)  # type: ignore[arg-type]


def test_render_takes_each_field_once_in_order() -> None:
    for function in (otpmsg.render, Renderer.render):
        parameters = list(inspect.signature(function).parameters)
        assert tuple(p for p in parameters if p in FIELDS) == FIELDS


def test_renderer_brand_may_be_longer_than_eleven() -> None:
    r = Renderer(brand="ACME Savings Bank", max_segments=3)
    msg = r.render("login", code="482913", locale="en", brand="ACME Savings Bank")
    assert msg.text.startswith("ACME Savings Bank")
    assert measure(msg.text).segments == msg.segments
