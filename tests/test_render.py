"""Rendering: the public contract, locales, money, phones, budgets and errors."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import otpmsg
from otpmsg import Renderer

CNY_TRANSFER = dict(
    code="482913",
    locale="zh_CN",
    amount=Decimal("5000.00"),
    currency="CNY",
    payee="张三",
    account="6222020012345678",
    brand="工商银行",
    valid_for=timedelta(minutes=5),
)


def test_public_contract_example() -> None:
    msg = otpmsg.render("transfer", **CNY_TRANSFER)
    assert msg.locale == "zh_Hans"
    assert msg.operation == "transfer"
    assert msg.text.startswith("【工商银行】")
    assert "验证码" in msg.text
    assert msg.text.count("482913") == 1
    assert msg.warning in msg.text
    assert msg.text.index(msg.warning) < msg.text.index("482913")
    assert msg.fields["amount"] == "5,000.00元"  # as Chinese banks write yuan
    assert msg.fields["payee"] == "张三"
    assert msg.fields["account"] == "5678"
    info = otpmsg.measure(msg.text)
    assert (msg.encoding, msg.units, msg.segments) == (info.encoding, info.units, info.segments)


def test_locales_and_operations() -> None:
    assert set(otpmsg.locales()) >= {
        "en",
        "zh_Hans",
        "zh_Hant",
        "es",
        "fr",
        "de",
        "pt_BR",
        "ru",
        "ar",
        "hi",
        "ja",
        "tr",
    }
    ops = otpmsg.operations()
    assert ops["transfer"].required == {"amount", "currency", "payee"}
    assert ops["transfer"].optional == {"account"}
    assert ops["transfer"].money
    assert not ops["login"].money
    assert ops["new_device"].required == {"device"}


@pytest.mark.parametrize(
    ("asked", "used"),
    [
        ("zh_CN", "zh_Hans"),
        ("zh-CN", "zh_Hans"),
        ("zh_Hans_CN", "zh_Hans"),
        ("zh_TW", "zh_Hant"),
        ("zh_HK", "zh_Hant_HK"),
        ("pt-BR", "pt_BR"),
        ("pt_PT", "pt_PT"),
        ("EN_us", "en"),
        ("es_MX", "es"),
        ("de_CH", "de"),
        ("sw", "sw"),
        ("yo", "en"),
    ],
)
def test_locale_resolution(renderer: Renderer, asked: str, used: str) -> None:
    assert renderer.render("login", code="1234", locale=asked).locale == used


def test_locale_from_recipient_region(renderer: Renderer) -> None:
    assert renderer.render("login", code="1234", to="+8613812345678").locale == "zh_Hans"
    assert renderer.render("login", code="1234", to="+886912345678").locale == "zh_Hant"
    assert renderer.render("login", code="1234", to="+5511912345678").locale == "pt_BR"
    # The caller's explicit locale always wins over the phone's region.
    assert renderer.render("login", code="1234", to="+971501234567", locale="en").locale == "en"


def test_malformed_locale_is_an_error(renderer: Renderer) -> None:
    with pytest.raises(otpmsg.UnknownLocale) as exc:
        renderer.render("login", code="1234", locale="../../etc/passwd")
    assert isinstance(exc.value, LookupError)
    assert exc.value.identifier == "../../etc/passwd"


@pytest.mark.parametrize(
    ("locale", "currency", "amount", "shown"),
    [
        ("en_US", "USD", Decimal("5000"), "$5,000.00"),
        ("en_CA", "USD", Decimal("5000"), "USD 5,000.00"),
        ("en_GB", "GBP", "12.5", "£12.50"),
        ("ja_JP", "JPY", 5000, "5,000円"),
        ("de_DE", "EUR", Decimal("1234.5"), "1.234,50 €"),
        ("en", "KWD", Decimal("1.234"), "KWD 1.234"),
        ("zh_CN", "JPY", 100, "JPY\xa0100"),
    ],
)
def test_money_is_exact_and_unambiguous(
    renderer: Renderer, locale: str, currency: str, amount: object, shown: str
) -> None:
    msg = renderer.render(
        "withdrawal", code="123456", locale=locale, amount=amount, currency=currency
    )
    assert msg.fields["amount"] == shown
    assert shown in msg.text


def test_gsm_locales_keep_amounts_gsm(renderer: Renderer) -> None:
    msg = renderer.render(
        "withdrawal", code="123456", locale="fr", amount=Decimal("1234567.89"), currency="EUR"
    )
    assert msg.encoding == "GSM-7"
    assert msg.fields["amount"] == "1234567,89 €"  # no space group separator in GSM-7


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        (1.5, "USD"),
        (True, "USD"),
        (Decimal("NaN"), "USD"),
        (Decimal("Infinity"), "USD"),
        (0, "USD"),
        (Decimal("-5"), "USD"),
        ("1e5", "USD"),
        ("12,50", "EUR"),
        (Decimal("10.5"), "JPY"),
        (Decimal("10.001"), "CNY"),
        (Decimal("1.2345"), "KWD"),
    ],
)
def test_bad_amounts(renderer: Renderer, amount: object, currency: str) -> None:
    with pytest.raises(otpmsg.InvalidAmount) as exc:
        renderer.render("withdrawal", code="123456", amount=amount, currency=currency)  # type: ignore[arg-type]
    assert isinstance(exc.value, ValueError)
    assert exc.value.field == "amount"


def test_trailing_zeros_are_not_rounding(renderer: Renderer) -> None:
    msg = renderer.render("withdrawal", code="1234", locale="ja", amount="500.00", currency="JPY")
    assert msg.fields["amount"] == "500円"


@pytest.mark.parametrize("currency", ["XXY", "usd1", "", 840])
def test_bad_currency(renderer: Renderer, currency: object) -> None:
    with pytest.raises(otpmsg.InvalidCurrency):
        renderer.render("withdrawal", code="1234", amount=1, currency=currency)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["123", "12345678901", "12a456", "١٢٣٤٥٦", 123456, "", " 1234"])
def test_bad_code_never_echoed(renderer: Renderer, code: object) -> None:
    with pytest.raises(otpmsg.InvalidCode) as exc:
        renderer.render("login", code=code)  # type: ignore[arg-type]
    if isinstance(code, str) and code.strip():
        assert code.strip() not in str(exc.value)
        assert code.strip() not in repr(exc.value)


def test_code_never_in_repr_or_str(renderer: Renderer) -> None:
    msg = renderer.render("login", code="90817263")
    assert "90817263" not in repr(msg)
    assert "90817263" not in str(msg)
    assert "90817263" in msg.text


def test_validity_whole_minutes_never_overstated(renderer: Renderer) -> None:
    msg = renderer.render("login", code="1234", valid_for=timedelta(minutes=4, seconds=59))
    assert msg.fields["valid_for"] == "4 min"
    with pytest.raises(otpmsg.InvalidValidity):
        renderer.render("login", code="1234", valid_for=timedelta(seconds=59))
    with pytest.raises(otpmsg.InvalidValidity):
        renderer.render("login", code="1234", valid_for=timedelta(minutes=11))
    with pytest.raises(otpmsg.InvalidValidity):
        renderer.render("login", code="1234", valid_for=300)  # type: ignore[arg-type]


def test_phone_numbers(renderer: Renderer) -> None:
    msg = renderer.render("change_phone", code="1234", phone="+44 7400 123456")
    assert msg.fields["phone"] == "+44 ***3456"
    assert "7911" not in msg.text
    for bad in ["07400 123456", "+44 20 7946 0958", "+1 555", "not a number", "+999 123"]:
        with pytest.raises(otpmsg.InvalidPhoneNumber):
            renderer.render("login", code="1234", to=bad)
    with pytest.raises(otpmsg.InvalidPhoneNumber):
        renderer.render("change_phone", code="1234", phone="+44 20 7946 0958")


def test_fields_declared_and_required(renderer: Renderer) -> None:
    with pytest.raises(otpmsg.UnexpectedField) as unexpected:
        renderer.render("login", code="1234", payee="Bob")
    assert unexpected.value.field == "payee"
    with pytest.raises(otpmsg.MissingField) as missing:
        renderer.render("transfer", code="1234", amount=1, currency="USD")
    assert missing.value.field == "payee"
    with pytest.raises(otpmsg.UnknownOperation) as unknown:
        renderer.render("buy_gold", code="1234")
    assert unknown.value.identifier == "buy_gold"
    assert isinstance(unknown.value, LookupError)
    with pytest.raises(TypeError):
        renderer.render("login", code="1234", colour="red")  # type: ignore[call-arg]


def test_untrusted_values_are_cleaned(renderer: Renderer) -> None:
    msg = renderer.render(
        "transfer",
        code="482913",
        amount=10,
        currency="USD",
        payee="Jane\u202e Doe {{ code }} 【x】 call +44 7400 123456 www.evil.example 1234567",
    )
    payee = msg.fields["payee"]
    assert payee == "Jane Doe code x call"
    assert payee in msg.text


def test_value_equal_to_code_is_removed(renderer: Renderer) -> None:
    msg = renderer.render("add_payee", code="2025", payee="Gold Plan 2025")
    assert msg.fields["payee"] == "Gold Plan"
    assert msg.text.count("2025") == 1


def test_empty_value_after_cleaning(renderer: Renderer) -> None:
    with pytest.raises(otpmsg.InvalidValue) as exc:
        renderer.render("add_payee", code="1234", payee="\u200b https://x.example/ 5551234567")
    assert exc.value.field == "payee"


def test_long_values_are_shortened_visibly(renderer: Renderer) -> None:
    msg = renderer.render(
        "transfer",
        code="482913",
        locale="en",
        amount=10,
        currency="USD",
        payee="Bartholomew Montgomery-Featherstonehaugh Holdings International " * 4,
        max_segments=1,
    )
    assert msg.segments == 1
    assert msg.fields["payee"].endswith("...")
    assert len(msg.fields["payee"]) >= 13


def test_folding_to_gsm_when_over_budget(renderer: Renderer) -> None:
    payee = "“Smith’s Café” – Ltd"
    msg = renderer.render("add_payee", code="482913", payee=payee, max_segments=1)
    assert msg.encoding == "GSM-7"
    assert msg.fields["payee"] == '"Smith\'s Café" - Ltd'


def test_message_too_long(renderer: Renderer) -> None:
    with pytest.raises(otpmsg.MessageTooLong) as exc:
        renderer.render(
            "transfer",
            code="482913",
            locale="ru",
            amount=Decimal("999999999.99"),
            currency="USD",
            payee="Иван Петров",
            max_segments=1,
        )
    assert exc.value.allowed == 1
    assert exc.value.segments >= 2
    assert "482913" not in str(exc.value)


def test_brand_rules(renderer: Renderer) -> None:
    assert renderer.render("login", code="1234", brand="ACME Bank").text.startswith("ACME Bank: ")
    for bad in ["x" * 31, "Bank 12345", "evil.example", "Bank!", "中"]:
        with pytest.raises(otpmsg.InvalidBrand):
            renderer.render("login", code="1234", brand=bad)


def test_operation_default_validity_and_cap(tmp_path: Path, templates_copy: Path) -> None:
    ops = templates_copy / "operations.toml"
    ops.write_text(
        ops.read_text().replace(
            'summary = "Sign in to the account"', 'summary = "Sign in"\nvalid_for_minutes = 3'
        )
    )
    r = Renderer(templates=templates_copy)
    assert r.render("login", code="1234").fields["valid_for"] == "3 min"
    long = Renderer(templates=templates_copy, max_valid_for=timedelta(minutes=30))
    assert (
        long.render("login", code="1234", valid_for=timedelta(minutes=30)).fields["valid_for"]
        == "30 min"
    )


def test_bank_adds_its_own_operation(templates_copy: Path) -> None:
    with (templates_copy / "operations.toml").open("a") as f:
        f.write(
            '\n[gold_purchase]\nsummary = "Buy gold"\n'
            'required = ["amount", "currency", "product"]\n'
        )
    (templates_copy / "en" / "gold_purchase.txt").write_text(
        "Code to BUY {{ product }} for {{ amount }}. {{ warning }} Code: {{ code }}\n"
    )
    r = Renderer(templates=templates_copy)
    msg = r.render(
        "gold_purchase", code="1234", amount=100, currency="USD", product="Gold bar", locale="de"
    )
    assert msg.locale == "en"  # de has no template for it yet: the default locale's is used
    # A reader in DE, reading English: CLDR en_DE numbers, and the ISO code.
    assert msg.text.startswith("Code to BUY Gold bar for 100,00 USD.")
    assert any(f.rule == "coverage" and f.locale == "de" for f in r.validate())


def test_concurrent_rendering_gives_the_same_texts(renderer: Renderer) -> None:
    calls = [
        (op, f"{1000 + i}", loc)
        for i, (loc, op) in enumerate(
            (loc, op)
            for loc in renderer.locales()
            for op in ("login", "password_reset", "new_device")
        )
    ]

    def run_all() -> list[str]:
        out = []
        for op, code, loc in calls:
            device = {"device": "Pixel 8"} if op == "new_device" else {}
            out.append(renderer.render(op, code=code, locale=loc, **device).text)
        return out

    expected = run_all()
    results: dict[int, list[str]] = {}

    def work(n: int) -> None:
        results[n] = [text for _ in range(5) for text in run_all()]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1, 2, 3]
    for out in results.values():
        assert out == expected * 5


def test_default_renderer_is_built_once() -> None:
    from otpmsg import _render

    otpmsg.render("login", code="1234")
    first = _render._default_renderer()
    assert _render._default_renderer() is first


def test_a_template_that_loses_the_warning_fails_closed(templates_copy: Path) -> None:
    """The final check runs on every render, not only at start-up."""
    r = Renderer(templates=templates_copy)
    runtime = r._ready("en")
    broken = otpmsg.Renderer.__new__(otpmsg.Renderer)
    broken.__dict__.update(r.__dict__)
    from otpmsg._compose import Templates

    sources = {op: t.source for op, t in r._catalog.locales["en"].templates.items()}
    swapped = Templates({**sources, "login": "Code: {{ code }} {{ warning }}"})
    broken._runtimes = {**r._runtimes, "en": replace(runtime, templates=swapped)}
    broken._serving_sets = {**r._serving_sets, "en": broken._runtimes["en"]}
    with pytest.raises(otpmsg.UnsafeMessage) as exc:
        broken.render("login", code="482913", locale="en")
    assert exc.value.locale == "en"
    assert "482913" not in str(exc.value)


WEIRD = (
    None,
    0,
    -1,
    1.5,
    True,
    "",
    " ",
    "x" * 2000,
    b"bytes",
    [],
    {},
    Decimal("1E+30"),
    Decimal("1E-30"),
    Decimal("-0"),
    Decimal("sNaN"),
    "\ud800",
    "१२३४५६",
    timedelta(days=-1),
    timedelta(days=10**6),
    object(),
    "+",
    "+1" * 100,
    10**30,
    "9" * 40,
)
KEYWORDS = (
    "code",
    "locale",
    "to",
    "brand",
    "valid_for",
    "max_segments",
    "origin",
    "embedded_origin",
    "app_hash",
    "amount",
    "currency",
    "payee",
    "account",
)


@pytest.mark.parametrize("keyword", KEYWORDS)
def test_no_raw_exception_escapes(renderer: Renderer, keyword: str) -> None:
    """Any value of the wrong type or shape gives an OtpmsgError, never a library's own."""
    for value in WEIRD:
        kwargs: dict[str, object] = dict(code="482913", amount=10, currency="EUR", payee="Bob")
        kwargs[keyword] = value
        with contextlib.suppress(otpmsg.OtpmsgError):
            renderer.render("transfer", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("operation", "keyword"),
    [
        ("payment", "merchant"),
        ("investment_purchase", "product"),
        ("change_phone", "phone"),
        ("new_device", "device"),
        ("batch_payment", "count"),
    ],
)
def test_no_raw_exception_escapes_from_other_fields(
    renderer: Renderer, operation: str, keyword: str
) -> None:
    op = renderer.operations()[operation]
    for value in WEIRD:
        kwargs: dict[str, object] = {"code": "482913", keyword: value}
        if op.money:
            kwargs.update(amount=10, currency="EUR")
        if "merchant" in op.required and keyword != "merchant":
            kwargs["merchant"] = "Shop"
        with contextlib.suppress(otpmsg.OtpmsgError):
            renderer.render(operation, **kwargs)  # type: ignore[arg-type]


