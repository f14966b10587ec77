"""The equations of one recurrent step, written in LaTeX with that step's numbers substituted.

One notation everywhere, the one the Unroll page teaches: ``W_{x·}`` multiplies the input x_t,
``W_{h·}`` the previous state h_{t-1}, and the subscript names the gate (``W_{xf}``, ``W_{hf}``,
``b_f`` for the forget gate; ``W_{xh}``, ``W_{hh}`` for the vanilla RNN). PyTorch's GRU keeps
``b_{hn}`` inside the reset product, so the new state reads
``n_t = tanh(W_{xn} x_t + b_n + r_t ⊙ (W_{hn} h_{t-1} + b_{hn}))``.

Two forms, one per page:
- ``vector_equations`` (Unroll): every unit of step t at once, as column vectors.
- ``unit_equations`` (Gates): one unit, its pre-activation split into labelled parts, with the
  value the run used when a gate was clamped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from explorer.gates.clamps import CANDIDATES  # tanh; every other gate is a sigmoid

GATE_SYMBOLS = {
    "input": "i",
    "forget": "f",
    "cell": r"\tilde c",
    "output": "o",
    "reset": "r",
    "update": "z",
    "new": "n",
}
WEIGHT_SUBSCRIPTS = {
    "input": "i",
    "forget": "f",
    "cell": "c",
    "output": "o",
    "reset": "r",
    "update": "z",
    "new": "n",
}
SQUASH = {"tanh": r"\tanh", "relu": r"\mathrm{ReLU}", "sigmoid": r"\sigma"}
LSTM_ORDER = ("forget", "input", "cell", "output")  # the order the Gates page explains them


def squash_of(gate: str) -> str:
    return r"\tanh" if gate in CANDIDATES else r"\sigma"


def preactivation(gate: str, now: str, before: str) -> dict[str, str]:
    """The symbolic terms of ``gate``'s pre-activation at step ``now`` ("t" or a number):
    {"x": W_{x·} x_now, "h": W_{h·} h_before, "b": b_·} (and "hb": b_{hn} for the GRU's new state)."""
    w = WEIGHT_SUBSCRIPTS[gate]
    terms = {"x": rf"W_{{x{w}}}x_{{{now}}}", "h": rf"W_{{h{w}}}h_{{{before}}}", "b": rf"b_{{{w}}}"}
    if gate == "new":
        terms["hb"] = rf"b_{{h{w}}}"
    return terms


def symbolic(gate: str, now: str, before: str) -> str:
    """``W_{xf}x_t + W_{hf}h_{t-1} + b_{f}``; the GRU's new state with r_t around its h part."""
    terms = preactivation(gate, now, before)
    if gate == "new":
        return rf"{terms['x']} + {terms['b']} + r_{{{now}}} \odot ({terms['h']} + {terms['hb']})"
    return rf"{terms['x']} + {terms['h']} + {terms['b']}"


def _steps(t: int | None) -> tuple[str, str]:
    return ("t", "t-1") if t is None else (str(t), str(t - 1))


# ---- every unit at once (Unroll) ---------------------------------------------------------------


def vector(values: np.ndarray, digits: int = 2) -> str:
    cells = r" \\ ".join(f"{v:.{digits}f}" for v in values)
    return r"\begin{bmatrix}" + cells + r"\end{bmatrix}"


def vector_equations(
    cell: str,
    t: int,
    input_part: np.ndarray,
    recurrent_part: np.ndarray,
    bias: np.ndarray,
    gates: Mapping[str, np.ndarray],
    h_prev: np.ndarray,
    h: np.ndarray,
    *,
    activation: str = "tanh",
    c_prev: np.ndarray | None = None,
    c: np.ndarray | None = None,
    bias_hn: np.ndarray | None = None,
) -> list[str]:
    """LaTeX lines of step ``t`` for all units. ``input_part``/``recurrent_part``/``bias`` are
    stacked like PyTorch's weights (one block of H rows per gate, in ``gates``' order); for the GRU
    ``bias`` holds b_n without b_hn, which comes in ``bias_hn``."""
    now, before = _steps(t)
    if cell == "rnn":
        f = SQUASH[activation]
        a_t = input_part + recurrent_part + bias
        return [
            rf"h_{{{now}}} = {f}\big(W_{{xh}}x_{{{now}}} + W_{{hh}}h_{{{before}}} + b\big)"
            rf" = {f}\Big({vector(input_part)} + {vector(recurrent_part)} + {vector(bias)}\Big)",
            rf"= {f}\Big({vector(a_t)}\Big) = {vector(h, 3)}",
        ]
    units = len(h)
    lines = []
    for index, name in enumerate(gates):
        block = slice(index * units, (index + 1) * units)
        x_part, h_part, b = input_part[block], recurrent_part[block], bias[block]
        if name == "new":
            numbers = (
                rf"{vector(x_part)} + {vector(b)} + r_{{{now}}} \odot "
                rf"\big({vector(h_part)} + {vector(bias_hn)}\big)"
            )
        else:
            numbers = rf"{vector(x_part)} + {vector(h_part)} + {vector(b)}"
        squash = squash_of(name)
        lines.append(
            rf"{GATE_SYMBOLS[name]}_{{{now}}} = {squash}\big({symbolic(name, now, before)}\big)"
            rf" = {squash}\Big({numbers}\Big) = {vector(gates[name], 3)}"
        )
    if cell == "lstm":
        lines.append(
            rf"c_{{{now}}} = f_{{{now}}} \odot c_{{{before}}} + i_{{{now}}} \odot \tilde c_{{{now}}}"
            rf" = {vector(gates['forget'])} \odot {vector(c_prev)}"
            rf" + {vector(gates['input'])} \odot {vector(gates['cell'])} = {vector(c, 3)}"
        )
        lines.append(rf"h_{{{now}}} = o_{{{now}}} \odot \tanh(c_{{{now}}}) = {vector(h, 3)}")
    else:
        z = gates["update"]
        lines.append(
            rf"h_{{{now}}} = (1 - z_{{{now}}}) \odot n_{{{now}}} + z_{{{now}}} \odot h_{{{before}}}"
            rf" = {vector(1 - z)} \odot {vector(gates['new'])} + {vector(z)} \odot {vector(h_prev)}"
            rf" = {vector(h, 3)}"
        )
    return lines


# ---- one unit, with clamps (Gates) -------------------------------------------------------------


def number(value: float) -> str:
    """A number for a sum: negative ones in brackets, so "+ (-0.34)" never reads as "+ -0.34"."""
    return f"({value:.2f})" if value < 0 else f"{value:.2f}"


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def unit_equations(
    cell: str, v: Mapping, clamped: set[str] = frozenset(), clamped_word: str = "clamped to"
) -> list[str]:
    """LaTeX lines: the equations of one step with one unit's numbers substituted.

    ``v`` is ``explorer.gates.step_values``: "gates" (as run), "from_x", "from_h", "bias" per gate,
    the states "h_prev", "h" (and "c_prev", "c" for the LSTM, "b_in", "b_hn" for the GRU). A gate
    in ``clamped`` shows the learned value and then the value the run was forced to."""
    g, from_x, from_h, bias = v["gates"], v["from_x"], v["from_h"], v["bias"]

    def forced(line: str, name: str) -> str:
        if name in clamped:
            line += rf"\;\rightarrow\; \textbf{{{clamped_word} }} {g[name]:.2f}"
        return line

    def gate(name: str) -> str:
        terms, squash = preactivation(name, "t", "t-1"), squash_of(name)
        z = from_x[name] + from_h[name] + bias[name]
        learned = _sigmoid(z) if squash == r"\sigma" else math.tanh(z)
        parts = (
            rf"\underbrace{{{number(from_x[name])}}}_{{{terms['x']}}}"
            rf" + \underbrace{{{number(from_h[name])}}}_{{{terms['h']}}}"
            rf" + \underbrace{{{number(bias[name])}}}_{{{terms['b']}}}"
        )
        symbol = GATE_SYMBOLS[name]
        return forced(rf"{symbol}_t = {squash}({parts}) = {squash}({z:.2f}) = {learned:.2f}", name)

    if cell == "lstm":
        return [
            *(gate(name) for name in LSTM_ORDER),
            rf"c_t = f_t\,c_{{t-1}} + i_t\,\tilde c_t = {g['forget']:.2f}\cdot({v['c_prev']:.2f})"
            rf" + {g['input']:.2f}\cdot({g['cell']:.2f}) = {v['c']:.2f}",
            rf"h_t = o_t \tanh(c_t) = {g['output']:.2f}\cdot\tanh({v['c']:.2f}) = {v['h']:.2f}",
        ]
    r, z = g["reset"], g["update"]
    n_in = from_x["new"] + v["b_in"]
    n_h = from_h["new"] + v["b_hn"]
    new = forced(
        rf"n_t = \tanh({symbolic('new', 't', 't-1')})"
        rf" = \tanh({n_in:.2f} + {r:.2f}\cdot({n_h:.2f})) = {math.tanh(n_in + r * n_h):.2f}",
        "new",
    )
    return [
        gate("reset"),
        gate("update"),
        new,
        rf"h_t = (1 - z_t)\,n_t + z_t\,h_{{t-1}} = {1 - z:.2f}\cdot({g['new']:.2f})"
        rf" + {z:.2f}\cdot({v['h_prev']:.2f}) = {v['h']:.2f}",
    ]
