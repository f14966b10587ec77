"""Per page: the first (cold) run, and the median warm rerun after a setting change.

    python benchmarks/pages.py [--runs N] [--pages gradients,translation]

A page run is ``AppTest.run()``. "first run" opens the page in a fresh session (module caches
may already be warm from an earlier page, as on a server that has been up a while). "rerun" is a
rerun with nothing changed. "new setting" moves one control to a value this process has not
computed yet (nothing cached); "seen setting" moves it back and forth between values computed
before (what the second student following a lesson gets). The control moved on each page is in
``CHANGES`` (else the page's first slider). Targets (issue 14): warm rerun after a setting change
<= 100 ms median; trace of T=200, H=64, batch 1 under 50 ms.
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

# page -> (AppTest element kind, widget key, values to move through, none of them the default)
CHANGES = {
    "gradients": ("slider", "gradients.T", [110, 120, 130, 140, 150, 160]),
    "translation": ("slider", "translation.beam", [2, 3, 5, 6, 7, 8]),
    "captioning": ("slider", "captioning.opacity", [0.5, 0.55, 0.6, 0.65, 0.7, 0.8]),
}

# page -> settings applied before timing (the moved control lives in a lazy tab)
SETUP = {"translation": {"translation.tab": "beam"}}


def _timed(at) -> float:
    started = time.perf_counter()
    at.run()
    return time.perf_counter() - started


def _change(at, page: str):
    """The widget moved on ``page`` and the values it moves through."""
    if page in CHANGES:
        kind, key, values = CHANGES[page]
        return getattr(at, kind)(key=key), values
    if not at.slider:
        return None, []
    slider = at.slider[0]
    lo, hi, step = slider.proto.min, slider.proto.max, slider.proto.step or 1
    values = [v for v in (lo + k * step for k in range(8)) if lo <= v <= hi]
    values = [v for v in values if v != slider.value][:6]
    return slider, [int(v) if float(v).is_integer() else v for v in values]


def time_page(page: str, path: str, runs: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    started = time.perf_counter()
    at.switch_page(path).run()
    out = {"first": time.perf_counter() - started}
    for key, value in SETUP.get(page, {}).items():
        at.session_state[key] = value
    if page in SETUP:
        at.run()
    if at.exception:
        raise RuntimeError(f"{path}: {at.exception[0].message}")
    out["rerun"] = statistics.median(_timed(at) for _ in range(runs))
    widget, values = _change(at, page)
    if widget is None:
        return out
    fresh = []
    for value in values:
        widget, _ = _change(at, page)
        widget.set_value(value)
        fresh.append(_timed(at))
    seen = []
    for k in range(runs):
        widget, _ = _change(at, page)
        widget.set_value(values[k % 2])
        seen.append(_timed(at))
    if at.exception:
        raise RuntimeError(f"{path}: {at.exception[0].message}")
    out["new"], out["seen"] = statistics.median(fresh), statistics.median(seen)
    return out


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
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    wanted = {p for p in args.pages.split(",") if p}
    columns = ("first", "rerun", "new", "seen")
    heads = ("first run", "rerun", "new setting", "seen setting")
    print(f"{'page':<14}" + "".join(f"{h:>15}" for h in heads) + "   (medians, seconds)")
    for spec in PAGES:
        if wanted and spec.name not in wanted:
            continue
        times = time_page(spec.name, spec.path, args.runs)
        cells = [f"{times[c]:.3f}s" if c in times else "–" for c in columns]
        print(f"{spec.name:<14}" + "".join(f"{c:>15}" for c in cells), flush=True)
    if not wanted:
        traced, fused = time_trace(max(args.runs, 15))
        print(
            f"\ntrace LSTM T=200 H=64 B=1: {traced * 1000:.1f} ms median; fused nn.LSTM "
            f"{fused * 1000:.1f} ms; ratio trace/fused = {traced / fused:.1f}"
        )


if __name__ == "__main__":
    main()
