"""What theory says before anything is measured (Pascanu, Mikolov & Bengio 2013).

For a vanilla RNN h_t = f(W_ih x_t + W_hh h_{t-1} + b), the chain rule gives

    dL/dh_t = dL/dh_T  J_T J_{T-1} ... J_{t+1},      J_k = dh_k/dh_{k-1} = diag(f'(a_k)) W_hh,

so ||dL/dh_t|| <= ||dL/dh_T|| (gamma sigma_max)^(T-t): every step back multiplies the norm by at
most gamma sigma_max, with gamma the bound on |f'| (1 for tanh and ReLU, 1/4 for sigmoid) and
sigma_max the largest singular value of W_hh. gamma * sigma_max < 1 is sufficient for vanishing,
> 1 necessary for exploding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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


# sigma_max is computed from float32 weights: an orthogonal or identity matrix gives 1 only up to
# rounding (0.99999998 or 1.0000003), so values this close to 1/gamma count as the boundary.
BOUNDARY_TOLERANCE = 1e-5


def regime(gamma: float, sigma_max: float) -> str:
    """The Pascanu-Mikolov-Bengio verdict from gamma * sigma_max alone.

    "vanishing": gamma sigma_max < 1, decay guaranteed (sufficient condition). "boundary":
    gamma sigma_max = 1 up to float rounding, the bound allows no growth and promises no decay.
    "may_explode": > 1, the necessary condition for explosion holds.
    """
    product = gamma * sigma_max
    if abs(product - 1) <= BOUNDARY_TOLERANCE:
        return "boundary"
    return "vanishing" if product < 1 else "may_explode"


def verdict(gamma: float, sigma_max: float, rate: float | None, overflowed: bool = False) -> str:
    """The theory verdict refined by what the measured curve did (rate = growth per step back).

    "vanishing": gamma sigma_max < 1, decay guaranteed. Otherwise: "overflow" (values left float
    range), "exploding" (grows > 1 % per step back), "vanishes_anyway" (gamma sigma_max > 1 but it
    shrinks > 1 % per step), "boundary_vanishes" (gamma sigma_max = 1 and it shrinks), "borderline"
    (roughly flat). Why it shrinks is ``reasons``' job.
    """
    kind = regime(gamma, sigma_max)
    if kind == "vanishing":
        return "vanishing"
    if overflowed:
        return "overflow"
    if rate is not None and rate > 1.01:
        return "exploding"
    if rate is not None and rate < 0.99:
        return "boundary_vanishes" if kind == "boundary" else "vanishes_anyway"
    return "borderline"


SATURATED = 0.1  # f' below this fraction of gamma: a saturated unit-step
SATURATED_SHARE = 0.05  # named as a cause once this share of unit-steps is saturated
DEAD_SHARE = 0.01  # ReLU: named once this share of unit-steps is inactive


@dataclass(frozen=True)
class Slopes:
    """What the activation did along the run: the f'(a_t) of every unit at every step."""

    mean: float  # mean f'(a_t) over units, steps and sequences
    saturated: float  # share of unit-steps with f' < SATURATED * gamma (tanh, sigmoid)
    dead: float  # share of unit-steps with a_t <= 0, f' = 0 (ReLU; 0 otherwise)

    @classmethod
    def of(cls, activation: str, derivative: np.ndarray, gamma: float) -> Slopes:
        d = np.asarray(derivative, dtype=np.float64)
        d = d[np.isfinite(d)]
        if d.size == 0:
            return cls(float("nan"), 0.0, 0.0)
        if activation == "relu":
            return cls(float(d.mean()), 0.0, float((d == 0).mean()))
        return cls(float(d.mean()), float((d < SATURATED * gamma).mean()), 0.0)


def reasons(
    activation: str, gamma: float, sigma_max: float, rho: float, slopes: Slopes
) -> list[str]:
    """Why ||dL/dh_t|| shrinks although gamma sigma_max >= 1, from what is true for this run.

    Codes, in the order a student should read them. First W_hh: "rho_equals_sigma" (rho =
    sigma_max: W_hh alone would keep the norm, the decay is the activation's), "rho_inside"
    (gamma rho < 1: one step may stretch by sigma_max, repeated multiplication shrinks like rho^n),
    or "rho_between" (1/gamma <= rho < sigma_max). Then the activation: "slope" (tanh/sigmoid: the
    mean f' along the run is below gamma, also in unsaturated units), "saturated", "dead" (ReLU
    units with a <= 0 pass nothing).
    """
    if rho >= 0.99 * sigma_max:
        out = ["rho_equals_sigma"]
    elif gamma * rho < 1 - BOUNDARY_TOLERANCE:
        out = ["rho_inside"]
    else:
        out = ["rho_between"]
    if activation != "relu" and np.isfinite(slopes.mean) and slopes.mean < 0.98 * gamma:
        out.append("slope")
    if slopes.saturated >= SATURATED_SHARE:
        out.append("saturated")
    if slopes.dead >= DEAD_SHARE:
        out.append("dead")
    return out


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
