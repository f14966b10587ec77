"""Train the shipped gate checkpoints: ``python -m explorer.pretrain gates-<task>-<cell>[-cifg]``.

Each model trains from a fixed seed on freshly drawn batches (seeds 0..steps-1) and is scored on
fresh data (``EVAL_SEED``) before it is saved with its accuracy and the task's chance level.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from torch import nn

from explorer.checkpoints import save_checkpoint
from explorer.gates.clamps import CELL_NAMES
from explorer.gates.loading import GateModel, checkpoint_path, evaluate
from explorer.gates.tasks import (
    EVAL_LENGTH,
    TASK_NAMES,
    chance,
    loss_and_accuracy,
    make_batch,
    task_spec,
)
from models.recurrent import RecurrentConfig, RecurrentNet
from models.trace import COUPLED


def new_net(task: str, cell: str) -> RecurrentNet:
    spec = task_spec(task)
    config = RecurrentConfig(
        cell=cell,
        input_size=spec.input_size or 1,
        vocab_size=spec.vocab_size,
        embedding_dim=8,
        hidden_size=spec.hidden_size,
        output_size=spec.output_size,
        many_to_many=spec.many_to_many,
    )
    net = RecurrentNet(config)
    if cell == "lstm":  # forget-gate bias 1 at the start (Gers et al. 2000): remember by default
        hidden = spec.hidden_size
        with torch.no_grad():
            net.rnn.bias_ih_l0[hidden : 2 * hidden].fill_(1.0)
    return net


def train(task: str, cell: str, seed: int = 0, log_every: int = 250, coupled: bool = False) -> Path:
    """Train, evaluate on fresh data and save the checkpoint; returns its path.

    ``coupled=True`` trains an LSTM whose input gate is always 1 - f (Greff et al.'s CIFG variant)
    through ``trace`` with ``clamp={"input": COUPLED}`` (slower than the fused LSTM, still < 1 min).
    """
    spec = task_spec(task)
    clamp = {"input": COUPLED} if coupled else None
    name = checkpoint_path(task, cell, coupled).stem
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = new_net(task, cell)
    optimiser = torch.optim.Adam(net.parameters(), lr=5e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, spec.steps)
    lo, hi = spec.train_lengths
    for step in range(spec.steps):
        batch = make_batch(task, 64, int(rng.integers(lo, hi + 1)), seed=step)
        prediction, _ = net.traced(batch.x, clamp=clamp) if coupled else net(batch.x)
        loss, accuracy = loss_and_accuracy(task, prediction, batch.y)
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 1.0)  # a long sequence can still spike it
        optimiser.step()
        schedule.step()
        if log_every and step % log_every == 0:
            print(
                f"{name} step {step}: loss {loss.item():.4f} accuracy {accuracy.item():.3f}",
                flush=True,
            )
    net.eval()
    scores = evaluate(GateModel(task, cell, net, coupled=coupled))
    base = chance(task)
    metrics = {
        "accuracy": scores["accuracy"],
        "loss": scores["loss"],
        "chance_accuracy": base["accuracy"],
        "chance_loss": base["loss"],
        "eval_length": EVAL_LENGTH,
        "eval_sequences": 1000,
        "train_steps": spec.steps,
        "coupled": coupled,
    }
    print(f"{name}: {metrics}", flush=True)
    path = checkpoint_path(task, cell, coupled)
    save_checkpoint(path, net.config.to_dict(), net.state_dict(), metrics)
    return path


def _job(task: str, cell: str, coupled: bool = False) -> Callable[[], Path]:
    return lambda: train(task, cell, coupled=coupled)


JOBS = {
    checkpoint_path(task, cell).stem: _job(task, cell) for task in TASK_NAMES for cell in CELL_NAMES
}
JOBS.update(
    {checkpoint_path(task, "lstm", True).stem: _job(task, "lstm", True) for task in TASK_NAMES}
)
