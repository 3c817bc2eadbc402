"""Start-up verdicts: a Renderer takes a recorded verdict only for the very same inputs."""

from __future__ import annotations

import json
import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest

import otpmsg
from otpmsg import Renderer, _verdicts
from otpmsg import _checks as checks
from otpmsg import _render as render_module
from otpmsg._catalog import load_catalog
from otpmsg._samples import typical_inputs


@pytest.fixture
def verdicts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty verdict folder of this test."""
    folder = tmp_path / "verdicts"
    monkeypatch.setenv("OTPMSG_CACHE_DIR", str(folder))
    return folder


def forbid_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make validation fail loudly, to prove that a Renderer did not run it."""

    def refuse(*_: object) -> list[otpmsg.Finding]:
        raise AssertionError("validated again")

    monkeypatch.setattr(checks, "catalog_findings", refuse)
    monkeypatch.setattr(checks, "render_findings", refuse)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def test_same_inputs_take_the_verdict_and_render_the_same(
    verdicts: Path, templates_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Renderer(templates=templates_copy)
    assert len(_files(verdicts)) == 1
    forbid_validation(monkeypatch)
    second = Renderer(templates=templates_copy)
    assert second.findings == first.findings
    assert any(f.rule == "budget" for f in second.findings)
    for locale in first.locales():
        for op in first.operations().values():
            kwargs = typical_inputs(first, locale, op)
            assert second.render(op.id, **kwargs) == first.render(op.id, **kwargs)


def test_a_changed_template_is_validated_again(verdicts: Path, templates_copy: Path) -> None:
    Renderer(templates=templates_copy)
    login = templates_copy / "de" / "login.txt"
    login.write_text(login.read_text(encoding="utf-8").replace("{{ warning }}", ""), "utf-8")
    with pytest.raises(otpmsg.TemplateError, match="warning"):
        Renderer(templates=templates_copy)
    assert len(_files(verdicts)) == 1  # a folder with an error is never recorded


@pytest.mark.parametrize(
    "options",
    [
        {"max_segments": 4},
        {"brand": "ACME"},
        {"default_locale": "fr"},
        {"max_value_length": 40},
        {"origin": "bank.example"},
        {"valid_for": timedelta(minutes=3)},
        {"max_valid_for": timedelta(minutes=5)},
    ],
)
def test_other_options_are_validated_again(
    verdicts: Path, templates_copy: Path, options: dict[str, object]
) -> None:
    Renderer(templates=templates_copy, max_segments=3)
    Renderer(templates=templates_copy, **{"max_segments": 3, **options})  # type: ignore[arg-type]
    assert len(_files(verdicts)) == 2


def test_key_covers_environment_and_every_file(
    templates_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def key() -> str:
        return _verdicts.verdict_key(load_catalog(templates_copy), {})

    before = key()
    assert key() == before
    (templates_copy / "ja" / "login.txt").unlink()  # a missing template: the fallback
    assert key() != before
    removed = key()
    toml = templates_copy / "operations.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("Withdraw cash", "Cash"), "utf-8")
    assert key() != removed
    changed = key()
    monkeypatch.setattr(_verdicts, "_environment", lambda: "another Babel")
    assert key() != changed


def test_no_folder_no_cache_flag(
    tmp_path: Path, templates_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTPMSG_CACHE_DIR", "")
    Renderer(templates=templates_copy)
    folder = tmp_path / "verdicts"
    monkeypatch.setenv("OTPMSG_CACHE_DIR", str(folder))
    Renderer(templates=templates_copy, cache=False)
    assert not folder.exists()


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"key": "another", "findings": []}),
        json.dumps({"key": "KEY", "findings": [["x", "error", "m", None, None, None, None]]}),
        json.dumps({"key": "KEY", "findings": [["x", "info", 3, None, None, None, None]]}),
        json.dumps({"key": "KEY"}),
    ],
)
def test_a_bad_verdict_is_ignored(
    verdicts: Path, templates_copy: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    good = Renderer(templates=templates_copy)
    (path,) = _files(verdicts)
    path.write_text(content.replace("KEY", path.stem), "utf-8")
    again = Renderer(templates=templates_copy)  # validated again, and recorded again
    assert again.findings == good.findings
    assert json.loads(path.read_text("utf-8"))["key"] == path.stem


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_is_not_used(
    verdicts: Path, templates_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Renderer(templates=templates_copy)
    verdicts.chmod(0o777)
    forbid_validation(monkeypatch)
    with pytest.raises(AssertionError, match="validated again"):
        Renderer(templates=templates_copy)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_verdict_others_may_write_is_not_used(
    verdicts: Path, templates_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Renderer(templates=templates_copy)
    (path,) = _files(verdicts)
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o666)
    forbid_validation(monkeypatch)
    with pytest.raises(AssertionError, match="validated again"):
        Renderer(templates=templates_copy)


def test_an_unusable_folder_only_costs_a_full_validation(
    tmp_path: Path, templates_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("OTPMSG_CACHE_DIR", str(blocker / "verdicts"))
    assert Renderer(templates=templates_copy).render("login", code="1234").segments >= 1


def test_old_verdicts_are_pruned(verdicts: Path) -> None:
    verdicts.mkdir(mode=0o700)
    for i in range(_verdicts.KEEP + 5):
        _verdicts.write_verdict(f"{i:064x}", verdicts, ())
        os.utime(verdicts / f"{i:064x}.json", ns=(i * 10**9, i * 10**9))
    kept = _files(verdicts)
    assert len(kept) == _verdicts.KEEP
    assert kept[0].stem == f"{5:064x}"
    assert not list(verdicts.glob("*.tmp"))


def test_templates_compile_when_first_used(verdicts: Path, templates_copy: Path) -> None:
    Renderer(templates=templates_copy)
    warm = Renderer(templates=templates_copy)
    templates = warm.runtime("fr").templates
    assert isinstance(templates, render_module._Templates)
    assert not templates._compiled
    warm.render("login", code="1234", locale="fr")
    assert set(templates._compiled) == {"login"}
    assert "payment" in templates
    assert len(templates) == len(list(templates)) == len(warm.operations())
    with pytest.raises(KeyError):
        templates["no_such_operation"]


def test_threads_share_a_renderer_whose_templates_compile_on_first_use(
    verdicts: Path, templates_copy: Path
) -> None:
    cold = Renderer(templates=templates_copy)
    calls = [
        (op.id, typical_inputs(cold, locale, op))
        for locale in cold.locales()
        for op in cold.operations().values()
    ]
    expected = [cold.render(op, **kwargs).text for op, kwargs in calls]
    warm = Renderer(templates=templates_copy)
    barrier = threading.Barrier(8)
    results: dict[int, list[str]] = {}

    def work(n: int) -> None:
        barrier.wait()  # all threads compile the same templates at the same time
        results[n] = [warm.render(op, **kwargs).text for op, kwargs in calls]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [results[n] for n in range(8)] == [expected] * 8
