"""What scrubbing an unanswered question costs, typical and worst case, on one CPU core.

    python benchmarks/redact.py [--repeat 50]

The baseline, measured in the same run, is the previous scrubber (one digit-run pattern and a
slice); each row prints mi-Help's time per message, the baseline's, and the ratio. The worst
cases are 4,096-character messages (Telegram's limit) built to make regular expressions retry
from every character.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.redact import redact_question  # noqa: E402

_OLD_NUMBER_RUN = re.compile(r"(?:\d[\s-]?){6,}")


def baseline(text: str) -> str:
    return _OLD_NUMBER_RUN.sub("[…]", text.strip())[:500]


CASES = {
    "typical question": "Как оплатить патент через банк, если мой номер 8.917.555.01.99?",
    "4096 × 'a'": "a" * 4096,
    "4096 × 'x.'": "x." * 2048,
    "4096 × '1.'": "1." * 2048,
    "4096 × '1 '": "1 " * 2048,
    "4096 × 'д 1 '": "д 1 " * 1024,
    "4096 × 'ул '": "ул " * 1365,
    "4096 × '@a'": "@a" * 2048,
}


def per_call_ms(function, text: str, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            function(text)
        best = min(best, (time.perf_counter() - start) / repeat)
    return best * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    print(f"{'message':22} {'mi-Help ms':>11} {'baseline ms':>12} {'ratio':>7}")
    for name, text in CASES.items():
        ours = per_call_ms(redact_question, text, args.repeat)
        theirs = per_call_ms(baseline, text, args.repeat)
        print(f"{name:22} {ours:11.3f} {theirs:12.3f} {ours / theirs:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
