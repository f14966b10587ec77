"""One-step Jacobians J_t = d s_t / d s_{t-1} along a trajectory, and the norms of their products
P_t = J_{T-1} ... J_{t+1}: the matrices behind every ||dL/dh_t|| (whose values come from
explorer.bptt)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from explorer import bptt
from explorer.errors import InputError
from explorer.gradients.cells import CELLS, GradientConfig, build_module, make_input
from models.gru import gru_step
from models.lstm import lstm_step
from models.rnn import rnn_step
from models.trace import cell_kind, trace

JACOBIAN_MAX_HIDDEN = 32  # full Jacobians (T x S x S) only for small networks


def _step_function(module: nn.Module):
    """s_t = step(s_{t-1}, x_t) for a batch of states, with s = h (RNN, GRU) or [h; c] (LSTM)."""
    kind = cell_kind(module)
    W_ih, W_hh = module.weight_ih_l0.detach(), module.weight_hh_l0.detach()
    b_ih = module.bias_ih_l0.detach() if module.bias else None
    b_hh = module.bias_hh_l0.detach() if module.bias else None
    H = module.hidden_size
    activation = getattr(module, "nonlinearity", "tanh")

    def step(s_prev, x_t):  # s_prev: (N, S), x_t: (N, I)
        if kind == "rnn":
            return rnn_step(x_t, s_prev, W_ih, W_hh, b_ih, b_hh, activation)
        if kind == "gru":
            return gru_step(x_t, s_prev, W_ih, W_hh, b_ih, b_hh)[0]
        h, c, _ = lstm_step(x_t, s_prev[:, :H], s_prev[:, H:], W_ih, W_hh, b_ih, b_hh)
        return torch.cat([h, c], dim=-1)

    return step


def step_jacobians(
    module: nn.Module, x: torch.Tensor, sample: int = 0, states: torch.Tensor | None = None
) -> torch.Tensor:
    """J[t] = d s_t / d s_{t-1} along the trajectory of ``x[sample]``: (T, S, S), float64.

    S = H for RNN and GRU; S = 2H for LSTM, whose state is [h; c]. All T steps are recomputed as
    one batch from the known s_{t-1}; row i of every J_t comes from one backward pass of output
    unit i (S passes in all, each over the whole batch of steps). ``states`` (T, S): the
    trajectory, when the caller already has it (else it comes from ``trace``).
    """
    if module.num_layers != 1:
        raise ValueError("step_jacobians needs a one-layer module")
    if states is None:
        with torch.no_grad():
            traced = trace(module, x[sample : sample + 1])
            states = traced.hidden[-1, 0]  # (T, H)
            if traced.cell is not None:
                states = torch.cat([states, traced.cell[-1, 0]], dim=-1)  # (T, 2H)
    previous = torch.cat([torch.zeros_like(states[:1]), states[:-1]])  # s_{t-1}, s_{-1} = 0
    with torch.enable_grad():
        previous = previous.clone().requires_grad_(True)
        current = _step_function(module)(previous, x[sample])  # (T, S) == states
        rows = [
            torch.autograd.grad(current[:, i].sum(), previous, retain_graph=True)[0]  # (T, S)
            for i in range(current.shape[1])
        ]
    return torch.stack(rows, dim=1).double()  # (T, S_out, S_in)


@dataclass
class JacobianAnalysis:
    singular_values: np.ndarray  # (T, S) of each one-step Jacobian, descending
    product_norms: np.ndarray  # (T,) ||d h_{T-1} / d h_t||_2 (NaN where it overflowed)
    hidden_grad: np.ndarray  # (T,) ||dL/dh_t|| for the analysed sample (explorer.bptt)


def jacobian_analysis(module: nn.Module, x: torch.Tensor, sample: int = 0) -> JacobianAnalysis:
    """Products of one-step Jacobians, back from the last step: P_t = J_{T-1} ... J_{t+1}.

    ||d h_{T-1}/d h_t|| is the spectral norm of P_t's (h, h) block (for the LSTM the cell state
    c_t is held fixed, as in ``bptt.hidden_grad_norms``).
    """
    H = module.hidden_size
    if H > JACOBIAN_MAX_HIDDEN:
        raise InputError("gradients.err_jacobian_hidden", hi=JACOBIAN_MAX_HIDDEN)
    sweep = bptt.adjoint(module, x[sample : sample + 1])  # dL/dh_t and the trajectory
    states = sweep.states[0]  # (T, H)
    if sweep.cell_states is not None:
        states = torch.cat([states, torch.from_numpy(sweep.cell_states[:, 0])], dim=-1)
    J = step_jacobians(module, x, sample, states)  # (T, S, S)
    T, S, _ = J.shape
    singular = torch.linalg.svdvals(J).numpy()
    blocks = torch.empty(T, H, H, dtype=torch.float64)
    P = torch.eye(S, dtype=torch.float64)
    blocks[T - 1] = P[:H, :H]
    with np.errstate(all="ignore"):
        for t in range(T - 2, -1, -1):
            P = P @ J[t + 1]
            blocks[t] = P[:H, :H]
    finite = blocks.isfinite().all(dim=(1, 2))
    norms = torch.full((T,), float("nan"), dtype=torch.float64)
    norms[finite] = torch.linalg.matrix_norm(blocks[finite], ord=2)
    return JacobianAnalysis(singular, norms.numpy(), sweep.hidden_norms())


def jacobians_by_cell(config: GradientConfig) -> dict[str, JacobianAnalysis]:
    config.checked()
    x, _ = make_input(config)
    return {cell: jacobian_analysis(build_module(cell, config), x) for cell in CELLS}
