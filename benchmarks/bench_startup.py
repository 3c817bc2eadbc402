"""Start-up benchmark: import, the first render, and how building a Renderer grows with locales.

    python benchmarks/bench_startup.py [--runs 5]

Every figure comes from fresh processes (the fastest of ``--runs``), with otpmsg's bytecode
compiled first, as an installed wheel has it:

- ``import otpmsg``, and import plus the first ``otpmsg.render``: cold (no recorded
  verdict, so every shipped template is validated) and warm (the verdict the cold run
  recorded);
- a Renderer over folders of 12, 24 and 48 locales (the shipped sets, copied under other
  territories of the same languages), cold and warm, and the cost per locale.

Nothing here is asserted; no test measures time.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import otpmsg
from otpmsg._catalog import shipped_templates

# Other territories of the shipped languages, to grow a folder without new translations.
EXTRA = {
    "en": ("en_GB", "en_AU", "en_CA", "en_IN", "en_NZ", "en_SG", "en_ZA", "en_IE", "en_PH"),
    "de": ("de_AT", "de_CH", "de_LU", "de_BE"),
    "fr": ("fr_CA", "fr_BE", "fr_CH", "fr_LU", "fr_MA"),
    "es": ("es_MX", "es_AR", "es_CO", "es_CL", "es_US", "es_PE"),
    "pt_BR": ("pt_PT", "pt_AO", "pt_MZ"),
    "ru": ("ru_UA", "ru_KZ", "ru_BY"),
    "ar": ("ar_EG", "ar_SA", "ar_AE", "ar_MA"),
    "zh_Hant": ("zh_Hant_HK", "zh_Hant_MO"),
    "zh_Hans": ("zh_Hans_SG",),
    "tr": ("tr_CY",),
}
RENDER = "import otpmsg; otpmsg.render('login', code='1234')"


def timed(code: str, env: dict[str, str]) -> float:
    """Milliseconds that ``code`` takes in a fresh process, from before its first import."""
    script = f"import time; t = time.perf_counter(); {code}; print((time.perf_counter() - t) * 1e3)"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    return float(out.stdout)


def cold_and_warm(code: str, runs: int) -> tuple[float, float]:
    """Fastest cold run (an empty verdict folder each time) and fastest warm run."""
    colds, warms = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as verdicts:
            env = {**os.environ, "OTPMSG_CACHE_DIR": verdicts}
            colds.append(timed(code, env))
            warms.append(timed(code, env))
    return min(colds), min(warms)


def grown_folder(target: Path, size: int) -> Path:
    """The shipped templates plus copies under other territories, ``size`` locales in all."""
    shutil.copytree(shipped_templates(), target)
    extra = [(base, new) for base, news in EXTRA.items() for new in news]
    for base, new in extra[: size - len(otpmsg.locales())]:
        shutil.copytree(target / base, target / new)
    (target / "approvals.toml").unlink(missing_ok=True)
    return target


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares ms per locale."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compileall.compile_dir(Path(otpmsg.__file__).parent, quiet=1)

    env = {**os.environ, "OTPMSG_CACHE_DIR": ""}
    imported = min(timed("import otpmsg", env) for _ in range(args.runs))
    cold, warm = cold_and_warm(RENDER, args.runs)
    print(f"Python {sys.version.split()[0]}, fastest of {args.runs} fresh processes")
    print(f"import otpmsg                         {imported:7.1f} ms")
    print(f"import + first render, cold verdict   {cold:7.1f} ms")
    print(f"import + first render, warm verdict   {warm:7.1f} ms")

    rows: dict[str, list[tuple[int, float]]] = {"cold": [], "warm": []}
    with tempfile.TemporaryDirectory() as work:
        for size in (12, 24, 48):
            folder = grown_folder(Path(work) / f"t{size}", size)
            code = f"import otpmsg; otpmsg.Renderer(templates={str(folder)!r}, max_segments=3)"
            c, w = cold_and_warm(code, args.runs)
            rows["cold"].append((size, c))
            rows["warm"].append((size, w))
            print(f"import + Renderer, {size:2d} locales: cold {c:7.1f} ms, warm {w:6.1f} ms")
    for kind, points in rows.items():
        print(f"per locale, {kind}: {slope(points):5.2f} ms")


if __name__ == "__main__":
    main()
