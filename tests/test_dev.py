"""dev.py: it notices a .venv made by a Python too old for otpmsg."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("cfg", "expected"),
    [
        ("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.10.12\n", (3, 10)),
        ("home = /usr/bin\nversion_info = 3.12.1.final.0\n", (3, 12)),
        ("home = /usr/bin\n", None),
    ],
)
def test_venv_python_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cfg: str, expected: tuple[int, int] | None
) -> None:
    dev = _dev()
    (tmp_path / "pyvenv.cfg").write_text(cfg, encoding="utf-8")
    monkeypatch.setattr(dev, "VENV", tmp_path)
    assert dev.venv_python_version() == expected
    too_old = expected is None or expected < (3, 11)
    assert too_old == (expected != (3, 12))
