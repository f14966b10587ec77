"""What the shipped recall models really do over the delay, measured, so the page's reading note
is filled in from the model and cannot be falsified by retraining.

For the LSTM: the forget gate's mean over the distractors (and the range of the per-unit means),
the fraction of a cell value that would survive the whole delay at that mean, the input gate's
mean on the distractors, and the fresh-data accuracy with the forget or the input gate forced
open (the same sequences and clamps as the ablation table's rows). For the GRU the same with the
update gate z, which keeps the old state.
"""

from __future__ import annotations

import torch

from explorer.gates.loading import GateModel, evaluate
from explorer.gates.tasks import EVAL_LENGTH, EVAL_SEED, make_batch

KEEP_GATE = {"lstm": "forget", "gru": "update"}  # the gate that keeps the old memory at 1
ABLATION_N = 600  # the ablation table's sequences (explorer.gates.loading.ablation_table)


def recall_delay_reading(model: GateModel, n: int = ABLATION_N, seed: int = EVAL_SEED) -> dict:
    """Measured numbers for the recall task's reading note (see the module docstring)."""
    batch = make_batch("recall", n, EVAL_LENGTH, seed)
    with torch.no_grad():
        _, steps = model.net.traced(batch.x, clamp=model.base_clamp or None)
    delay = slice(1, EVAL_LENGTH - 1)  # between the symbol and the query: the distractors
    keep_name = KEEP_GATE[model.cell]
    keep = steps.gates[keep_name][-1][:, delay]  # (n, delay, H) of the top layer
    per_unit = keep.mean(dim=(0, 1))
    mean = float(keep.mean())
    reading = {
        "keep_gate": keep_name,
        "keep_mean": mean,
        "keep_low": float(per_unit.min()),
        "keep_high": float(per_unit.max()),
        "delay": EVAL_LENGTH - 2,
        "kept": mean ** (EVAL_LENGTH - 2),
        "accuracy": evaluate(model, None, n, seed)["accuracy"],
        "keep_open": evaluate(model, {keep_name: 1.0}, n, seed)["accuracy"],
    }
    if model.cell == "lstm":
        reading["input_mean"] = float(steps.gates["input"][-1][:, delay].mean())
        reading["input_open"] = evaluate(model, {"input": 1.0}, n, seed)["accuracy"]
    return reading
