"""Developer entry point: a fresh machine needs only Python 3.11+.

    python3 dev.py examples   render real example messages in several languages
    python3 dev.py test       run the whole test suite (what CI runs)

Both create ``.venv`` on first use and install otpmsg into it with its test tools.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".otpmsg-installed"


def run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, check=False)
    if result.returncode:
        sys.exit(result.returncode)


def ensure_venv() -> None:
    """Create .venv and install otpmsg[test], again whenever pyproject.toml changes."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


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
    run(PYTHON, "-m", "pytest", "-q")


if __name__ == "__main__":
    main(sys.argv[1:])
