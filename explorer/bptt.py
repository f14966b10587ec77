"""Back-propagation through time, written out: the one source of every dL/dh_t the app shows.

For one recurrent layer the chain rule runs backwards from the last step, in NumPy, with each
cell's local derivatives computed for all steps at once from the forward values:

    RNN   h_t = f(a_t),  a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh
          dL/da_t = dL/dh_t * f'(a_t),          dL/dh_{t-1} = dL/da_t W_hh
    LSTM  dL/dc_t = dL/dc_{t+1} f_{t+1} + dL/dh_t o_t (1 - tanh^2 c_t)    (the cell path)
    GRU   dL/dh_{t-1} = dL/dh_t z_t + dL/d(W_hh h_{t-1} + b_hh) W_hh     (the update path)

Conventions (docs/architecture.md): steps 0 ... T-1, arrays time first (T, B, ...), and
L = sum of the last step's top-layer h_t unless ``grad_last`` (another loss on the last state) or
``every_step`` (a loss at every step) says otherwise. For the LSTM, dL/dh_t holds c_t fixed (h_t
and c_t are two states) and dL/dc_t is the total derivative. A clamped gate (``models.trace``'s
``clamp``: a value or a ``GateClamp`` with steps and units) is a constant, so no gradient flows
through its pre-activation; a coupled input gate (``COUPLED``) follows 1 - forget.

Every function here is tested equal to autograd oracles in tests/test_bptt.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from models.gru import gru_gates
from models.lstm import lstm_gates
from models.rnn import activation_derivative
from models.trace import COUPLED, GateClamp, cell_kind, trace


@dataclass(frozen=True)
class Adjoint:
    """The backward sweep of one recurrent layer (the top one), time first."""

    grad_h: np.ndarray  # (T, B, H) dL/dh_t
    grad_c: np.ndarray | None  # (T, B, H) total dL/dc_t (LSTM only)
    grad_input: np.ndarray  # (T, B, G*H) dL/d(W_ih x_t + b_ih), G gates (1 for the RNN)
    grad_recurrent: np.ndarray  # (T, B, G*H) dL/d(W_hh h_{t-1} + b_hh)
    h_prev: np.ndarray  # (T, B, H) h_{t-1}, h_{-1} = 0
    states: torch.Tensor  # (B, T, H) the forward h_t
    W_ih: np.ndarray  # (G*H, I)
    cell_states: np.ndarray | None = None  # (T, B, H) the forward c_t (LSTM)

    @property
    def grad_x(self) -> np.ndarray:
        """(T, B, I) dL/dx_t, x_t the layer's input at step t."""
        with np.errstate(all="ignore"):
            return self.grad_input @ self.W_ih

    def hidden_norms(self) -> np.ndarray:
        """(T,) batch-mean ||dL/dh_t||, float64."""
        return batch_norms(self.grad_h)

    def input_norms(self) -> np.ndarray:
        """(T,) batch-mean ||dL/dx_t||, float64."""
        return batch_norms(self.grad_x)

    def recurrent_weight_grad(self) -> np.ndarray:
        """dL/dW_hh = sum_t dL/d(W_hh h_{t-1}) h_{t-1}^T, (G*H, H) float64."""
        with np.errstate(all="ignore"):
            return np.einsum(
                "tbg,tbh->gh",
                self.grad_recurrent.astype(np.float64),
                self.h_prev.astype(np.float64),
            )


@dataclass(frozen=True)
class GradientFlow:
    """Per-step batch-mean norms: ``h`` = ||dL/dh_t||, ``c`` = ||dL/dc_t|| (LSTM, else None)."""

    h: np.ndarray  # (T,)
    c: np.ndarray | None  # (T,)


@dataclass
class _Forward:
    """What the backward sweep needs from the forward pass of the top layer, time first."""

    kind: str
    activation: str
    hs: np.ndarray  # (T, B, H)
    h_prev: np.ndarray  # (T, B, H)
    cs: np.ndarray | None  # (T, B, H), LSTM
    gates: dict[str, np.ndarray]  # name -> (T, B, H), as run (clamped values where clamped)
    free: dict[str, np.ndarray]  # name -> (T, 1, H) 0 where clamped; only clamped gates listed
    coupled: np.ndarray | None  # (T, 1, H) 1 where the LSTM input gate is 1 - forget
    recurrent_new: np.ndarray | None  # (T, B, H) GRU: W_hn h_{t-1} + b_hn
    states: torch.Tensor  # (B, T, H)
    W_ih: np.ndarray
    W_hh: np.ndarray


