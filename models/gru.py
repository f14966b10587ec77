"""GRU cell (Cho et al. 2014) in PyTorch's convention, gate order r, z, n:

    R_t = sigma(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)          reset gate
    Z_t = sigma(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)          update gate
    N_t = tanh(W_in x_t + b_in + R_t * (W_hn h_{t-1} + b_hn))   new (candidate) state
    H_t = (1 - Z_t) * N_t + Z_t * H_{t-1}

Two differences from the paper: the reset gate multiplies (W_hn h + b_hn) *after* the matrix
product, and Z_t weights the *old* state (Z = 1 keeps the memory unchanged).
"""

from __future__ import annotations

import torch

GATES = ("reset", "update", "new")


def _unforced(name, activation, forget=None):
    return activation


def gru_split_bias(b_ih: torch.Tensor, b_hh: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(b, b_hn): b (3H,) is the bias added outside the reset product (b_ih + b_hh for r and z,
    only b_in for n) and b_hn (H,) the bias the reset gate multiplies along with W_hn h_{t-1}."""
    H = b_hh.shape[0] // 3
    b = torch.cat([b_ih[: 2 * H] + b_hh[: 2 * H], b_ih[2 * H :]])
    return b, b_hh[2 * H :]


def gru_gates(
    x, h_prev, W_ih, W_hh, b_ih, b_hh, force=None
) -> tuple[dict[str, torch.Tensor], torch.Tensor]:
    """The gate activations and the recurrent part of the new gate, W_hn h_{t-1} + b_hn (which the
    reset gate multiplies). x: (..., I), h_prev: (..., H) with any leading shape (one step or every
    step at once); W_ih: (3H, I), W_hh: (3H, H). ``force`` as in ``models.lstm.lstm_gates``."""
    force = force or _unforced
    xw = x @ W_ih.T  # (..., 3H)
    hw = h_prev @ W_hh.T  # (..., 3H)
    if b_ih is not None:
        xw = xw + b_ih
        hw = hw + b_hh
    xw_r, xw_z, xw_n = xw.chunk(3, dim=-1)
    hw_r, hw_z, hw_n = hw.chunk(3, dim=-1)
    R = force("reset", torch.sigmoid(xw_r + hw_r))
    Z = force("update", torch.sigmoid(xw_z + hw_z))
    N = force("new", torch.tanh(xw_n + R * hw_n))
    return {"reset": R, "update": Z, "new": N}, hw_n


def gru_step(x_t, h_prev, W_ih, W_hh, b_ih, b_hh, force=None):
    """One step. x_t: (B, I), h_prev: (B, H), W_ih: (3H, I), W_hh: (3H, H) -> h_t, gates (B, H)."""
    gates, _ = gru_gates(x_t, h_prev, W_ih, W_hh, b_ih, b_hh, force)
    H = (1 - gates["update"]) * gates["new"] + gates["update"] * h_prev
    return H, gates
