"""The autonomous 2-unit vanilla RNN of the Unroll page's state-space view: where trajectories
h_t = f(W_hh h_{t-1} + b) go without input, where the page's input drives them, and what that
behaviour is called.

The verdict comes from the dynamics, not from one step's movement: every path is run for
``HORIZON`` steps and its tail is read as a fixed point (also when it is still creeping towards
one), a cycle (h returns to itself after p steps, or keeps circling without settling), or growth
(unbounded, or drifting further out at a steady pace). One fixed point for every path is
"decay" (or "damped" when the approach spirals or flips sign: the Jacobian at the fixed point has
complex or negative eigenvalues); several are "saturation"; any cycle is "oscillation"; any
runaway is "growth". Beside it, what the eigenvalues of W_hh predict for the linear part
h -> f'(0) W_hh h, so a student can compare the two.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from explorer.unroll.steps import UnrollConfig, build_cell, encode_input
from models import trace

HORIZON = 400  # steps each autonomous path runs before its tail is read
SHOWN = 40  # steps drawn per path
MAX_PERIOD = 12
BOUND = 1e3  # |h| beyond this is unbounded growth
TOLERANCE = 1e-6  # a step that moves less than this (relative) has settled
ROUND_TOLERANCE = 1e-6  # eigenvalue moduli within this of 1 are on the unit circle
SLOPE_AT_ZERO = {"tanh": 1.0, "relu": 1.0, "sigmoid": 0.25}

NUMPY_ACTIVATIONS = {
    "tanh": np.tanh,
    "relu": lambda a: np.maximum(a, 0.0),
    "sigmoid": lambda a: 1.0 / (1.0 + np.exp(-a)),
}


def derivative(activation: str, a: np.ndarray) -> np.ndarray:
    """f'(a) for the three activations (ReLU: 1 where a > 0)."""
    if activation == "tanh":
        return 1.0 - np.tanh(a) ** 2
    if activation == "relu":
        return (a > 0).astype(float)
    s = NUMPY_ACTIVATIONS["sigmoid"](a)
    return s * (1.0 - s)


@dataclass
class Dynamics:
    behaviour: str  # "decay", "damped", "oscillation", "saturation", "growth"
    fixed_points: np.ndarray  # (k, 2) where the autonomous paths settle
    period: int | None  # the shortest cycle found (oscillation), None if it never repeats exactly
    slope: float | None  # mean |f'| over the units at the fixed points
    active: float | None  # fraction of units with f' > 0 at the fixed points (ReLU)
    predicted: str  # what the eigenvalues of f'(0) W_hh predict: "decay", "damped", "marginal",
    # "growth", "flip" (growing with a negative eigenvalue) or "spiral" (growing, complex)
    radius: float  # spectral radius of f'(0) W_hh


@dataclass
class StateSpace:
    trajectories: list[np.ndarray]  # each (SHOWN + 1, 2): h_0 .. h_SHOWN under zero input
    driven: np.ndarray | None  # (T + 1, 2): the trajectory under the page's input
    fixed_points: np.ndarray  # (k, 2) where autonomous trajectories settle
    eigenvalues: np.ndarray  # complex eigenvalues of W_hh
    behaviour: str
    dynamics: Dynamics


def start_points(starts: int = 12, radius: float = 0.9) -> np.ndarray:
    """Points on a circle, turned off the axes (a start on an axis of a symmetric W would stay on
    it and stop at a saddle instead of an attractor)."""
    angles = np.linspace(0, 2 * math.pi, starts + 1)[:-1] + 0.1
    return np.stack([np.cos(angles), np.sin(angles)], axis=1) * radius


def simulate(W: np.ndarray, b: np.ndarray, activation: str, h0: np.ndarray, steps: int):
    """(starts, steps + 1, 2) paths of h_t = f(W h_{t-1} + b); a path that leaves BOUND stops
    there (the rest stays at its last value, marked as unbounded by ``classify``)."""
    f = NUMPY_ACTIVATIONS[activation]
    h = np.asarray(h0, dtype=float)
    path = [h]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            nxt = f(h @ W.T + b)
            nxt = np.where(np.isfinite(h).all(axis=1, keepdims=True), nxt, np.nan)
            h = np.where(np.abs(h).max(axis=1, keepdims=True) > BOUND, h, nxt)
            path.append(h)
    return np.stack(path, axis=1)


def refine(W: np.ndarray, b: np.ndarray, activation: str, h: np.ndarray) -> np.ndarray:
    """Newton's method on g(h) = f(W h + b) - h from ``h``: a path that is still creeping towards
    its fixed point (tanh with W = I approaches 0 like 1/sqrt(t)) names the point itself."""
    f = NUMPY_ACTIVATIONS[activation]
    for _ in range(200):
        a = W @ h + b
        residual = f(a) - h
        if np.linalg.norm(residual) < 1e-12:
            break
        jacobian = derivative(activation, a)[:, None] * W - np.eye(len(h))
        h = h - np.linalg.lstsq(jacobian, residual, rcond=None)[0]
    return h


