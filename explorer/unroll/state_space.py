"""The autonomous 2-unit vanilla RNN of the Unroll page's state-space tab: where trajectories
h_t = f(W_hh h_{t-1} + b) go without input, where the page's input drives them, and what that
behaviour is called."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from explorer.unroll.steps import UnrollConfig, build_cell, encode_input
from models import trace
from models.rnn import ACTIVATIONS


@dataclass
class StateSpace:
    trajectories: list[np.ndarray]  # each (steps + 1, 2): h_0 .. h_steps under zero input
    driven: np.ndarray | None  # (T + 1, 2): the trajectory under the page's input
    fixed_points: np.ndarray  # (k, 2) where autonomous trajectories settle
    eigenvalues: np.ndarray  # complex eigenvalues of W_hh
    behaviour: str  # "decay", "oscillation", "saturation", "growth"


def state_space(config: UnrollConfig, steps: int = 40, starts: int = 12) -> StateSpace:
    """h_t = f(W_hh h_{t-1} + b) from points on a circle, and the driven trajectory, for H = 2."""
    config2 = UnrollConfig(**{**config.__dict__, "hidden_size": 2, "cell": "rnn"})
    inputs = encode_input(config2)
    module = build_cell(config2, inputs.x.shape[-1])
    W_hh = module.weight_hh_l0.detach()
    b = (module.bias_ih_l0 + module.bias_hh_l0).detach()
    f = ACTIVATIONS[config2.activation]
    angles = torch.linspace(0, 2 * math.pi, starts + 1)[:-1]
    h = torch.stack([angles.cos(), angles.sin()], dim=1) * 0.9  # (starts, 2)
    path = [h]
    with torch.no_grad():
        for _ in range(steps):
            h = f(h @ W_hh.T + b)
            path.append(h)
        driven = torch.cat([torch.zeros(1, 2), trace(module, inputs.x).hidden[0, 0]]).numpy()
    driven = np.where(
        np.isfinite(driven), driven, np.nan
    )  # an exploding path stops where it overflowed
    paths = torch.stack(path, dim=1).numpy()  # (starts, steps + 1, 2)
    ends = paths[:, -1]
    settled = np.linalg.norm(paths[:, -1] - paths[:, -2], axis=1) < 1e-3
    fixed = _unique_points(ends[settled & np.isfinite(ends).all(axis=1)])
    eigenvalues = np.linalg.eigvals(W_hh.numpy())
    if not np.isfinite(paths).all() or np.abs(ends).max() > 1e3:
        behaviour = "growth"
    elif not settled.all():
        behaviour = "oscillation"
    elif len(fixed) >= 2:  # several attractors: the state remembers which side it started on
        behaviour = "saturation"
    else:
        behaviour = "decay"
    return StateSpace(list(paths), driven, fixed, eigenvalues, behaviour)


def _unique_points(points: np.ndarray, tolerance: float = 1e-2) -> np.ndarray:
    unique: list[np.ndarray] = []
    for point in points:
        if all(np.linalg.norm(point - other) > tolerance for other in unique):
            unique.append(point)
    return np.array(unique).reshape(-1, 2)
