"""Start-up benchmark: a fresh process's import and first text, against a naive composition.

    python benchmarks/bench_startup.py [--runs 7]

Every figure comes from fresh processes with an empty home and cache folder (otpmsg writes
nothing to disk), with bytecode compiled first, as an installed wheel has it:

- ``import otpmsg`` and its first ``render`` (which validates that locale completely);
- the naive composition: import jinja2, babel and phonenumbers and render one message;
- the ratio of the two, the median over ``--runs`` pairs run in turns;
- the first render from folders of 12, 24 and 48 locales (the shipped sets, copied under
  other territories), to show that start-up does not grow with the number of locales.

Nothing here is asserted; no test measures time.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from babel import localedata

import otpmsg
from otpmsg._catalog import shipped_templates

RENDER = (
    "import otpmsg; from decimal import Decimal; otpmsg.render('transfer', code='482913',"
    " locale='de', amount=Decimal('1250.00'), currency='EUR', payee='Maria Garcia')"
)
NAIVE = (
    "import jinja2, phonenumbers; from decimal import Decimal;"
    " from babel.numbers import format_currency;"
    " tpl = jinja2.Environment().from_string('Code to SEND {{ a }} to {{ p }}: {{ c }}');"
    " phonenumbers.is_valid_number(phonenumbers.parse('+4915123456789'));"
    " tpl.render(a=format_currency(Decimal('1250.00'), 'EUR', locale='de'), p='Maria Garcia',"
    " c='482913')"
)


def timed(code: str, home: str) -> float:
    """Milliseconds that ``code`` takes in a fresh process, from before its first import."""
    script = f"import time; t = time.perf_counter(); {code}; print((time.perf_counter() - t) * 1e3)"
    env = {**os.environ, "HOME": home, "XDG_CACHE_HOME": os.path.join(home, ".cache")}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    return float(out.stdout)


def grown_folder(target: Path, size: int) -> Path:
    """A folder of ``size`` locales: English and copies of it under other territories."""
    shipped = shipped_templates()
    target.mkdir()
    shutil.copy(shipped / "operations.toml", target)
    shutil.copytree(shipped / "en", target / "en")
    others = sorted(i for i in localedata.locale_identifiers() if re.fullmatch(r"en_[A-Z]{2}", i))
    for locale in others[: size - 1]:
        shutil.copytree(shipped / "en", target / locale)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compileall.compile_dir(Path(otpmsg.__file__).parent, quiet=1)

    with tempfile.TemporaryDirectory() as home:
        pairs = [(timed(RENDER, home), timed(NAIVE, home)) for _ in range(args.runs)]
        imported = statistics.median(timed("import otpmsg", home) for _ in range(args.runs))
        written = [str(p) for p in Path(home).rglob("*")]
    ours = statistics.median(o for o, _ in pairs)
    naive = statistics.median(n for _, n in pairs)
    ratio = statistics.median(o / n for o, n in pairs)
    print(f"Python {sys.version.split()[0]}, medians of {args.runs} fresh processes")
    print(f"import otpmsg                           {imported:7.1f} ms")
    print(f"import otpmsg + first render            {ours:7.1f} ms")
    print(f"naive: import libraries + one message   {naive:7.1f} ms")
    print(f"otpmsg / naive                          {ratio:7.2f}  (median of the pairs' ratios)")
    print(f"files written under the empty home     {len(written)}")

    with tempfile.TemporaryDirectory() as work:
        for size in (12, 24, 48):
            folder = grown_folder(Path(work) / f"t{size}", size)
            code = (
                f"import otpmsg; otpmsg.Renderer(templates={str(folder)!r})"
                ".render('login', code='1234', locale='en')"
            )
            took = statistics.median(timed(code, work) for _ in range(args.runs))
            print(f"import + Renderer + first render, {size:2d} locales: {took:7.1f} ms")


if __name__ == "__main__":
    main()
