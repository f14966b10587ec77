"""The server-wide cap on simultaneous training, and how one refresh of the page trains.

``SLOTS`` lets at most ``RNN_EXPLORER_MAX_RUNS`` sessions train at the same moment on this
server; the others wait, with a message. ``train_tick`` is what one refresh does: take a slot,
train the session's active runs for a fraction of ``REFRESH_SECONDS``, give the slot back when
they are done.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from explorer.training.runs import Run
from explorer.training.specs import REFRESH_SECONDS, STEP_SLICE


class RunSlots:
    """At most ``capacity`` owners (sessions) train at once. A slot is a lease renewed by every
    chunk; a session that vanished mid-run (closed tab) loses its slot after ``lease_seconds``."""

    def __init__(
        self, capacity: int, lease_seconds: float = 5.0, clock: Callable[[], float] = time.monotonic
    ):
        self.capacity = capacity
        self.lease_seconds = lease_seconds
        self.clock = clock
        self._leases: dict[str, float] = {}
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        for owner, since in list(self._leases.items()):
            if now - since > self.lease_seconds:
                del self._leases[owner]

    def acquire(self, owner: str) -> bool:
        with self._lock:
            now = self.clock()
            self._expire(now)
            if owner in self._leases or len(self._leases) < self.capacity:
                self._leases[owner] = now
                return True
            return False

    def release(self, owner: str) -> None:
        with self._lock:
            self._leases.pop(owner, None)

    def busy(self) -> int:
        with self._lock:
            self._expire(self.clock())
            return len(self._leases)


SLOTS = RunSlots(int(os.environ.get("RNN_EXPLORER_MAX_RUNS", "2")))


def train_tick(runs: list[Run], owner: str, seconds: float = 0.4, slots: RunSlots = SLOTS) -> str:
    """Train the unfinished ``runs`` for about ``seconds`` in total.

    Compared runs advance in step: the run with the fewest steps always trains next, a few steps
    at a time, so a fast model (the feed-forward one) does not race ahead of a slow one and the
    curves on the chart stay comparable at every moment.
    Returns "waiting" (every server slot is taken), "running" or "finished" (all runs hit a cap).
    """
    active = [r for r in runs if not r.trainer.finished]
    if not active:
        slots.release(owner)
        return "finished"
    if not slots.acquire(owner):
        return "waiting"
    if len(active) == 1:
        active[0].trainer.run(max_seconds=seconds)
    deadline = time.perf_counter() + seconds
    while len(active) > 1 and (left := deadline - time.perf_counter()) > 0:
        behind = min(active, key=lambda r: r.trainer.steps)
        behind.trainer.run(max_steps=STEP_SLICE, max_seconds=left)
        active = [r for r in active if not r.trainer.finished]
    if all(r.trainer.finished for r in runs):
        for run in runs:
            run.trainer.evaluate()
        slots.release(owner)
        return "finished"
    return "running"


def chunk_seconds(drawing_seconds: float) -> float:
    """Training time per refresh: what is left of the refresh period after drawing the charts,
    so the charts keep their rate on a busy machine (between 0.25 s and 0.45 s)."""
    return min(0.45, max(0.25, REFRESH_SECONDS - 0.02 - drawing_seconds))
