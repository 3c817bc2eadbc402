"""Throughput of ``otpmsg.measure`` on Latin, Cyrillic, CJK and emoji text.

Run with ``python benchmarks/bench_measure.py``. Each case is timed over several rounds with
``time.perf_counter``; the median round is reported. Nothing here asserts a time.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from otpmsg import measure

ROUNDS = 7
TARGET_SECONDS_PER_ROUND = 0.2

LATIN_OTPS = [
    "Your code is 482913. Never share it, not even with us.",
    "ACME Bank: Code to PAY 125.00 EUR to Coffee Shop. NEVER share this code. Code: 482913",
    "Ihr Bestätigungscode lautet 482913. Geben Sie ihn niemals weiter, auch nicht an uns.",
    "Tu clave de acceso es 482913. No la compartas con nadie, ni con el personal del banco.",
    "Votre code de vérification est 482913. Ne le communiquez à personne, même pas à nous.",
    "ACME: Code to SEND 1,250.00 GBP to J. Smith {acct ~1234}. NEVER share it. Code: 482913",
]
LATIN_160 = (
    "ACME Bank: Code to PAY 125.00 EUR to Coffee Shop Ltd. NEVER share this code, not even "
    "with us. Our staff will never ask for it. Code: 482913, valid 5 min."
).ljust(160, ".")
LATIN_LONG = " ".join(LATIN_OTPS) * 20  # about 10 000 characters, 60+ parts
# A typical two-part UCS-2 payment confirmation (99 code points of Cyrillic and Latin).
CYRILLIC_OTP = (
    "ACME Bank: ОПЛАТА 1 234,56 EUR в Иван Петров. "
    "Никому не говорите код: мы его не спросим. Код 123456"
)
CJK_OTP = "【ACME银行】您的验证码是482913，5分钟内有效。工作人员不会向您索要，请勿向任何人泄露。"
CJK_LONG = CJK_OTP * 40
EMOJI_OTP = "🔐 Code 482913 ✅ valid 5 min 👍🏽 🇮🇹 👨‍👩‍👧‍👦 never share it 🚫"
EMOJI_LONG = EMOJI_OTP * 40


def bench(texts: list[str]) -> tuple[float, float]:
    """Return (median chars/second, median µs per call) of ``measure`` over *texts*."""
    chars = sum(len(t) for t in texts)
    # Calibrate the number of passes so that a round lasts about TARGET_SECONDS_PER_ROUND.
    passes = 1
    while True:
        elapsed = _time(texts, passes, measure)
        if elapsed >= TARGET_SECONDS_PER_ROUND / 4:
            break
        passes *= 4
    passes = max(1, int(passes * TARGET_SECONDS_PER_ROUND / elapsed))
    rounds = [_time(texts, passes, measure) for _ in range(ROUNDS)]
    median = statistics.median(rounds)
    calls = passes * len(texts)
    return chars * passes / median, median / calls * 1e6


def _time(texts: list[str], passes: int, func: Callable[[str], object]) -> float:
    start = time.perf_counter()
    for _ in range(passes):
        for text in texts:
            func(text)
    return time.perf_counter() - start


def main() -> None:
    assert len(LATIN_160) == 160, len(LATIN_160)
    cases = [
        ("Latin, OTP-length single messages", LATIN_OTPS),
        ("Latin, 160-char message", [LATIN_160]),
        (f"Latin, long multi-part ({len(LATIN_LONG)} chars)", [LATIN_LONG]),
        ("Cyrillic, OTP-length (2 parts)", [CYRILLIC_OTP]),
        ("CJK, OTP-length", [CJK_OTP]),
        (f"CJK, long multi-part ({len(CJK_LONG)} chars)", [CJK_LONG]),
        ("Emoji, OTP-length", [EMOJI_OTP]),
        (f"Emoji, long multi-part ({len(EMOJI_LONG)} chars)", [EMOJI_LONG]),
    ]
    print(f"measure(), median of {ROUNDS} rounds")
    for name, texts in cases:
        rate, us = bench(texts)
        print(f"  {name:<42} {rate / 1e6:8.2f} M chars/s  {us:9.2f} µs/call")
    _, us160 = bench([LATIN_160])
    print(f"  µs per 160-char GSM-7 message: {us160:.2f}")


if __name__ == "__main__":
    main()
