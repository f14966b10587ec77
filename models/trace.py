"""``trace``: run an ``nn.RNN``/``nn.LSTM``/``nn.GRU`` step by step and keep every intermediate.

Training uses the fused modules; everything the user *sees* comes from here. The result equals the
fused module (tested forward and backward), and ``clamp`` forces gate activations for the
"what does this gate do" experiments.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from models.gru import GATES as GRU_GATES
from models.gru import gru_step
from models.lstm import GATES as LSTM_GATES
from models.lstm import lstm_step
from models.rnn import rnn_step

COUPLED = "coupled"  # clamp={"input": COUPLED} ties the LSTM input gate to 1 - forget gate


@dataclass(frozen=True)
class GateClamp:
    """Force a gate to ``value`` on steps ``start <= t < stop`` (and only ``units``, if given)."""

    value: float | str
    start: int = 0
    stop: int | None = None
    units: tuple[int, ...] | None = None

    def covers(self, t: int) -> bool:
        return t >= self.start and (self.stop is None or t < self.stop)


@dataclass
class Trace:
    output: torch.Tensor  # (B, T, D*H) == module(x, state)[0]
    hidden: torch.Tensor  # (L*D, B, T, H); reverse direction indexed by input position t
    cell: torch.Tensor | None  # (L*D, B, T, H) for LSTM
    gates: dict[str, torch.Tensor]  # name -> (L*D, B, T, H)
    final: torch.Tensor | tuple[torch.Tensor, torch.Tensor]  # the module's h_n, or (h_n, c_n)


def cell_kind(module: nn.Module) -> str:
    if isinstance(module, nn.LSTM):
        return "lstm"
    if isinstance(module, nn.GRU):
        return "gru"
    if isinstance(module, nn.RNN):
        return "rnn"
    raise TypeError(f"trace() needs nn.RNN, nn.LSTM or nn.GRU, not {type(module).__name__}")


def gate_names(module: nn.Module) -> tuple[str, ...]:
    return {"lstm": LSTM_GATES, "gru": GRU_GATES, "rnn": ()}[cell_kind(module)]


def _normalise_clamp(clamp, kind: str) -> dict[str, GateClamp]:
    if not clamp:
        return {}
    allowed = {"lstm": LSTM_GATES, "gru": GRU_GATES, "rnn": ()}[kind]
    result = {}
    for name, spec in clamp.items():
        if name not in allowed:
            raise ValueError(f"{kind} has no gate {name!r}; gates: {', '.join(allowed) or 'none'}")
        spec = spec if isinstance(spec, GateClamp) else GateClamp(spec)
        if spec.value == COUPLED and not (kind == "lstm" and name == "input"):
            raise ValueError("only the LSTM input gate can be coupled (to 1 - forget)")
        result[name] = spec
    return result


def _forcer(clamps: dict[str, GateClamp], t: int):
    """The ``force`` callback of a cell step at time ``t``."""

    def force(name, activation, forget=None):
        spec = clamps.get(name)
        if spec is None or not spec.covers(t):
            return activation
        forced = (
            1 - forget if spec.value == COUPLED else torch.full_like(activation, float(spec.value))
        )
        if spec.units is None:
            return forced
        mask = torch.zeros(activation.shape[-1], dtype=torch.bool, device=activation.device)
        mask[list(spec.units)] = True
        return torch.where(mask, forced, activation)

    return force


def _weights(module: nn.Module, layer: int, direction: int):
    suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
    W_ih = getattr(module, "weight_ih" + suffix)
    W_hh = getattr(module, "weight_hh" + suffix)
    b_ih = getattr(module, "bias_ih" + suffix) if module.bias else None
    b_hh = getattr(module, "bias_hh" + suffix) if module.bias else None
    return W_ih, W_hh, b_ih, b_hh


def trace(module: nn.Module, x: torch.Tensor, state=None, clamp=None) -> Trace:
    """Run ``module`` (batch_first) on ``x`` (B, T, I) one step at a time; see docs/architecture.md.

    Dropout between layers is not applied (the trace is the eval-mode computation).
    """
    kind = cell_kind(module)
    if not module.batch_first:
        raise ValueError("trace() expects a batch_first=True module")
    if getattr(module, "proj_size", 0):
        raise ValueError("trace() does not support LSTM projections (proj_size > 0)")
    if x.dim() != 3:
        raise ValueError(f"x must be (B, T, input_size), got shape {tuple(x.shape)}")
    clamps = _normalise_clamp(clamp, kind)
    B, T, _ = x.shape
    if T == 0:
        raise ValueError("trace() needs at least one time step")
    L, H = module.num_layers, module.hidden_size
    D = 2 if module.bidirectional else 1
    if state is None:
        h0 = x.new_zeros(L * D, B, H)
        c0 = x.new_zeros(L * D, B, H) if kind == "lstm" else None
    elif kind == "lstm":
        h0, c0 = state
    else:
        h0, c0 = state, None
    activation = getattr(module, "nonlinearity", "tanh")

    hidden, cells = [], []
    gates: dict[str, list] = {name: [] for name in gate_names(module)}
    layer_input = x  # (B, T, I) for layer 0, then (B, T, D*H)
    for layer in range(L):
        outputs = []
        for direction in range(D):
            index = layer * D + direction
            W_ih, W_hh, b_ih, b_hh = _weights(module, layer, direction)
            h, c = h0[index], (c0[index] if c0 is not None else None)
            steps = range(T - 1, -1, -1) if direction == 1 else range(T)
            hs, cs = [None] * T, [None] * T
            gs = {name: [None] * T for name in gates}
            for t in steps:
                x_t = layer_input[:, t]  # (B, I)
                if kind == "rnn":
                    h = rnn_step(x_t, h, W_ih, W_hh, b_ih, b_hh, activation)
                elif kind == "lstm":
                    h, c, g = lstm_step(x_t, h, c, W_ih, W_hh, b_ih, b_hh, _forcer(clamps, t))
                    cs[t] = c
                else:
                    h, g = gru_step(x_t, h, W_ih, W_hh, b_ih, b_hh, _forcer(clamps, t))
                hs[t] = h
                for name in gs:
                    gs[name][t] = g[name]
            hidden.append(torch.stack(hs, dim=1))  # (B, T, H)
            if kind == "lstm":
                cells.append(torch.stack(cs, dim=1))
            for name in gates:
                gates[name].append(torch.stack(gs[name], dim=1))
            outputs.append(hidden[-1])
        layer_input = torch.cat(outputs, dim=-1)  # (B, T, D*H)

    hidden_t = torch.stack(hidden)  # (L*D, B, T, H)
    last = [T - 1 if i % D == 0 else 0 for i in range(L * D)]
    h_n = torch.stack([hidden_t[i, :, last[i]] for i in range(L * D)])  # (L*D, B, H)
    cell_t = torch.stack(cells) if kind == "lstm" else None
    final = (
        (h_n, torch.stack([cell_t[i, :, last[i]] for i in range(L * D)])) if kind == "lstm" else h_n
    )
    return Trace(
        output=layer_input,
        hidden=hidden_t,
        cell=cell_t,
        gates={name: torch.stack(values) for name, values in gates.items()},
        final=final,
    )
