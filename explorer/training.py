"""Live training, minGPT style: a ``Trainer`` that runs N steps (or N seconds) at a time and
reports through callbacks and its history. It knows nothing about Streamlit; the "Train live"
page calls ``train_tick`` from a fragment that reruns twice a second and draws the history.

Tasks wrap the generators in ``explorer.data`` behind one small interface (batches, loss,
baselines, a probe input and the task's own view), so one trainer trains them all:

* ``forecast``: one-step-ahead forecasting of a windowed series (many-to-one, MSE);
* ``charlm``: a character-level language model trained with truncated BPTT (many-to-many, CE);
* ``adding`` / ``copy``: the memory benchmarks of ``explorer.data.memory``;
* ``tagging``: named-entity tags that depend on later words (bidirectional helps).

Resource bounds: each run has a step cap and a training-seconds cap, and ``SLOTS`` caps how many
sessions train at the same moment on this server (the others wait, with a message).
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
import torch
from torch import nn

from explorer.baselines import (
    FeedForwardConfig,
    FeedForwardWindow,
    ar_predict,
    fit_ar,
    last_value_predict,
    mse,
)
from explorer.data import memory, series, tagging, text
from explorer.errors import InputError
from models.recurrent import CELLS, RecurrentConfig, RecurrentNet

TASKS = ("forecast", "charlm", "adding", "copy", "tagging")
OPTIMIZERS = ("sgd", "adam", "rmsprop")
MAX_STEPS = 20_000  # per run
MAX_SECONDS = 300.0  # training seconds per run
SESSION_SECONDS = 900.0  # training seconds per browser session, over all its runs
SESSION_RUNS = 12  # runs kept per session; the oldest finished or paused one makes room
EVAL_INTERVAL = 2.0  # seconds (wall clock) between validation passes of a run ...
EVAL_STEPS = 250  # ... or this many steps, whichever comes first (fast runs get enough points)
VAL_SIZE = 128  # validation sequences of the generated tasks (fresh seeds, never trained on)
STEP_SLICE = 5  # steps a compared run trains before the others get their turn
MIN_CHUNKS = 8  # charlm: truncated-BPTT chunks per stream and pass, at least
COPY_LENGTH = 10  # symbols to copy, as in Arjovsky et al. (2016)


# --- configuration ---------------------------------------------------------------------------


@dataclass
class TaskSpec:
    task: str = "adding"
    source: str = "sines_noise"  # forecast: one of series.SOURCES
    window: int = 20  # forecast: values the model sees
    length: int = 50  # adding problem: sequence length T
    delay: int = 20  # copy memory: delay T
    symbols: int = 4  # copy memory: alphabet size (8 in the paper; fewer learn faster on CPU)
    seed: int = 0


@dataclass
class ModelSpec:
    cell: str = "lstm"  # CELLS, or "mlp" (memoryless feed-forward, forecasting only)
    hidden_size: int = 32
    num_layers: int = 1
    bidirectional: bool = False
    dropout: float = 0.0


@dataclass
class TrainSettings:
    optimizer: str = "adam"
    lr: float = 1e-3
    batch_size: int = 32
    clip: float = 1.0  # max gradient norm; 0 switches clipping off
    bptt: int = 32  # charlm: truncated-BPTT length
    max_steps: int = 2000
    max_seconds: float = 120.0

    def __post_init__(self):
        self.max_steps = int(min(max(self.max_steps, 1), MAX_STEPS))
        self.max_seconds = float(min(max(self.max_seconds, 0.1), MAX_SECONDS))


# --- tasks -----------------------------------------------------------------------------------


class Task:
    """What a trainer needs from a task. Losses are means over predictions (MSE or nats)."""

    name = ""
    classification = False
    many_to_many = False
    stateful = False  # True: the state is carried between batches (truncated BPTT)
    allows_bidirectional = True
    input_size = 1
    vocab_size = 0
    output_size = 1

    def __init__(self, spec: TaskSpec):
        self.spec = spec
        self._val: tuple[torch.Tensor, torch.Tensor] | None = None

    def train_seed(self, step: int) -> list[int]:
        return [self.spec.seed, 0, step]  # validation uses [seed, 1]: never a training batch

    def val_seed(self) -> list[int]:
        return [self.spec.seed, 1]

    def train_batch(
        self, step: int, settings: TrainSettings
    ) -> tuple[torch.Tensor, torch.Tensor, bool]:
        """(x, y, fresh): ``fresh`` says the carried state must start from zero."""
        raise NotImplementedError

    def make_val(self) -> tuple[torch.Tensor, torch.Tensor]:
        raise NotImplementedError

    def val_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        if self._val is None:
            self._val = self.make_val()
        return self._val

    def loss(self, prediction: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        if self.classification:
            return nn.functional.cross_entropy(
                prediction.reshape(-1, prediction.shape[-1]),
                y.reshape(-1),
                ignore_index=tagging.IGNORE,
            )
        return nn.functional.mse_loss(prediction, y)

    def baselines(self) -> dict[str, float]:
        """Loss levels drawn as lines on the loss chart: name -> value."""
        return {}

    def metrics(self, prediction: torch.Tensor, y: torch.Tensor) -> dict[str, float]:
        """Task-specific numbers beside the validation loss."""
        return {}

    def probe(self) -> tuple[torch.Tensor, list[str]]:
        """One input for the hidden-state heatmap and a label per step."""
        x, _ = self.val_batch()
        return x[:1], [str(t) for t in range(x.shape[1])]

    def view(self, prediction: torch.Tensor) -> dict:
        """Data for the task's own figure, from the model's output on the validation batch
        (the one the last evaluation computed, so the view costs no extra forward pass)."""
        return {}

    def model_config(self, spec: ModelSpec) -> RecurrentConfig:
        return RecurrentConfig(
            cell=spec.cell,
            input_size=self.input_size,
            vocab_size=self.vocab_size,
            embedding_dim=16,
            hidden_size=spec.hidden_size,
            num_layers=spec.num_layers,
            bidirectional=spec.bidirectional and self.allows_bidirectional,
            dropout=spec.dropout,
            output_size=self.output_size,
            many_to_many=self.many_to_many,
        )


class ForecastTask(Task):
    name = "forecast"

    def __init__(self, spec: TaskSpec, values: np.ndarray | None = None):
        super().__init__(spec)
        raw = series.make_series(spec.source, spec.seed) if values is None else values
        self.data = series.ForecastData.build(raw, spec.window)
        wx, wy = self.data.train_windows()
        self.train_x = torch.tensor(wx, dtype=torch.float32).unsqueeze(-1)  # (N, window, 1)
        self.train_y = torch.tensor(wy, dtype=torch.float32).unsqueeze(-1)  # (N, 1)
        self.ar_order = min(spec.window, 10)
        self.ar = fit_ar(wx, wy, self.ar_order)

    def train_batch(self, step, settings):
        generator = torch.Generator().manual_seed(self.spec.seed * 1_000_003 + step)
        index = torch.randint(len(self.train_x), (settings.batch_size,), generator=generator)
        return self.train_x[index], self.train_y[index], True

    def make_val(self):
        vx, vy = self.data.val_windows()
        return torch.tensor(vx, dtype=torch.float32).unsqueeze(-1), torch.tensor(
            vy, dtype=torch.float32
        ).unsqueeze(-1)

    def baselines(self):
        vx, vy = self.data.val_windows()
        return {
            "last_value": mse(last_value_predict(vx), vy),
            "ar": mse(ar_predict(vx, self.ar), vy),
        }

    def view(self, prediction):
        x, y = self.val_batch()
        prediction = prediction[:, 0].numpy()
        vx = x[:, :, 0].numpy()
        scale = lambda v: np.round(np.asarray(v, dtype=float) * self.data.std + self.data.mean, 5)  # noqa: E731
        start = self.data.split
        history = self.data.series[max(0, start - 3 * self.spec.window) : start]
        return {
            "t_history": list(range(start - len(history), start)),
            "history": scale(history).tolist(),
            "t": list(range(start, start + len(y))),
            "truth": scale(y[:, 0].numpy()).tolist(),
            "model": scale(prediction).tolist(),
            "last_value": scale(last_value_predict(vx)).tolist(),
            "ar": scale(ar_predict(vx, self.ar)).tolist(),
            "ar_order": self.ar_order,
        }


class CharLMTask(Task):
    name = "charlm"
    classification = True
    many_to_many = True
    stateful = True
    allows_bidirectional = False  # reading from the right would see the answer

    def __init__(self, spec: TaskSpec, corpus: str | None = None):
        super().__init__(spec)
        self.text = text.DEFAULT_TEXT if corpus is None else corpus
        self.vocab = text.CharVocab.from_text(self.text)
        self.ids = self.vocab.encode(self.text)
        self.split = int(len(self.ids) * 0.9)
        self.vocab_size = self.output_size = len(self.vocab)
        self._streams: dict[int, torch.Tensor] = {}
        self._ngram: tuple[int, float] | None = None

    def streams(self, batch_size: int, bptt: int) -> torch.Tensor:
        """The training text cut into parallel streams: (B, L).

        B is the batch size, but at most as many streams as leave each one ``MIN_CHUNKS`` chunks
        of ``bptt`` characters: on a few-KB text, 32 streams of 150 characters would hardly
        carry any state from chunk to chunk.
        """
        streams = max(1, min(batch_size, (self.split - 1) // (MIN_CHUNKS * bptt)))
        if streams not in self._streams:
            length = self.split // streams
            data = torch.from_numpy(self.ids[: length * streams])
            self._streams[streams] = data.view(streams, length)
        return self._streams[streams]

    def train_batch(self, step, settings):
        data = self.streams(settings.batch_size, settings.bptt)
        bptt = max(2, min(settings.bptt, data.shape[1] - 1))
        chunks = (data.shape[1] - 1) // bptt
        i = step % chunks
        x = data[:, i * bptt : (i + 1) * bptt]
        y = data[:, i * bptt + 1 : (i + 1) * bptt + 1]
        return x, y, i == 0  # a new pass over the text starts from a zero state

    def make_val(self):
        ids = torch.from_numpy(self.ids)
        return ids[self.split - 1 : -1].unsqueeze(0), ids[self.split :].unsqueeze(0)  # (1, L)

    def ngram(self) -> tuple[int, float]:
        if self._ngram is None:
            self._ngram = text.best_ngram(
                self.ids[: self.split], self.ids[self.split :], len(self.vocab)
            )
        return self._ngram

    def baselines(self):
        return {"uniform": math.log(len(self.vocab)), "ngram": self.ngram()[1]}

    def metrics(self, prediction, y):
        loss = self.loss(prediction, y).item()
        return {"perplexity": math.exp(min(loss, 50.0))}

    def probe(self):
        x, _ = self.val_batch()
        x = x[:, :120]
        return x, list(self.vocab.decode(x[0]))

    def sample(
        self, model: nn.Module, length: int = 200, temperature: float = 0.8, seed: int = 0
    ) -> str:
        """Generate ``length`` characters, primed with the first characters of the validation text."""
        generator = torch.Generator().manual_seed(seed)
        prime = torch.from_numpy(self.ids[self.split : self.split + 8]).unsqueeze(0)
        was_training = model.training
        model.eval()
        out = []
        with torch.no_grad():
            logits, state = model(prime)
            for _ in range(length):
                probs = torch.softmax(logits[0, -1] / max(temperature, 1e-3), dim=-1)
                char = torch.multinomial(probs, 1, generator=generator)
                out.append(int(char))
                logits, state = model(char.view(1, 1), state)
        model.train(was_training)
        return self.vocab.decode(prime[0]) + self.vocab.decode(out)

    def view(self, prediction):
        return {"prime_length": 8}


class AddingTask(Task):
    name = "adding"
    input_size = 2

    def train_batch(self, step, settings):
        batch = memory.adding_problem(settings.batch_size, self.spec.length, self.train_seed(step))
        return batch.x, batch.y, True

    def make_val(self):
        batch = memory.adding_problem(VAL_SIZE, self.spec.length, self.val_seed())
        return batch.x, batch.y

    def baselines(self):
        return {"mean": memory.ADDING_BASELINE_MSE}

    def view(self, prediction):
        _, y = self.val_batch()
        return {
            "truth": np.round(y[:, 0].numpy(), 4).tolist(),
            "model": np.round(prediction[:, 0].numpy(), 4).tolist(),
        }

    def probe(self):
        x, _ = self.val_batch()
        marks = x[0, :, 1].tolist()
        return x[:1], [("★" if m else "") + str(t) for t, m in enumerate(marks)]


class CopyTask(Task):
    name = "copy"
    classification = True
    many_to_many = True

    def __init__(self, spec: TaskSpec):
        super().__init__(spec)
        self.vocab_size = self.output_size = spec.symbols + 2  # symbols, blank, delimiter

    def _batch(self, n, seed):
        return memory.copy_memory(
            n, self.spec.delay, seed, n_symbols=self.spec.symbols, copy_length=COPY_LENGTH
        )

    def train_batch(self, step, settings):
        batch = self._batch(settings.batch_size, self.train_seed(step))
        return batch.x, batch.y, True

    def make_val(self):
        batch = self._batch(VAL_SIZE, self.val_seed())
        return batch.x, batch.y

    def baselines(self):
        return {
            "memoryless": memory.copy_memory_baseline(
                self.spec.delay, self.spec.symbols, COPY_LENGTH
            )
        }

    def metrics(self, prediction, y):
        copied = prediction[:, -COPY_LENGTH:].argmax(-1) == y[:, -COPY_LENGTH:]
        return {"copy_accuracy": copied.float().mean().item()}

    def view(self, prediction):
        x, _ = self.val_batch()
        return {
            "shown": x[:4, :COPY_LENGTH].tolist(),
            "recalled": prediction[:4, -COPY_LENGTH:].argmax(-1).tolist(),
            "symbols": self.spec.symbols,
        }


class TaggingTask(Task):
    name = "tagging"
    classification = True
    many_to_many = True
    vocab_size = len(tagging.WORDS)
    output_size = len(tagging.TAGS)

    def train_batch(self, step, settings):
        batch = tagging.tagging_batch(settings.batch_size, self.train_seed(step))
        return batch.x, batch.y, True

    def make_val(self):
        self.val_tags = tagging.tagging_batch(VAL_SIZE, self.val_seed())
        return self.val_tags.x, self.val_tags.y

    def baselines(self):
        self.val_batch()
        return {"left_to_right": tagging.left_to_right_floor(self.val_tags)}

    def metrics(self, prediction, y):
        self.val_batch()
        hit = prediction.argmax(-1) == y
        return {"ambiguous_accuracy": hit[self.val_tags.ambiguous].float().mean().item()}

    def probe(self):
        x, _ = self.val_batch()
        row = int(self.val_tags.ambiguous.any(dim=1).nonzero()[0])
        n = int((x[row] != 0).sum())  # without the padding
        return x[row : row + 1, :n], [tagging.WORDS[i] for i in x[row, :n].tolist()]

    def view(self, prediction):
        x, y = self.val_batch()
        rows = self.val_tags.ambiguous.any(dim=1).nonzero()[:5, 0]
        probs = torch.softmax(prediction[rows], dim=-1)
        sentences = []
        for k, row in enumerate(rows.tolist()):
            n = int((x[row] != 0).sum())
            sentences.append(
                {
                    "words": [tagging.WORDS[i] for i in x[row, :n].tolist()],
                    "truth": [tagging.TAGS[i] for i in y[row, :n].tolist()],
                    "predicted": [tagging.TAGS[i] for i in probs[k, :n].argmax(-1).tolist()],
                    "confidence": np.round(probs[k, :n].max(-1).values.numpy(), 3).tolist(),
                }
            )
        return {"sentences": sentences}


def make_task(spec: TaskSpec, upload: np.ndarray | str | None = None) -> Task:
    """The task for ``spec``; ``upload`` is a validated CSV column (forecast) or text (charlm)."""
    if spec.task == "forecast":
        return ForecastTask(spec, upload if spec.source == "csv" else None)
    if spec.task == "charlm":
        return CharLMTask(spec, upload)
    if spec.task == "adding":
        return AddingTask(spec)
    if spec.task == "copy":
        return CopyTask(spec)
    if spec.task == "tagging":
        return TaggingTask(spec)
    raise ValueError(f"unknown task {spec.task!r}; choose from {', '.join(TASKS)}")


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


def make_optimizer(name: str, parameters, lr: float) -> torch.optim.Optimizer:
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


# --- the trainer -----------------------------------------------------------------------------


class Trainer:
    """Trains ``model`` on ``task`` a chunk at a time; ``history`` and ``evals`` hold every report.

    Callbacks: ``add_callback("on_step_end", fn)`` and ``add_callback("on_eval", fn)``; each
    ``fn(trainer)``.
    """

    def __init__(self, model: nn.Module, task: Task, settings: TrainSettings):
        self.model = model
        self.task = task
        self.settings = settings
        self.optimizer = make_optimizer(settings.optimizer, model.parameters(), settings.lr)
        self.steps = 0
        self.seconds = 0.0  # training wall time, summed over chunks
        self.history: dict[str, list[float]] = {
            "step": [],
            "loss": [],
            "grad_norm": [],
            "grad_norm_clipped": [],
        }
        self.evals: dict[str, list[float]] = defaultdict(list)
        self.callbacks: dict[str, list[Callable]] = defaultdict(list)
        self.state = None
        self.diverged = False
        self.val_prediction: torch.Tensor | None = None
        self.steps_per_second = 0.0
        self._evaluated_at = -math.inf  # wall clock: compared runs share it, each gets a slice

    def add_callback(self, event: str, fn: Callable[[Trainer], None]) -> None:
        self.callbacks[event].append(fn)

    def _fire(self, event: str) -> None:
        for fn in self.callbacks[event]:
            fn(self)

    @property
    def finished(self) -> bool:
        return (
            self.diverged
            or self.steps >= self.settings.max_steps
            or self.seconds >= self.settings.max_seconds
        )

    def step(self) -> float:
        """One optimisation step; returns the training loss."""
        x, y, fresh = self.task.train_batch(self.steps, self.settings)
        state = None if (fresh or not self.task.stateful) else self.state
        self.model.train()
        prediction, final = self.model(x, state)
        if self.task.stateful:
            self.state = detach_state(final)
        loss = self.task.loss(prediction, y)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if self.settings.clip > 0:
            # Exploding gradients: rescale the whole gradient when its norm exceeds the threshold.
            norm = float(nn.utils.clip_grad_norm_(self.model.parameters(), self.settings.clip))
            clipped = norm * min(
                1.0, self.settings.clip / (norm + 1e-6)
            )  # what clip_grad_norm_ leaves
        else:
            norm = float(
                nn.utils.get_total_norm(
                    [p.grad for p in self.model.parameters() if p.grad is not None]
                )
            )
            clipped = norm
        self.optimizer.step()
        value = loss.item()
        self.steps += 1
        h = self.history
        h["step"].append(self.steps)
        h["loss"].append(value)
        h["grad_norm"].append(norm)
        h["grad_norm_clipped"].append(clipped)
        if not math.isfinite(value):
            self.diverged = True
        self._fire("on_step_end")
        return value

    def run(self, max_steps: int | None = None, max_seconds: float | None = None) -> int:
        """Train until ``max_steps`` more steps, ``max_seconds`` more seconds, or a cap; returns steps done."""
        started = time.perf_counter()
        done, step_time = 0, 0.0  # the last step's duration: do not start one that would overrun
        while not self.finished and (max_steps is None or done < max_steps):
            elapsed = time.perf_counter() - started
            if max_seconds is not None and done and elapsed + step_time > max_seconds:
                break
            if self.seconds + elapsed >= self.settings.max_seconds:
                break
            self.step()
            step_time = time.perf_counter() - started - elapsed
            done += 1
        elapsed = time.perf_counter() - started
        self.seconds += elapsed
        if done:
            rate = done / elapsed if elapsed > 0 else 0.0
            # Smoothed: compared runs train in slices of a few steps, each too short to time alone.
            self.steps_per_second = (
                rate if not self.steps_per_second else 0.8 * self.steps_per_second + 0.2 * rate
            )
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


# --- server-wide cap on simultaneous training --------------------------------------------------


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


# --- runs: what the page keeps in the session ----------------------------------------------------


@dataclass
class Run:
    label: str
    task_spec: TaskSpec
    model_spec: ModelSpec
    settings: TrainSettings
    trainer: Trainer
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
        _, tr = model.traced(x)
    d = model.directions
    top = tr.hidden[-d:, 0]  # (D, T, H)
    return torch.cat(list(top), dim=-1).T.numpy(), labels  # (D*H, T)


def new_run(
    task: Task, model_spec: ModelSpec, settings: TrainSettings, label: str, color: str
) -> Run:
    model = build_model(task, model_spec, task.spec.seed)
    trainer = Trainer(model, task, settings)
    trainer.evaluate()  # step 0: where the untrained model starts
    return Run(label, task.spec, model_spec, settings, trainer, color)


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


REFRESH_SECONDS = 0.5  # the page's fragment reruns this often while training


def chunk_seconds(drawing_seconds: float) -> float:
    """Training time per refresh: what is left of the refresh period after drawing the charts,
    so the charts keep their rate on a busy machine (between 0.25 s and 0.45 s)."""
    return min(0.45, max(0.25, REFRESH_SECONDS - 0.02 - drawing_seconds))


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


# --- download and upload ------------------------------------------------------------------------


def run_checkpoint(run: Run) -> tuple[dict, dict, dict]:
    """(config, state_dict, metrics) for ``explorer.checkpoints.checkpoint_bytes``."""
    model = run.trainer.model
    config = {
        "kind": "rnn-explorer/train",
        "task": asdict(run.task_spec),
        "model": model.config.to_dict(),
        "settings": asdict(run.settings),
    }
    if isinstance(run.task, CharLMTask):
        config["vocab"] = list(run.task.vocab.chars)
    metrics = {"steps": run.trainer.steps, "val_loss": run.trainer.last("val_loss")}
    return config, {k: v.detach().clone() for k, v in model.state_dict().items()}, metrics


def restore_run(payload: dict, task: Task, label: str, color: str) -> Run:
    """A run from an uploaded checkpoint (see ``explorer.checkpoints.load_checkpoint``), for ``task``.

    Refuses, with a message, a checkpoint for another task, another vocabulary or another input
    shape, and weights whose names or shapes do not match the model its config describes.
    """
    config = payload["config"]
    if config.get("kind") != "rnn-explorer/train" or not isinstance(config.get("model"), dict):
        raise InputError("train.upload_not_ours")
    task_name = config.get("task", {}).get("task")
    if task_name != task.name:
        raise InputError("train.upload_other_task", theirs=str(task_name), ours=task.name)
    if isinstance(task, CharLMTask) and list(config.get("vocab", [])) != list(task.vocab.chars):
        raise InputError("train.upload_vocab")
    values = config["model"]
    try:
        if values.get("cell") == "mlp":
            model: nn.Module = FeedForwardWindow(FeedForwardConfig.from_dict(values))
            spec = ModelSpec("mlp", int(values["hidden_size"]), int(values["num_layers"]))
            if values.get("window") != task.spec.window:
                raise InputError(
                    "train.upload_shapes",
                    detail=f"window {values.get('window')} ≠ {task.spec.window}",
                )
        else:
            model_config = RecurrentConfig.from_dict(values)
            expected = task.model_config(
                ModelSpec(
                    model_config.cell,
                    model_config.hidden_size,
                    model_config.num_layers,
                    model_config.bidirectional,
                    model_config.dropout,
                )
            )
            for key in ("input_size", "vocab_size", "output_size", "many_to_many"):
                if getattr(model_config, key) != getattr(expected, key):
                    detail = f"{key} {getattr(model_config, key)} ≠ {getattr(expected, key)}"
                    raise InputError("train.upload_shapes", detail=detail)
            model = RecurrentNet(model_config)
            spec = ModelSpec(
                model_config.cell,
                model_config.hidden_size,
                model_config.num_layers,
                model_config.bidirectional,
                model_config.dropout,
            )
    except (TypeError, ValueError, KeyError) as error:
        if isinstance(error, InputError):
            raise
        raise InputError("train.upload_shapes", detail=str(error)[:120]) from error
    own = model.state_dict()
    theirs = payload["state_dict"]
    if set(own) != set(theirs):
        missing = sorted(set(own) ^ set(theirs))[:3]
        raise InputError("train.upload_shapes", detail=f"weights {', '.join(missing)}")
    for key, tensor in own.items():
        if tuple(theirs[key].shape) != tuple(tensor.shape):
            raise InputError(
                "train.upload_shapes",
                detail=f"{key} {tuple(theirs[key].shape)} ≠ {tuple(tensor.shape)}",
            )
        if not torch.isfinite(theirs[key]).all():
            raise InputError("train.upload_shapes", detail=f"{key} has NaN/inf")
    model.load_state_dict(theirs)
    settings = TrainSettings(
        **{
            k: v
            for k, v in config.get("settings", {}).items()
            if k in TrainSettings.__dataclass_fields__
        }
    )
    trainer = Trainer(model, task, settings)
    trainer.evaluate()
    run = Run(label, task.spec, spec, settings, trainer, color, uploaded=True)
    return run


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
