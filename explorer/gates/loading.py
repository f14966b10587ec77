"""The shipped gate models: loading a checkpoint, scoring it on fresh data, and the ablation table
(in the spirit of Greff et al. 2017, but clamping a trained model instead of retraining each
variant). The code that trained them is ``explorer.pretrain.gates``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import torch

from explorer.checkpoints import CHECKPOINT_DIR, load_checkpoint
from explorer.errors import InputError
from explorer.gates.clamps import CELL_NAMES, GATES
from explorer.gates.tasks import EVAL_LENGTH, EVAL_SEED, loss_and_accuracy, make_batch, task_spec
from models.recurrent import RecurrentConfig, RecurrentNet
from models.trace import COUPLED


@dataclass
class GateModel:
    task: str
    cell: str
    net: RecurrentNet
    metrics: dict = field(default_factory=dict)
    coupled: bool = False  # trained (and always run) with i = 1 - f

    @property
    def base_clamp(self) -> dict:
        return {"input": COUPLED} if self.coupled else {}

    @property
    def gate_names(self) -> tuple[str, ...]:
        return GATES[self.cell]

    @property
    def hidden_size(self) -> int:
        return self.net.config.hidden_size


def checkpoint_path(task: str, cell: str, coupled: bool = False) -> Path:
    return CHECKPOINT_DIR / f"gates-{task}-{cell}{'-cifg' if coupled else ''}.pt"


def load_gate_model(task: str, cell: str, coupled: bool = False) -> GateModel:
    """A shipped model in eval mode (treat it as read-only); ``coupled``: the LSTM retrained with
    i = 1 - f."""
    task_spec(task)
    if cell not in CELL_NAMES:
        raise InputError("gates.err_cell", cell=str(cell)[:20])
    try:
        payload = load_checkpoint(checkpoint_path(task, cell, coupled))
    except InputError as error:  # a missing or damaged shipped file: say how to rebuild it
        raise InputError(
            "gates.err_model", detail=error.fmt.get("detail", error.key), task=task, cell=cell
        ) from error
    net = RecurrentNet(RecurrentConfig.from_dict(payload["config"]))
    net.load_state_dict(payload["state_dict"])
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    return GateModel(
        task, cell, net, payload["metrics"], coupled=bool(payload["metrics"].get("coupled"))
    )


def evaluate(
    model: GateModel, clamp: dict | None = None, n: int = 1000, seed: int = EVAL_SEED
) -> dict:
    """Accuracy and loss on ``n`` freshly generated sequences of EVAL_LENGTH steps."""
    batch = make_batch(model.task, n, EVAL_LENGTH, seed)
    with torch.no_grad():
        prediction, _ = model.net.traced(
            batch.x, clamp={**model.base_clamp, **(clamp or {})} or None
        )
        loss, accuracy = loss_and_accuracy(model.task, prediction, batch.y)
    return {"accuracy": float(accuracy), "loss": float(loss)}


def ablation_variants(cell: str) -> list[tuple[str, str, dict]]:
    """(gate, setting, clamp): learned, then each gate forced open and closed; LSTM also i = 1 - f."""
    variants = [("-", "learned", {})]
    for gate in GATES[cell]:
        variants.append((gate, "open", {gate: 1.0}))
        variants.append((gate, "closed", {gate: 0.0}))
    if cell == "lstm":
        variants.append(("input", "coupled", {"input": COUPLED}))
    return variants


def ablation_table(model: GateModel, n: int = 600, seed: int = EVAL_SEED) -> pd.DataFrame:
    """Accuracy/loss of the trained model with one gate clamped at a time (all steps, all units)."""
    batch = make_batch(model.task, n, EVAL_LENGTH, seed)
    rows = []
    with torch.no_grad():
        for gate, setting, clamp in ablation_variants(model.cell):
            prediction, _ = model.net.traced(batch.x, clamp=clamp or None)
            loss, accuracy = loss_and_accuracy(model.task, prediction, batch.y)
            rows.append(
                {"gate": gate, "setting": setting, "accuracy": float(accuracy), "loss": float(loss)}
            )
    table = pd.DataFrame(rows)
    table["accuracy_drop"] = table["accuracy"].iloc[0] - table["accuracy"]
    return table
