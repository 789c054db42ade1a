"""The long fuzzing run (``make fuzz``): each reader's property check (readers.py)
on fresh Hypothesis inputs for ``--minutes`` minutes, then the count of inputs
tried. Exit status 1, with the smallest failing input, when a check fails.

    python -m tests.property.fuzz --minutes 10            # every reader, 10 minutes each
    python -m tests.property.fuzz --minutes 2 --reader warc --reader feeds
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings

from tests.property.readers import READERS

_BATCH = 100  # inputs per Hypothesis run: the clock is looked at between runs


def fuzz(reader: str, seconds: float) -> int:
    """Inputs tried on ``reader`` in ``seconds``; raises what a failing check raises."""
    strategy, check = READERS[reader]
    tried = 0

    def counted(data: Any) -> None:
        nonlocal tried
        tried += 1
        check(data)

    run = settings(
        max_examples=_BATCH,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )(given(strategy)(counted))
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        run()
    return tried


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="per reader [default: 10]")
    parser.add_argument("--reader", action="append", choices=sorted(READERS), help="[default: every reader]")
    options = parser.parse_args(argv)
    failed = False
    for reader in options.reader or list(READERS):
        started = time.monotonic()
        try:
            tried = fuzz(reader, options.minutes * 60)
        except Exception as err:  # a failing check: the traceback's notes hold the smallest input
            traceback.print_exc()
            print(f"{reader}: FAILED after {time.monotonic() - started:.0f} s: {type(err).__name__}: {err}", flush=True)
            failed = True
            continue
        print(f"{reader}: {tried} inputs in {time.monotonic() - started:.0f} s, nothing found", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
