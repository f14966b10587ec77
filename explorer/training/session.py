"""One browser session's runs on the Train-live page: which runs exist, which train now, which
were compared together, and how much of the session's training budget is used.

The page keeps one ``TrainSession`` in its session state and only renders it: buttons call
``start``, ``pause``, ``step``, ``compare``, ``reset`` and ``upload``; the live charts call
``tick`` once per refresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from explorer.training.checkpoint_io import restore_run
from explorer.training.runs import Run, keep_run, new_run, session_seconds, status
from explorer.training.slots import SLOTS, RunSlots, chunk_seconds, train_tick
from explorer.training.specs import SESSION_SECONDS, ModelSpec, TrainSettings
from explorer.training.tasks import Task


@dataclass(eq=False)
class TrainSession:
    colors: Sequence[str]  # run n gets colors[n % len(colors)]
    slots: RunSlots = SLOTS
    owner: str = field(default_factory=lambda: uuid.uuid4().hex)  # this session's slot lease
    runs: list[Run] = field(default_factory=list)  # oldest first; the page shows the last
    active: list[Run] = field(default_factory=list)  # training now
    group: list[Run] = field(default_factory=list)  # started (or compared) together last time
    count: int = 0  # runs made so far: numbers the labels
    spent: float = 0.0  # training seconds of runs no longer kept
    loaded: str | None = None  # id of the last uploaded file that became a run
    draw_seconds: float = 0.05  # how long the page took to draw its charts last refresh

    # --- the budget ---

    @property
    def seconds_used(self) -> float:
        return self.spent + session_seconds(self.runs)

    @property
    def exhausted(self) -> bool:
        """The session trained ``SESSION_SECONDS`` over all its runs: no new training."""
        return self.seconds_used >= SESSION_SECONDS

    # --- which runs ---

    def _label(self, name: str) -> tuple[str, str]:
        """The next run's label and colour (``count`` moves on once that run exists)."""
        n = self.count + 1
        return f"#{n} {name}", self.colors[n % len(self.colors)]

    def _keep(self, run: Run) -> None:
        """Keep ``run``; past ``SESSION_RUNS`` the oldest runs not training are forgotten (their
        training time still counts against the budget)."""
        for dropped in keep_run(self.runs, run, self.active):
            self.forget(dropped)

    def forget(self, run: Run) -> None:
        self.spent += run.trainer.seconds
        for runs in (self.runs, self.active, self.group):
            if run in runs:
                runs.remove(run)

    def add(self, task: Task, model_spec: ModelSpec, settings: TrainSettings, name: str) -> Run:
        """A new run, labelled ``#n name``."""
        label, color = self._label(name)
        run = new_run(task, model_spec, settings, label, color)
        self.count += 1
        self._keep(run)
        return run

    def resumable(self, task: Task, model_spec: ModelSpec, settings: TrainSettings) -> list[Run]:
        """The runs that Start (or Step) continues instead of starting a new one: the last group,
        if its newest run is unfinished, on this task and with these settings (a compared
        group ignores the cell chosen; an uploaded run ignores the settings)."""
        last = self.runs[-1] if self.runs else None
        if last is None or last.trainer.finished or last.task is not task:
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

    def start(self, task: Task, model_spec: ModelSpec, settings: TrainSettings, name: str) -> None:
        group = self.resumable(task, model_spec, settings)
        self.group = group or [self.add(task, model_spec, settings, name)]
        self.active = list(self.group)

    def pause(self) -> None:
        self.active = []
        self.slots.release(self.owner)  # let a waiting session start now

    def step(
        self, task: Task, model_spec: ModelSpec, settings: TrainSettings, name: str, n: int = 10
    ) -> None:
        """``n`` steps of the resumable group (or of a new run), then paused."""
        group = self.resumable(task, model_spec, settings)
        self.group = group or [self.add(task, model_spec, settings, name)]
        self.active = []
        for run in self.group:
            run.trainer.run(max_steps=n)

    def compare(
        self,
        task: Task,
        model_spec: ModelSpec,
        settings: TrainSettings,
        names: dict[str, str],
    ) -> None:
        """One new run per cell in ``names`` (cell -> label name), same task and budget, trained
        side by side."""
        self.group = [
            self.add(task, replace(model_spec, cell=cell), settings, name)
            for cell, name in names.items()
        ]
        self.active = list(self.group)

    def reset(self) -> None:
        for run in list(self.runs):
            self.forget(run)

    def upload(self, payload: dict, task: Task, file_id: str, name: str = "⬆") -> Run:
        """A run from an uploaded checkpoint (raises ``InputError`` when it does not fit)."""
        run = restore_run(payload, task, *self._label(name))
        self.count += 1
        self._keep(run)
        self.loaded, self.group = file_id, [run]
        return run

    # --- the live refresh ---

    def tick(self) -> str:
        """Train the active runs for one refresh: "idle" (nothing active), "waiting" (no server
        slot free), "running" or "finished" (all active runs hit a cap; nothing active now)."""
        if not self.active:
            return "idle"
        result = train_tick(self.active, self.owner, chunk_seconds(self.draw_seconds), self.slots)
        if result == "finished":
            self.active = []
        return result
