"""Soak: one server process under a free-roaming class for minutes, garbage-collection policies
side by side (explorer/heap.py). Each window prints the students' rerun p50/p95/max and the
server's resident memory, so a policy that trades memory for latency shows both.

    python benchmarks/soak.py                       # 60 students, 6 min per policy
    python benchmarks/soak.py --students 80 --minutes 12 --sweep 300

Policies: ``python`` is Python's own collector (RNN_EXPLORER_GC_SWEEP_SECONDS=off); ``freeze``
is the shipped policy with ``--sweep`` seconds between full sweeps. They run one after the
other on fresh processes, with the same students (same seed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import (  # noqa: E402
    CHART_PAGES,
    free_port,
    launch_one,
    rows,
    run_load,
    server_rss_mb,
    stop,
    wait_quiet,
    warm,
)
from explorer.heap import ENV_SWEEP  # noqa: E402


def soak(name: str, env_value: str, students: int, minutes: float, window_s: float) -> list:
    """One policy: a fresh process, warmed, then ``minutes`` of load in windows of the same
    students; returns (window end s, reruns, p50, p95, max, errors, rss MB) per window."""
    os.environ[ENV_SWEEP] = env_value
    log_dir = Path(tempfile.mkdtemp(prefix=f"rnnx-soak-{name}-"))
    port = free_port()
    process = launch_one(port, log_dir)
    url = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(warm(url))
        wait_quiet()
        windows = []
        started = time.monotonic()
        seed = 0
        while time.monotonic() - started < minutes * 60:
            tally = asyncio.run(run_load(url, "free", students, window_s, seed=seed))
            seed += 1
            _, reruns, p50, p95, top, errors = rows(tally)[-1]  # the "all" row
            row = (time.monotonic() - started, reruns, p50, p95, top, errors)
            row += (sum(server_rss_mb(process)),)
            windows.append(row)
            print(
                f"{name:<8} {row[0]:>6.0f} s {row[1]:>6} {row[2]:>6.2f} {row[3]:>6.2f} "
                f"{row[4]:>6.2f} {row[5]:>6} {row[6]:>7.0f} MB",
                flush=True,
            )
        return windows
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--minutes", type=float, default=6.0)
    parser.add_argument("--window", type=float, default=30.0, help="seconds per printed row")
    parser.add_argument("--sweep", type=float, default=600.0, help="freeze policy's sweep (s)")
    parser.add_argument("--policies", default="python,freeze", help="which, in this order")
    args = parser.parse_args()
    print(f"free scenario, {args.students} students, pages {', '.join(CHART_PAGES)}")
    print(
        f"{'policy':<8} {'time':>8} {'reruns':>6} {'p50 s':>6} {'p95 s':>6} {'max s':>6} "
        f"{'errors':>6} {'rss':>10}"
    )
    results = {}
    values = {"python": "off", "freeze": str(args.sweep)}
    for name in args.policies.split(","):
        results[name] = soak(name, values[name], args.students, args.minutes, args.window)
    print("\nside by side (all windows after the first):")
    for name, windows in results.items():
        later = windows[1:] or windows
        p95s = sorted(w[3] for w in later)
        print(
            f"  {name:<8} median window p95 {p95s[len(p95s) // 2]:.2f} s, worst {p95s[-1]:.2f} s; "
            f"rss {windows[0][6]:.0f} -> {windows[-1][6]:.0f} MB (max {max(w[6] for w in windows):.0f})"
        )


if __name__ == "__main__":
    main()
