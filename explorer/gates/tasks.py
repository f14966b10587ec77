"""The three gate tasks: their specs, batches, text codecs, scores and chance levels.

The generators and codecs live in ``explorer.data.gate_tasks`` (recall, counting) and
``explorer.data.memory`` (the adding problem); this module gives them one interface by task name.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from explorer.data import gate_tasks
from explorer.data.memory import ADDING_BASELINE_MSE, Batch, adding_problem
from explorer.errors import InputError

TASK_NAMES = ("recall", "count", "adding")
EVAL_SEED = 1_000_003  # fresh data: training uses seeds 0 .. steps-1
EVAL_LENGTH = 30


@dataclass(frozen=True)
class TaskSpec:
    name: str
    regression: bool
    many_to_many: bool
    vocab_size: int  # 0: real-valued inputs
    input_size: int
    output_size: int
    train_lengths: tuple[int, int]  # sequence lengths drawn uniformly while training
    steps: int  # training steps
    hidden_size: int = 16


TASKS = {
    "recall": TaskSpec(
        "recall",
        False,
        False,
        len(gate_tasks.RECALL_VOCAB),
        0,
        len(gate_tasks.RECALL_SYMBOLS),
        (4, 40),
        1500,
    ),
    "count": TaskSpec(
        "count",
        False,
        True,
        len(gate_tasks.COUNT_VOCAB),
        0,
        gate_tasks.COUNT_CLASSES,
        (4, 40),
        2000,
    ),
    "adding": TaskSpec("adding", True, False, 0, 2, 1, (10, 40), 3000),
}


def task_spec(name: str) -> TaskSpec:
    """The spec of task ``name``; an ``InputError`` for a name that is not a task."""
    if name not in TASKS:
        raise InputError("gates.err_task", task=str(name)[:30])
    return TASKS[name]


def make_batch(task: str, n: int, length: int, seed: int) -> Batch:
    """``n`` sequences of ``length`` steps (the recall task's query and symbol count as steps)."""
    task_spec(task)
    if task == "recall":
        return gate_tasks.recall_batch(n, max(length - 2, 0), seed)
    if task == "count":
        return gate_tasks.counting_batch(n, length, seed)
    return adding_problem(n, length, seed)


def sequence_text(task: str, batch: Batch, row: int = 0) -> str:
    """The editable text of one sequence of ``batch``."""
    x = batch.x[row]
    if task == "recall":
        return gate_tasks.recall_to_text(x)
    if task == "count":
        return gate_tasks.counting_to_text(x)
    return gate_tasks.adding_to_text(x)


def example_text(task: str, seed: int, length: int = 20) -> str:
    return sequence_text(task, make_batch(task, 1, length, seed))


def parse_sequence(task: str, text: str) -> Batch:
    """User text -> a one-sequence batch; ``InputError`` says what is wrong with the text."""
    task_spec(task)
    if not isinstance(text, str):
        raise InputError("gates.err_empty")
    return {
        "recall": gate_tasks.recall_from_text,
        "count": gate_tasks.counting_from_text,
        "adding": gate_tasks.adding_from_text,
    }[task](text)


def tokens(task: str, batch: Batch, row: int = 0) -> list[str]:
    """Axis labels, one per step."""
    if task == "adding":
        return [f"{v:.2f}" + ("*" if m > 0.5 else "") for v, m in batch.x[row].tolist()]
    return list(sequence_text(task, batch, row))


def loss_and_accuracy(
    task: str, prediction: torch.Tensor, y: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """(mean loss, fraction correct). Classification: cross-entropy and argmax; the adding problem:
    MSE and |error| < 0.04 per sequence."""
    spec = task_spec(task)
    if spec.regression:
        hits = (prediction - y).abs() < gate_tasks.ADDING_TOLERANCE
        return nn.functional.mse_loss(prediction, y), hits.float().mean()
    logits = prediction.reshape(-1, spec.output_size)
    target = y.reshape(-1)
    return nn.functional.cross_entropy(logits, target), (logits.argmax(-1) == target).float().mean()


def chance(task: str, y: torch.Tensor | None = None) -> dict:
    """Accuracy and loss of the best answer that ignores the input."""
    spec = task_spec(task)
    if task == "recall":
        return {
            "accuracy": gate_tasks.RECALL_CHANCE_ACCURACY,
            "loss": gate_tasks.RECALL_CHANCE_LOSS,
        }
    if task == "adding":
        return {"accuracy": gate_tasks.adding_chance_accuracy(), "loss": ADDING_BASELINE_MSE}
    if y is None:
        y = make_batch(task, 2000, EVAL_LENGTH, EVAL_SEED).y
    accuracy, loss = gate_tasks.majority_baseline(y, spec.output_size)
    return {"accuracy": accuracy, "loss": loss}