def batch_norms(grads: np.ndarray) -> np.ndarray:
    """(T, B, F) -> (T,) batch-mean of the 2-norm over F, float64."""
    with np.errstate(all="ignore"):
        return np.linalg.norm(grads.astype(np.float64), axis=-1).mean(axis=1)


def _top_weights(module: nn.Module):
    """W_ih, W_hh, b_ih, b_hh of the top layer, detached (biases None when the module has none)."""
    top = f"_l{module.num_layers - 1}"
    b_ih = getattr(module, "bias_ih" + top).detach() if module.bias else None
    b_hh = getattr(module, "bias_hh" + top).detach() if module.bias else None
    W_ih = getattr(module, "weight_ih" + top).detach()
    return W_ih, getattr(module, "weight_hh" + top).detach(), b_ih, b_hh


def _clamp_masks(clamp, T: int, H: int) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """``free`` masks (0 where a gate is clamped) and the coupled-input mask, each (T, 1, H)."""
    free, coupled = {}, None
    for name, spec in (clamp or {}).items():
        spec = spec if isinstance(spec, GateClamp) else GateClamp(spec)
        steps = np.array([spec.covers(t) for t in range(T)])
        units = np.zeros(H, bool)
        units[list(spec.units) if spec.units is not None else slice(None)] = True
        mask = (steps[:, None, None] & units[None, None, :]).astype(np.float32)
        free[name] = 1 - mask
        if spec.value == COUPLED:
            coupled = mask
    return free, coupled


def _time_first(tensor: torch.Tensor) -> np.ndarray:
    return tensor.transpose(0, 1).contiguous().numpy()


def _lstm_cells(gates: dict[str, np.ndarray]) -> np.ndarray:
    """c_t = f_t c_{t-1} + i_t g_t for every step (T, B, H), c_{-1} = 0."""
    I, F, G = gates["input"], gates["forget"], gates["cell"]
    cells = np.empty_like(I)
    c = np.zeros_like(I[0])
    with np.errstate(all="ignore"):
        for t in range(I.shape[0]):
            c = F[t] * c + I[t] * G[t]
            cells[t] = c
    return cells


def _forward(module: nn.Module, x: torch.Tensor, clamp, states) -> _Forward:
    """The top layer's forward values. Without clamps, one layer: the fused module (or ``states``,
    its output (B, T, H) when the caller already has it) and the gates recomputed for all steps at
    once from the known h_{t-1}; otherwise ``models.trace`` (clamps, lower layers)."""
    kind = cell_kind(module)
    if module.bidirectional:
        raise ValueError("backprop through time here needs a unidirectional module")
    if x.dim() != 3 or x.shape[1] == 0:
        raise ValueError(f"x must be (B, T>0, input_size), got {tuple(x.shape)}")
    B, T, _ = x.shape
    H = module.hidden_size
    W_ih, W_hh, b_ih, b_hh = _top_weights(module)
    gates, cs = None, None
    with torch.no_grad():
        x = x.detach()
        if clamp or module.num_layers > 1:
            traced = trace(module, x, clamp=clamp)
            inputs = x if module.num_layers == 1 else traced.hidden[-2]
            states = traced.hidden[-1]
            gates = {name: _time_first(value[-1]) for name, value in traced.gates.items()}
            cs = _time_first(traced.cell[-1]) if kind == "lstm" else None
        else:
            inputs = x
            states = module(x)[0] if states is None else states.detach()
        h_prev_t = torch.cat([x.new_zeros(B, 1, H), states[:, :-1]], dim=1)  # (B, T, H)
        recurrent_new = None
        if kind == "lstm" and gates is None:
            computed = lstm_gates(inputs, h_prev_t, W_ih, W_hh, b_ih, b_hh)
            gates = {name: _time_first(value) for name, value in computed.items()}
            cs = _lstm_cells(gates)
        elif kind == "gru":
            computed, recurrent = gru_gates(inputs, h_prev_t, W_ih, W_hh, b_ih, b_hh)
            gates = gates or {name: _time_first(value) for name, value in computed.items()}
            recurrent_new = _time_first(recurrent)
    free, coupled = _clamp_masks(clamp, T, H)
    hs = _time_first(states)
    return _Forward(
        kind=kind,
        activation=getattr(module, "nonlinearity", "tanh"),
        hs=hs,
        h_prev=np.concatenate([np.zeros_like(hs[:1]), hs[:-1]]),
        cs=cs,
        gates=gates or {},
        free=free,
        coupled=coupled,
        recurrent_new=recurrent_new,
        states=states,
        W_ih=W_ih.numpy(),
        W_hh=W_hh.numpy(),
    )


