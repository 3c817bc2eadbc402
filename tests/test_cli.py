"""The command line, driven through ``main(argv)``: check, review, approve, new-locale, export.

Each check rule has a folder that breaks exactly that rule. Folders are copies of the shipped
templates cut down to ``en`` (and ``ar`` for right-to-left), so that every run is fast.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shlex
import stat
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from otpmsg import Renderer
from otpmsg._approvals import APPROVALS_FILE, read_approvals
from otpmsg._cli import _next_steps, _parser, _python, main
from otpmsg._samples import WORST_BRAND, WORST_CODE, typical_inputs, worst_fields
from otpmsg._scaffold import MARKER_LINE
from otpmsg._segments import measure


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def rules(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, set[str]]:
    """Exit code of ``check --format json`` and the rule ids of its errors."""
    code, out, _ = run(capsys, "check", "--templates", str(folder), "--format", "json")
    report = json.loads(out)
    return code, {f["rule"] for f in report["findings"] if f["severity"] == "error"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- check ------------------------------------------------------------------------------------


def test_check_passes_on_the_shipped_templates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check")
    assert code == 0, out
    assert out.rstrip().endswith("0 error(s), 0 warning(s)")


def test_check_text_shows_a_size_table(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    code, out, _ = run(capsys, "check", "--templates", str(en_only))
    assert code == 0
    assert "segments, typical/worst (budget 2" in out
    assert re.search(r"^transfer +\d/\d$", out, re.MULTILINE)
    assert "warning approval" in out  # no approvals file: a warning, not an error
    assert "info budget" not in out
    _, verbose, _ = run(capsys, "check", "--templates", str(en_only), "-v")
    assert "info budget" in verbose


def test_check_json_reports_findings_and_sizes(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    code, out, _ = run(capsys, "check", "--templates", str(en_only), "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["errors"] == 0
    assert {s["operation"] for s in report["sizes"]} >= {"login", "transfer"}
    assert all(s["worst"]["segments"] <= 2 for s in report["sizes"])
    keys = {"rule", "severity", "locale", "operation", "file", "line", "message"}
    assert all(set(f) == keys for f in report["findings"])


LOGIN = (
    "{% if brand %}{{ brand }}: {% endif %}Code to LOG IN to your account. {{ warning }}"
    " Code: {{ code }}{% if valid_for %}, valid for {{ valid_for }}{% endif %}"
)
TRANSFER = (
    "Code to SEND {{ amount }} to {{ payee }}{% if account %} (acct {{ account }}){% endif %}."
    " {{ warning }} Code: {{ code }}"
    "{% if valid_for %}, valid for {{ valid_for }}{% endif %}"
)


def test_fixture_templates_pass(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    (en_only / "en" / "login.txt").write_text(LOGIN, encoding="utf-8")
    (en_only / "en" / "transfer.txt").write_text(TRANSFER, encoding="utf-8")
    assert rules(capsys, en_only) == (0, set())


@pytest.mark.parametrize(
    ("file", "template", "rule"),
    [
        ("login.txt", LOGIN.replace("{{ warning }} ", ""), "required"),
        (
            "login.txt",
            LOGIN.replace("{{ warning }} Code: {{ code }}", "Code: {{ code }}. {{ warning }}"),
            "placement",
        ),
        (
            "login.txt",
            LOGIN.replace("Code: {{ code }}", "Code: {{ code }} ({{ code }})"),
            "placement",
        ),
        ("login.txt", LOGIN.replace("account.", "account {{ iban }}."), "variables"),
        ("login.txt", LOGIN.replace("account.", "account {{ ''.__class__ }}."), "sandbox"),
        ("login.txt", LOGIN.replace("account.", "account.{% import 'x.txt' as x %}"), "sandbox"),
        ("transfer.txt", TRANSFER.replace("{{ payee }}", "{{ payee|attr('upper') }}"), "sandbox"),
        ("login.txt", LOGIN.replace("account.", "account at https://bank.example/x."), "lure"),
        ("login.txt", LOGIN.replace("{% if brand %}", "{% if brand %"), "syntax"),
        ("login.txt", LOGIN.replace("account.", "account." + " Read this." * 40), "budget"),
        ("login.txt", LOGIN.replace("account.", "account\u202e."), "fixed-text"),
        ("login.txt", LOGIN.replace("account.", "account 【ACME】."), "chinese-signature"),
        ("login.txt", LOGIN.replace("account.", "account. Call 0800 123 4567."), "lure"),
        ("login.txt", "{# UNTRANSLATED #}" + LOGIN, "unfinished"),
    ],
    ids=[
        "warning-missing",
        "warning-after-code",
        "code-twice",
        "unknown-variable",
        "attribute-escape",
        "import",
        "disallowed-filter",
        "url",
        "syntax",
        "over-budget",
        "bidi-in-fixed-text",
        "brackets-in-body",
        "phone-number",
        "unfinished-marker",
    ],
)
def test_check_rule_fires(
    capsys: pytest.CaptureFixture[str], en_only: Path, file: str, template: str, rule: str
) -> None:
    (en_only / "en" / file).write_text(template, encoding="utf-8")
    code, found = rules(capsys, en_only)
    assert code == 1
    assert rule in found


def test_check_missing_warning_in_locale_toml(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    (en_only / "en" / "locale.toml").write_text("# no warning\n", encoding="utf-8")
    code, found = rules(capsys, en_only)
    assert (code, "warning-missing" in found) == (1, True)


def test_check_changed_approved_template(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    (en_only / "en" / "login.txt").write_text(LOGIN, encoding="utf-8")
    assert run(capsys, "approve", "--templates", str(en_only), "--by", "Jane Doe")[0] == 0
    assert rules(capsys, en_only) == (0, set())
    edit(en_only / "en" / "login.txt", "your account", "your online account")
    code, out, _ = run(capsys, "check", "--templates", str(en_only))
    assert code == 1
    assert "error approval" in out
    assert "en/login.txt [en/login]: the file changed since approved by Jane Doe" in out


def test_check_changed_declaration_breaks_approval(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    run(capsys, "approve", "--templates", str(en_only), "--by", "Jane Doe")
    edit(en_only / "operations.toml", 'summary = "Sign in to the account"', 'summary = "Sign in"')
    code, out, _ = run(capsys, "check", "--templates", str(en_only))
    assert code == 1
    assert "[en/login]: its operation's declaration" in out
    assert out.count("error approval") == 1


def test_check_never_approved_is_an_error_once_approvals_exist(
    capsys: pytest.CaptureFixture[str], en_ar: Path
) -> None:
    assert run(capsys, "approve", "--templates", str(en_ar), "--by", "A", "--locale", "en")[0] == 0
    code, out, _ = run(capsys, "check", "--templates", str(en_ar))
    assert code == 1
    assert "[ar/login]: never approved" in out
    assert "[en/login]" not in out


def test_check_unfinished_translation(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    assert run(capsys, "new-locale", "it", "--templates", str(en_only))[0] == 0
    code, found = rules(capsys, en_only)
    assert code == 1
    assert "unfinished" in found


def test_check_bad_approvals_file(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    (en_only / APPROVALS_FILE).write_text("[en.login]\nfingerprint = 3\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--templates", str(en_only))
    assert code == 1
    assert "error approval" in out
    assert "fingerprint must be 64" in out


def test_check_locale_filter(capsys: pytest.CaptureFixture[str], en_ar: Path) -> None:
    (en_ar / "ar" / "login.txt").write_text(
        LOGIN.replace("{{ code }}", "{{ code }}{{ code }}"), encoding="utf-8"
    )
    code, found = rules(capsys, en_ar)
    assert code == 1
    assert "placement" in found
    code, out, _ = run(capsys, "check", "--templates", str(en_ar), "--locale", "en")
    assert "ar/" not in out
    assert code == 0  # placement ran for every locale, and en is clean
    code, _, err = run(capsys, "check", "--templates", str(en_ar), "--locale", "xx")
    assert code == 2
    assert "no locale folder 'xx'" in err


def test_check_locale_filter_checks_that_locale_fully(
    capsys: pytest.CaptureFixture[str], en_ar: Path
) -> None:
    (en_ar / "ar" / "login.txt").write_text("{% if %}", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--templates", str(en_ar), "--locale", "en")
    assert code == 0  # each locale is validated on its own: a broken ar does not stop en
    assert "ar/" not in out
    assert re.search(r"^transfer +\d/\d$", out, re.MULTILINE)  # en's sizes were measured
    code, out, _ = run(capsys, "check", "--templates", str(en_ar), "--locale", "ar")
    assert code == 1
    assert "error syntax" in out


# --- bad folders ------------------------------------------------------------------------------


def test_bad_folder_missing_operations(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    (en_only / "operations.toml").unlink()
    code, found = rules(capsys, en_only)
    assert code == 1
    assert "missing-file" in found


def test_bad_folder_bad_toml(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    (en_only / "operations.toml").write_text("[login\nsummary = 1\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--templates", str(en_only))
    assert code == 1
    assert "error bad-toml" in out


def test_bad_folder_not_utf8_template(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    (en_only / "en" / "login.txt").write_bytes(b"Code \xff {{ code }}")
    code, found = rules(capsys, en_only)
    assert code == 1
    assert "bad-file" in found


def test_bad_folder_unreadable_toml(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    (en_only / "operations.toml").unlink()
    (en_only / "operations.toml").mkdir()  # reading it fails with an OSError
    code, out, _ = run(capsys, "check", "--templates", str(en_only))
    assert code == 1
    assert "error bad-toml" in out
    assert "operations.toml" in out


@pytest.mark.parametrize("command", ["check", "review", "export", "render login --code 1234"])
def test_bad_folder_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    code, out, err = run(capsys, *command.split(), "--templates", str(tmp_path / "nope"))
    assert code == 1
    assert "is not a folder" in out + err


# --- review -----------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def test_review_html_structure(capsys: pytest.CaptureFixture[str], en_ar: Path) -> None:
    (en_ar / "en" / "login.txt").write_text(
        "<b>&amp; ça LOG IN {{ warning }} Code: {{ code }}", encoding="utf-8"
    )
    out_file = en_ar.parent / "review.html"
    code, out, _ = run(capsys, "review", "--templates", str(en_ar), "--out", str(out_file))
    assert code == 0
    assert "wrote" in out
    html = out_file.read_text(encoding="utf-8")
    page = _page(html)
    assert page.find("html", lang="en")
    assert not page.find("script")
    assert not page.find("link")
    assert not page.find("img")
    for _, attrs in page.tags:
        for name in ("src", "href", "action"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (name, value)
    assert "@media print" in html
    tags = [t for t, _ in page.tags]
    assert tags.index("table") < tags.index("section")  # the matrix opens the page
    matrix = _page(html.split('<table class="matrix">')[1].split("</table>")[0])
    links = [a["href"] for a in matrix.find("a") if a["href"] and "--" in a["href"]]
    sections = page.find("section", **{"class": "message"})
    assert len(sections) == len(links) == 2 * 13
    ids = {a["id"] for a in sections}
    assert {"en--login", "ar--transfer"} <= ids
    assert {link.removeprefix("#") for link in links} == ids
    assert page.find("div", **{"class": "sms", "lang": "ar", "dir": "rtl"})
    assert page.find("div", **{"class": "sms", "lang": "en", "dir": "ltr"})
    for role in ("warning", "code", "amount", "nongsm"):
        assert page.find("mark", **{"class": role}), role
    assert "&lt;b&gt;&amp;amp; " in html  # escaped, never markup
    assert not page.find("b")
    assert "not approved" in html


def test_review_markdown_is_deterministic(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    run(capsys, "approve", "--templates", str(en_only), "--by", "Jane Doe")
    code, first, _ = run(capsys, "review", "--templates", str(en_only), "--format", "md")
    _, second, _ = run(capsys, "review", "--templates", str(en_only), "--format", "md")
    assert code == 0
    assert first == second
    assert "<mark" not in first
    assert "## en / transfer: Send money to a payee" in first
    assert "| en | login | en | GSM-7 |" in first
    assert "Approval: approved by Jane Doe on " in first


def test_review_refuses_a_broken_folder(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    (en_only / "en" / "login.txt").write_text(LOGIN.replace("{{ code }}", ""), encoding="utf-8")
    code, out, err = run(capsys, "review", "--templates", str(en_only))
    assert code == 1
    assert out == ""
    assert "no review" in err


# --- approve ----------------------------------------------------------------------------------


def test_approve_then_check_passes(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    code, out, _ = run(capsys, "approve", "--templates", str(en_only), "--by", "Jane Doe")
    assert code == 0
    assert "approved 13 template(s)" in out
    text = (en_only / APPROVALS_FILE).read_text(encoding="utf-8")
    headers = re.findall(r"^\[(.+)\]$", text, re.MULTILINE)
    assert headers == sorted(headers)
    assert len(headers) == 13
    code, out, _ = run(capsys, "check", "--templates", str(en_only))
    assert code == 0
    assert out.rstrip().endswith("0 error(s), 0 warning(s)")


def test_approve_keeps_unchanged_entries(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    (en_only / "en" / "login.txt").write_text(LOGIN, encoding="utf-8")
    run(capsys, "approve", "--templates", str(en_only), "--by", "Jane Doe")
    first = (en_only / APPROVALS_FILE).read_text(encoding="utf-8")
    edit(en_only / "en" / "login.txt", "your account", "your online account")
    code, out, _ = run(capsys, "approve", "--templates", str(en_only), "--by", "John Roe")
    assert code == 0
    assert "approved 1 template(s) by John Roe; kept 12" in out
    approvals = read_approvals(en_only)
    assert approvals is not None
    assert approvals["en", "login"].by == "John Roe"
    assert approvals["en", "transfer"].by == "Jane Doe"
    edit(en_only / "en" / "login.txt", "your online account", "your account")
    run(capsys, "approve", "--templates", str(en_only), "--by", "Jane Doe")
    assert (en_only / APPROVALS_FILE).read_text(encoding="utf-8") == first


def test_approve_refuses_templates_with_errors(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    (en_only / "en" / "login.txt").write_text(LOGIN.replace("{{ warning }}", ""), encoding="utf-8")
    code, _, err = run(capsys, "approve", "--templates", str(en_only), "--by", "Jane Doe")
    assert code == 1
    assert "nothing approved" in err
    assert not (en_only / APPROVALS_FILE).exists()


@pytest.mark.parametrize("name", ["", "   ", "a\nb", "x" * 101])
def test_approve_refuses_bad_names(
    capsys: pytest.CaptureFixture[str], en_only: Path, name: str
) -> None:
    code, _, err = run(capsys, "approve", "--templates", str(en_only), "--by", name)
    assert code == 2
    assert "--by" in err


def test_shipped_templates_are_approved() -> None:
    from otpmsg._approvals import approval_status
    from otpmsg._catalog import load_catalog

    catalog = load_catalog()
    statuses = approval_status(catalog, read_approvals(catalog.root))
    assert statuses
    assert {s.state for s in statuses.values()} == {"approved"}


# --- new-locale -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "locale", ["../it", "en/../it", "/etc", "it/", "..", "it.txt", "xx", "i", "it;rm", ""]
)
def test_new_locale_refuses(capsys: pytest.CaptureFixture[str], en_only: Path, locale: str) -> None:
    before = sorted(p.name for p in en_only.parent.rglob("*"))
    code, _, err = run(capsys, "new-locale", locale, "--templates", str(en_only))
    assert code == 2
    assert err.startswith("otpmsg: ")
    assert sorted(p.name for p in en_only.parent.rglob("*")) == before


def test_new_locale_refuses_existing_and_unknown_source(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    assert run(capsys, "new-locale", "EN", "--templates", str(en_only))[0] == 2
    code, _, err = run(capsys, "new-locale", "it", "--from", "../en", "--templates", str(en_only))
    assert code == 2
    assert "no locale '../en'" in err


def test_new_locale_scaffolds_then_translation_passes(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    code, out, _ = run(capsys, "new-locale", "it", "--templates", str(en_only))
    assert code == 0
    assert "Next steps" in out
    folder = en_only / "it"
    templates = sorted(folder.glob("*.txt"))
    assert len(templates) == 13
    assert all(t.read_text(encoding="utf-8").startswith(MARKER_LINE + "\n") for t in templates)
    assert "UNTRANSLATED" in (folder / "locale.toml").read_text(encoding="utf-8")
    copied = tomllib.loads((folder / "locale.toml").read_text(encoding="utf-8"))["glossary"]
    source = tomllib.loads((en_only / "en" / "locale.toml").read_text(encoding="utf-8"))
    marked = {k: f"UNTRANSLATED: {v}" for k, v in source["glossary"].items() if k != "verbs"}
    verbs = {k: f"UNTRANSLATED: {v}" for k, v in source["glossary"]["verbs"].items()}
    assert copied == {**marked, "verbs": verbs}  # the terms to translate, for every operation
    assert rules(capsys, en_only) == (1, {"unfinished"})
    # A translator's work, in short: Italian text and no marker (and, here, no glossary).
    (folder / "locale.toml").write_text(
        'warning = "NON condividere MAI questo codice, nemmeno con noi."\n', encoding="utf-8"
    )
    for t in templates:
        text = t.read_text(encoding="utf-8").removeprefix(MARKER_LINE + "\n")
        t.write_text(text.replace("Code: ", "Codice: "), encoding="utf-8")
    code, found = rules(capsys, en_only)
    assert found == set()  # no approvals file yet: only a warning
    assert code == 0
    run(capsys, "approve", "--templates", str(en_only), "--by", "Reviewer")
    assert rules(capsys, en_only) == (0, set())


def test_new_locale_uses_babel_id(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    code, out, _ = run(capsys, "new-locale", "pt-PT", "--templates", str(en_only))
    assert code == 0
    assert (en_only / "pt_PT" / "locale.toml").is_file()
    assert "Babel's id 'pt_PT'" in out


# --- export -----------------------------------------------------------------------------------


def _entries(out: str) -> list[tuple[str, str, list[str], str]]:
    found = re.findall(r"^\[(\w+)/(\w+)\] slots: (.*)\n(.*)$", out, re.MULTILINE)
    return [(loc, op, slots.split(", "), text) for loc, op, slots, text in found]


def _fill(text: str, values: list[str]) -> str:
    queue = iter(values)
    return re.sub(r"\{#(?:numeric|alphanumeric)#\}", lambda _: next(queue), text)


@pytest.mark.parametrize("shape", [(), ("--no-brand", "--no-valid-for")])
def test_export_dlt_is_byte_exact_to_render(
    capsys: pytest.CaptureFixture[str], en_only: Path, shape: tuple[str, ...]
) -> None:
    code, out, _ = run(capsys, "export", "--format", "dlt", "--templates", str(en_only), *shape)
    assert code == 0
    assert "{#alphanumeric#}" in out
    assert "at most 40 characters" in out
    entries = _entries(out)
    renderer = Renderer(templates=en_only)
    assert {op for _, op, _, _ in entries} == set(renderer.operations())
    assert len(entries) > 13  # optional fields give more than one string
    for locale, operation, slots, text in entries:
        op = renderer.operations()[operation]
        kwargs = typical_inputs(renderer._runtime(locale), op)
        for name in op.optional - set(slots):
            del kwargs[name]
        if "valid_for" not in slots:
            del kwargs["valid_for"]
        brand = "ACME Bank" if "brand" in slots else None
        msg = renderer.render(operation, brand=brand, **kwargs)
        values = {**msg.fields, "code": kwargs["code"]}
        filled = _fill(text, [values[name] for name in slots])
        assert filled == msg.text, (operation, slots)
        for name in slots:
            tag = "numeric" if name in {"code", "account", "count"} else "alphanumeric"
            assert f"{{#{tag}#}}" in text


def test_export_flags_values_over_the_limits(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--locale", "de")
    assert code == 0
    assert "# note: payee can be up to about" in out
    assert "# note: count is shown as '1.000'" in out


def test_export_refuses_unknown_locale(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    code, _, err = run(capsys, "export", "--templates", str(en_only), "--locale", "../en")
    assert code == 2
    assert "no locale folder" in err


# --- render and the rest ----------------------------------------------------------------------


def test_render_prints_text_and_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "render",
        "transfer",
        "--code",
        "482913",
        "--locale",
        "en",
        "--amount",
        "10",
        "--currency",
        "USD",
        "--payee",
        "Maria",
        "--valid-for",
        "5",
    )
    assert code == 0
    assert "482913" in out
    assert re.search(r"\[en/transfer: GSM-7, \d+ units, 1 segment\(s\)\]", out)


def test_render_refused_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "render", "login", "--code", "12")
    assert (code, out) == (2, "")
    assert err.startswith("otpmsg: code:")


def test_render_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "render", "login", "--code", "1234", "--json")
    assert code == 0
    assert json.loads(out)["segments"] == 1


def test_examples_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "examples")[0] == 0
    assert run(capsys, "--help")[0] == 0
    assert run(capsys, "check", "--format", "xml")[0] == 2
    assert run(capsys, "check", "--max-segments", "0")[0] == 2
    assert run(capsys)[0] == 2


def test_check_and_review_cover_the_origin_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--origin", "bank.example", "--format", "json")
    assert code == 1  # two segments cannot hold the line in the UCS-2 locales
    report = json.loads(out)
    over = {f["locale"] for f in report["findings"] if f["rule"] == "budget"}
    assert {"ru", "ar", "hi"} <= over
    assert "en" not in {f["locale"] for f in report["findings"] if f["severity"] == "error"}
    code, _, _ = run(capsys, "check", "--origin", "bank.example", "--max-segments", "3")
    assert code == 0
    code, out, _ = run(
        capsys, "review", "--origin", "bank.example", "--max-segments", "3", "--format", "md"
    )
    assert code == 0
    assert "@bank.example #9999999999" in out
    assert "@bank.example #482913" in out
    assert "batch_payment" in out


def test_latin_fixed_text_forcing_ucs2_is_a_warning(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    short = LOGIN.replace("Code to LOG IN to your account.", "LOG IN “now”.")
    (en_only / "en" / "login.txt").write_text(short, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--templates", str(en_only), "--format", "json")
    found = [f for f in json.loads(out)["findings"] if f["rule"] == "ucs2-fixed-text"]
    assert code == 0
    assert [f["severity"] for f in found] == ["warning"]
    assert "'“' at 9, '”' at 13" in found[0]["message"]  # each character and where it is
    assert "segment(s) instead of" in found[0]["message"]


def test_coverage(capsys: pytest.CaptureFixture[str], en_ar: Path) -> None:
    (en_ar / "ar" / "payment.txt").unlink()
    code, out, _ = run(capsys, "check", "--templates", str(en_ar), "--format", "json")
    found = [f for f in json.loads(out)["findings"] if f["rule"] == "coverage"]
    assert [(f["severity"], f["locale"], f["operation"]) for f in found] == [
        ("warning", "ar", "payment")
    ]
    assert "falls back to en" in found[0]["message"]
    (en_ar / "en" / "payment.txt").unlink()
    code, found_rules = rules(capsys, en_ar)
    assert code == 1
    assert "coverage" in found_rules


# --- new-locale: variants and next steps ------------------------------------------------------


def test_new_locale_refuses_a_region_of_an_existing_language(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    assert run(capsys, "new-locale", "it", "--templates", str(en_only))[0] == 0
    code, _, err = run(capsys, "new-locale", "it_IT", "--templates", str(en_only))
    assert code == 2
    assert "--variant" in err
    assert not (en_only / "it_IT").exists()
    code, _, _ = run(capsys, "new-locale", "it_CH", "--variant", "--templates", str(en_only))
    assert code == 0
    assert (en_only / "it_CH" / "locale.toml").is_file()


def test_new_locale_next_steps_run_as_written(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    code, out, _ = run(capsys, "new-locale", "it", "--templates", str(en_only))
    assert code == 0
    commands = [
        line.strip().removeprefix("2. ").removeprefix("3. ").split("   (")[0]
        for line in out.splitlines()
        if " -m otpmsg check" in line or " -m otpmsg review" in line
    ]
    assert len(commands) == 2
    for command in commands:
        argv = shlex.split(command)
        assert Path(argv[0]).resolve() == Path(sys.executable).resolve()
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
        # The folder is untranslated: check fails on `unfinished`, review refuses; no usage error.
        assert result.returncode == 1, result.stderr
        assert "unfinished" in result.stdout + result.stderr


def test_new_locale_next_steps_include_the_golden_files() -> None:
    args = argparse.Namespace(templates=None)
    steps = _next_steps(args, Path.cwd() / "templates", "it", Path("templates/it"))
    text = "\n".join(steps)
    assert "OTPMSG_UPDATE_GOLDEN=1 " in text
    assert "-m pytest -q tests/test_golden.py" in text
    assert "python3 dev.py test" in text
    assert "tests/golden/it/" in text
    assert f"{shlex.quote(_python())} -m otpmsg approve --locale it" in text or (
        f"{_python()} -m otpmsg approve --locale it" in text
    )


# --- measure ----------------------------------------------------------------------------------


def test_measure_names_the_characters_that_force_ucs2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "measure", "Código 123456, válido", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert (report["encoding"], report["units"], report["segments"]) == ("UCS-2", 21, 1)
    assert [(c["position"], c["codepoint"]) for c in report["non_gsm"]] == [
        (1, "U+00F3"),
        (16, "U+00E1"),
    ]
    code, out, _ = run(capsys, "measure", "Código 1")
    assert "1: ó U+00F3 LATIN SMALL LETTER O WITH ACUTE" in out


def test_measure_splits_into_parts_and_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a" * 200 + "\n"))
    code, out, _ = run(capsys, "measure", "-", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert (report["encoding"], report["units"], report["segments"]) == ("GSM-7", 200, 2)
    assert [p["units"] for p in report["parts"]] == [153, 47]
    assert "".join(p["text"] for p in report["parts"]) == "a" * 200
    assert report["non_gsm"] == []


# --- options alike on every command -----------------------------------------------------------


def test_every_option_has_a_help_line_and_help_is_plain_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = _parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subparsers.choices) >= {"render", "measure", "check", "export", "import"}
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "``" not in out
    assert ":func:" not in out


def test_render_format_json_brand_and_budget(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["render", "login", "--code", "1234", "--locale", "en", "--brand", "ACME Bank"]
    code, out, _ = run(capsys, *argv, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["text"].startswith("ACME Bank: ")
    assert run(capsys, *argv, "--json")[1] == out
    assert run(capsys, *argv, "--max-segments", "0")[0] == 2
    code, out, _ = run(capsys, *argv, "--locale", "ru", "--max-segments", "3", "--format", "json")
    assert code == 0
    assert json.loads(out)["text"].startswith("ACME Bank")


@pytest.mark.parametrize("command", ["check", "review"])
def test_locale_ids_resolve_as_render_resolves_them(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    extra = ["--format", "json"] if command == "check" else ["--format", "md"]
    code, out, err = run(capsys, command, "--locale", "zh_CN", *extra)
    assert code == 0, err
    assert "zh_CN is served by zh_Hans" in err
    if command == "check":
        assert {s["locale"] for s in json.loads(out)["sizes"]} == {"zh_Hans"}
    else:
        assert "## zh_Hans / transfer" in out
        assert "## en / " not in out


def test_locale_without_a_folder_is_refused(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    code, _, err = run(capsys, "check", "--templates", str(en_only), "--locale", "it")
    assert code == 2
    assert "no locale folder 'it'" in err


def test_brand_is_taken_alike(capsys: pytest.CaptureFixture[str], en_only: Path) -> None:
    folder = ["--templates", str(en_only)]
    for command in (["check"], ["review", "--format", "md"], ["export"]):
        code, out, err = run(capsys, *command, *folder, "--brand", "ACME Bank")
        assert code == 0, err
    code, out, _ = run(capsys, "export", *folder, "--brand", "ACME Bank")
    strings = re.findall(r"^\[en/\w+\] slots: .*\n(.*)$", out, re.MULTILINE)
    assert strings
    assert all(s.startswith("ACME Bank: ") for s in strings)
    code, out, _ = run(capsys, "review", *folder, "--brand", "ACME Bank", "--format", "md")
    assert "    ACME Bank: " in out


@pytest.mark.parametrize("command", [["check"], ["review"], ["export"]])
def test_a_closed_pipe_is_not_a_failure(command: list[str]) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "otpmsg", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # `| head -1`
        err = proc.stderr.read().decode()
        code = proc.wait(timeout=120)
    assert err == ""
    assert code in (0, 141)


# --- approvals file ---------------------------------------------------------------------------


def test_approve_keeps_the_file_mode_and_stores_the_approved_text(
    capsys: pytest.CaptureFixture[str], en_only: Path
) -> None:
    assert run(capsys, "approve", "--templates", str(en_only), "--by", "R")[0] == 0
    path = en_only / APPROVALS_FILE
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644 & ~umask
    path.chmod(0o640)
    edit(en_only / "en" / "login.txt", "your account", "your online account")
    assert run(capsys, "approve", "--templates", str(en_only), "--by", "R")[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    approvals = read_approvals(en_only)
    assert approvals is not None
    renderer = Renderer(templates=en_only)
    op = renderer.operations()["login"]
    expected = renderer.render("login", **typical_inputs(renderer._runtime("en"), op)).text
    assert approvals["en", "login"].text == expected
    assert "your online account" in expected


def _cell(html: str, anchor: str) -> str:
    match = re.search(rf'<a href="#{anchor}">([^<]*)((?:<span[^>]*>[^<]*</span>)*)</a>', html)
    assert match, anchor
    return match.group(1) + re.sub(r"<[^>]+>", "", match.group(2))


def test_review_matrix_cells_match_measured_sizes(
    capsys: pytest.CaptureFixture[str], en_ar: Path
) -> None:
    code, html, _ = run(capsys, "review", "--templates", str(en_ar))
    assert code == 0
    renderer = Renderer(templates=en_ar)
    for locale in ("en", "ar"):
        for name, op in renderer.operations().items():
            typical = renderer.render(name, **typical_inputs(renderer._runtime(locale), op)).text
            worst = renderer._compose(
                locale,
                name,
                WORST_CODE,
                worst_fields(renderer._runtime(locale), op, renderer.max_valid_minutes),
                WORST_BRAND,  # what start-up measures: an 11-character brand
            )
            if measure(worst).segments > renderer.max_segments:  # the validity gives way
                worst = renderer._compose(
                    locale,
                    name,
                    WORST_CODE,
                    {**worst_fields(renderer._runtime(locale), op, 10), "valid_for": ""},
                    WORST_BRAND,
                )
            expected = f"{measure(typical).segments}/{measure(worst).segments}"
            assert _cell(html, f"{locale}--{name}") == expected + "✗"  # never approved


def test_review_shows_changes_since_approval_and_stale_translations(
    capsys: pytest.CaptureFixture[str], en_ar: Path
) -> None:
    argv = ("--templates", str(en_ar))
    assert run(capsys, "approve", *argv, "--by", "Jane Doe", "--mark-current")[0] == 0
    code, html, _ = run(capsys, "review", *argv)
    assert 'id="changed"' not in html
    assert "✗" not in _cell(html, "en--login")
    edit(en_ar / "en" / "login.txt", "your account", "your online account")
    code, html, _ = run(capsys, "review", *argv)
    assert code == 0
    assert _cell(html, "en--login").endswith("Δ")  # changed since approval
    assert _cell(html, "ar--login").endswith("⟳")  # its source changed: stale
    assert "⟳" not in _cell(html, "ar--transfer")
    changed = html.split('<h2 id="changed">')[1].split("<h2")[0]
    assert '<a href="#en--login">' in changed
    assert re.search(r"<ins>\s*online\s*</ins>", changed)
    assert "ar--" not in changed  # the Arabic text itself did not change
