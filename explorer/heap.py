"""Garbage collection in a server process that holds a hall's sessions.

Python's full (generation-2) collection walks every container object while it holds the GIL. A
server that has imported torch, Plotly and pandas holds ~0.5-1 million of them, almost all
alive for the process's life (modules, functions, classes, cached figures), so each full
collection froze every session for 0.3-0.6 s, about every 10 s under a free-roaming class
(measured with ``benchmarks/load.py``). Here a full collection that took longer than
``SLOW_COLLECTION_S`` is followed by ``gc.freeze()``: what survived it moves to the permanent
generation and later full collections walk only what is newer (~10-100 ms). Freezing only after
a slow collection, not after every one, keeps the few sessions' short-lived objects that happen
to be alive at that moment rare among the frozen. Frozen objects are still freed by reference
counting; a cycle that becomes garbage after it was frozen waits for the periodic sweep, which
unfreezes, collects everything once (one pause, 0.8-1.5 s under a 70-student load) and
freezes again.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from dataclasses import dataclass

ENV_SWEEP = "RNN_EXPLORER_GC_SWEEP_SECONDS"
DEFAULT_SWEEP_SECONDS = 600.0
SLOW_COLLECTION_S = 0.05  # a full collection slower than this walked too much long-lived heap


@dataclass
class HeapStats:
    """What the policy did so far (shown nowhere; read by tests and from a debugger)."""

    freezes: int = 0
    sweeps: int = 0
    last_sweep_seconds: float = 0.0
    last_sweep_freed: int = 0


class HeapPolicy:
    """Freeze after a slow full collection; sweep everything every ``sweep_seconds``."""

    def __init__(self, sweep_seconds: float, slow_seconds: float = SLOW_COLLECTION_S):
        self.sweep_seconds = sweep_seconds
        self.slow_seconds = slow_seconds
        self.stats = HeapStats()
        self._collection_started = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _after_collection(self, phase: str, info: dict) -> None:
        # The collection is over when "stop" is called; moving the survivors is a list splice.
        if phase == "start":
            self._collection_started = time.perf_counter()
        elif (
            info["generation"] == 2
            and time.perf_counter() - self._collection_started > self.slow_seconds
        ):
            gc.freeze()
            self.stats.freezes += 1

    def sweep(self) -> int:
        """Collect the whole heap once (cycles among frozen objects included); returns the
        objects freed. Holds the GIL for a full collection's time, so it runs rarely."""
        started = time.perf_counter()
        gc.unfreeze()
        freed = gc.collect()
        gc.freeze()
        self.stats.sweeps += 1
        self.stats.last_sweep_seconds = time.perf_counter() - started
        self.stats.last_sweep_freed = freed
        return freed

    def _sweep_forever(self) -> None:
        while not self._stop.wait(self.sweep_seconds):
            self.sweep()

    def start(self) -> None:
        gc.callbacks.append(self._after_collection)
        if self.sweep_seconds > 0:
            self._thread = threading.Thread(
                target=self._sweep_forever, name="rnnx-heap-sweep", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._after_collection in gc.callbacks:
            gc.callbacks.remove(self._after_collection)
        gc.unfreeze()


def sweep_seconds_from_env() -> float:
    """``RNN_EXPLORER_GC_SWEEP_SECONDS``: seconds between full sweeps; ``off`` keeps Python's
    own collector unchanged (no freezing at all)."""
    raw = os.environ.get(ENV_SWEEP, "").strip().lower()
    if raw == "off":
        return -1.0
    try:
        value = float(raw) if raw else DEFAULT_SWEEP_SECONDS
    except ValueError:
        return DEFAULT_SWEEP_SECONDS
    return value if value > 0 else DEFAULT_SWEEP_SECONDS


_installed: HeapPolicy | None = None
_kept = False  # keep_python_collector() was called in this process
_lock = threading.Lock()


def keep_python_collector() -> None:
    """This process keeps Python's own collector, whatever ``install`` is asked later: for a
    process that runs the app's scripts briefly in itself (the test suite's AppTests), where
    freezing would only delay freeing each test's sessions."""
    global _kept
    _kept = True


def install(sweep_seconds: float | None = None) -> HeapPolicy | None:
    """Once per process (later calls return the same policy); ``None`` when switched off."""
    global _installed
    seconds = sweep_seconds_from_env() if sweep_seconds is None else sweep_seconds
    with _lock:
        if _installed is None and seconds >= 0 and not _kept:
            _installed = HeapPolicy(seconds)
            _installed.start()
        return _installed
