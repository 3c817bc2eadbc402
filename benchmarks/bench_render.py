"""Render benchmark: otpmsg against a naive Jinja2 + Babel + phonenumbers composition.

    python benchmarks/bench_render.py [--rounds 5] [--messages 3000]    (POSIX)

The mixed workload covers every shipped locale, money and non-money operations, varied
amounts, payees, codes and phone numbers, with ``to`` on half of the calls, and names in the
locale's own script. The names workload is the same with half of the names carrying
diacritics or written in another script, so that they are folded or transliterated. What a
Renderer keeps per call shape (see ``otpmsg._render``) is kept across the rounds, as in a
service; the new-shape workload is the mixed one with that cleared before every call. Each
reports the ratio to the naive composition measured in the same run. Then comes the cost
of the per-render proof's search for the bound values (every bound value verbatim before
the code) within real renders, of mixed calls and of the lightest ones (typical values, no
recipient). The naive composition is what a team writes in an afternoon: a Jinja2
template built once, Babel's ``format_currency`` and ``format_timedelta`` called with
locale strings, ``phonenumbers`` parse and validity check, and a length count. It does none
of otpmsg's cleaning, fitting or verification. Nothing here is asserted; no test measures
time.
"""

from __future__ import annotations

import argparse
import compileall
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import phonenumbers
from babel.dates import format_timedelta
from babel.numbers import format_currency

import otpmsg
from otpmsg._samples import typical_inputs

LATIN_PAYEES = ("Maria Garcia", "ACME GmbH & Co. KG", "Jose Perez", "Amelie Dubois")
PAYEES = (*LATIN_PAYEES, "张伟", "Иван Петров", "محمد علي", "राहुल शर्मा")
#: Names with diacritics or in other scripts, for the names workload.
HARD_NAMES = ("María José Núñez", "João Conceição", "Ayşe Yılmaz", "Łukasz Wąsowski", "张伟",
              "Иван Петров", "محمد علي", "राहुल शर्मा", "Zoë Nguyễn", "François Bœuf")  # fmt: skip
PHONES = ("+447400123456", "+8613123456789", "+5511961234567", "+12015550123", "+971501234567")
CURRENCIES = ("USD", "EUR", "CNY", "JPY", "BRL", "INR", "RUB", "TRY", "GBP", "KWD")
NAIVE = jinja2.Environment(autoescape=False).from_string(
    "{{ brand }}: code to {{ operation }} {{ amount }} to {{ payee }}. Never share this code."
    " Code: {{ code }}, valid {{ valid_for }}"
)


def typical_calls(renderer: otpmsg.Renderer) -> list[tuple[str, dict[str, Any]]]:
    """Every locale and operation with typical values and no recipient: the lightest
    renders."""
    return [
        (name, typical_inputs(renderer._runtime(locale), op))
        for locale in renderer.locales()
        for name, op in renderer.operations().items()
    ]


