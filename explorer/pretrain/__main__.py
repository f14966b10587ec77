"""Reproduce the shipped checkpoints: ``python -m explorer.pretrain NAME`` (or ``all``, ``--list``).

Training runs on one thread so two jobs can share this two-core machine.
"""

from __future__ import annotations

import argparse
import importlib
import time

import torch

from explorer.pretrain import TOPICS


def registry() -> dict:
    jobs = {}
    for topic in TOPICS:
        name = f"explorer.pretrain.{topic}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        jobs.update(module.JOBS)
    return jobs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="checkpoint names, or 'all'")
    parser.add_argument("--list", action="store_true", help="list the checkpoint names")
    args = parser.parse_args(argv)
    jobs = registry()
    if args.list or not args.names:
        print("\n".join(sorted(jobs)))
        return
    names = sorted(jobs) if args.names == ["all"] else args.names
    unknown = [n for n in names if n not in jobs]
    if unknown:
        parser.error(
            f"unknown checkpoint(s): {', '.join(unknown)}; choose from {', '.join(sorted(jobs))}"
        )
    torch.set_num_threads(1)
    for name in names:
        started = time.perf_counter()
        path = jobs[name]()
        print(f"{name}: wrote {path} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
