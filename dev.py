"""Developer entry point: a fresh machine needs only Python 3.11+.

    python3 dev.py examples   render real example messages in several languages
    python3 dev.py test       run the whole test suite (what CI runs)

Both create ``.venv`` on first use and install otpmsg into it with its test tools; a
``.venv`` made by a Python older than 3.11 is rebuilt. ``test`` also needs the headless
browser of the review-page test (Debian package ``chromium``): run as root with apt-get, it
installs it; otherwise it says how.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".otpmsg-installed"
MINIMUM = (3, 11)


def run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, check=False)
    if result.returncode:
        sys.exit(result.returncode)


def venv_python_version() -> tuple[int, ...] | None:
    """The Python version that made .venv, from .venv/pyvenv.cfg (None if unknown)."""
    try:
        lines = (VENV / "pyvenv.cfg").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            try:
                return tuple(int(p) for p in value.strip().split(".")[:2])
            except ValueError:
                return None
    return None


def ensure_venv() -> None:
    """Create .venv and install otpmsg[test], again whenever pyproject.toml changes."""
    if sys.version_info < MINIMUM:
        sys.exit(
            f"otpmsg needs Python 3.11 or newer; this is {sys.version.split()[0]}."
            " Run dev.py with a newer python3 (for example python3.11 dev.py test)."
        )
    made_by = venv_python_version()
    if VENV.exists() and (made_by is None or made_by < MINIMUM):
        shown = ".".join(map(str, made_by)) if made_by else "an unknown Python"
        print(f"+ .venv was made by Python {shown}; rebuilding it with {sys.executable}")
        shutil.rmtree(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


def ensure_chromium() -> None:
    """The review-page test needs headless Chromium: install it as root, else say how."""
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for args in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
            print("+", " ".join(args), flush=True)
            if subprocess.run(args, env=env, check=False).returncode:
                break
        if shutil.which("chromium"):
            return
    print(
        "note: chromium is not installed, so tests/test_review_browser.py is skipped here"
        " (and fails in CI). Install it with: sudo apt-get install chromium",
        flush=True,
    )


def main(argv: list[str]) -> None:
    if argv not in (["examples"], ["test"]):
        sys.exit(__doc__)
    ensure_venv()
    if argv == ["examples"]:
        run(PYTHON, "-m", "otpmsg", "examples")
        return
    run(PYTHON, "-m", "ruff", "check", ".")
    run(PYTHON, "-m", "ruff", "format", "--check", ".")
    run(PYTHON, "-m", "mypy", "--strict", "otpmsg")
    run(PYTHON, "-m", "otpmsg", "check")
    ensure_chromium()
    run(PYTHON, "-m", "pytest", "-q")


if __name__ == "__main__":
    main(sys.argv[1:])
