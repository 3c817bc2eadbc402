"""PO export and import, and stale translations, driven through the command line."""

from __future__ import annotations

import hashlib
import io
import json
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from otpmsg._catalog import load_catalog
from otpmsg._cli import main
from otpmsg._translations import check_stale


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def export(capsys: pytest.CaptureFixture[str], folder: Path, locale: str, out: Path) -> Path:
    code, _, err = run(
        capsys, "export", "--format", "po", "--locale", locale, "--templates", str(folder),
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    return out


def entries(po_file: Path) -> dict[str, tuple[str, str, bool, list[str]]]:
    with po_file.open("rb") as f:
        po = read_po(f)
    return {
        str(m.context): (str(m.id), str(m.string), m.fuzzy, list(m.auto_comments))
        for m in po
        if m.id
    }


def set_msgstr(po_file: Path, context: str, text: str) -> None:
    with po_file.open("rb") as f:
        po = read_po(f)
    for m in po:
        if m.context == context:
            m.string = text
    out = io.BytesIO()
    write_po(out, po, width=0)
    po_file.write_bytes(out.getvalue())


# --- export -----------------------------------------------------------------------------------


def test_po_export_has_one_entry_per_template_and_the_warning(
    capsys: pytest.CaptureFixture[str], en_de: Path, tmp_path: Path
) -> None:
    found = entries(export(capsys, en_de, "de", tmp_path / "de.po"))
    operations = tomllib.loads((en_de / "operations.toml").read_text(encoding="utf-8"))
    glossary = tomllib.loads((en_de / "en" / "locale.toml").read_text(encoding="utf-8"))
    terms = {f"glossary:{k}" for k in ("code", "staff")} | {
        f"glossary:verb:{op}" for op in glossary["glossary"]["verbs"]
    }
    assert set(found) == set(operations) | {"warning"} | terms
    for op, table in operations.items():
        msgid, msgstr, fuzzy, comments = found[op]
        assert msgid == (en_de / "en" / f"{op}.txt").read_text(encoding="utf-8")
        assert msgstr == (en_de / "de" / f"{op}.txt").read_text(encoding="utf-8")
        assert not fuzzy
        assert table["summary"] in comments
        assert any(c.startswith("Budget: 2 segment") for c in comments)
        assert any(c.startswith("Segments now: typical ") for c in comments)
    warnings = {
        loc: tomllib.loads((en_de / loc / "locale.toml").read_text(encoding="utf-8"))["warning"]
        for loc in ("en", "de")
    }
    assert found["warning"][:2] == (warnings["en"], warnings["de"])
    text = (tmp_path / "de.po").read_text(encoding="utf-8")
    assert "python-format" not in text
    assert "python-brace-format" not in text


def test_po_export_includes_the_glossary(
    capsys: pytest.CaptureFixture[str], en_de: Path, tmp_path: Path
) -> None:
    meta = {
        loc: tomllib.loads((en_de / loc / "locale.toml").read_text(encoding="utf-8"))
        for loc in ("en", "de")
    }
    found = entries(export(capsys, en_de, "de", tmp_path / "de.po"))
    en, de = meta["en"]["glossary"], meta["de"]["glossary"]
    assert found["glossary:code"][:2] == (en["code"], de["code"])
    assert found["glossary:staff"][:2] == (en["staff"], de["staff"])
    assert found["glossary:verb:transfer"][:2] == (en["verbs"]["transfer"], de["verbs"]["transfer"])
    # An edited glossary term lands in locale.toml, with the warning that uses it.
    warning = meta["de"]["warning"].replace(de["staff"], "Mitarbeiter der Bank")
    set_msgstr(tmp_path / "de.po", "glossary:staff", "Mitarbeiter der Bank")
    set_msgstr(tmp_path / "de.po", "warning", warning)
    code, _, err = run(capsys, "import", str(tmp_path / "de.po"), "--templates", str(en_de))
    assert code == 0, err
    data = tomllib.loads((en_de / "de" / "locale.toml").read_text(encoding="utf-8"))
    assert data["glossary"] == {**de, "staff": "Mitarbeiter der Bank"}
    assert data["warning"] == warning


def test_po_export_needs_one_locale(capsys: pytest.CaptureFixture[str], en_de: Path) -> None:
    code, _, err = run(capsys, "export", "--format", "po", "--templates", str(en_de))
    assert code == 2
    assert "one --locale" in err


# --- import -----------------------------------------------------------------------------------


def test_po_round_trip_changes_nothing(
    capsys: pytest.CaptureFixture[str], en_de: Path, tmp_path: Path
) -> None:
    before = snapshot(en_de)
    po = export(capsys, en_de, "de", tmp_path / "de.po")
    code, out, err = run(capsys, "import", str(po), "--templates", str(en_de))
    assert code == 0, err
    assert "0 text(s) imported" in out
    assert snapshot(en_de) == before


def test_po_import_writes_an_edited_msgstr(
    capsys: pytest.CaptureFixture[str], en_de: Path, tmp_path: Path
) -> None:
    po = export(capsys, en_de, "de", tmp_path / "de.po")
    login = (en_de / "de" / "login.txt").read_text(encoding="utf-8")
    new = login.replace("im Online-Banking", "in Ihrem Online-Banking")
    assert new != login
    set_msgstr(po, "login", new)
    before = snapshot(en_de)
    code, _, err = run(capsys, "import", str(po), "--templates", str(en_de))
    assert code == 0, err
    assert (en_de / "de" / "login.txt").read_text(encoding="utf-8") == new
    after = snapshot(en_de)
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed <= {"de/login.txt", "de/source.toml"}
    assert "de/login.txt" in changed
    record = tomllib.loads((en_de / "de" / "source.toml").read_text(encoding="utf-8"))
    en_login = (en_de / "en" / "login.txt").read_bytes()
    assert record["from"] == "en"
    assert record["templates"]["login"] == hashlib.sha256(en_login).hexdigest()
    # The new text needs approval again; otherwise the folder passes.
    code, out, _ = run(capsys, "check", "--templates", str(en_de), "--format", "json")
    assert code == 0, out


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("{{ code }}", "", "required"),
        ("ANMELDUNG", "ANMELDUNG auf https://bank.example", "lure"),
        ("{% endif %}", "{% endif", "syntax"),
    ],
)
def test_po_import_refuses_a_broken_msgstr(
    capsys: pytest.CaptureFixture[str],
    en_de: Path,
    tmp_path: Path,
    old: str,
    new: str,
    rule: str,
) -> None:
    po = export(capsys, en_de, "de", tmp_path / "de.po")
    good = (en_de / "de" / "payment.txt").read_text(encoding="utf-8")
    set_msgstr(po, "payment", good.replace("ZAHLUNG", "BEZAHLUNG"))  # a good edit as well
    login = (en_de / "de" / "login.txt").read_text(encoding="utf-8")
    assert old in login
    set_msgstr(po, "login", login.replace(old, new, 1))
    before = snapshot(en_de)
    code, _, err = run(capsys, "import", str(po), "--templates", str(en_de))
    assert code == 1
    assert "entry 'login'" in err
    assert rule in err
    assert "entry 'payment'" not in err
    assert "nothing imported" in err
    assert snapshot(en_de) == before


