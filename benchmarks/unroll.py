"""Warm rerun after a setting change on Unroll and Gates (issue 14, goal 1: ≤ 100 ms median at
default settings), for this checkout and optionally for an older commit, side by side.

    .venv/bin/python benchmarks/unroll.py                 # this checkout
    .venv/bin/python benchmarks/unroll.py --before REV    # also REV's tree (via git archive)

A warm rerun: the page is open, every value of the changed control has been seen once (caches
filled, as for a returning student), then the control moves again. Prints medians of one run; no
assertions (the machine is shared, numbers vary with its load).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# page -> (widget kind, key, values cycled through): one setting a student moves
CHANGES = {
    "unroll": ("number_input", "unroll.scale", (1.1, 1.0)),
    "unroll (hidden)": ("slider", "unroll.hidden", (5, 4)),
    "gates": ("selectbox", "gates.mode_forget", ("closed", "open", "learned")),
}


def warm_reruns(root: Path, page: str, kind: str, key: str, values: tuple, rounds: int) -> list:
    """Seconds of each rerun after setting ``key`` to the next of ``values`` (caches warm)."""
    import torch
    from streamlit.testing.v1 import AppTest

    torch.set_num_threads(1)
    at = AppTest.from_file(str(root / "app.py"), default_timeout=300)
    at.run()
    at.switch_page(f"app_pages/{page.split()[0]}.py").run()
    assert not at.exception, at.exception
    samples = []
    for round_ in range(rounds + 1):
        for value in values:
            widget = getattr(at, kind)(key=key)
            started = time.perf_counter()
            widget.set_value(value).run()
            if round_:  # round 0 fills the caches
                samples.append(time.perf_counter() - started)
            assert not at.exception, at.exception
    return samples


def measure(root: Path, rounds: int) -> dict[str, float]:
    sys.path.insert(0, str(root))
    return {
        page: statistics.median(warm_reruns(root, page, *change, rounds))
        for page, change in CHANGES.items()
    }


def measure_commit(rev: str, rounds: int) -> dict[str, float]:
    """The same measurement on ``rev``'s tree, in a fresh interpreter (its own imports)."""
    with tempfile.TemporaryDirectory(prefix="bench-before-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True
        ).stdout
        tar_path = Path(tmp) / "tree.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(Path(tmp) / "tree", filter="data")
        out = subprocess.run(
            [sys.executable, __file__, "--json", "--rounds", str(rounds)],
            cwd=Path(tmp) / "tree",
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "RNN_EXPLORER_BENCH_ROOT": str(Path(tmp) / "tree")},
        ).stdout
        return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="a commit to measure beside this checkout")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    root = Path(os.environ.get("RNN_EXPLORER_BENCH_ROOT", ROOT))
    if args.json:
        print(json.dumps(measure(root, args.rounds)))
        return
    before = measure_commit(args.before, args.rounds) if args.before else {}
    after = measure(root, args.rounds)
    print("Median warm rerun after a setting change (AppTest, seconds; target ≤ 0.100):")
    header = f"  {'page / control':<34}" + (f"{'before':>10}" if before else "") + f"{'now':>10}"
    print(header)
    for page, (_, key, _) in CHANGES.items():
        label = f"{page.split()[0]}: {key}"
        was = f"{before[page]:>10.3f}" if before else ""
        ratio = f"   ×{before[page] / after[page]:.1f} faster" if before else ""
        print(f"  {label:<34}{was}{after[page]:>10.3f}{ratio}")


if __name__ == "__main__":
    main()
