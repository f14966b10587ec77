"""One browser session's runs on the Train-live page: which runs exist, which train now, which
were compared together, and how much of the session's training budget is used.

The page keeps one ``TrainSession`` in its session state and only renders it: buttons call
``start``, ``pause``, ``step``, ``compare``, ``reset`` and ``upload``; the live charts call
``tick`` once per refresh. Training itself runs on a worker process (``explorer.training.workers``):
``tick`` submits chunks through the session's slot and applies what the finished chunks report
to the page's copy of each run (``Run.trainer`` mirrors the worker's trainer).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from explorer.errors import InputError
from explorer.training.checkpoint_io import restore_run
from explorer.training.runs import (
    Run,
    estimate_step_seconds,
    keep_run,
    new_run,
    session_seconds,
    status,
)
from explorer.training.slots import SLOTS, GroupJob, RunSlots
from explorer.training.specs import (
    CHUNK_SECONDS,
    SESSION_RUNS,
    SESSION_SECONDS,
    STEP_LIMIT,
    ModelSpec,
    TrainSettings,
)
from explorer.training.store import RunStore, default_store, new_token
from explorer.training.tasks import Task
from explorer.training.workers import Lane

MAX_FAILURES = 3  # lost chunks in a row before the error is shown
SESSION_KEY = "training_session"  # where a browser session keeps its TrainSession


@dataclass(eq=False)
class SideJob:
    """A training job of another page (the Gradients page's recorded training). It goes through
    the session's slot, queue and time budget exactly like the runs; ``reports`` is its progress."""

    build: Callable
    lane: Lane = field(default_factory=Lane)
    reports: list[dict] = field(default_factory=list)
    done: bool = False


@dataclass(eq=False)
class TrainSession:
    colors: Sequence[str] = ("#1f77b4",)  # run n gets colors[n % len(colors)]
    slots: RunSlots = SLOTS
    owner: str = field(default_factory=lambda: uuid.uuid4().hex)  # this session's slot lease
    runs: list[Run] = field(default_factory=list)  # oldest first; the page shows the last
    active: list[Run] = field(default_factory=list)  # training now
    group: list[Run] = field(default_factory=list)  # started (or compared) together last time
    count: int = 0  # runs made so far: numbers the labels
    spent: float = 0.0  # training seconds of runs no longer kept (and of other pages' jobs)
    loaded: str | None = None  # id of the last uploaded file that became a run
    lane: Lane = field(default_factory=Lane)  # the worker job training ``group``
    lane_runs: list[Run] = field(default_factory=list)  # the runs of that job, in its order
    targets: list[int] | None = None  # Step: the step each run of the group stops at
    sample: tuple[float, int] | None = None  # (temperature, seed) of the language model's text
    refused: float = 0.0  # seconds per step of the settings refused last (0: none)
    dropped: list[str] = field(default_factory=list)  # labels of runs forgotten to make room
    store: RunStore | None = None  # where the runs are kept across reloads (under ``token``)
    token: str = field(default_factory=new_token)
    position: int = 0  # place in the queue for a training slot (0: not waiting)
    failures: int = 0
    _changed: set[str] = field(default_factory=set)

    # --- the budget ---

    @property
    def seconds_used(self) -> float:
        return self.spent + session_seconds(self.runs)

    @property
    def exhausted(self) -> bool:
        """The session trained ``SESSION_SECONDS`` over all its runs: no new training."""
        return self.seconds_used >= SESSION_SECONDS

    @property
    def busy(self) -> bool:
        """Runs train (or wait for a slot): the page refreshes its charts."""
        return bool(self.active)

    # --- which runs ---

    def _label(self, name: str) -> tuple[str, str]:
        """The next run's label and colour (``count`` moves on once that run exists)."""
        n = self.count + 1
        return f"#{n} {name}", self.colors[n % len(self.colors)]

    def _keep(self, *runs: Run) -> None:
        """Keep ``runs``. Past ``SESSION_RUNS`` the oldest runs that are neither training nor
        finished make room (their training time still counts); finished runs are small and stay,
        and whatever is dropped is named in ``dropped`` for the page to say so."""
        self.dropped = []
        for run in runs:
            for gone in keep_run(self.runs, run, [*self.active, *runs]):
                self.dropped.append(gone.label)
                self.forget(gone)
            self._changed.add(run.key)

    def forget(self, run: Run) -> None:
        self.spent += run.trainer.seconds
        for runs in (self.runs, self.active, self.group):
            if run in runs:
                runs.remove(run)

    def _too_slow(self, task: Task, model_spec: ModelSpec, settings: TrainSettings) -> bool:
        """Refuse settings whose one step would take more than ``STEP_LIMIT`` s even by the
        optimistic estimate (the worker measures the real step of the others)."""
        guess = estimate_step_seconds(task, model_spec, settings)
        self.refused = guess if guess > STEP_LIMIT else 0.0
        return bool(self.refused)

    def _new(self, task: Task, model_spec: ModelSpec, settings: TrainSettings, name: str) -> Run:
        label, color = self._label(name)
        self.count += 1
        return new_run(task, model_spec, settings, label, color, evaluate=False)

    def add(self, task: Task, model_spec: ModelSpec, settings: TrainSettings, name: str) -> Run:
        """A new run, labelled ``#n name`` (its step 0 is measured on the worker)."""
        run = self._new(task, model_spec, settings, name)
        self._keep(run)
        return run

    def resumable(self, task: Task, model_spec: ModelSpec, settings: TrainSettings) -> list[Run]:
        """The runs that Start (or Step) continues instead of starting a new one: the last group,
        if its newest run is unfinished, on this task and with these settings (a compared
        group ignores the cell chosen; an uploaded run ignores the settings)."""
        last = self.runs[-1] if self.runs else None
        if last is None or last.trainer.finished or last.task is not task or last.too_slow:
            return []
        mine = last.model_spec
        if len(self.group) > 1:
            mine = replace(mine, cell=model_spec.cell)
        if not last.uploaded and (mine, last.settings) != (model_spec, settings):
            return []
        return [r for r in self.runs if r in self.group and not r.trainer.finished]

    def shown(self) -> Run | None:
        """The run whose numbers and views the page shows: the newest training one, else the last."""
        return self.active[-1] if self.active else self.runs[-1] if self.runs else None

    def status(self, run: Run) -> str:
        return status(run, run in self.active)

    # --- what the buttons do ---

    def _train(self, group: list[Run], targets: list[int] | None) -> None:
        """Train ``group`` from now on (a new job when the group changed)."""
        if group != self.lane_runs:
            self._settle()
            self.lane.drop()
            self.lane, self.lane_runs = Lane(), list(group)
        self.group, self.active, self.targets = group, list(group), targets
        self.lane.epoch += 1  # chunks stopped by an earlier pause stay stopped, new ones train
        for run in group:
            run.remote["training"] = True

    def _group_for(
        self, task: Task, model_spec: ModelSpec, settings: TrainSettings, name: str
    ) -> list[Run] | None:
        group = self.resumable(task, model_spec, settings)
        if group:
            self.refused = 0.0
            return group
        if self._too_slow(task, model_spec, settings):
            return None
        return [self.add(task, model_spec, settings, name)]

    def start(self, task: Task, model_spec: ModelSpec, settings: TrainSettings, name: str) -> None:
        group = self._group_for(task, model_spec, settings, name)
        if group:
            self._train(group, None)

    def pause(self) -> None:
        self.active, self.targets = [], None
        self._settle()
        self.slots.release(self.owner)  # let a waiting session start now
        self.position = 0
        self.save()

    def _settle(self) -> None:
        """Stop the job within one step and apply its last reports (with the full state)."""
        for report in self.lane.stop():
            self._apply(report)
        for run in self.lane_runs:
            run.remote["training"] = False

    def step(
        self, task: Task, model_spec: ModelSpec, settings: TrainSettings, name: str, n: int = 10
    ) -> None:
        """``n`` steps of the resumable group (or of a new run), then paused."""
        group = self._group_for(task, model_spec, settings, name)
        if group:
            self._train(group, [run.trainer.steps + n for run in group])

    def compare(
        self,
        task: Task,
        model_spec: ModelSpec,
        settings: TrainSettings,
        names: dict[str, str],
    ) -> None:
        """One new run per cell in ``names`` (cell -> label name), same task and budget, trained
        side by side."""
        specs = {cell: replace(model_spec, cell=cell) for cell in names}
        slowest = max(estimate_step_seconds(task, spec, settings) for spec in specs.values())
        self.refused = slowest if slowest > STEP_LIMIT else 0.0
        if self.refused:
            return
        group = [self._new(task, specs[cell], settings, name) for cell, name in names.items()]
        self._keep(*group)  # together: one new run never pushes out its siblings
        self._train(group, None)

    def reset(self) -> None:
        self.pause()
        self.lane.drop()
        self.lane_runs = []
        for run in list(self.runs):
            self.forget(run)
        self.save()

    def upload(self, payload: dict, task: Task, file_id: str, name: str = "⬆") -> Run:
        """A run from an uploaded checkpoint (raises ``InputError`` when it does not fit)."""
        run = restore_run(payload, task, *self._label(name))
        self.count += 1
        self._keep(run)
        self.loaded, self.group = file_id, [run]
        self.save()
        return run

    # --- the live refresh ---

    def _request(self) -> dict:
        first = not self.lane.pending
        since = [
            (len(r.trainer.history["step"]), len(r.trainer.evals["step"])) for r in self.lane_runs
        ]
        return {"targets": self.targets, "sample": self.sample, "since": since if first else None}

    def _build(self) -> partial:
        parts = [
            (run.task, run.settings, type(t.model), t.model.config, t.state_dict())
            for run in self.lane_runs
            if (t := run.trainer)
        ]
        return partial(GroupJob, parts)

    def tick(self) -> str:
        """One refresh: apply the chunks that ended, then keep the worker fed. Returns "idle"
        (nothing active), "waiting" (no slot free: see ``position``), "running", "finished"
        (the active runs reached their cap or the Step target) or "refused" (a step was
        measured over ``STEP_LIMIT``; see ``refused``)."""
        refused_before, was_active = self.refused, bool(self.active)
        for report in self.lane.poll():
            self._apply(report)
        if self.refused and not refused_before:
            self.pause()
            return "refused"
        if not self.active:
            return "finished" if was_active else "idle"
        if self.exhausted or all(r.trainer.finished for r in self.active):
            self.pause()
            return "finished"
        if not self.slots.acquire(self.owner):
            self.position = self.slots.position(self.owner)
            return "waiting"
        self.position = 0
        for _ in range(self.lane.wants()):
            build = None if self.lane.worker else self._build()
            self.lane.submit(build, self._request(), CHUNK_SECONDS)
        return "running"

    def tick_job(self, job: SideJob) -> str:
        """``tick`` for a ``SideJob``: "finished", "waiting", "running" or "exhausted"."""
        for report in job.lane.poll():
            if "missing" in report:  # lost with its worker: it starts again from scratch
                self.failures += 1
                if self.failures > MAX_FAILURES:
                    self.failures = 0
                    raise InputError("workers.lost", detail=report["missing"])
                job.reports.clear()
                continue
            self.failures = 0
            job.reports.append(report)
            self.spent += report["seconds"]
            if report["done"]:
                job.done = True
                self.slots.release(self.owner)
        if job.done:
            return "finished"
        if self.exhausted:
            job.lane.stop()
            self.slots.release(self.owner)
            return "exhausted"
        if not self.slots.acquire(self.owner):
            self.position = self.slots.position(self.owner)
            return "waiting"
        self.position = 0
        for _ in range(job.lane.wants()):
            build = None if job.lane.worker else job.build
            job.lane.submit(build, {}, CHUNK_SECONDS)
        return "running"

    def _apply(self, report: dict) -> None:
        if "missing" in report:  # the worker lost the job: go on from the last full state
            self.failures += 1
            if self.failures > MAX_FAILURES:
                self.failures = 0
                self.active = []
                raise InputError("workers.lost", detail=report["missing"])
            for run in self.lane_runs:
                if run.saved is not None:
                    run.trainer.load_state_dict(run.saved)
            return
        self.failures = 0
        for run, part in zip(self.lane_runs, report["runs"], strict=True):
            apply_report(run, part)
            if "state" in part:
                self._changed.add(run.key)
        if report["too_slow"]:
            self.refused = report["too_slow"]
            for run in self.lane_runs:
                run.too_slow = report["too_slow"]
        if report["done"] and self.active == self.lane_runs:
            self.active, self.targets = [], None
            self.slots.release(self.owner)
            for run in self.lane_runs:
                run.remote["training"] = False
        if self._changed:
            self.save()

    # --- kept across reloads ---

    def save(self) -> None:
        """Write the runs that changed to the store (under ``token``)."""
        if self.store is None:
            return
        self.store.save(self.token, self.runs, self.count, self.spent, set(self._changed))
        self._changed.clear()

    def restore(self, token: str, tasks=None) -> int:
        """Copy the runs filed under ``token`` into this (new) session; returns how many. The
        session keeps its own token: a shared link gives a copy, never the same runs."""
        if self.store is None:
            return 0
        runs, count, spent = self.store.load(token, tasks)
        if not runs:
            return 0
        self.runs, self.count, self.spent = runs[-SESSION_RUNS:], count, spent
        self.group = [self.runs[-1]]
        self._changed = {run.key for run in self.runs}
        self.save()
        return len(runs)


def browser_session(state: MutableMapping, colors: Sequence[str] | None = None) -> TrainSession:
    """The browser session's ``TrainSession`` (made on first use; runs kept in the default store)."""
    session = state.get(SESSION_KEY)
    if session is None:
        session = state[SESSION_KEY] = TrainSession(store=default_store())
    if colors and tuple(session.colors) != tuple(colors):
        session.colors = colors
    return session


def apply_report(run: Run, part: dict) -> None:
    """Bring the page's copy of ``run`` up to what one chunk's report says."""
    t = run.trainer
    for key, values in part["history"].items():
        t.history[key].extend(values)
    for key, values in part["evals"].items():
        t.evals[key].extend(values)
    for key, value in part["counters"].items():
        setattr(t, key, value)
    for name in ("view", "hidden", "sample"):
        if name in part:
            run.remote[name] = part[name]
    if "state" in part:
        t.load_state_dict(part["state"])
        run.saved = part["state"]
        run.remote["saved_steps"] = t.steps