@dataclass(frozen=True)
class _Loss:
    """Where the loss sits: ``grad_last`` (B, H) seeds dL/dh_{T-1} (default ones: L = sum h_{T-1});
    ``every_step`` adds dL_t/dh_t = 1 at each step; ``truncate`` = k stops the gradient between
    t and t - 1 when t % k == 0 (truncated BPTT in chunks of k steps)."""

    grad_last: np.ndarray | None = None
    every_step: bool = False
    truncate: int | None = None

    def seed(self, B: int, H: int) -> np.ndarray:
        if self.every_step:
            return np.zeros((B, H), np.float32)  # each step adds its own 1 in the sweep
        if self.grad_last is None:
            return np.ones((B, H), np.float32)
        return np.asarray(self.grad_last, np.float32)

    def cuts(self, T: int) -> set[int]:
        return set(range(self.truncate, T, self.truncate)) if self.truncate else set()


def _gate_slope(fwd: _Forward, name: str, slope: np.ndarray) -> np.ndarray:
    """d(gate)/d(pre-activation), zero where the gate is clamped."""
    return slope * fwd.free[name] if name in fwd.free else slope


def _sweep(fwd: _Forward, loss: _Loss, step) -> np.ndarray:
    """Run the chain rule from the last step back to the first: ``step(t, g)`` takes g = dL/dh_t
    and returns dL/dh_{t-1}. Seeds the loss, adds per-step losses, cuts at chunk boundaries;
    returns every dL/dh_t (T, B, H)."""
    T, B, H = fwd.hs.shape
    grad_h = np.empty((T, B, H), np.float32)
    g, cuts = loss.seed(B, H), loss.cuts(T)
    with np.errstate(all="ignore"):
        for t in range(T - 1, -1, -1):
            if loss.every_step:
                g = g + 1
            grad_h[t] = g
            g = step(t, g)
            if t in cuts:
                g = np.zeros_like(g)
    return grad_h


def rnn_adjoint(fwd: _Forward, loss: _Loss) -> Adjoint:
    """Vanilla RNN (tanh, ReLU or sigmoid): dL/da_t = dL/dh_t f'(a_t), dL/dh_{t-1} = dL/da_t W_hh."""
    T, B, H = fwd.hs.shape
    f_prime = activation_derivative(fwd.activation, fwd.hs)  # f'(a_t) from h_t
    grad_a = np.empty((T, B, H), np.float32)

    def step(t, g):
        grad_a[t] = g * f_prime[t]
        return grad_a[t] @ fwd.W_hh

    grad_h = _sweep(fwd, loss, step)
    return Adjoint(grad_h, None, grad_a, grad_a, fwd.h_prev, fwd.states, fwd.W_ih)


def lstm_adjoint(fwd: _Forward, loss: _Loss) -> Adjoint:
    """LSTM: h_t = o_t tanh(c_t), c_t = f_t c_{t-1} + i_t g_t; dL/dc_t gathers the cell path
    (through f_{t+1}) and the path through h_t; dL/dh_{t-1} = dL/da_t W_hh."""
    T, B, H = fwd.hs.shape
    I, F, G, O = (fwd.gates[name] for name in ("input", "forget", "cell", "output"))
    cs = fwd.cs
    c_prev = np.concatenate([np.zeros_like(cs[:1]), cs[:-1]])
    with np.errstate(all="ignore"):
        tanh_c = np.tanh(cs)
        d_i = _gate_slope(fwd, "input", I * (1 - I))
        d_f = _gate_slope(fwd, "forget", F * (1 - F))
        d_g = _gate_slope(fwd, "cell", 1 - G**2)
        d_o = _gate_slope(fwd, "output", O * (1 - O))
        # a coupled input gate i = 1 - f moves with the forget pre-activation: dc/da_f gains -g f'
        via_forget = c_prev if fwd.coupled is None else c_prev - fwd.coupled * G
        dc_da = np.concatenate([G * d_i, via_forget * d_f, I * d_g], axis=-1)  # (T, B, 3H)
        dh_dc = O * (1 - tanh_c**2)
        dh_dao = tanh_c * d_o
    grad_c = np.empty((T, B, H), np.float32)
    grad_a = np.empty((T, B, 4 * H), np.float32)
    cuts = loss.cuts(T)
    g_c = np.zeros((B, H), np.float32)  # dL/dc_t along the cell path only

    def step(t, g):
        nonlocal g_c
        dc = g_c + g * dh_dc[t]  # total dL/dc_t
        grad_c[t] = dc
        grad_a[t, :, : 3 * H] = np.tile(dc, 3) * dc_da[t]  # input, forget, candidate
        grad_a[t, :, 3 * H :] = g * dh_dao[t]  # output gate
        g_c = np.zeros_like(dc) if t in cuts else dc * F[t]
        return grad_a[t] @ fwd.W_hh

    grad_h = _sweep(fwd, loss, step)
    return Adjoint(grad_h, grad_c, grad_a, grad_a, fwd.h_prev, fwd.states, fwd.W_ih, cs)


