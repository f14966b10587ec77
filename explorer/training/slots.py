"""The server-wide cap on simultaneous training, with a queue, and what one chunk of a session's
runs does on a worker.

``SLOTS`` lets at most as many sessions train at the same moment as there are worker processes;
the others wait in line and see their place. In one process (``make run``) the table lives in
that process (``RunSlots``, cap ``workers.pool_size()``). When the replicas of ``make serve``
share one Dask scheduler (``RNN_EXPLORER_SCHEDULER``), the same table lives on the scheduler
(``ClusterSlots``, reached with ``Client.run_on_scheduler``), so the cap and the queue are
cluster-wide: the cap is the number of worker threads the scheduler has, the positions are
places in one line across replicas. ``GroupJob`` is a group of runs (one run, or the runs
compared together) living on a worker: every ``advance`` trains them for one chunk and returns
what changed, small.
"""

from __future__ import annotations

import copy
import os
import threading
import time
from collections.abc import Callable

import torch
from torch import nn

from explorer.training import workers
from explorer.training.runs import TaskTrainer, probe_hidden
from explorer.training.specs import SNAPSHOT_SECONDS, STEP_LIMIT, STEP_SLICE, TrainSettings
from explorer.training.tasks import CharLMTask, Task
from explorer.training.workers import pool_size


class RunSlots:
    """At most ``capacity`` owners (sessions) train at once; the others queue in arrival order.

    A slot is a lease renewed by every refresh; a session that vanished mid-run (closed tab)
    loses its slot, or its place in the queue, after ``lease_seconds`` without asking.
    """

    def __init__(
        self, capacity: int, lease_seconds: float = 5.0, clock: Callable[[], float] = time.monotonic
    ):
        self.capacity = capacity
        self.lease_seconds = lease_seconds
        self.clock = clock
        self._leases: dict[str, float] = {}
        self._queue: dict[str, float] = {}  # waiting owners, first come first (dicts keep order)
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        for table in (self._leases, self._queue):
            for owner, since in list(table.items()):
                if now - since > self.lease_seconds:
                    del table[owner]

    def acquire(self, owner: str) -> bool:
        """Take (or renew) a slot; False puts ``owner`` in the queue (see ``position``)."""
        with self._lock:
            now = self.clock()
            self._expire(now)
            if owner in self._leases:
                self._leases[owner] = now
                return True
            ahead = list(self._queue).index(owner) if owner in self._queue else len(self._queue)
            if len(self._leases) + ahead < self.capacity:
                self._queue.pop(owner, None)
                self._leases[owner] = now
                return True
            self._queue[owner] = now
            return False

    def position(self, owner: str) -> int:
        """1 for the next in line, 2 behind it, ...; 0 when ``owner`` is not waiting."""
        with self._lock:
            queue = list(self._queue)
            return queue.index(owner) + 1 if owner in queue else 0

    def release(self, owner: str) -> None:
        with self._lock:
            self._leases.pop(owner, None)
            self._queue.pop(owner, None)

    def busy(self) -> int:
        with self._lock:
            self._expire(self.clock())
            return len(self._leases)

    def waiting(self) -> int:
        with self._lock:
            self._expire(self.clock())
            return len(self._queue)


def _on_scheduler(op: str, name: str, owner: str, lease_seconds: float, dask_scheduler=None):
    """Runs inside the Dask scheduler: one ``RunSlots`` per ``name`` whose capacity follows the
    worker threads the scheduler has now (workers joining from other hosts raise it)."""
    tables = dask_scheduler.__dict__.setdefault("_rnn_explorer_slots", {})
    capacity = sum(ws.nthreads for ws in dask_scheduler.workers.values())
    table = tables.get(name)
    if table is None:
        table = tables[name] = RunSlots(capacity, lease_seconds)
    table.capacity = capacity
    granted = False
    if op == "acquire":
        granted = table.acquire(owner)
    elif op == "release":
        table.release(owner)
    return {
        "granted": granted,
        "position": table.position(owner) if owner else 0,
        "capacity": capacity,
        "busy": table.busy(),
        "waiting": table.waiting(),
    }


class ClusterSlots:
    """``RunSlots``'s interface for replicas sharing one scheduler: every call is one round trip
    to the table on the scheduler (about a millisecond), so every replica sees the same cap, the
    same leases and the same line."""

    def __init__(self, name: str = "training", lease_seconds: float = 5.0):
        self.name = name
        self.lease_seconds = lease_seconds
        self.capacity = pool_size()  # replaced by the scheduler's count on the first answer
        self._positions: dict[str, int] = {}

    def _call(self, op: str, owner: str = "") -> dict:
        answer = workers.client().run_on_scheduler(
            _on_scheduler, op, self.name, owner, self.lease_seconds
        )
        self.capacity = answer["capacity"]
        return answer

    def acquire(self, owner: str) -> bool:
        answer = self._call("acquire", owner)
        if answer["position"]:
            self._positions[owner] = answer["position"]
        else:
            self._positions.pop(owner, None)
        return answer["granted"]

    def position(self, owner: str) -> int:
        """The place ``owner`` had in the line at its last ``acquire`` (0: not waiting)."""
        return self._positions.get(owner, 0)

    def release(self, owner: str) -> None:
        self._positions.pop(owner, None)
        self._call("release", owner)

    def busy(self) -> int:
        return self._call("count")["busy"]

    def waiting(self) -> int:
        return self._call("count")["waiting"]


SLOTS = (
    ClusterSlots() if os.environ.get(workers.ENV_SCHEDULER, "").strip() else RunSlots(pool_size())
)


