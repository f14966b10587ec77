"""Vanilla (Elman) RNN cell, written as the equation on screen.

    h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh),   f in {tanh, ReLU, sigmoid}

PyTorch's ``nn.RNN`` offers tanh and ReLU; ``SigmoidRNN`` adds the sigmoid of the lecture notes'
memoryless-vs-recurrent comparison by running the transparent path.
"""

from __future__ import annotations

import torch
from torch import nn

ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}
ACTIVATION_NAMES = tuple(ACTIVATIONS)  # ("tanh", "relu", "sigmoid"): the option lists of the pages
# Bound gamma on |f'|: Pascanu et al. (2013) use it in the vanishing-gradient condition.
ACTIVATION_DERIVATIVE_BOUND = {"tanh": 1.0, "relu": 1.0, "sigmoid": 0.25}


def rnn_step(x_t, h_prev, W_ih, W_hh, b_ih, b_hh, activation: str):
    """One step. x_t: (B, I), h_prev: (B, H), W_ih: (H, I), W_hh: (H, H) -> h_t: (B, H)."""
    a_t = x_t @ W_ih.T + h_prev @ W_hh.T  # pre-activation, (B, H)
    if b_ih is not None:
        a_t = a_t + b_ih + b_hh
    return ACTIVATIONS[activation](a_t)


def activation_derivative(activation: str, h):
    """f'(a_t) written through the output h_t = f(a_t): 1 - h^2 (tanh), [h > 0] (ReLU), h (1 - h)
    (sigmoid). Works on tensors and NumPy arrays alike."""
    if activation == "tanh":
        return 1 - h**2
    if activation == "relu":
        positive = h > 0
        return positive.to(h.dtype) if isinstance(h, torch.Tensor) else positive.astype(h.dtype)
    if activation == "sigmoid":
        return h * (1 - h)
    raise ValueError(f"unknown activation {activation!r}")


class SigmoidRNN(nn.RNN):
    """An ``nn.RNN`` whose activation is the logistic sigmoid (same weights and layout)."""

    def __init__(self, *args, **kwargs):
        kwargs["nonlinearity"] = "tanh"
        super().__init__(*args, **kwargs)
        self.nonlinearity = "sigmoid"

    def forward(self, x, hx=None):
        from models.trace import trace

        result = trace(self, x, hx)
        return result.output, result.final


def make_rnn(input_size: int, hidden_size: int, activation: str = "tanh", **kwargs) -> nn.RNN:
    """A batch-first vanilla RNN with ``activation`` in {"tanh", "relu", "sigmoid"}."""
    if activation == "sigmoid":
        return SigmoidRNN(input_size, hidden_size, batch_first=True, **kwargs)
    return nn.RNN(input_size, hidden_size, nonlinearity=activation, batch_first=True, **kwargs)
