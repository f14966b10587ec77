"""The one timer every benchmark uses: the median of repeated calls, after one warm-up call."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(fn: Callable[[], object], repeats: int = 7, warmup: bool = True) -> float:
    """Median wall-clock seconds of ``fn()``; the warm-up call fills caches as a user's first
    visit would, so the figure is what a returning user waits."""
    if warmup:
        fn()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def median_ms(fn: Callable[[], object], repeats: int = 7, warmup: bool = True) -> float:
    return 1000 * median_seconds(fn, repeats, warmup)


def elapsed(fn: Callable[[], object]) -> float:
    """Seconds of one call, for benchmarks that time a different input each call."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started