def train_group(
    trainers: list[TaskTrainer],
    seconds: float,
    targets: list[int | None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> None:
    """Train the unfinished ``trainers`` (each up to its target step) for about ``seconds``.

    Compared runs advance in step: the run with the fewest steps always trains next, a few steps
    at a time, so a fast model (the feed-forward one) does not race ahead of a slow one and the
    curves on the chart stay comparable at every moment. No step starts after ``seconds`` unless
    it is the first (a chunk overruns by at most one step); ``should_stop`` ends it sooner.
    """
    targets = targets or [None] * len(trainers)
    stop = should_stop or (lambda: False)

    def left(i: int) -> int:
        t, target = trainers[i], targets[i]
        if t.finished:
            return 0
        return t.config.max_steps if target is None else max(0, target - t.steps)

    active = [i for i in range(len(trainers)) if left(i)]
    if len(active) == 1:
        trainers[active[0]].run(max_steps=left(active[0]), max_seconds=seconds, should_stop=stop)
        return
    deadline = time.perf_counter() + seconds
    while active and not stop() and (rest := deadline - time.perf_counter()) > 0:
        behind = min(active, key=lambda i: trainers[i].steps)
        slice_ = min(STEP_SLICE, left(behind))
        trainers[behind].run(max_steps=slice_, max_seconds=rest, should_stop=stop)
        active = [i for i in active if left(i)]


class GroupJob:
    """A session's runs on a worker: built from the page's copies, trained chunk by chunk.

    ``advance`` returns, per run, only what the page does not have yet: new history and
    evaluation rows, the counters, the task's view and the hidden-state probe after a new
    evaluation, a text sample (language model), and the full state (``snapshot``) when the
    runs stop, finish, or every ``SNAPSHOT_SECONDS`` (so a reloaded page can restore them).
    """

    def __init__(self, parts: list[tuple[Task, TrainSettings, type[nn.Module], object, dict]]):
        torch.set_num_threads(1)
        self.trainers: list[TaskTrainer] = []
        self.sent: list[list[int]] = []  # rows of history and evals the page has
        for task, settings, model_class, model_config, state in parts:
            # A model built here, not unpickled: measured, an unpickled LSTM trained ~1.7x
            # slower per CPU-second than a freshly built one loading the same state.
            trainer = TaskTrainer(model_class(model_config), task, settings)
            trainer.load_state_dict(state)
            self.sent.append([len(trainer.history["step"]), len(trainer.evals["step"])])
            if not trainer.evals["step"]:
                trainer.evaluate()  # step 0: where the untrained model starts
            self.trainers.append(trainer)
        self.viewed = [-1] * len(self.trainers)  # evaluations whose view was sent
        self.sampled: list[tuple | None] = [None] * len(self.trainers)
        self.trained = [0] * len(self.trainers)  # steps taken in this job (the 1st is warm-up)
        self.snapshot_at = time.monotonic()
        self.too_slow = 0.0

    def advance(self, seconds: float, should_stop: Callable[[], bool], request: dict) -> dict:
        if request.get("since"):
            self.sent = [list(pair) for pair in request["since"]]
        if request.get("resume"):
            self.too_slow = 0.0
        before = [t.steps for t in self.trainers]
        if not self.too_slow:
            train_group(self.trainers, seconds, request.get("targets"), should_stop)
        for i, t in enumerate(self.trainers):
            self.trained[i] += t.steps - before[i]
            warm = self.trained[i] >= 2 or t.step_cpu_seconds > 2 * STEP_LIMIT
            if t.steps > before[i] and warm and t.step_cpu_seconds > STEP_LIMIT:
                self.too_slow = max(self.too_slow, t.step_cpu_seconds)
        targets = request.get("targets") or [None] * len(self.trainers)
        done = all(
            t.finished or (target is not None and t.steps >= target)
            for t, target in zip(self.trainers, targets, strict=True)
        )
        for t in self.trainers:  # a Step's target reached: measure where it stopped
            if done and t.steps and t.evals["step"] and t.evals["step"][-1] != t.steps:
                t.evaluate()
        stopped = should_stop() or bool(self.too_slow)
        snapshot = (
            stopped
            or done
            or request.get("snapshot")
            or time.monotonic() - self.snapshot_at >= SNAPSHOT_SECONDS
        )
        if snapshot:
            self.snapshot_at = time.monotonic()
        reports = [self._report(i, bool(snapshot), request) for i in range(len(self.trainers))]
        return {"runs": reports, "stopped": stopped, "done": done, "too_slow": self.too_slow}

    def _report(self, i: int, snapshot: bool, request: dict) -> dict:
        t = self.trainers[i]
        rows, evals = self.sent[i]
        out = {
            "history": {k: v[rows:] for k, v in t.history.items()},
            "evals": {k: v[evals:] for k, v in t.evals.items()},
            "counters": {
                "steps": t.steps,
                "seconds": t.seconds,
                "steps_per_second": t.steps_per_second,
                "step_seconds": t.step_seconds,
                "diverged": t.diverged,
            },
        }
        self.sent[i] = [len(t.history["step"]), len(t.evals["step"])]
        n_evals = len(t.evals["step"])
        if n_evals != self.viewed[i] or snapshot:
            self.viewed[i] = n_evals
            out["view"] = (n_evals, t.task.view(t.val_prediction))
            out["hidden"] = (t.steps, probe_hidden(t.model, t.task))
        sample = request.get("sample")
        if isinstance(t.task, CharLMTask) and sample is not None:
            key = (*sample, t.steps)
            if "view" in out or self.sampled[i] is None or self.sampled[i][:2] != tuple(sample):
                self.sampled[i] = key
                out["sample"] = (key, t.task.sample(t.model, 240, *sample))
        if snapshot:
            out["state"] = copy.deepcopy(t.state_dict())  # the weights move on after this
        return out
