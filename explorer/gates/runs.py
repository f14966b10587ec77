"""One run of a shipped gate model through ``RecurrentNet.traced`` with clamps, everything kept:
gate values, c_t and h_t per unit and step, the prediction, loss and accuracy, the answer as text,
and every number of one step for one unit (``step_values``, what the cell diagram and the
substituted equations show)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from explorer.data import gate_tasks
from explorer.data.memory import Batch
from explorer.gates.loading import GateModel
from explorer.gates.tasks import loss_and_accuracy, task_spec, tokens
from models.gru import gru_split_bias


@dataclass
class RunResult:
    tokens: list[str]
    inputs: np.ndarray  # (T, I) the features the recurrent layer saw (embeddings for token tasks)
    gates: dict[str, np.ndarray]  # name -> (H, T)
    hidden: np.ndarray  # (H, T)
    cell: np.ndarray | None  # (H, T), LSTM only
    output: np.ndarray  # classification: probabilities (C,) or (T, C); adding: (1,)
    target: np.ndarray  # (): class, (T,): classes, or (1,): the sum
    loss: float
    accuracy: float


def run(model: GateModel, batch: Batch, clamp: dict | None = None) -> RunResult:
    """Run the first sequence of ``batch`` through ``RecurrentNet.traced`` with ``clamp``."""
    x, y = batch.x[:1], batch.y[:1]
    with torch.no_grad():
        prediction, steps = model.net.traced(x, clamp=clamp or None)
        loss, accuracy = loss_and_accuracy(model.task, prediction, y)
        inputs = model.net.embed(x)[0]
    regression = task_spec(model.task).regression
    output = prediction[0] if regression else torch.softmax(prediction[0], dim=-1)
    return RunResult(
        tokens=tokens(model.task, batch),
        inputs=inputs.numpy(),
        gates={name: g[-1, 0].T.numpy() for name, g in steps.gates.items()},
        hidden=steps.hidden[-1, 0].T.numpy(),
        cell=steps.cell[-1, 0].T.numpy() if steps.cell is not None else None,
        output=output.numpy(),
        target=y[0].numpy(),
        loss=float(loss),
        accuracy=float(accuracy),
    )


def predicted_labels(task: str, result: RunResult) -> list[str]:
    """The answer as text: a symbol, a count per step, or the sum."""
    if task == "adding":
        return [f"{float(result.output[0]):.3f}"]
    if task == "recall":
        return [gate_tasks.RECALL_SYMBOLS[int(result.output.argmax())]]
    return [str(int(c)) for c in result.output.argmax(-1)]


def target_labels(task: str, result: RunResult) -> list[str]:
    if task == "adding":
        return [f"{float(result.target[0]):.3f}"]
    if task == "recall":
        return [gate_tasks.RECALL_SYMBOLS[int(result.target)]]
    return [str(int(c)) for c in result.target]


def answer_text(task: str, result: RunResult) -> str:
    """One short answer for a metric: the symbol, the sum, or how many steps were counted right."""
    if task == "count":
        right = int(round(result.accuracy * len(result.tokens)))
        return f"{right}/{len(result.tokens)}"
    return predicted_labels(task, result)[0]


def target_text(task: str, result: RunResult) -> str:
    if task == "count":
        return f"{len(result.tokens)}/{len(result.tokens)}"
    return target_labels(task, result)[0]


def answers(task: str, learned: RunResult, clamped: RunResult) -> dict[str, str]:
    return {
        "learned": answer_text(task, learned),
        "clamped": answer_text(task, clamped),
        "target": target_text(task, learned),
    }


def run_table(learned: RunResult, clamped: RunResult) -> pd.DataFrame:
    """Every gate, c_t and h_t value of both runs in long form (run, quantity, unit, t, token, value)."""
    frames = []
    for run_name, result in (("learned", learned), ("clamped", clamped)):
        quantities = dict(result.gates)
        if result.cell is not None:
            quantities["c"] = result.cell
        quantities["h"] = result.hidden
        for name, values in quantities.items():
            units, steps = values.shape
            frames.append(
                pd.DataFrame(
                    {
                        "run": run_name,
                        "quantity": name,
                        "unit": np.repeat(np.arange(units), steps),
                        "t": np.tile(np.arange(steps), units),
                        "token": np.tile(np.array(result.tokens, dtype=object), units),
                        "value": np.round(values.reshape(-1), 5),
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def step_values(model: GateModel, result: RunResult, t: int, unit: int) -> dict:
    """Every number of step ``t`` for hidden unit ``unit``: gate values as run (clamped or not),
    the learned pre-activation split into input part, recurrent part and bias, and the states."""
    T, H = result.hidden.shape[1], result.hidden.shape[0]
    t, unit = min(max(int(t), 0), T - 1), min(max(int(unit), 0), H - 1)
    rnn = model.net.rnn
    W_ih, W_hh = rnn.weight_ih_l0.detach(), rnn.weight_hh_l0.detach()
    bias = (rnn.bias_ih_l0 + rnn.bias_hh_l0).detach()
    x_t = torch.as_tensor(result.inputs[t])
    h_prev = torch.as_tensor(result.hidden[:, t - 1]) if t > 0 else torch.zeros(H)
    rows = [k * H + unit for k in range(len(model.gate_names))]
    from_x = (W_ih[rows] @ x_t).tolist()
    from_h = (W_hh[rows] @ h_prev).tolist()
    values = {
        "t": t,
        "unit": unit,
        "token": result.tokens[t],
        "h_prev": float(h_prev[unit]),
        "h": float(result.hidden[unit, t]),
        "gates": {name: float(result.gates[name][unit, t]) for name in model.gate_names},
        "from_x": dict(zip(model.gate_names, from_x, strict=True)),
        "from_h": dict(zip(model.gate_names, from_h, strict=True)),
        "bias": dict(zip(model.gate_names, bias[rows].tolist(), strict=True)),
    }
    if model.cell == "lstm":
        values["c_prev"] = float(result.cell[unit, t - 1]) if t > 0 else 0.0
        values["c"] = float(result.cell[unit, t])
    else:  # PyTorch's GRU: the reset gate multiplies (W_hn h + b_hn), so split the bias
        outside, inside = gru_split_bias(rnn.bias_ih_l0.detach(), rnn.bias_hh_l0.detach())
        values["b_in"] = float(outside[2 * H + unit])
        values["b_hn"] = float(inside[unit])
    return values
