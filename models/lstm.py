"""LSTM cell (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000),
in PyTorch's gate order i, f, g, o:

    I_t = sigma(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)      input gate
    F_t = sigma(W_if x_t + b_if + W_hf h_{t-1} + b_hf)      forget gate
    C~_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)      candidate ("cell" gate)
    O_t = sigma(W_io x_t + b_io + W_ho h_{t-1} + b_ho)      output gate
    C_t = F_t * C_{t-1} + I_t * C~_t
    H_t = O_t * tanh(C_t)
"""

from __future__ import annotations

import torch

GATES = ("input", "forget", "cell", "output")


def _unforced(name, activation, forget=None):
    return activation


def lstm_gates(x, h_prev, W_ih, W_hh, b_ih, b_hh, force=None) -> dict[str, torch.Tensor]:
    """The four gate activations. x: (..., I), h_prev: (..., H) with any leading shape (one step
    (B, ·) or every step at once (B, T, ·) when all h_{t-1} are known); W_ih: (4H, I), W_hh: (4H, H).

    ``force(name, activation, forget=None)`` returns the gate's activation, replaced where the user
    clamps it (the input gate is offered the forget gate, for coupling). Default: no clamp.
    """
    force = force or _unforced
    z = x @ W_ih.T + h_prev @ W_hh.T  # (..., 4H)
    if b_ih is not None:
        z = z + b_ih + b_hh
    z_i, z_f, z_g, z_o = z.chunk(4, dim=-1)
    F = force("forget", torch.sigmoid(z_f))
    I = force("input", torch.sigmoid(z_i), forget=F)
    C_tilda = force("cell", torch.tanh(z_g))
    O = force("output", torch.sigmoid(z_o))
    return {"input": I, "forget": F, "cell": C_tilda, "output": O}


def lstm_step(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh, force=None):
    """One step. x_t: (B, I), h_prev, c_prev: (B, H), W_ih: (4H, I), W_hh: (4H, H).

    Returns h_t, c_t and the gate activations (see ``lstm_gates``), each (B, H).
    """
    gates = lstm_gates(x_t, h_prev, W_ih, W_hh, b_ih, b_hh, force)
    C = gates["forget"] * c_prev + gates["input"] * gates["cell"]
    H = gates["output"] * torch.tanh(C)
    return H, C, gates
