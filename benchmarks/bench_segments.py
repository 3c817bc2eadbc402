"""Segment cost benchmark: how many typical messages fit one SMS, per locale.

    python benchmarks/bench_segments.py [--brand "ACME Bank"]

Typical inputs (``otpmsg._samples.typical_inputs``): a 6-digit code, a 5-minute validity,
1,250.00 in the locale's home currency, a short everyday local name, and no brand unless
``--brand`` is given. Prints, per locale, the operations that fit one segment, the share
over the locales whose fixed text is GSM-7, and the share over every locale. Nothing here is
asserted.
"""

from __future__ import annotations

import argparse

import otpmsg
from otpmsg._samples import typical_inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brand", default=None)
    args = parser.parse_args()
    renderer = otpmsg.Renderer()
    operations = sorted(renderer.operations())
    one = {"GSM-7": [0, 0], "UCS-2": [0, 0]}
    print(f"{'locale':<11} {'text':<6} one segment (of {len(operations)})")
    for locale in renderer.locales():
        runtime = renderer._runtime(locale)
        fitting = sum(
            renderer.render(
                op, brand=args.brand, **typical_inputs(runtime, renderer.operations()[op])
            ).segments
            == 1
            for op in operations
        )
        kind = "GSM-7" if runtime.gsm else "UCS-2"
        one[kind][0] += fitting
        one[kind][1] += len(operations)
        print(f"{locale:<11} {kind:<6} {fitting:2d}")
    total = [one["GSM-7"][0] + one["UCS-2"][0], one["GSM-7"][1] + one["UCS-2"][1]]
    for label, (hit, all_) in (*one.items(), ("all", total)):
        print(f"{label:<6} {hit:4d} of {all_:4d} messages in one segment ({hit / all_:.0%})")


if __name__ == "__main__":
    main()
