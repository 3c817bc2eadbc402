"""Origin-bound codes, the Android app hash, audit fingerprints and batch payments."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import otpmsg
from otpmsg import Renderer
from otpmsg._delivery import check_host
from tests import strategies

# The WICG origin-bound one-time code grammar, for the last line of the message:
#   "@" host " #" code [ " @" host ]   with host a domain, code without spaces.
WICG_LAST_LINE = re.compile(
    r"@(?P<host>[^\s#@/:]+) #(?P<code>[^\s]+)(?: @(?P<embedded>[^\s#@/:]+))?"
)


def parse_origin_bound(text: str) -> dict[str, str | None] | None:
    """Parse the last line as a browser does; None if it is not an origin-bound line."""
    last = text.rsplit("\n", 1)[-1]
    m = WICG_LAST_LINE.fullmatch(last)
    return m.groupdict() if m else None


def _sample(renderer: Renderer, locale: str, operation: str, **extra: object) -> otpmsg.Message:
    from otpmsg._samples import typical_inputs

    kwargs = typical_inputs(renderer._runtime(locale), renderer.operations()[operation])
    kwargs.update(extra)
    return renderer.render(operation, **kwargs)


# The origin line costs about 27 units: UCS-2 locales need a budget of 3 segments for it.
WITH_ORIGIN = Renderer(max_segments=3, origin="bank.example")


@pytest.mark.parametrize("embedded", [None, "shop.example"])
def test_origin_bound_line_in_every_locale(embedded: str | None) -> None:
    renderer = WITH_ORIGIN
    for locale in renderer.locales():
        for operation in renderer.operations():
            msg = _sample(renderer, locale, operation, embedded_origin=embedded)
            parsed = parse_origin_bound(msg.text)
            assert parsed == {"host": "bank.example", "code": "482913", "embedded": embedded}
            assert msg.text.count("482913") == 2
            body = msg.text.rsplit("\n", 1)[0]
            assert body.endswith("\n")  # a blank line separates it
            assert msg.text.index(msg.warning) < msg.text.index("482913")


def test_origin_budget_is_checked_before_a_locale_serves() -> None:
    renderer = Renderer(origin="bank.example")  # 2 segments cannot hold it in every locale
    with pytest.raises(otpmsg.TemplateError) as exc:
        renderer.validate()
    assert {f.locale for f in exc.value.findings if f.severity == "error"} >= {"ru", "ar", "hi"}
    with pytest.raises(otpmsg.TemplateError):
        renderer.render("password_reset", code="482913", locale="ru")


def test_renderer_wide_origin() -> None:
    r = Renderer(max_segments=3, origin="Bank.Example")
    assert r.render("login", code="1234").text.endswith("\n\n@bank.example #1234")
    assert r.render("login", code="1234", origin="other.example").text.endswith(
        "@other.example #1234"
    )


@pytest.mark.parametrize(
    "bad",
    [
        "https://bank.example",
        "bank.example/login",
        "bank.example:443",
        "bank",
        "",
        "a b.example",
        "user@bank.example",
        "-bank.example",
        "bank..example",
        "x" * 64 + ".example",
        42,
    ],
)
def test_origin_must_be_a_bare_host(renderer: Renderer, bad: object) -> None:
    with pytest.raises(otpmsg.InvalidOrigin):
        renderer.render("login", code="1234", origin=bad)  # type: ignore[arg-type]


def test_idna_hosts_are_converted() -> None:
    assert check_host("origin", "bücher.example") == "xn--bcher-kva.example"


@given(
    code=strategies.codes(),
    payee=strategies.untrusted_values(),
    locale=st.sampled_from(("en", "de", "zh_Hans", "ru", "ar", "hi")),
)
def test_origin_line_survives_any_value(code: str, payee: str, locale: str) -> None:
    r = _RENDERER
    try:
        msg = r.render(
            "add_payee",
            code=code,
            locale=locale,
            payee=payee,
            origin="bank.example",
            max_segments=3,
        )
    except (otpmsg.InvalidValue, otpmsg.MessageTooLong):
        return
    parsed = parse_origin_bound(msg.text)
    assert parsed is not None
    assert parsed["code"] == code
    body = msg.text.rsplit("\n", 1)[0]
    assert code in body  # the two occurrences agree


_RENDERER = Renderer()


def test_android_hash_every_locale(renderer: Renderer) -> None:
    fitting: dict[str, list[str]] = {}
    for locale in renderer.locales():
        fitting[locale] = []
        for operation in sorted(renderer.operations()):
            try:
                msg = _sample(renderer, locale, operation, app_hash="FA+9qCX9VSu")
            except otpmsg.MessageTooLong as exc:
                assert exc.allowed == 1
                assert "1 allowed" in str(exc)
                continue
            assert msg.segments == 1
            assert msg.text.splitlines()[-1] == "FA+9qCX9VSu"
            fitting[locale].append(operation)
    # Keep in step with the README ("Android SMS Retriever"); a new locale adds its own line.
    assert {k: len(v) for k, v in fitting.items() if k in ANDROID_FITS} == ANDROID_FITS


ANDROID_FITS = {
    "af": 13,
    "ar": 0,
    "bg": 0,
    "bn": 0,
    "ca": 13,
    "cs": 13,
    "da": 13,
    "de": 12,
    "el": 0,
    "en": 13,
    "es": 12,
    "et": 13,
    "fa": 1,
    "fi": 13,
    "fil": 12,
    "fr": 12,
    "he": 1,
    "hi": 0,
    "hr": 13,
    "hu": 13,
    "id": 12,
    "it": 12,
    "ja": 0,
    "kn": 0,
    "ko": 5,
    "lt": 13,
    "mr": 0,
    "ms": 13,
    "nb": 13,
    "nl": 13,
    "pl": 13,
    "pt_BR": 12,
    "pt_PT": 13,
    "ro": 13,
    "ru": 0,
    "sk": 13,
    "sv": 13,
    "sw": 13,
    "ta": 0,
    "te": 0,
    "th": 1,
    "tr": 13,
    "uk": 0,
    "ur": 1,
    "vi": 12,
    "zh_Hans": 7,
    "zh_Hant": 7,
    "zh_Hant_HK": 7,
}


@pytest.mark.parametrize("bad", ["FA+9qCX9VS", "FA+9qCX9VSu1", "FA+9qCX9VS!", 11])
def test_android_hash_is_validated(renderer: Renderer, bad: object) -> None:
    with pytest.raises(otpmsg.InvalidValue):
        renderer.render("login", code="1234", app_hash=bad)  # type: ignore[arg-type]


def test_android_hash_shortens_values_first(renderer: Renderer) -> None:
    msg = renderer.render(
        "add_payee",
        code="482913",
        payee="Bartholomew Featherstonehaugh-Smythe of Montgomery Holdings International",
        app_hash="FA+9qCX9VSu",
    )
    assert msg.segments == 1
    assert msg.fields["payee"].endswith("...")


TRANSFER = dict(
    code="482913",
    locale="en",
    amount=Decimal("250.00"),
    currency="EUR",
    payee="Maria Garcia",
    account="DE89370400440532013000",
)


def test_fingerprint_is_stable_across_processes(renderer: Renderer) -> None:
    here = renderer.render("transfer", **TRANSFER).fingerprint  # type: ignore[arg-type]
    script = (
        "import otpmsg; from decimal import Decimal;"
        "print(otpmsg.render('transfer', code='482913', locale='en', amount=Decimal('250.00'),"
        " currency='EUR', payee='Maria Garcia', account='DE89370400440532013000').fingerprint)"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        )
        assert out.stdout.strip() == here
    assert re.fullmatch(r"[0-9a-f]{64}", here)


@pytest.mark.parametrize(
    "change",
    [
        {"amount": Decimal("250.01")},
        {"currency": "USD"},
        {"payee": "Maria Garcia Lopez"},
        {"account": "DE89370400440532013001"},
        {"locale": "de"},
    ],
)
def test_fingerprint_changes_with_any_bound_value(
    renderer: Renderer, change: dict[str, object]
) -> None:
    base = renderer.render("transfer", **TRANSFER).fingerprint  # type: ignore[arg-type]
    assert renderer.render("transfer", **{**TRANSFER, **change}).fingerprint != base  # type: ignore[arg-type]


def test_same_amount_written_differently_is_the_same_fingerprint(renderer: Renderer) -> None:
    a = renderer.render("transfer", **{**TRANSFER, "amount": "250.00"})  # type: ignore[arg-type]
    b = renderer.render("transfer", **{**TRANSFER, "amount": 250})  # type: ignore[arg-type]
    assert a.fingerprint == b.fingerprint


def test_audit_never_contains_the_code(renderer: Renderer) -> None:
    msg = renderer.render("transfer", origin="bank.example", **TRANSFER)  # type: ignore[arg-type]
    record = msg.audit()
    dumped = json.dumps(record, ensure_ascii=False)
    assert "482913" not in dumped
    assert "******" in record["text"]  # type: ignore[operator]
    assert record["fingerprint"] == msg.fingerprint
    assert record["bound"] == {  # type: ignore[comparison-overlap]
        "amount": "€250.00" if False else msg.fields["amount"],
        "currency": "EUR",
        "payee": "Maria Garcia",
        "account": "3000",
        "exact_amount": "250.00",
    }
    assert record["segments"] == msg.segments


def test_batch_payment_states_count_and_total(renderer: Renderer) -> None:
    for locale in renderer.locales():
        msg = renderer.render(
            "batch_payment",
            code="482913",
            locale=locale,
            amount=Decimal("12500.00"),
            currency="EUR",
            count=12,
        )
        assert msg.fields["count"] in msg.text
        assert msg.fields["amount"] in msg.text
    with pytest.raises(otpmsg.InvalidValue):
        renderer.render("batch_payment", code="1234", amount=1, currency="EUR", count=1)


def test_validity_cap_and_operation_default(renderer: Renderer) -> None:
    from datetime import timedelta

    with pytest.raises(otpmsg.InvalidValidity):
        renderer.render("login", code="1234", valid_for=timedelta(minutes=15))
    relaxed = Renderer(max_valid_for=timedelta(minutes=15))
    assert (
        relaxed.render("login", code="1234", valid_for=timedelta(minutes=15)).fields["valid_for"]
        == "15 min"
    )
