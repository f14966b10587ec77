"""Runs: a model training on a task, as the Train-live page keeps them in a session.

``TaskTrainer`` is the task-free ``Trainer`` given a task's batches and loss, plus validation
on data never trained on (``evals``, every ``EVAL_INTERVAL`` seconds or ``EVAL_STEPS`` steps).
``Run`` adds a label, a colour and cached views; the functions below turn runs into the
tables and curves the page draws.
"""

from __future__ import annotations

import math
import time
import uuid
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
    KEPT_RUNS,
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

    def run(
        self,
        max_steps: int | None = None,
        max_seconds: float | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> int:
        """``Trainer.run``, then a validation pass when one is due, the run finished, or the call
        had no time limit (a few steps on request)."""
        done = super().run(max_steps, max_seconds, should_stop)
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

    def state_dict(self) -> dict:
        return {**super().state_dict(), "evals": {k: list(v) for k, v in self.evals.items()}}

    def load_state_dict(self, saved: dict) -> None:
        super().load_state_dict(saved)
        self.evals = defaultdict(list, {k: list(v) for k, v in saved.get("evals", {}).items()})

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
    key: str = field(default_factory=lambda: uuid.uuid4().hex)  # names the run in the store
    # What a worker sent besides the numbers: "view" (evaluations, view), "hidden" (steps,
    # probe), "sample" ((temperature, seed, steps), text). ``trainer`` mirrors the worker's run.
    remote: dict = field(default_factory=dict)
    saved: dict | None = None  # the latest full state a worker sent (weights, optimiser, history)
    too_slow: float = 0.0  # seconds one step took, when that was over the limit (run refused)
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

    def _val_prediction(self) -> torch.Tensor:
        t = self.trainer
        if t.val_prediction is None:  # a run restored from the store: one forward pass
            x, _ = self.task.val_batch()
            t.model.eval()
            with torch.no_grad():
                t.val_prediction = t.model(x)[0]
        return t.val_prediction

    def _remote(self, name: str, now: object) -> tuple | None:
        """What the worker sent as ``name`` if it is current: made at ``now`` (steps or
        evaluations) or the run still trains (the next one is on its way)."""
        value = self.remote.get(name)
        if value is not None and (value[0] == now or self.remote.get("training")):
            return value
        return None

    def view(self) -> dict:
        """The task's view after the latest evaluation (the worker's, while it trains)."""
        evals = len(self.trainer.evals["step"])
        if (remote := self._remote("view", evals)) is not None:
            return remote[1]
        compute = lambda: self.task.view(self._val_prediction())  # noqa: E731
        return self.cached("view", compute, evals, math.inf)

    def hidden(self) -> tuple[np.ndarray, list[str]] | None:
        if (remote := self._remote("hidden", self.trainer.steps)) is not None:
            return remote[1]
        return self.cached(
            "hidden", lambda: probe_hidden(self.trainer.model, self.task), None, EVAL_INTERVAL
        )

    def sample(self, temperature: float, seed: int) -> str:
        task = self.task
        if not isinstance(task, CharLMTask):
            return ""
        remote = self._remote("sample", (temperature, seed, self.trainer.steps))
        if remote is not None and remote[0][:2] == (temperature, seed):
            return remote[1]
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
    task: Task,
    model_spec: ModelSpec,
    settings: TrainSettings,
    label: str,
    color: str,
    evaluate: bool = True,
) -> Run:
    """A fresh run; ``evaluate`` measures step 0 here (a worker does it when False)."""
    model = build_model(task, model_spec, task.spec.seed)
    trainer = TaskTrainer(model, task, settings)
    if evaluate:
        trainer.evaluate()  # step 0: where the untrained model starts
    return Run(label, task.spec, model_spec, settings, trainer, color)


GATES = {"rnn_tanh": 1, "rnn_relu": 1, "gru": 3, "lstm": 4}


def estimate_step_seconds(task: Task, spec: ModelSpec, settings: TrainSettings) -> float:
    """An optimistic guess of one training step's seconds on one core, from sizes alone.

    Forward and backward cost about 3 x 2 multiply-adds per weight per sequence position; this
    machine's single core does at best ~1.2e11 of those floating-point operations a second (large
    batches; small ones are slower), plus ~20 us of overhead per position, layer and direction.
    Settings over the step limit even by this guess are refused before any model is built;
    the worker measures the real step and refuses the rest (``STEP_LIMIT``).
    """
    x = task.train_batch(0, settings)[0]
    batch, length = x.shape[0], x.shape[1]
    if spec.cell == "mlp":
        return 0.0
    config = task.model_config(spec)
    directions = 2 if config.bidirectional else 1
    features = config.embedding_dim if config.vocab_size else config.input_size
    weights = 0
    for layer in range(spec.num_layers):
        inputs = features if layer == 0 else spec.hidden_size * directions
        weights += (
            directions * GATES.get(spec.cell, 4) * spec.hidden_size * (inputs + spec.hidden_size)
        )
    flops = 6.0 * batch * length * weights
    return flops / 1.2e11 + 3 * 20e-6 * length * spec.num_layers * directions


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
    """Append ``run``. Past ``SESSION_RUNS`` the oldest paused runs make room; finished runs are
    small and stay (up to ``KEPT_RUNS``, then the oldest finished go); training runs always stay.
    Returns the dropped, for the page to name them."""
    runs.append(run)
    dropped = []
    while len(runs) > SESSION_RUNS:
        idle = [r for r in runs if r not in active and r is not run]
        paused = [r for r in idle if not r.trainer.finished]
        oldest = paused[0] if paused else idle[0] if idle and len(runs) > KEPT_RUNS else None
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
