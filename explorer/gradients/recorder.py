"""Gradients during training: a vanilla tanh RNN and an LSTM learn the adding problem with the same
budget, data and seed, and ||dLoss/dh_t|| is recorded at every training step.

Training is ``explorer.training.trainer.Trainer`` (the fused modules, fast). ``GradientRecorder``
is its callback: on ``on_after_backward`` it carries the loss gradient that reached the last
state, dLoss/dh_{T-1}, back to every h_t with ``explorer.bptt``. Progress lives in a plain
``TrainingState``, so the page can train (and cache) one chunk of steps per rerun.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import torch
from torch import nn

from explorer import bptt
from explorer.data.memory import ADDING_BASELINE_MSE, adding_problem
from explorer.errors import InputError
from explorer.training.trainer import Trainer, TrainerConfig
from models.init import set_forget_bias_
from models.recurrent import RecurrentConfig, RecurrentNet

MAX_TRAINING_STEPS = 1000


@dataclass(frozen=True)
class TrainingConfig:
    """A vanilla tanh RNN and an LSTM trained with the same budget, data and seed on the adding
    problem; ||dLoss/dh_t|| is recorded at every training step."""

    length: int = 50
    hidden_size: int = 32
    steps: int = 800  # the LSTM leaves the 1/6 plateau after ~500-700 steps (seeds 0-2)
    batch: int = 64
    lr: float = 1e-2
    seed: int = 0
    forget_bias: float = 1.0  # LSTM forget-gate bias (PyTorch's default is about 0)
    chunk: int = 25  # training steps per chunk (the page shows progress between chunks)
    models: tuple[str, ...] = ("rnn_tanh", "lstm")


@dataclass
class TrainingState:
    step: int
    trainers: dict[str, dict]  # model -> Trainer.state_dict() (weights, Adam state, history)
    grad_norms: dict[str, list] = field(default_factory=dict)  # model -> per step (T,) arrays
    losses: dict[str, list] = field(default_factory=dict)  # model -> per step training MSE
    test_mse: dict[str, float] = field(default_factory=dict)  # after the last step, fresh data

    @property
    def baseline(self) -> float:
        return ADDING_BASELINE_MSE


class GradientRecorder:
    """The Trainer callback that records batch-mean ||dLoss/dh_t|| (T,) at every training step.

    ``forward`` is the Trainer's forward function for a ``RecurrentNet``: the fused recurrent
    layer, then the head on the last state, whose gradient is kept. ``on_after_backward`` (before
    the optimiser moves the weights) carries that gradient back through time with ``bptt``.
    """

    def __init__(self):
        self.norms: list[np.ndarray] = []
        self.output: torch.Tensor | None = None  # (B, T, H) of the current step
        self.h_last: torch.Tensor | None = None  # (B, H)

    def forward(self, net: RecurrentNet, x: torch.Tensor, state=None):
        self.output, _ = net.rnn(x, state)
        self.h_last = self.output[:, -1]
        self.h_last.retain_grad()
        return net.head(self.h_last), None

    def on_after_backward(self, trainer: Trainer) -> None:
        x = trainer.batch[0]
        grad_last = self.h_last.grad.numpy()
        result = bptt.adjoint(trainer.model.rnn, x, grad_last=grad_last, states=self.output)
        self.norms.append(result.hidden_norms().astype(np.float32))


def build_net(config: TrainingConfig, cell: str) -> RecurrentNet:
    torch.manual_seed(config.seed)  # same initial seed for every model
    net = RecurrentNet(RecurrentConfig(cell=cell, input_size=2, hidden_size=config.hidden_size))
    if cell == "lstm":
        set_forget_bias_(net.rnn, config.forget_bias)
    return net


def training_batch(config: TrainingConfig, step: int) -> tuple[torch.Tensor, torch.Tensor]:
    batch = adding_problem(config.batch, config.length, seed=config.seed * 1_000_003 + step)
    return batch.x, batch.y


def _trainer(config: TrainingConfig, cell: str, recorder: GradientRecorder) -> Trainer:
    settings = TrainerConfig(optimizer="adam", lr=config.lr, clip=0.0, max_steps=config.steps)
    trainer = Trainer(
        build_net(config, cell),
        partial(training_batch, config),
        nn.functional.mse_loss,
        settings,
        forward=recorder.forward,
    )
    trainer.add_callback("on_after_backward", recorder.on_after_backward)
    return trainer


def start_training(config: TrainingConfig) -> TrainingState:
    if not 1 <= config.steps <= MAX_TRAINING_STEPS:
        raise InputError("gradients.err_steps", hi=MAX_TRAINING_STEPS)
    trainers = {
        cell: _trainer(config, cell, GradientRecorder()).state_dict() for cell in config.models
    }
    return TrainingState(
        0, trainers, {c: [] for c in config.models}, {c: [] for c in config.models}
    )


def train_chunk(
    config: TrainingConfig, state: TrainingState, n: int | None = None
) -> TrainingState:
    """Advance every model by up to ``n`` steps (default: one chunk); returns a new state and
    leaves ``state`` as it was."""
    n = config.chunk if n is None else n
    stop = min(config.steps, state.step + n)
    new = TrainingState(stop, {}, {c: list(v) for c, v in state.grad_norms.items()}, {})
    for cell in config.models:
        recorder = GradientRecorder()
        trainer = _trainer(config, cell, recorder)
        trainer.load_state_dict(copy.deepcopy(state.trainers[cell]))
        trainer.run(max_steps=stop - state.step)
        new.grad_norms[cell].extend(recorder.norms)
        new.losses[cell] = list(trainer.history["loss"])
        new.trainers[cell] = trainer.state_dict()
        if stop == config.steps:
            new.test_mse[cell] = evaluate(trainer.model, config)
    return new


def evaluate(net: RecurrentNet, config: TrainingConfig, n: int = 1000) -> float:
    """Test MSE on freshly generated sequences (a seed never used in training)."""
    batch = adding_problem(n, config.length, seed=10**9 + config.seed)
    with torch.no_grad():
        return float(nn.functional.mse_loss(net(batch.x)[0], batch.y))


def training_chunks(config: TrainingConfig) -> int:
    """How many ``train_chunk`` calls reach ``config.steps``."""
    return math.ceil(config.steps / config.chunk)


class RecorderJob:
    """The two recorded models as a job on a training worker (``explorer.training.workers``):
    ``advance`` trains both in step for one chunk and reports only the new rows."""

    def __init__(self, config: TrainingConfig):
        torch.set_num_threads(1)
        if not 1 <= config.steps <= MAX_TRAINING_STEPS:
            raise InputError("gradients.err_steps", hi=MAX_TRAINING_STEPS)
        self.config = config
        self.recorders = {cell: GradientRecorder() for cell in config.models}
        self.trainers = {
            cell: _trainer(config, cell, self.recorders[cell]) for cell in config.models
        }
        self.sent = dict.fromkeys(config.models, 0)

    def advance(self, seconds: float, should_stop, request: dict) -> dict:
        from explorer.training.slots import train_group

        if request.get("since") is not None:
            self.sent = dict(request["since"])
        trainers = list(self.trainers.values())
        before = sum(t.seconds for t in trainers)
        train_group(trainers, seconds, None, should_stop)
        done = all(t.finished for t in trainers)
        report = {
            "grad_norms": {},
            "losses": {},
            "seconds": sum(t.seconds for t in trainers) - before,
            "done": done,
            "stopped": should_stop(),
            "too_slow": 0.0,
        }
        for cell, trainer in self.trainers.items():
            start = self.sent[cell]
            report["grad_norms"][cell] = self.recorders[cell].norms[start:]
            report["losses"][cell] = trainer.history["loss"][start:]
            self.sent[cell] = trainer.steps
        if done:
            report["test_mse"] = {
                c: evaluate(t.model, self.config) for c, t in self.trainers.items()
            }
        return report


def progress_state(config: TrainingConfig, reports: list[dict]) -> TrainingState:
    """The training so far, from a job's reports (weights stay on the worker)."""
    norms = {c: [] for c in config.models}
    losses = {c: [] for c in config.models}
    test_mse: dict[str, float] = {}
    for report in reports:
        for cell in config.models:
            norms[cell].extend(report["grad_norms"][cell])
            losses[cell].extend(report["losses"][cell])
        test_mse.update(report.get("test_mse", {}))
    step = min(len(v) for v in losses.values())
    return TrainingState(step, {}, norms, losses, test_mse)


_FINISHED: dict[TrainingConfig, TrainingState] = {}
FINISHED_KEPT = 32  # finished trainings kept for every session of this server (students share)


def finished(config: TrainingConfig) -> TrainingState | None:
    return _FINISHED.get(config)


def remember(config: TrainingConfig, state: TrainingState) -> TrainingState:
    """Keep a finished training for every session that asks for the same settings."""
    _FINISHED.pop(config, None)
    _FINISHED[config] = state
    while len(_FINISHED) > FINISHED_KEPT:
        _FINISHED.pop(next(iter(_FINISHED)))
    return state
