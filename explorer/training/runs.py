"""Runs: a model training on a task, as the Train-live page keeps them in a session.

``TaskTrainer`` is the task-free ``Trainer`` given a task's batches and loss, plus validation
on data never trained on (``evals``, every ``EVAL_INTERVAL`` seconds or ``EVAL_STEPS`` steps).
``Run`` adds a label, a colour and cached views; the functions below turn runs into the
tables and curves the page draws.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
import torch
from torch import nn

from explorer.baselines import FeedForwardConfig, FeedForwardWindow
from explorer.errors import InputError
from explorer.training.specs import (
    EVAL_INTERVAL,
    EVAL_STEPS,
    SESSION_RUNS,
    ModelSpec,
    TaskSpec,
    TrainSettings,
)
from explorer.training.tasks import CharLMTask, Task
from explorer.training.trainer import Trainer
from models.recurrent import CELLS, RecurrentNet


class TaskTrainer(Trainer):
    """A ``Trainer`` on ``task`` with ``settings``; ``evals`` holds every validation report.

    Callbacks: those of ``Trainer`` and ``on_eval`` after each validation pass.
    """

    def __init__(self, model: nn.Module, task: Task, settings: TrainSettings):
        batches = partial(task.train_batch, settings=settings)
        super().__init__(model, batches, task.loss, settings.trainer_config())
        self.task = task
        self.settings = settings
        self.evals: dict[str, list[float]] = defaultdict(list)
        self.val_prediction: torch.Tensor | None = None
        self._evaluated_at = -math.inf  # wall clock: compared runs share it, each gets a slice

    def add_callback(self, event: str, fn: Callable[[Trainer], None]) -> None:
        if event == "on_eval":
            self.callbacks[event].append(fn)
        else:
            super().add_callback(event, fn)

    def run(self, max_steps: int | None = None, max_seconds: float | None = None) -> int:
        """``Trainer.run``, then a validation pass when one is due, the run finished, or the call
        had no time limit (a few steps on request)."""
        done = super().run(max_steps, max_seconds)
        if done:
            last = self.evals["step"][-1] if self.evals["step"] else 0
            due = (
                time.monotonic() - self._evaluated_at >= EVAL_INTERVAL
                or self.steps - last >= EVAL_STEPS
            )
            if due or self.finished or max_seconds is None:
                self.evaluate()
        return done

    def evaluate(self) -> dict[str, float]:
        """Validation loss (and the task's metrics) on data never used for training."""
        x, y = self.task.val_batch()
        self.model.eval()
        with torch.no_grad():
            prediction = self.model(x)[0]
            result = {
                "val_loss": self.task.loss(prediction, y).item(),
                **self.task.metrics(prediction, y),
            }
        self.val_prediction = prediction  # the task's view is drawn from it
        self.model.train()
        e = self.evals
        e["step"].append(self.steps)
        e["seconds"].append(round(self.seconds, 3))
        e["steps_per_s"].append(round(self.steps_per_second, 2))
        for key, value in result.items():
            e[key].append(value)
        self._evaluated_at = time.monotonic()
        self._fire("on_eval")
        return result

    def last(self, key: str, default: float = math.nan) -> float:
        values = self.evals.get(key) or self.history.get(key)
        return values[-1] if values else default


def build_model(task: Task, spec: ModelSpec, seed: int) -> nn.Module:
    """A freshly initialised model for ``task``; the same seed gives the same weights."""
    torch.manual_seed(seed)
    if spec.cell == "mlp":
        if task.name != "forecast":
            raise InputError("train.mlp_forecast_only")
        return FeedForwardWindow(
            FeedForwardConfig(task.spec.window, spec.hidden_size, spec.num_layers, spec.dropout)
        )
    if spec.cell not in CELLS:
        raise ValueError(f"unknown cell {spec.cell!r}")
    return RecurrentNet(task.model_config(spec))


@dataclass(eq=False)  # runs are compared by identity: two runs are never "the same run"
class Run:
    label: str
    task_spec: TaskSpec
    model_spec: ModelSpec
    settings: TrainSettings
    trainer: TaskTrainer
    color: str = "#1f77b4"
    uploaded: bool = False
    _cache: dict = field(default_factory=dict)

    @property
    def task(self) -> Task:
        return self.trainer.task

    def cached(
        self,
        name: str,
        compute: Callable[[], object],
        key: object = None,
        min_interval: float = 1.0,
    ):
        """``compute()``, redone only when training moved on (at most every ``min_interval`` s) or
        ``key`` changed: keeps the views cheap while the charts refresh twice a second."""
        now = time.monotonic()
        steps = self.trainer.steps
        old = self._cache.get(name)
        if old is not None:
            old_steps, old_key, at, value = old
            fresh = old_key == key and (
                old_steps == steps or (now - at < min_interval and not self.trainer.finished)
            )
            if fresh:
                return value
        value = compute()
        self._cache[name] = (steps, key, now, value)
        return value

    def view(self) -> dict:
        """The task's view after the latest evaluation."""
        t = self.trainer
        evals = len(t.evals["step"])
        return self.cached("view", lambda: self.task.view(t.val_prediction), evals, math.inf)

    def hidden(self) -> tuple[np.ndarray, list[str]] | None:
        return self.cached(
            "hidden", lambda: probe_hidden(self.trainer.model, self.task), None, EVAL_INTERVAL
        )

    def sample(self, temperature: float, seed: int) -> str:
        task = self.task
        if not isinstance(task, CharLMTask):
            return ""
        return self.cached(
            "sample",
            lambda: task.sample(self.trainer.model, 240, temperature, seed),
            key=(temperature, seed),
            min_interval=2.0,
        )


def probe_hidden(model: nn.Module, task: Task) -> tuple[np.ndarray, list[str]] | None:
    """The top layer's hidden states on the task's probe input: ((D*H, T), a label per step).

    A bidirectional model's backward units follow its forward units. None for the feed-forward model.
    """
    if not isinstance(model, RecurrentNet):
        return None
    x, labels = task.probe()
    with torch.no_grad():
        _, trace = model.traced(x)
    d = model.directions
    top = trace.hidden[-d:, 0]  # (D, T, H)
    return torch.cat(list(top), dim=-1).T.numpy(), labels  # (D*H, T)


def new_run(
    task: Task, model_spec: ModelSpec, settings: TrainSettings, label: str, color: str
) -> Run:
    model = build_model(task, model_spec, task.spec.seed)
    trainer = TaskTrainer(model, task, settings)
    trainer.evaluate()  # step 0: where the untrained model starts
    return Run(label, task.spec, model_spec, settings, trainer, color)


def runs_table(runs: list[Run]) -> pd.DataFrame:
    """One row per run: the final metrics, the size and cost of each model."""
    rows = []
    for run in runs:
        t = run.trainer
        row = {
            "run": run.label,
            "task": run.task_spec.task,
            "model": run.model_spec.cell,
            "parameters": sum(p.numel() for p in t.model.parameters()),
            "steps": t.steps,
            "wall_s": round(t.seconds, 1),
            "steps_per_s": round(t.steps_per_second, 1),
            "train_loss": round(float(np.mean(t.history["loss"][-20:])), 4)
            if t.history["loss"]
            else math.nan,
            "val_loss": round(t.last("val_loss"), 4),
        }
        for key in ("perplexity", "copy_accuracy", "ambiguous_accuracy"):
            if key in t.evals:
                row[key] = round(t.last(key), 3)
        row["status"] = "diverged" if t.diverged else "finished" if t.finished else "paused"
        rows.append(row)
    return pd.DataFrame(rows)


def session_seconds(runs: list[Run]) -> float:
    return sum(r.trainer.seconds for r in runs)


def keep_run(runs: list[Run], run: Run, active: list[Run] = ()) -> list[Run]:
    """Append ``run``; past ``SESSION_RUNS`` drop the oldest runs not training. Returns the dropped."""
    runs.append(run)
    dropped = []
    while len(runs) > SESSION_RUNS:
        oldest = next((r for r in runs if r not in active and r is not run), None)
        if oldest is None:
            break
        runs.remove(oldest)
        dropped.append(oldest)
    return dropped


def loss_curves(runs: list[Run]) -> list[dict]:
    """The loss chart's input: per run its label, colour, training and validation curves."""
    return [
        {
            "label": r.label,
            "color": r.color,
            "steps": r.trainer.history["step"],
            "loss": r.trainer.history["loss"],
            "val_steps": r.trainer.evals["step"],
            "val_loss": r.trainer.evals["val_loss"],
        }
        for r in runs
    ]


def evals_frame(runs: list[Run]) -> pd.DataFrame:
    """Every validation measurement of ``runs`` (for the loss chart's data download)."""
    return pd.concat([pd.DataFrame(dict(r.trainer.evals)).assign(run=r.label) for r in runs])


def status(run: Run, active: bool) -> str:
    t = run.trainer
    if t.diverged:
        return "diverged"
    if t.finished:
        return "finished"
    return "running" if active else "paused"


def progress(run: Run) -> float:
    """How much of its budget (steps or seconds, whichever is nearer) a run has used, 0..1."""
    t, s = run.trainer, run.settings
    return min(1.0, max(t.steps / s.max_steps, t.seconds / s.max_seconds))
