"""Timing shared by the benchmarks: the fastest of a few runs (the least disturbed by the
other work of a shared machine)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best(fn: Callable[[], object], runs: int = 5) -> float:
    """Seconds taken by the fastest of `runs` calls of `fn`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def best_ms(fn: Callable[[], object], runs: int = 5) -> float:
    """The same, in milliseconds."""
    return best(fn, runs) * 1000