def test_values_can_be_capped_for_dlt_slots() -> None:
    capped = Renderer(max_value_length=40)
    long_name = "Bartholomew Montgomery-Featherstonehaugh Holdings International"
    msg = capped.render("add_payee", code="482913", payee=long_name)
    assert len(msg.fields["payee"]) <= 40
    assert msg.fields["payee"].endswith("...")
    assert long_name.startswith(msg.fields["payee"].removesuffix("..."))
    short = capped.render("add_payee", code="482913", payee="Maria Garcia")
    assert short.fields["payee"] == "Maria Garcia"
    clusters = capped.render("add_payee", code="482913", payee="क्षा" * 15, locale="hi")
    assert clusters.fields["payee"] == "क्षा" * 9 + "..."  # 4 code points each, never split
    for bad in (12, 0, True, "40"):
        with pytest.raises(otpmsg.InputError):
            Renderer(max_value_length=bad)  # type: ignore[arg-type]


def test_kept_formats_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A service that sees many currencies, territories, validities, locale ids and call
    shapes keeps at most a bounded number of each, and renders the same texts when it
    starts afresh."""
    from otpmsg import _compose, _render

    monkeypatch.setattr(_compose, "_KEPT", 3)
    monkeypatch.setattr(_render, "_PLANS", 5)
    r = Renderer()
    calls = [
        dict(locale=locale, currency=currency, valid_for=timedelta(minutes=minutes))
        for locale in ("de", "de_AT", "de_CH", "de-DE", "en_US")
        for currency in ("EUR", "USD", "CHF", "GBP")
        for minutes in (1, 2, 3, 4)
    ]
    texts = [
        r.render("withdrawal", code="482913", amount="12.50", **kwargs).text  # type: ignore[arg-type]
        for kwargs in calls * 2
    ]
    assert texts[: len(calls)] == texts[len(calls) :]
    runtime = r._runtime("de")
    assert len(runtime._money) <= 3
    assert len(runtime._minutes) <= 3
    assert len(r._chosen) <= 3
    assert 0 < len(r._plans) <= 5
    fresh = Renderer()
    assert texts[: len(calls)] == [
        fresh.render("withdrawal", code="482913", amount="12.50", **kwargs).text  # type: ignore[arg-type]
        for kwargs in calls
    ]


def test_a_call_shape_is_checked_once_and_each_message_every_time() -> None:
    """What a call shape shares is checked once and kept; what each message brings (code,
    amount, values, recipient) is checked on every call, and equal arguments of a refused
    type are still refused."""
    r = Renderer()
    shape = dict(locale="de", currency="EUR", valid_for=timedelta(minutes=5), max_segments=1)
    r.render("withdrawal", code="482913", amount="12.50", **shape)  # type: ignore[arg-type]
    bad: list[tuple[dict[str, object], type[otpmsg.OtpmsgError]]] = [
        ({"code": "12"}, otpmsg.InvalidCode),
        ({"amount": "12.505"}, otpmsg.InvalidAmount),
        ({"amount": "-1"}, otpmsg.InvalidAmount),
        ({"to": "+1"}, otpmsg.InvalidPhoneNumber),
        ({"max_segments": True}, otpmsg.InputError),  # True == 1, yet refused
        ({"max_segments": 1.0}, otpmsg.InputError),
        ({"locale": ["de"]}, otpmsg.UnknownLocale),  # cannot be a key
        ({"brand": ["ACME"]}, otpmsg.InvalidBrand),
        ({"payee": "Bob"}, otpmsg.UnexpectedField),
    ]
    for change, error in bad:
        kwargs = {"code": "482913", "amount": "12.50", **shape, **change}
        with pytest.raises(error):
            r.render("withdrawal", **kwargs)  # type: ignore[arg-type]
    again = r.render("withdrawal", code="99887766", amount="7", **shape)  # type: ignore[arg-type]
    assert again.fields["amount"] == "7,00 €"
    assert "99887766" in again.text


def test_settings_are_read_only() -> None:
    """Each locale is validated with the Renderer's settings, so they cannot change."""
    r = Renderer(brand="ACME", origin="bank.example")
    for name in ("brand", "origin", "max_segments", "valid_for", "default_locale"):
        with pytest.raises(AttributeError):
            setattr(r, name, None)
    assert (r.brand, r.origin, r.max_segments) == ("ACME", "bank.example", 2)


def test_a_broken_locale_is_never_kept(templates_copy: Path) -> None:
    """The rules' own sample renders of a locale being validated are not kept: a broken
    locale is refused on every call. (A letter that forces UCS-2 makes a rule render it.)"""
    login = templates_copy / "de" / "login.txt"
    login.write_text(login.read_text(encoding="utf-8").replace("{{ warning }}", "ł"), "utf-8")
    r = Renderer(templates=templates_copy)
    for _ in range(2):
        with pytest.raises(otpmsg.TemplateError):
            r.render("login", code="482913", locale="de")
    assert all(plan.runtime.id != "de" for plan in r._plans.values())
    assert r.render("login", code="482913", locale="fr").locale == "fr"
