"""Weight initialisations of the recurrent layers that the pages let a student choose.

PyTorch's default U(-1/sqrt(H), 1/sqrt(H)), orthogonal (every singular value 1), identity (IRNN,
Le et al. 2015) and Gaussian N(0, 1/H), each times a scale; and the LSTM forget-gate bias.
"""

from __future__ import annotations

import math

import torch
from torch import nn

INITS = ("default", "orthogonal", "identity", "gaussian")


def init_recurrent_(weight: torch.Tensor, init: str, scale: float, generator: torch.Generator):
    """Initialise W_hh in place, one (H, H) block per gate, with ``init`` (one of INITS); then
    multiply by ``scale``."""
    H = weight.shape[1]
    with torch.no_grad():
        for block in weight.split(H, dim=0):  # (H, H) each
            if init == "default":
                bound = 1 / math.sqrt(H)
                block.copy_(torch.rand(H, H, generator=generator) * 2 * bound - bound)
            elif init == "orthogonal":
                q, r = torch.linalg.qr(torch.randn(H, H, generator=generator))
                block.copy_(q * torch.sign(torch.diagonal(r)))  # Haar-uniform orthogonal
            elif init == "identity":
                block.copy_(torch.eye(H))
            elif init == "gaussian":
                block.copy_(torch.randn(H, H, generator=generator) / math.sqrt(H))
            else:
                raise ValueError(f"unknown init {init!r}")
            block.mul_(scale)


def set_forget_bias_(lstm: nn.LSTM, value: float) -> None:
    """b_f = value (in b_ih; the forget block of b_hh is zeroed), first layer. PyTorch's default
    init leaves b_f near 0, so f_t is near 0.5 and the cell path shrinks like 0.5^(T - t) (Gers et
    al. 2000 and Jozefowicz et al. 2015 recommend b_f = 1). Gate order i, f, g, o: the forget
    block is the second."""
    H = lstm.hidden_size
    with torch.no_grad():
        lstm.bias_ih_l0[H : 2 * H] = value
        lstm.bias_hh_l0[H : 2 * H] = 0.0
