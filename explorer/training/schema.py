"""What a Train-live checkpoint's config may contain: every field, its type and the range the page
allows (the same ranges as ``explorer.views.train``; ``tests/test_checkpoint_schema.py`` keeps
them equal).

``validate_config`` checks a whole uploaded config before anything is built from it, and the
expected weight shapes come from the validated config on PyTorch's meta device (no memory is
allocated), so a checkpoint that asks for a huge model or batch is refused at no cost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import torch

from explorer.baselines import FeedForwardConfig, FeedForwardWindow
from explorer.data import series, tagging, text
from explorer.errors import InputError
from explorer.training.specs import MAX_SECONDS, MAX_STEPS, TASKS
from explorer.training.trainer import OPTIMIZERS
from models.recurrent import CELLS, RecurrentConfig, RecurrentNet

KIND = "rnn-explorer/train"
MAX_VOCAB = max(text.MAX_VOCAB, len(tagging.WORDS))  # the largest vocabulary any task has


@dataclass(frozen=True)
class Int:
    low: int
    high: int
    clamp: bool = False  # True: a value outside [low, high] is moved to the nearer end

    def check(self, where: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError("train.upload_type", field=where, value=_show(value), expected="int")
        if self.clamp:
            return min(max(value, self.low), self.high)
        if not self.low <= value <= self.high:
            raise InputError(
                "train.upload_range", field=where, value=_show(value), low=self.low, high=self.high
            )
        return value


@dataclass(frozen=True)
class Float:
    low: float
    high: float
    clamp: bool = False

    def check(self, where: str, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError("train.upload_type", field=where, value=_show(value), expected="float")
        if math.isfinite(value) and self.clamp:
            return float(min(max(value, self.low), self.high))
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise InputError(
                "train.upload_range", field=where, value=_show(value), low=self.low, high=self.high
            )
        return float(value)


@dataclass(frozen=True)
class Bool:
    def check(self, where: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise InputError("train.upload_type", field=where, value=_show(value), expected="bool")
        return value


@dataclass(frozen=True)
class Choice:
    choices: tuple[str, ...]

    def check(self, where: str, value: object) -> str:
        if value not in self.choices or not isinstance(value, str):
            raise InputError(
                "train.upload_choice",
                field=where,
                value=_show(value),
                choices=", ".join(self.choices),
            )
        return value


Rule = Int | Float | Bool | Choice

TASK = {
    "task": Choice(TASKS),
    "source": Choice(series.SOURCES),
    "window": Int(4, 100),
    "length": Int(10, 200),
    "delay": Int(1, 100),
    "symbols": Int(2, 8),
    "seed": Int(0, 2**31 - 1),
}
HIDDEN, LAYERS, DROPOUT = Int(4, 256), Int(1, 3), Float(0.0, 0.5)
RECURRENT = {
    "cell": Choice(CELLS),
    "input_size": Int(1, 2),  # the tasks' input widths; the task on screen fixes the exact one
    "vocab_size": Int(0, MAX_VOCAB),
    "embedding_dim": Int(1, 64),
    "hidden_size": HIDDEN,
    "num_layers": LAYERS,
    "bidirectional": Bool(),
    "dropout": DROPOUT,
    "output_size": Int(1, MAX_VOCAB),
    "many_to_many": Bool(),
}
FEED_FORWARD = {
    "cell": Choice(("mlp",)),
    "window": TASK["window"],
    "hidden_size": HIDDEN,
    "num_layers": LAYERS,
    "dropout": DROPOUT,
}
# Settings shape no weight: a value outside the page's range is clamped into it (a batch of 20,000
# becomes 128) instead of refusing the model; a wrong type, NaN or inf is still refused.
SETTINGS = {
    "optimizer": Choice(OPTIMIZERS),
    "lr": Float(3e-4, 1.0, clamp=True),
    "batch_size": Int(4, 128, clamp=True),
    "clip": Float(0.0, 10.0, clamp=True),
    "bptt": Int(8, 128, clamp=True),
    "max_steps": Int(10, MAX_STEPS, clamp=True),
    "max_seconds": Float(0.1, MAX_SECONDS, clamp=True),
}


def _show(value: object) -> str:
    """A short description of a bad value for the message (the page escapes it)."""
    if isinstance(value, (dict, list, tuple, set)):
        return type(value).__name__
    return repr(value)[:40]


def _section(where: str, values: object, rules: Mapping[str, Rule]) -> dict:
    if not isinstance(values, dict):
        raise InputError("train.upload_type", field=where, value=_show(values), expected="dict")
    missing = [name for name in rules if name not in values]
    if missing:
        raise InputError("train.upload_missing", field=f"{where}.{missing[0]}")
    extra = sorted(str(name) for name in values if name not in rules)
    if extra:
        raise InputError("train.upload_extra", field=f"{where}.{extra[0][:40]}")
    return {name: rule.check(f"{where}.{name}", values[name]) for name, rule in rules.items()}


def _vocab(values: object) -> list[str]:
    if not isinstance(values, list):
        raise InputError("train.upload_type", field="vocab", value=_show(values), expected="list")
    if len(values) > text.MAX_VOCAB or not all(isinstance(c, str) and len(c) == 1 for c in values):
        raise InputError("train.upload_vocab")
    return values


def validate_config(config: object) -> dict:
    """The checkpoint config with every field checked: exactly the known keys, each of its type
    and inside the range the page offers. Raises ``InputError`` naming the first bad field."""
    if not isinstance(config, dict) or config.get("kind") != KIND:
        raise InputError("train.upload_not_ours")
    model = config.get("model")
    if not isinstance(model, dict):
        raise InputError("train.upload_not_ours")
    top = ["kind", "task", "model", "settings"] + (["vocab"] if "vocab" in config else [])
    extra = sorted(str(name) for name in config if name not in top)
    if extra:
        raise InputError("train.upload_extra", field=extra[0][:40])
    for name in top:
        if name not in config:
            raise InputError("train.upload_missing", field=name)
    checked = {
        "kind": KIND,
        "task": _section("task", config["task"], TASK),
        "model": _section(
            "model", model, FEED_FORWARD if model.get("cell") == "mlp" else RECURRENT
        ),
        "settings": _section("settings", config["settings"], SETTINGS),
    }
    if "vocab" in config:
        checked["vocab"] = _vocab(config["vocab"])
    return checked


def model_from_config(values: dict) -> FeedForwardWindow | RecurrentNet:
    """The model a validated ``config["model"]`` describes (on the current default device)."""
    if values["cell"] == "mlp":
        return FeedForwardWindow(FeedForwardConfig.from_dict(values))
    return RecurrentNet(RecurrentConfig.from_dict(values))


def expected_shapes(values: dict) -> dict[str, tuple[int, ...]]:
    """Name -> shape of every weight of the model a validated ``config["model"]`` describes,
    computed on the meta device: nothing is allocated, whatever the sizes."""
    with torch.device("meta"):
        model = model_from_config(values)
    return {name: tuple(tensor.shape) for name, tensor in model.state_dict().items()}


def check_state_dict(state_dict: Mapping, shapes: Mapping[str, tuple[int, ...]]) -> None:
    """Refuse weights whose names, shapes, dtype or values do not fit ``shapes``."""
    names = {str(name) for name in state_dict}
    if names != set(shapes):
        odd = sorted(names ^ set(shapes))[:3]
        raise InputError("train.upload_shapes", detail=f"weights {', '.join(odd)}"[:120])
    for name, shape in shapes.items():
        tensor = state_dict[name]
        if not isinstance(tensor, torch.Tensor) or tensor.layout != torch.strided:
            raise InputError("train.upload_shapes", detail=f"{name} is not a dense tensor")
        if tuple(tensor.shape) != shape:
            raise InputError(
                "train.upload_shapes", detail=f"{name} {tuple(tensor.shape)} ≠ {shape}"[:120]
            )
        if tensor.dtype != torch.float32:
            raise InputError("train.upload_shapes", detail=f"{name} {tensor.dtype} ≠ torch.float32")
        if not torch.isfinite(tensor).all():
            raise InputError("train.upload_shapes", detail=f"{name} has NaN/inf")