def workload(n: int, seed: int = 7, hard: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """``n`` render calls: (operation, keyword arguments); with ``hard``, half of the names
    have diacritics or another script."""
    rng = random.Random(seed)
    renderer = otpmsg.Renderer()
    ops = renderer.operations()
    calls = []
    for i in range(n):
        locale = rng.choice(otpmsg.locales())
        operation = rng.choice(sorted(ops))
        op = ops[operation]
        kw: dict[str, Any] = {
            "code": str(rng.randrange(10**5, 10**8)),
            "locale": locale,
            "valid_for": timedelta(minutes=rng.choice((3, 5, 10))),
            "brand": "ACME Bank",
        }
        if i % 2:
            kw["to"] = rng.choice(PHONES)
        if op.money:
            currency = rng.choice(CURRENCIES)
            digits = 3 if currency == "KWD" else 0 if currency == "JPY" else 2
            kw["currency"] = currency
            kw["amount"] = Decimal(rng.randrange(1, 10**9)).scaleb(-digits)
        names = LATIN_PAYEES if renderer._runtime(locale).gsm else PAYEES
        if hard and rng.random() < 0.5:
            names = HARD_NAMES
        for name in op.fields & {"payee", "merchant", "product", "device"}:
            kw[name] = rng.choice(names)
        if "account" in op.fields:
            kw["account"] = "DE89370400440532013000"
        if "phone" in op.fields:
            kw["phone"] = rng.choice(PHONES)
        if "count" in op.fields:
            kw["count"] = rng.randrange(2, 500)
        calls.append((operation, kw))
    return calls


def naive(operation: str, kw: dict[str, Any]) -> str:
    """The afternoon version: no cleaning, no fitting, no verification."""
    if "to" in kw:
        number = phonenumbers.parse(kw["to"], None)
        phonenumbers.is_valid_number(number)
    amount = (
        format_currency(kw["amount"], kw["currency"], locale=kw["locale"]) if "amount" in kw else ""
    )
    text = NAIVE.render(
        brand=kw["brand"],
        operation=operation,
        amount=amount,
        payee=kw.get("payee") or kw.get("merchant") or kw.get("product") or "",
        code=kw["code"],
        valid_for=format_timedelta(kw["valid_for"], locale=kw["locale"]),
    )
    len(text.encode("utf-16-le"))
    return text


def rounds(
    ours: Callable[[str, dict[str, Any]], object],
    theirs: Callable[[str, dict[str, Any]], object],
    calls: list[Any],
    n: int,
    chunk: int = 50,
) -> tuple[float, float, float]:
    """Medians over ``n`` rounds of µs per message for ours and theirs, and of their ratio.

    Within a round the two take turns every ``chunk`` messages, so that both run under the
    same load on a busy machine; the ratio is taken per round, then the median.
    """
    results = []
    clock = time.perf_counter
    for _ in range(n):
        mine = other = 0.0
        for i in range(0, len(calls), chunk):
            part = calls[i : i + chunk]
            start = clock()
            for operation, kw in part:
                ours(operation, kw)
            middle = clock()
            for operation, kw in part:
                theirs(operation, kw)
            mine, other = mine + middle - start, other + clock() - middle
        results.append((mine / len(calls) * 1e6, other / len(calls) * 1e6))
    return (
        statistics.median(o for o, _ in results),
        statistics.median(t for _, t in results),
        statistics.median(t / o for o, t in results),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--messages", type=int, default=3000)
    args = parser.parse_args()

    compileall.compile_dir(Path(otpmsg.__file__).parent, quiet=1)  # as a wheel installs it
    renderer = otpmsg.Renderer()
    renderer.validate()
    print(f"Python {sys.version.split()[0]}, {args.messages} messages x {args.rounds} rounds")

    def kept(operation: str, kw: dict[str, Any]) -> otpmsg.Message:
        return renderer.render(operation, **kw)

    def new_shape(operation: str, kw: dict[str, Any]) -> otpmsg.Message:
        renderer._plans.clear()  # nothing kept for the call's shape
        return renderer.render(operation, **kw)

    for name, hard, ours_render in (
        ("mixed", False, kept),
        ("names", True, kept),
        ("new-shape", False, new_shape),
    ):
        calls = workload(args.messages, hard=hard)
        for operation, kw in calls:  # warm both paths (formats kept, patterns compiled)
            renderer.render(operation, **kw)
            naive(operation, kw)
        ours, theirs, ratio = rounds(ours_render, naive, calls, args.rounds)
        adjusted = sum(bool(renderer.render(op, **kw).adjusted) for op, kw in calls)
        print(f"{name} workload ({adjusted} of {len(calls)} messages adjusted to fit)")
        print(f"  otpmsg render      {ours:8.1f} µs/message  {1e6 / ours:9.0f} messages/s")
        print(f"  naive composition  {theirs:8.1f} µs/message  {1e6 / theirs:9.0f} messages/s")
        print(f"  naive / otpmsg     {ratio:8.2f}  (median of the {args.rounds} rounds' ratios)")

    for name, sample in (("mixed", workload(args.messages)), ("lightest", typical_calls(renderer))):
        proof, render = proof_cost(renderer, sample, 3 * args.rounds)
        print(
            f"per-render proof, {name} calls: {proof:.2f} µs/message to look for the bound"
            f" values, {proof / render:.1%} of a render ({render:.1f} µs), measured alongside"
        )

    text = "Code to SEND EUR 1,250.00 to Maria Garcia. Never share it. " * 50
    start = time.perf_counter()
    for _ in range(2000):
        otpmsg.measure(text)
    measure_rate = 2000 * len(text) / (time.perf_counter() - start)
    print(f"measure (Latin)     {measure_rate / 1e6:8.1f} M chars/s")

    tracemalloc.start()
    for operation, kw in calls[:500]:
        renderer.render(operation, **kw)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory while rendering 500 messages: {peak / 1024:.0f} KiB (tracemalloc)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB; bytes on macOS
    mib = rss / 2**20 if sys.platform == "darwin" else rss / 2**10
    print(f"peak resident size of this process (both libraries loaded): {mib:.0f} MiB")


def proof_cost(
    renderer: otpmsg.Renderer, calls: list[tuple[str, dict[str, Any]]], n: int
) -> tuple[float, float]:
    """µs a message that the per-render proof's search for the bound values costs, and µs
    to render a message, over ``calls``: the same renders with the search and without it
    take turns every 50 messages (which goes first alternates), through the same wrapper
    around ``prove``; medians over ``n`` rounds."""
    from otpmsg import _render  # noqa: PLC0415 - the proof is swapped where _render calls it

    proved = _render.prove

    def searched(runtime: Any, op: Any, rendered: str, variables: Any, shows: Any = None) -> str:
        return proved(runtime, op, rendered, variables, shows)

    def not_searched(runtime: Any, op: Any, rendered: str, variables: Any, _: Any = None) -> str:
        return proved(runtime, op, rendered, variables, ())  # no bound value to look for

    results = []
    clock = time.perf_counter
    for round_ in range(n):
        spent = {searched: 0.0, not_searched: 0.0}
        for i in range(0, len(calls), 50):
            order = (searched, not_searched) if (i // 50 + round_) % 2 else (not_searched, searched)
            for prove_with in order:
                _render.prove = prove_with  # type: ignore[assignment]
                start = clock()
                for operation, kw in calls[i : i + 50]:
                    renderer.render(operation, **kw)
                spent[prove_with] += clock() - start
        results.append([spent[f] / len(calls) * 1e6 for f in (searched, not_searched)])
    _render.prove = proved
    return (
        statistics.median(w - wo for w, wo in results),
        statistics.median(w for w, _ in results),
    )


if __name__ == "__main__":
    main()