def gru_adjoint(fwd: _Forward, loss: _Loss) -> Adjoint:
    """GRU: h_t = (1 - z_t) n_t + z_t h_{t-1}, n_t = tanh(W_in x_t + b_in + r_t (W_hn h_{t-1} +
    b_hn)); the reset gate scales the recurrent side of n, and z_t passes dL/dh_t straight back."""
    T, B, H = fwd.hs.shape
    R, Z, N = (fwd.gates[name] for name in ("reset", "update", "new"))
    with np.errstate(all="ignore"):
        dn = (1 - Z) * _gate_slope(fwd, "new", 1 - N**2)  # dh_t / d(pre-activation of n_t)
        dz = (fwd.h_prev - N) * _gate_slope(fwd, "update", Z * (1 - Z))
        dr = fwd.recurrent_new * _gate_slope(fwd, "reset", R * (1 - R))
    grad_in = np.empty((T, B, 3 * H), np.float32)
    grad_rec = np.empty((T, B, 3 * H), np.float32)

    def step(t, g):
        da_n = g * dn[t]
        grad_in[t, :, :H] = da_n * dr[t]
        grad_in[t, :, H : 2 * H] = g * dz[t]
        grad_in[t, :, 2 * H :] = da_n
        grad_rec[t] = grad_in[t]
        grad_rec[t, :, 2 * H :] *= R[t]  # the new gate sees r_t * (W_hn h + b_hn)
        return g * Z[t] + grad_rec[t] @ fwd.W_hh

    grad_h = _sweep(fwd, loss, step)
    return Adjoint(grad_h, None, grad_in, grad_rec, fwd.h_prev, fwd.states, fwd.W_ih)


_ADJOINTS = {"rnn": rnn_adjoint, "lstm": lstm_adjoint, "gru": gru_adjoint}


def adjoint(
    module: nn.Module,
    x: torch.Tensor,
    *,
    clamp: dict | None = None,
    grad_last: np.ndarray | None = None,
    every_step: bool = False,
    truncate: int | None = None,
    states: torch.Tensor | None = None,
) -> Adjoint:
    """The backward sweep through the top layer of ``module`` (nn.RNN/LSTM/GRU, batch-first,
    unidirectional, any number of layers) on ``x`` (B, T, I).

    ``clamp``: gate clamps as in ``models.trace``. ``grad_last``, ``every_step``, ``truncate``:
    where the loss sits (see ``_Loss``). ``states``: the one-layer module's own output (B, T, H)
    when the caller already ran it (unclamped only).
    """
    fwd = _forward(module, x, clamp, states)
    return _ADJOINTS[fwd.kind](fwd, _Loss(grad_last, every_step, truncate))


def hidden_grad_norms(module: nn.Module, x: torch.Tensor, clamp: dict | None = None) -> np.ndarray:
    """norms[t] = batch-mean ||dL/dh_t||_2, L = module(x)[0][:, -1, :].sum(), h_t the top
    layer's state (the public ``explorer.gradients.hidden_grad_norms``, docs/architecture.md)."""
    return adjoint(module, x, clamp=clamp).hidden_norms()


def gate_gradient_flow(
    module: nn.Module, x: torch.Tensor, clamp: dict | None = None
) -> GradientFlow:
    """||dL/dh_t|| and (LSTM) ||dL/dc_t|| per step, batch means, with or without gate clamps:
    the two curves of the Gates page's gradient-flow chart from one definition."""
    result = adjoint(module, x, clamp=clamp)
    grad_c = None if result.grad_c is None else batch_norms(result.grad_c)
    return GradientFlow(h=result.hidden_norms(), c=grad_c)


def truncated_recurrent_grad(module: nn.Module, x: torch.Tensor, k: int | None) -> torch.Tensor:
    """The W_hh gradient of a loss at every step (sum of every h_t) with BPTT truncated to chunks
    of k steps (None: full BPTT), flattened, float64. Equal to running the module chunk by chunk
    with the carried state ``detach()``-ed (pytorch/examples' ``repackage_hidden``), without a
    module call per chunk, so k = 1 costs as little as k = T."""
    grad = adjoint(module, x, every_step=True, truncate=k).recurrent_weight_grad()
    return torch.from_numpy(grad).flatten()