def test_po_import_names_a_bad_warning_and_a_bad_template(
    capsys: pytest.CaptureFixture[str], en_de: Path, tmp_path: Path
) -> None:
    po = export(capsys, en_de, "de", tmp_path / "de.po")
    login = (en_de / "de" / "login.txt").read_text(encoding="utf-8")
    set_msgstr(po, "login", login.replace("{{ code }}", "", 1))
    set_msgstr(po, "warning", "Siehe https://bank.example")
    before = snapshot(en_de)
    code, _, err = run(capsys, "import", str(po), "--templates", str(en_de))
    assert code == 1
    assert "entry 'login'" in err
    assert "entry 'warning'" in err
    assert snapshot(en_de) == before


def test_po_import_json_names_every_failing_entry(
    capsys: pytest.CaptureFixture[str], en_de: Path, tmp_path: Path
) -> None:
    po = export(capsys, en_de, "de", tmp_path / "de.po")
    for op in ("login", "payment"):
        text = (en_de / "de" / f"{op}.txt").read_text(encoding="utf-8")
        set_msgstr(po, op, text.replace("{{ code }}", "", 1))
    before = snapshot(en_de)
    code = main(["import", str(po), "--templates", str(en_de), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["written"] == []
    named = " ".join(report["failures"])
    assert "entry 'login'" in named
    assert "entry 'payment'" in named
    assert snapshot(en_de) == before


def test_new_locale_through_po(
    capsys: pytest.CaptureFixture[str], en_de: Path, tmp_path: Path
) -> None:
    assert run(capsys, "new-locale", "it", "--templates", str(en_de))[0] == 0
    found = entries(export(capsys, en_de, "it", tmp_path / "it.po"))
    assert all(msgstr == "" for _, msgstr, _, _ in found.values())  # nothing translated yet
    set_msgstr(tmp_path / "it.po", "warning", "NON condividere MAI questo codice con nessuno.")
    en_login = (en_de / "en" / "login.txt").read_text(encoding="utf-8")
    it_login = en_login.replace("To LOG IN to your account", "Per ACCEDERE al tuo conto")
    set_msgstr(tmp_path / "it.po", "login", it_login)
    code, _, err = run(capsys, "import", str(tmp_path / "it.po"), "--templates", str(en_de))
    assert code == 0, err
    assert (en_de / "it" / "login.txt").read_text(encoding="utf-8") == it_login
    warning = tomllib.loads((en_de / "it" / "locale.toml").read_text(encoding="utf-8"))
    assert warning["warning"] == "NON condividere MAI questo codice con nessuno."
    # The other files are still untranslated: check says so, for them only.
    code, out, _ = run(capsys, "check", "--templates", str(en_de), "--format", "json")
    found_unfinished = [f for f in json.loads(out)["findings"] if f["rule"] == "unfinished"]
    unfinished = {f["operation"] for f in found_unfinished if f["operation"]}
    assert "login" not in unfinished
    assert len(unfinished) == 12
    assert any("glossary" in f["message"] for f in found_unfinished)  # its terms, too


# --- stale translations -----------------------------------------------------------------------


def test_shipped_locales_have_no_record_and_nothing_is_stale() -> None:
    assert list(check_stale(load_catalog())) == []


def test_stale_after_the_source_changes(
    capsys: pytest.CaptureFixture[str], en_de: Path, tmp_path: Path
) -> None:
    assert run(capsys, "approve", "--templates", str(en_de), "--by", "R", "--mark-current")[0] == 0
    assert (en_de / "de" / "source.toml").is_file()
    assert not (en_de / "en" / "source.toml").exists()
    code, out, _ = run(capsys, "check", "--templates", str(en_de))
    assert code == 0
    assert "stale" not in out
    path = en_de / "en" / "login.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("account", "bank account"), "utf-8")
    code, out, _ = run(capsys, "check", "--templates", str(en_de), "--format", "json")
    stale = [f for f in json.loads(out)["findings"] if f["rule"] == "stale"]
    assert [(f["severity"], f["locale"], f["operation"]) for f in stale] == [
        ("warning", "de", "login")
    ]
    assert stale[0]["file"].endswith("login.txt")
    # The next PO export marks that entry fuzzy, and only that one.
    found = entries(export(capsys, en_de, "de", tmp_path / "de.po"))
    assert {ctx for ctx, e in found.items() if e[2]} == {"login"}
    # Importing it unchanged (still fuzzy) changes nothing.
    before = snapshot(en_de)
    assert run(capsys, "import", str(tmp_path / "de.po"), "--templates", str(en_de))[0] == 0
    assert snapshot(en_de) == before
    # Marking the translations current clears it.
    run(capsys, "approve", "--templates", str(en_de), "--by", "R", "--mark-current")
    code, out, _ = run(capsys, "check", "--templates", str(en_de))
    assert "stale" not in out


def test_new_locale_records_its_source(capsys: pytest.CaptureFixture[str], en_de: Path) -> None:
    assert run(capsys, "new-locale", "it", "--templates", str(en_de))[0] == 0
    record = tomllib.loads((en_de / "it" / "source.toml").read_text(encoding="utf-8"))
    assert record["from"] == "en"
    for op, sha in record["templates"].items():
        assert sha == hashlib.sha256((en_de / "en" / f"{op}.txt").read_bytes()).hexdigest()
    assert len(record["templates"]) == 13
