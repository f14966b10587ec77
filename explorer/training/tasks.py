"""The five Train-live tasks behind one small interface (batches, loss, baselines, a probe input
and the task's own view), wrapping the generators in ``explorer.data``:

* ``forecast``: one-step-ahead forecasting of a windowed series (many-to-one, MSE);
* ``charlm``: a character-level language model trained with truncated BPTT (many-to-many, CE);
* ``adding`` / ``copy``: the memory benchmarks of ``explorer.data.memory``;
* ``tagging``: named-entity tags that depend on later words (bidirectional helps).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from explorer.baselines import ar_predict, fit_ar, last_value_predict, mse
from explorer.data import memory, series, tagging, text
from explorer.errors import InputError
from explorer.training.specs import (
    COPY_LENGTH,
    MIN_CHUNKS,
    TASKS,
    VAL_SIZE,
    ModelSpec,
    TaskSpec,
    TrainSettings,
)
from models.recurrent import RecurrentConfig


class Task:
    """What a trainer needs from a task. Losses are means over predictions (MSE or nats)."""

    name = ""
    classification = False
    many_to_many = False
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
        """(x, y, fresh): ``fresh`` False carries the last batch's final state in (truncated
        BPTT, the language model); True starts from a zero state."""
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
    allows_bidirectional = False  # reading from the right would see the answer

    def __init__(self, spec: TaskSpec, corpus: str | None = None):
        super().__init__(spec)
        self.text = text.DEFAULT_TEXT if corpus is None else corpus
        if len(self.text) < text.MIN_TEXT_CHARS:  # an empty upload never trains on nothing
            raise InputError(
                "train.text_too_short", chars=len(self.text), needed=text.MIN_TEXT_CHARS
            )
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
