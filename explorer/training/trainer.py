"""The Trainer, minGPT style: it trains a model for N steps (or until a time budget) from a batch
function and a loss function it is given, and reports through callbacks and its ``history``.

It knows nothing about tasks, pages or Streamlit. Everything it holds is plain (a model, an
optimiser, counters, lists of floats), and ``state_dict`` / ``load_state_dict`` move a run
between processes, so a worker can train a chunk of steps and ship the progress back.

    trainer = Trainer(model, get_batch, loss_fn, TrainerConfig(lr=1e-2, max_steps=500))
    trainer.add_callback("on_batch_end", lambda t: print(t.steps, t.loss))
    trainer.run(max_seconds=0.4)  # one chunk; call again to continue
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import torch
from torch import nn

OPTIMIZERS = ("sgd", "adam", "rmsprop")
EVENTS = ("on_after_backward", "on_batch_end", "on_chunk_end")

# get_batch(step) -> (x, y) or (x, y, fresh): ``fresh`` False carries the last state in (truncated BPTT)
BatchFn = Callable[[int], tuple]
LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]  # (prediction, y) -> mean loss
# forward(model, x, state) -> (prediction, final state); default: model(x, state)
ForwardFn = Callable[[nn.Module, torch.Tensor, object], tuple[torch.Tensor, object]]


@dataclass
class TrainerConfig:
    optimizer: str = "adam"  # one of OPTIMIZERS
    lr: float = 1e-3
    clip: float = 1.0  # max gradient norm; 0 switches clipping off
    max_steps: int = 2000  # the run's budget: ``finished`` once either is used up
    max_seconds: float = math.inf


def make_optimizer(name: str, parameters: Iterable, lr: float) -> torch.optim.Optimizer:
    if name == "sgd":
        return torch.optim.SGD(parameters, lr=lr)
    if name == "adam":
        return torch.optim.Adam(parameters, lr=lr)
    if name == "rmsprop":
        return torch.optim.RMSprop(parameters, lr=lr)
    raise ValueError(f"unknown optimiser {name!r}; choose from {', '.join(OPTIMIZERS)}")


def detach_state(state):
    """Cut the graph behind a carried state (truncated BPTT): gradients stop at the chunk boundary,
    otherwise every step would backpropagate through the whole text read so far."""
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


def _forward(model: nn.Module, x: torch.Tensor, state: object) -> tuple[torch.Tensor, object]:
    return model(x, state)


class Trainer:
    """Trains ``model`` a chunk at a time. ``history`` holds one entry per step: the step number,
    the loss, and the gradient norm before and after clipping.

    Callbacks, each ``fn(trainer)``: ``on_after_backward`` between ``loss.backward()`` and
    clipping (the gradients of the weights the forward pass used), ``on_batch_end`` after every
    optimiser step (``trainer.batch``,
    ``trainer.prediction`` and ``trainer.loss`` are that step's), ``on_chunk_end`` after each
    ``run`` that took at least one step.
    """

    def __init__(
        self,
        model: nn.Module,
        get_batch: BatchFn,
        loss_fn: LossFn,
        config: TrainerConfig,
        forward: ForwardFn | None = None,
    ):
        self.model = model
        self.get_batch = get_batch
        self.loss_fn = loss_fn
        self.config = config
        self.forward = forward or _forward
        self.optimizer = make_optimizer(config.optimizer, model.parameters(), config.lr)
        self.steps = 0
        self.seconds = 0.0  # training wall time, summed over chunks
        self.steps_per_second = 0.0
        self.step_seconds = 0.0  # wall time of the latest step (a chunk's deadline uses it)
        # CPU time of the latest step, in this thread (torch runs one thread per worker): what
        # refuses too-slow settings, so a busy machine (a niced worker waits) refuses nothing more.
        self.step_cpu_seconds = 0.0
        self.diverged = False  # a non-finite loss stops the run
        self.history: dict[str, list[float]] = {
            "step": [],
            "loss": [],
            "grad_norm": [],
            "grad_norm_clipped": [],
        }
        self.state = None  # carried between batches that are not ``fresh``
        self.batch: tuple = ()
        self.prediction: torch.Tensor | None = None
        self.loss: torch.Tensor | None = None
        self.callbacks: dict[str, list[Callable]] = defaultdict(list)

    def add_callback(self, event: str, fn: Callable[[Trainer], None]) -> None:
        if event not in EVENTS:
            raise ValueError(f"unknown event {event!r}; choose from {', '.join(EVENTS)}")
        self.callbacks[event].append(fn)

    def _fire(self, event: str) -> None:
        for fn in self.callbacks[event]:
            fn(self)

    @property
    def finished(self) -> bool:
        c = self.config
        return self.diverged or self.steps >= c.max_steps or self.seconds >= c.max_seconds

    def step(self) -> float:
        """One optimisation step; returns the training loss."""
        self.batch = x, y, *rest = self.get_batch(self.steps)
        fresh = rest[0] if rest else True
        self.model.train()
        self.prediction, final = self.forward(self.model, x, None if fresh else self.state)
        self.state = detach_state(final)
        self.loss = self.loss_fn(self.prediction, y)
        self.optimizer.zero_grad(set_to_none=True)
        self.loss.backward()
        self._fire("on_after_backward")  # gradients ready, weights not yet stepped
        params = [p for p in self.model.parameters() if p.grad is not None]
        total = nn.utils.get_total_norm([p.grad for p in params])
        norm = clipped = float(total)
        if self.config.clip > 0:
            # Exploding gradients: rescale the whole gradient when its norm exceeds the threshold.
            nn.utils.clip_grads_with_norm_(params, self.config.clip, total)
            clipped = norm * min(1.0, self.config.clip / (norm + 1e-6))  # what clipping leaves
        self.optimizer.step()
        value = self.loss.item()
        self.steps += 1
        h = self.history
        h["step"].append(self.steps)
        h["loss"].append(value)
        h["grad_norm"].append(norm)
        h["grad_norm_clipped"].append(clipped)
        if not math.isfinite(value):
            self.diverged = True
        self._fire("on_batch_end")
        return value

    def run(
        self,
        max_steps: int | None = None,
        max_seconds: float | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> int:
        """Train ``max_steps`` more steps, ``max_seconds`` more seconds, or up to the budget;
        returns the steps done. A step that would overrun ``max_seconds`` is not started, and
        ``should_stop()`` is asked before every step (a pause takes effect within one step)."""
        started = time.perf_counter()
        done, step_time = 0, 0.0
        while not self.finished and (max_steps is None or done < max_steps):
            elapsed = time.perf_counter() - started
            if max_seconds is not None and done and elapsed + step_time > max_seconds:
                break
            if self.seconds + elapsed >= self.config.max_seconds:
                break
            if should_stop is not None and should_stop():
                break
            cpu = time.thread_time()
            self.step()
            self.step_cpu_seconds = time.thread_time() - cpu
            step_time = self.step_seconds = time.perf_counter() - started - elapsed
            done += 1
        elapsed = time.perf_counter() - started
        self.seconds += elapsed
        if done:
            rate = done / elapsed if elapsed > 0 else 0.0
            # Smoothed: compared runs train in slices of a few steps, each too short to time alone.
            old = self.steps_per_second
            self.steps_per_second = 0.8 * old + 0.2 * rate if old else rate
            self._fire("on_chunk_end")
        return done

    def state_dict(self) -> dict:
        """Everything needed to continue this run elsewhere (tensors and plain values only)."""
        return {
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "counters": {
                "steps": self.steps,
                "seconds": self.seconds,
                "steps_per_second": self.steps_per_second,
                "step_seconds": self.step_seconds,
                "diverged": self.diverged,
            },
            "history": {key: list(values) for key, values in self.history.items()},
            "state": self.state,
        }

    def load_state_dict(self, saved: dict) -> None:
        self.model.load_state_dict(saved["model"])
        self.optimizer.load_state_dict(saved["optimizer"])
        for key, value in saved["counters"].items():
            setattr(self, key, value)
        self.history = {key: list(values) for key, values in saved["history"].items()}
        self.state = saved["state"]
