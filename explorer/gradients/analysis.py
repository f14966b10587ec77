"""config -> the main view: ||dL/dh_t|| and ||dL/dx_t|| of the three cells (from explorer.bptt),
the vanilla RNN's eigenvalues, the Pascanu bound and the verdict. Steps are 0-indexed,
h_0 ... h_{T-1}, and L = sum of the last step's output (docs/architecture.md)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer import bptt
from explorer.gradients.cells import CELLS, GradientConfig, build_module, make_input
from explorer.gradients.theory import (
    Slopes,
    first_overflow,
    observed_rate,
    pascanu_bound,
    reasons,
    spectral_norm,
    verdict,
)
from models.rnn import ACTIVATION_DERIVATIVE_BOUND, activation_derivative


@dataclass
class CellCurves:
    norms: np.ndarray  # (T,) ||dL/dh_t||, NaN where it overflowed (all NaN if the forward did)
    connectivity: np.ndarray  # (T,) ||dL/dx_t||, NaN where it overflowed
    overflow_step: int | None  # latest t whose gradient is inf/NaN
    forward_overflow_step: int | None  # first t whose hidden state is inf/NaN
    rate: float | None  # observed growth factor per step back


@dataclass
class GradientCurves:
    config: GradientConfig
    T: int
    cells: dict[str, CellCurves]
    bound: np.ndarray  # (T,) theory line for the vanilla RNN
    gamma: float
    sigma_max: float
    spectral_radius: float
    eigenvalues: np.ndarray  # complex (H,) of the vanilla RNN's W_hh
    verdict: str  # ``theory.verdict``: vanishing | overflow | exploding | vanishes_anyway |
    # boundary_vanishes | borderline
    slopes: Slopes  # what the vanilla RNN's activation did along the run
    reasons: list[str]  # ``theory.reasons``: why it shrinks although gamma sigma_max >= 1
    tokens: list[str] | None = None

    def numbers(self) -> dict[str, float | None]:
        """What the verdict and its reasons quote (rate: the vanilla RNN's growth per step back)."""
        return {
            "product": self.gamma * self.sigma_max,
            "sigma": self.sigma_max,
            "rho": self.spectral_radius,
            "gamma": self.gamma,
            "rate": self.cells["rnn"].rate,
            "slope": self.slopes.mean,
            "saturated": self.slopes.saturated,
            "dead": self.slopes.dead,
        }

    def table(self) -> dict[str, list]:
        """Column -> values, for a CSV download."""
        data: dict[str, list] = {"t": list(range(self.T))}
        if self.tokens:
            data["token"] = list(self.tokens)
        for name, cell in self.cells.items():
            data[f"{name}_grad_h"] = _plain(cell.norms)
            data[f"{name}_grad_x"] = _plain(cell.connectivity)
        data["rnn_bound"] = _plain(self.bound)
        return data


def _plain(values: np.ndarray) -> list:
    return [None if not np.isfinite(v) else float(f"{v:.6g}") for v in values]


def _masked(values: np.ndarray) -> np.ndarray:
    out = values.astype(np.float64).copy()
    out[~np.isfinite(out)] = np.nan
    return out


def cell_curves(result: bptt.Adjoint) -> CellCurves:
    """One cell's curves from its backward sweep; nothing is drawn if the forward overflowed."""
    T = result.grad_h.shape[0]
    norms, connectivity = result.hidden_norms(), result.input_norms()
    forward_bad = np.flatnonzero(~result.states.isfinite().all(dim=-1).all(dim=0).numpy())
    if forward_bad.size:  # backprop starts from an inf/NaN state: no gradient is meaningful
        norms = np.full(T, np.nan)
        connectivity = np.full(T, np.nan)
    return CellCurves(
        norms=_masked(norms),
        connectivity=_masked(connectivity),
        overflow_step=None if forward_bad.size else first_overflow(norms),
        forward_overflow_step=int(forward_bad.min()) if forward_bad.size else None,
        rate=observed_rate(norms),
    )


def analyse(config: GradientConfig) -> GradientCurves:
    """The three curves, the bound, the verdict and the input connectivity for one config."""
    config.checked()
    x, tokens = make_input(config)
    T = x.shape[1]
    cells = {}
    for cell in CELLS:
        module = build_module(cell, config)
        sweep = bptt.adjoint(module, x)
        cells[cell] = cell_curves(sweep)
        if cell == "rnn":
            W_hh = module.weight_hh_l0.detach().double()
            sigma_max = spectral_norm(W_hh)
            eigenvalues = np.linalg.eigvals(W_hh.numpy())
            derivative = activation_derivative(config.activation, sweep.states.double().numpy())
    gamma = ACTIVATION_DERIVATIVE_BOUND[config.activation]
    slopes = Slopes.of(config.activation, derivative, gamma)
    rho = float(np.abs(eigenvalues).max())
    last = cells["rnn"].norms[-1]
    bound = (
        pascanu_bound(last, gamma, sigma_max, T)
        if np.isfinite(last) and last > 0
        else np.full(T, np.nan)
    )
    rnn = cells["rnn"]
    overflowed = rnn.overflow_step is not None or rnn.forward_overflow_step is not None
    return GradientCurves(
        config=config,
        T=T,
        cells=cells,
        bound=_masked(np.where(bound > 0, bound, np.nan)),
        gamma=gamma,
        sigma_max=sigma_max,
        spectral_radius=rho,
        eigenvalues=eigenvalues,
        verdict=verdict(gamma, sigma_max, rnn.rate, overflowed),
        slopes=slopes,
        reasons=reasons(config.activation, gamma, sigma_max, rho, slopes),
        tokens=tokens,
    )
