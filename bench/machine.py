"""How fast this machine is right now, printed beside a benchmark's figures.

A shared VM's speed drifts (on the 2-core machine the figures in RESULTS.md come
from, by more than half within an hour), so a figure means little without the
machine's pace at the time it was taken.
"""

from __future__ import annotations

import time


def python_pace() -> float:
    """Seconds a 10-million-step Python loop takes now (lower is faster)."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def pace_line() -> str:
    return f"machine pace: a 10-million-step Python loop took {python_pace():.2f} s"
