"""Gradient flow ||dL/dh_t|| (and ||dL/dc_t|| for the LSTM) through a shipped gate model, with
and without clamps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch
from torch import nn

from explorer.data.memory import Batch
from explorer.gates.loading import GateModel
from explorer.gradients import hidden_grad_norms
from models.trace import GateClamp, trace


def _grad_norms(
    module: nn.Module, x: torch.Tensor, clamp: dict | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """(||dL/dh_t||, ||dL/dc_t|| or None) over t, each the mean over the batch; L = sum of the top
    layer's last h_T.

    The same definition as ``explorer.gradients.hidden_grad_norms``, with clamps: the sequence is
    run one ``trace`` step at a time so each h_t (and c_t) is a node whose gradient we can read.
    """
    clamps = {
        name: c if isinstance(c, GateClamp) else GateClamp(c) for name, c in (clamp or {}).items()
    }
    B, H, L = x.shape[0], module.hidden_size, module.num_layers
    lstm = isinstance(module, nn.LSTM)
    zeros = torch.zeros(L, B, H, requires_grad=True)  # a leaf, so the graph needs grads even
    state = (zeros, torch.zeros(L, B, H)) if lstm else zeros  # when the weights are frozen
    hs, cs, outs, cells = [], [], [], []
    with torch.enable_grad():
        for t in range(x.shape[1]):
            step_clamp = {
                n: GateClamp(c.value, 0, None, c.units) for n, c in clamps.items() if c.covers(t)
            }
            step = trace(module, x[:, t : t + 1], state, step_clamp or None)
            state = step.final
            for tensor, store in zip(state if lstm else (state,), (hs, cs), strict=False):
                tensor.retain_grad()
                store.append(tensor)
            if lstm:
                outs.append(step.gates["output"][-1, :, 0].detach())  # o_t (B, H)
                cells.append(step.cell[-1, :, 0].detach())  # c_t (B, H)
        hs[-1][-1].sum().backward()

    def grad(state):
        return (
            torch.zeros_like(state[-1]) if state.grad is None else state.grad[-1]
        )  # top layer (B, H)

    def norms(grads):
        return np.array([g.norm(dim=-1).mean().item() for g in grads])

    h_grads = [grad(h) for h in hs]
    if not lstm:
        return norms(h_grads), None
    # c_t reaches L along the belt (through c_{t+1}: the grad of the state copy fed to step t+1)
    # and through h_t = o_t tanh(c_t): dL/dc_t = belt + dL/dh_t * o_t * (1 - tanh(c_t)^2)
    c_grads = [
        grad(c) + g * o * (1 - torch.tanh(c_t) ** 2)
        for c, g, o, c_t in zip(cs, h_grads, outs, cells, strict=True)
    ]
    return norms(h_grads), norms(c_grads)


def gradient_flow(model: GateModel, batch: Batch, clamp: dict | None = None) -> dict:
    """{"h": ||dL/dh_t||, "c": ||dL/dc_t|| (LSTM) or None} over t for the first sequence of ``batch``."""
    features = model.net.embed(batch.x[:1]).detach()  # (1, T, I)
    h_norms, c_norms = _grad_norms(model.net.rnn, features, clamp)
    if not clamp:  # the project's shared definition; it takes no clamps, so clamped runs use ours
        h_norms = hidden_grad_norms(model.net.rnn, features.clone().requires_grad_(True))
    return {"h": h_norms, "c": c_norms}


def flow_table(learned: dict, clamped: dict) -> pd.DataFrame:
    """The two gradient flows side by side, one row per step."""
    table = pd.DataFrame(
        {
            "t": np.arange(len(learned["h"])),
            "grad_h_learned": learned["h"],
            "grad_h_clamped": clamped["h"],
        }
    )
    if learned["c"] is not None:
        table["grad_c_learned"], table["grad_c_clamped"] = learned["c"], clamped["c"]
    return table
