"""Training in worker processes, run by Dask distributed; the web process only submits chunks,
stops them and reads what they report.

* ``client()``: one Dask client per server process, made on first use and closed at exit. With
  ``RNN_EXPLORER_SCHEDULER`` set (``tcp://host:8786``) it joins that cluster; otherwise it starts
  an embedded ``LocalCluster`` of ``pool_size()`` worker processes (``RNN_EXPLORER_MAX_RUNS``,
  default 2), one thread each. Workers of a real cluster are started with
  ``dask worker tcp://host:8786 --nthreads 1 --preload explorer.training.workers``.
* A *job* (a group of Train-live runs, the Gradients page's two recorded models) lives on one
  worker between chunks; ``advance(seconds, should_stop, request)`` trains it for one chunk and
  returns a small report.
* ``Lane``: the page's handle on one job: submit chunks (two in flight, chained, so the worker
  never waits for the page), poll the finished ones in order, stop within one step, drop.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

ENV_SCHEDULER = "RNN_EXPLORER_SCHEDULER"
ENV_WORKERS = "RNN_EXPLORER_MAX_RUNS"
ENV_NICE = "RNN_EXPLORER_WORKER_NICE"
# Training yields the CPU to the pages: on a machine shared with the web processes a worker runs
# at this niceness (Linux gives a nice-10 process ~1/10 of a nice-0 one's share when both want a
# core), so students' reruns stay quick while the pool trains; alone, a worker trains at full
# speed. 0 keeps the normal priority (workers on machines of their own).
DEFAULT_NICE = 10
JOB_IDLE_SECONDS = 900.0  # a job no chunk touched for this long leaves its worker
MAX_JOBS = 32  # jobs kept per worker; the least recently used go first
IN_FLIGHT = 2  # chunks queued per job: the next one starts the moment the last one ends
# Worker settings, measured on this 2-core machine: Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536
# in every worker's environment, which also pins glibc's mmap threshold, so each tensor over
# 128 KB is mmap-ed and unmapped again: an LSTM trained at ~0.55x the speed of the same loop in
# the web process. Without it the worker matches. The task profiler (a stack sample every 10 ms)
# is not needed either.
QUIET = {
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
    },
    "distributed.worker.profile.enabled": False,
    # The embedded scheduler shares the web process: its 0.5-s system monitor (psutil reads of
    # the process) was ~4 % of that process's time under a hall's load; nothing here reads it.
    "distributed.admin.system-monitor.interval": "5s",
}


def pool_size() -> int:
    """The server-wide cap on simultaneous training: the number of worker processes."""
    try:
        return max(1, int(os.environ.get(ENV_WORKERS, "2")))
    except ValueError:
        return 2


def worker_niceness() -> int:
    """How much a training worker lowers its priority (``RNN_EXPLORER_WORKER_NICE``, 0-19)."""
    try:
        return min(19, max(0, int(os.environ.get(ENV_NICE, DEFAULT_NICE))))
    except ValueError:
        return DEFAULT_NICE


_lock = threading.Lock()
_state: dict = {"client": None, "cluster": None}


def client():
    """The server's Dask client (made on first call; thread-safe)."""
    import dask
    from distributed import Client, LocalCluster

    with _lock:
        current = _state["client"]
        if current is not None and current.status == "running":
            return current
        address = os.environ.get(ENV_SCHEDULER, "").strip()
        if address:
            current = Client(address, set_as_default=False, timeout="20s")
        else:
            dask.config.set(QUIET)  # handed on to the worker processes by their nannies
            cluster = LocalCluster(
                n_workers=pool_size(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # its health page: any port
                silence_logs=logging.ERROR,
                preload=[__name__],
                env={"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
            )
            _state["cluster"] = cluster
            current = Client(cluster, set_as_default=False)
        if _state["client"] is None:
            atexit.register(shutdown)
        _state["client"] = current
        return current


def warm() -> None:
    """Start the pool in the background (a page that may train calls it on load), so the first
    Start does not wait the seconds worker processes take to come up."""
    if _state["client"] is None and not _state.get("warming"):
        _state["warming"] = True
        threading.Thread(target=client, name="rnn-explorer-workers", daemon=True).start()


def started() -> bool:
    return _state["client"] is not None


def shutdown() -> None:
    """Close the client and the embedded cluster (its worker processes end with it)."""
    with _lock:
        for name in ("client", "cluster"):
            if _state[name] is not None:
                try:
                    _state[name].close()
                except Exception:  # noqa: BLE001 - closing at exit: nothing left to tell
                    logging.getLogger(__name__).debug("closing %s failed", name)
        _state["client"] = _state["cluster"] = None


def dask_setup(worker=None) -> None:
    """Run by every worker at start (``--preload``): one thread per process, and the training
    code imported now rather than by the first chunk."""
    import torch

    import explorer.gradients.recorder  # noqa: F401

    os.nice(worker_niceness())
    from models.recurrent import RecurrentConfig, RecurrentNet

    torch.set_num_threads(1)
    for cell in ("rnn_tanh", "lstm", "gru"):  # first-use set-up of the kernels, not in a chunk
        net = RecurrentNet(RecurrentConfig(cell=cell, input_size=2, hidden_size=8))
        net(torch.zeros(2, 3, 2))[0].sum().backward()


# --- inside a worker process ------------------------------------------------------------------

_JOBS: dict[str, list] = {}  # key -> [job, last used (monotonic)]
_STOPPED: dict[str, int] = {}  # key -> the request epoch that was stopped


class JobMissing(LookupError):
    """The job is not on this worker (the worker restarted, or the job sat idle too long)."""


def _evict(keep: str) -> None:
    now = time.monotonic()
    by_age = sorted(_JOBS, key=lambda k: _JOBS[k][1])
    for key in by_age:
        idle = now - _JOBS[key][1] > JOB_IDLE_SECONDS
        if key != keep and (idle or len(_JOBS) > MAX_JOBS):
            _JOBS.pop(key)
            _STOPPED.pop(key, None)


def _chunk(key: str, build: Callable | None, seconds: float, request: dict, after=None) -> dict:
    """One chunk of job ``key``: build it first when ``build`` is given, else it must be here."""
    from distributed import get_worker

    entry = _JOBS.get(key)
    if build is not None:
        entry = _JOBS[key] = [build(), time.monotonic()]
    if entry is None:
        raise JobMissing(key)
    entry[1] = time.monotonic()
    _evict(key)
    epoch = request.get("epoch", 0)
    stop = lambda: _STOPPED.get(key, -1) >= epoch  # noqa: E731
    report = entry[0].advance(seconds, stop, request)
    report["worker"] = get_worker().address
    return report


def _stop(key: str, epoch: int) -> None:
    _STOPPED[key] = max(epoch, _STOPPED.get(key, -1))


def _drop(key: str) -> None:
    _JOBS.pop(key, None)
    _STOPPED.pop(key, None)


# --- in the web process -----------------------------------------------------------------------


@dataclass(eq=False)
class Lane:
    """One job as the page sees it: where it lives and the chunks on their way."""

    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    worker: str | None = None  # the job's worker once a chunk has reported
    epoch: int = 0  # bumped by every (re)start; a stop stops this epoch's chunks
    pending: list = field(default_factory=list)  # futures, oldest first

    def submit(self, build: Callable | None, request: dict, seconds: float) -> None:
        """Queue a chunk after the pending ones. Without a worker yet, ``build`` goes with it and
        the scheduler picks the least busy worker; later chunks are pinned to that worker."""
        pool = client()
        after = self.pending[-1] if self.pending else None
        request = {**request, "epoch": self.epoch}
        if self.worker is None:
            future = pool.submit(_chunk, self.key, build, seconds, request, after, pure=False)
        else:
            future = pool.submit(
                _chunk,
                self.key,
                None,
                seconds,
                request,
                after,
                workers=[self.worker],
                allow_other_workers=False,
                pure=False,
            )
        self.pending.append(future)

    def wants(self) -> int:
        """How many chunks to submit now: one until the job has a worker, then ``IN_FLIGHT``."""
        if self.worker is None:
            return 0 if self.pending else 1
        return max(0, IN_FLIGHT - len(self.pending))

    def poll(self) -> list[dict]:
        """The reports of the chunks that ended, in order. A lost job (or worker) gives one
        ``{"missing": reason}`` report and cancels the rest: the caller places it again."""
        reports = []
        while self.pending and self.pending[0].done():
            future = self.pending.pop(0)
            try:
                report = future.result()
            except Exception as error:  # noqa: BLE001 - any lost chunk: rebuild from the last state
                self.cancel()
                self.worker = None
                reports.append({"missing": f"{type(error).__name__}: {error}"[:200]})
                break
            self.worker = report["worker"]
            reports.append(report)
        return reports

    def stop(self, timeout: float = 5.0) -> list[dict]:
        """Stop the job within one training step and collect the last reports (with the state)."""
        if not self.pending:
            return []
        client().run(_stop, self.key, self.epoch, wait=True)
        deadline = time.monotonic() + timeout
        while not all(f.done() for f in self.pending) and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.poll()

    def cancel(self) -> None:
        if self.pending:
            client().cancel(self.pending)
        self.pending = []

    def drop(self) -> None:
        """Forget the job: cancel what is queued, free its memory on the worker."""
        self.cancel()
        if self.worker is not None and started():
            client().run(_drop, self.key, workers=[self.worker])
        self.worker = None
