"""The public surface: exports, the error tree, and the shipped package data."""

from __future__ import annotations

import inspect
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import otpmsg
from otpmsg import _errors

ROOT = Path(__file__).resolve().parent.parent


def test_all_is_sorted_and_complete() -> None:
    assert otpmsg.__all__ == sorted(otpmsg.__all__)
    public = {name for name in vars(otpmsg) if not name.startswith("_")}
    modules = {name for name, value in vars(otpmsg).items() if inspect.ismodule(value)}
    assert set(otpmsg.__all__) == public - modules
    for name in otpmsg.__all__:
        assert getattr(otpmsg, name).__module__.startswith("otpmsg")


def test_every_error_is_in_one_tree_and_exported() -> None:
    errors = [v for v in vars(_errors).values() if isinstance(v, type) and issubclass(v, Exception)]
    for error in errors:
        assert issubclass(error, otpmsg.OtpmsgError)
        assert error.__name__ in otpmsg.__all__
        assert error.__name__ in (_errors.OtpmsgError.__doc__ or "")
        assert error.__doc__


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (otpmsg.InputError, ValueError),
        (otpmsg.MessageTooLong, ValueError),
        (otpmsg.UnknownOperation, LookupError),
        (otpmsg.UnknownLocale, LookupError),
    ],
)
def test_errors_subclass_builtins(error: type, builtin: type) -> None:
    assert issubclass(error, builtin)


def test_public_functions_have_examples() -> None:
    for name in ("render", "measure", "split", "gsm_fold", "locales", "operations"):
        assert ">>>" in (getattr(otpmsg, name).__doc__ or ""), name


def test_cli_entry_point_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "otpmsg", "render", "login", "--code", "1234"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1234" in done.stdout


def test_wheel_ships_templates_and_renders_from_them(tmp_path: Path) -> None:
    """Build the wheel, then render from the unpacked wheel alone (not the source tree)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("otpmsg-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    assert "otpmsg/py.typed" in names
    assert "otpmsg/templates/operations.toml" in names
    for locale in otpmsg.locales():
        assert f"otpmsg/templates/{locale}/locale.toml" in names
        for operation in otpmsg.operations():
            assert f"otpmsg/templates/{locale}/{operation}.txt" in names
    code = (
        "import otpmsg, otpmsg._catalog as c;"
        "print(c.shipped_templates());"
        "print(otpmsg.render('login', code='4321', locale='de').text)"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(tmp_path / 'site')!r}); {code}",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    shipped, text = done.stdout.splitlines()[:2]
    assert shipped.startswith(str(tmp_path / "site"))
    assert "4321" in text


def test_readme_example_runs_and_its_figures_hold() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    msg = namespace["msg"]
    assert isinstance(msg, otpmsg.Message)
    shown = f"('{msg.encoding}', {msg.units}, {msg.segments})"
    assert f"msg.encoding, msg.units, msg.segments  # {shown}" in block
    assert f"msg.locale  # '{msg.locale}'" in block


def test_readme_fitting_example_holds() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```python\n")[1:]
    block = next(b.split("```", 1)[0] for b in blocks if "max_segments=1" in b)
    namespace: dict[str, object] = {"otpmsg": otpmsg, "Decimal": __import__("decimal").Decimal}
    exec(compile(block, "README.md", "exec"), namespace)
    msg = namespace["msg"]
    assert isinstance(msg, otpmsg.Message)
    shown = (msg.fields["payee"], dict(msg.adjusted))
    assert f'msg.fields["payee"], msg.adjusted  # {shown}' in block
    assert "Zoë Nguyễn" in block  # the original, as a bank holds it
