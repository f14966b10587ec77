"""Median time of a full script run of every page at default settings, and of models.trace.

    python benchmarks/pages.py [--runs N]

A page run is ``AppTest.run()`` after the page is open (caches warm, as when a user moves a
control); the first run (cold caches) is printed beside it. Targets: each page well under 1 s
warm, Unroll under 0.3 s; trace of T=200, H=64, batch 1 under 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_seconds  # noqa: E402

from explorer.navigation import PAGES  # noqa: E402
from models import trace  # noqa: E402


def time_page(path: str, runs: int) -> tuple[float, float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    started = time.perf_counter()
    at.switch_page(path).run()
    cold = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{path}: {at.exception[0].message}")
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
    return cold, statistics.median(warm)


def time_trace(runs: int) -> tuple[float, float]:
    """Median seconds of trace() and of the fused nn.LSTM on the same input, side by side."""
    torch.manual_seed(0)
    module = torch.nn.LSTM(64, 64, batch_first=True)
    x = torch.randn(1, 200, 64)
    with torch.no_grad():
        return median_seconds(lambda: trace(module, x), runs), median_seconds(
            lambda: module(x), runs
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"{'page':<14}{'first run':>12}{'median rerun':>15}")
    for spec in PAGES:
        cold, warm = time_page(spec.path, args.runs)
        print(f"{spec.name:<14}{cold:>11.3f}s{warm:>14.3f}s")
    traced, fused = time_trace(max(args.runs, 15))
    print(
        f"\ntrace LSTM T=200 H=64 B=1: {traced * 1000:.1f} ms median; fused nn.LSTM {fused * 1000:.1f} ms; "
        f"ratio trace/fused = {traced / fused:.1f}"
    )


if __name__ == "__main__":
    main()