def _tail(path: np.ndarray) -> tuple[str, np.ndarray | None, int | None]:
    """("fixed", point, None), ("creeping", end, None), ("cycle", None, p or None) or
    ("growth", None, None)."""
    if not np.isfinite(path).all() or np.abs(path[-1]).max() > BOUND:
        return "growth", None, None
    end = path[-1]
    scale = 1.0 + np.linalg.norm(end)
    moves = np.linalg.norm(np.diff(path, axis=0), axis=1)
    if moves[-1] < TOLERANCE * scale:
        return "fixed", end, None
    for p in range(2, MAX_PERIOD + 1):
        if np.linalg.norm(path[-1] - path[-1 - p]) < TOLERANCE * scale:
            return "cycle", None, p
    half, window = len(moves) // 2, 20
    late, middle = moves[-window:].mean(), moves[half - window : half].mean()
    if late < 0.85 * middle:  # still moving, ever more slowly: settling (1/sqrt(t) gives 0.71)
        return "creeping", end, None
    norms = np.linalg.norm(path, axis=1)
    if norms[-1] > norms[half] + 0.25 * late * half:  # a steady outward drift
        return "growth", None, None
    return "cycle", None, None  # keeps circling without repeating exactly


def eigen_prediction(W: np.ndarray, activation: str) -> tuple[str, float]:
    """What the linear part h -> f'(0) W h predicts, and its spectral radius."""
    eigenvalues = np.linalg.eigvals(SLOPE_AT_ZERO[activation] * W)
    radius = float(np.abs(eigenvalues).max())
    lead = eigenvalues[np.argmax(np.abs(eigenvalues))]
    complex_lead = abs(lead.imag) > 1e-9
    if abs(radius - 1.0) <= ROUND_TOLERANCE:
        return "marginal", radius
    if radius < 1.0:
        oscillating = complex_lead or lead.real < 0
        return ("damped" if oscillating else "decay"), radius
    if complex_lead:
        return "spiral", radius
    return ("flip" if lead.real < 0 else "growth"), radius


def unique_points(points: np.ndarray, tolerance: float = 1e-3) -> np.ndarray:
    unique: list[np.ndarray] = []
    for point in points:
        if all(np.linalg.norm(point - other) > tolerance for other in unique):
            unique.append(point)
    return np.array(unique).reshape(-1, 2)


def classify(
    W: np.ndarray, b: np.ndarray, activation: str, starts: np.ndarray | None = None
) -> tuple[Dynamics, np.ndarray]:
    """The verdict for h_t = f(W h_{t-1} + b), and the paths (starts, HORIZON + 1, 2)."""
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    paths = simulate(W, b, activation, start_points() if starts is None else starts, HORIZON)
    tails = [_tail(path) for path in paths]
    tails = [
        ("fixed", refine(W, b, activation, end), None) if kind == "creeping" else (kind, end, p)
        for kind, end, p in tails
    ]
    kinds = {kind for kind, _, _ in tails}
    fixed = unique_points(np.array([p for kind, p, _ in tails if kind == "fixed"]).reshape(-1, 2))
    periods = [p for kind, _, p in tails if kind == "cycle" and p]
    predicted, radius = eigen_prediction(W, activation)
    slope = active = None
    if len(fixed):
        slopes = derivative(activation, fixed @ W.T + b)
        slope, active = float(np.abs(slopes).mean()), float((slopes > 0).mean())
    if "growth" in kinds:
        behaviour = "growth"
    elif "cycle" in kinds:
        behaviour = "oscillation"
    elif len(fixed) >= 2:
        behaviour = "saturation"
    else:
        jacobian = derivative(activation, fixed[0] @ W.T + b)[:, None] * W
        lead = np.linalg.eigvals(jacobian)
        spirals = (np.abs(lead.imag) > 1e-9).any() or (lead.real < -1e-9).any()
        behaviour = "damped" if spirals else "decay"
    dynamics = Dynamics(
        behaviour, fixed, min(periods) if periods else None, slope, active, predicted, radius
    )
    return dynamics, paths


def state_space(config: UnrollConfig, starts: int = 12) -> StateSpace:
    """The autonomous paths and the verdict, and the driven trajectory, for H = 2."""
    config2 = UnrollConfig(**{**config.__dict__, "hidden_size": 2, "cell": "rnn"})
    inputs = encode_input(config2)
    module = build_cell(config2, inputs.x.shape[-1])
    W_hh = module.weight_hh_l0.detach().double().numpy()
    b = (module.bias_ih_l0 + module.bias_hh_l0).detach().double().numpy()
    dynamics, paths = classify(W_hh, b, config2.activation, start_points(starts))
    with torch.no_grad():
        driven = torch.cat([torch.zeros(1, 2), trace(module, inputs.x).hidden[0, 0]]).numpy()
    driven = np.where(np.isfinite(driven), driven, np.nan)  # an overflowing path stops there
    shown = [path[: SHOWN + 1] for path in paths]
    return StateSpace(
        shown,
        driven,
        dynamics.fixed_points,
        np.linalg.eigvals(W_hh),
        dynamics.behaviour,
        dynamics,
    )


# the verdict each eigenvalue prediction stands for (a marginal radius leaves it to the activation)
PREDICTED_BEHAVIOUR = {
    "decay": "decay",
    "damped": "damped",
    "growth": "growth",
    "flip": "oscillation",
    "spiral": "oscillation",
}


def prediction_matches(dynamics: Dynamics) -> bool | None:
    """Whether the linear prediction names the verdict the dynamics gave (None: marginal)."""
    expected = PREDICTED_BEHAVIOUR.get(dynamics.predicted)
    return None if expected is None else expected == dynamics.behaviour
