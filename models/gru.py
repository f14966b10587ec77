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


def gru_step(x_t, h_prev, W_ih, W_hh, b_ih, b_hh, force):
    """One step. x_t: (B, I), h_prev: (B, H), W_ih: (3H, I), W_hh: (3H, H) -> h_t, gates (B, H)."""
    xw = x_t @ W_ih.T  # (B, 3H)
    hw = h_prev @ W_hh.T  # (B, 3H)
    if b_ih is not None:
        xw = xw + b_ih
        hw = hw + b_hh
    xw_r, xw_z, xw_n = xw.chunk(3, dim=-1)
    hw_r, hw_z, hw_n = hw.chunk(3, dim=-1)
    R = force("reset", torch.sigmoid(xw_r + hw_r))
    Z = force("update", torch.sigmoid(xw_z + hw_z))
    N = force("new", torch.tanh(xw_n + R * hw_n))
    H = (1 - Z) * N + Z * h_prev
    return H, {"reset": R, "update": Z, "new": N}
