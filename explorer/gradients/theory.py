"""What theory says before anything is measured (Pascanu, Mikolov & Bengio 2013).

For a vanilla RNN h_t = f(W_ih x_t + W_hh h_{t-1} + b), the chain rule gives

    dL/dh_t = dL/dh_T  J_T J_{T-1} ... J_{t+1},      J_k = dh_k/dh_{k-1} = diag(f'(a_k)) W_hh,

so ||dL/dh_t|| <= ||dL/dh_T|| (gamma sigma_max)^(T-t), with gamma the bound on |f'| (1 for tanh
and ReLU, 1/4 for sigmoid) and sigma_max the largest singular value of W_hh: gamma * sigma_max < 1
is sufficient for vanishing, > 1 necessary for exploding.
"""

from __future__ import annotations

import math

import numpy as np
import torch


def spectral_norm(matrix: torch.Tensor) -> float:
    return float(torch.linalg.matrix_norm(matrix.detach().double(), ord=2))


def pascanu_bound(last_norm: float, gamma: float, sigma_max: float, T: int) -> np.ndarray:
    """bound[t] = ||dL/dh_{T-1}|| (gamma sigma_max)^(T-1-t), in float64 (0 or inf where it leaves
    float range)."""
    exponent = np.arange(T - 1, -1, -1, dtype=np.float64)
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        log_bound = math.log(last_norm) + exponent * math.log(gamma * sigma_max)
        return np.exp(log_bound)


def regime(gamma: float, sigma_max: float) -> str:
    """The Pascanu-Mikolov-Bengio verdict from gamma * sigma_max alone."""
    if gamma * sigma_max < 1:
        return "vanishing"  # sufficient condition: vanishing is guaranteed
    return "may_explode"  # the necessary condition for explosion holds


def verdict(gamma: float, sigma_max: float, rate: float | None, overflowed: bool = False) -> str:
    """The theory verdict refined by what the measured curve did (rate = growth per step back).

    "vanishing": gamma sigma_max < 1, decay guaranteed. Otherwise explosion is possible but not
    certain: "overflow" (values left float range), "exploding" (grows > 1 % per step back),
    "vanishes_anyway" (it shrinks > 1 % per step: saturated units or small eigenvalues),
    "borderline" (roughly flat).
    """
    if regime(gamma, sigma_max) == "vanishing":
        return "vanishing"
    if overflowed:
        return "overflow"
    if rate is not None and rate > 1.01:
        return "exploding"
    if rate is not None and rate < 0.99:
        return "vanishes_anyway"
    return "borderline"


def observed_rate(norms: np.ndarray) -> float | None:
    """Average factor by which ||dL/dh_t|| changes per step going back in time (a log-linear fit
    over the finite, positive part); > 1 means it grows, < 1 it shrinks."""
    t = np.arange(len(norms))
    ok = np.isfinite(norms) & (norms > 0)
    if ok.sum() < 2:
        return None
    slope = np.polyfit(t[ok], np.log(norms[ok]), 1)[0]  # d log n / dt; back in time is -t
    return float(np.exp(-slope))


def first_overflow(values: np.ndarray) -> int | None:
    """The latest step t (counting from the end, where backprop starts) whose value is inf/NaN."""
    bad = np.flatnonzero(~np.isfinite(values))
    return int(bad.max()) if bad.size else None
