"""Back-propagation through time, measured: how ||dL/dh_t|| vanishes or explodes along a sequence.

For a vanilla RNN h_t = f(W_ih x_t + W_hh h_{t-1} + b), the chain rule gives

    dL/dh_t = dL/dh_T  J_T J_{T-1} ... J_{t+1},      J_k = dh_k/dh_{k-1} = diag(f'(a_k)) W_hh,

so ||dL/dh_t|| <= ||dL/dh_T|| (gamma sigma_max)^(T-t), with gamma the bound on |f'| (1 for tanh
and ReLU, 1/4 for sigmoid) and sigma_max the largest singular value of W_hh (Pascanu, Mikolov &
Bengio 2013): gamma * sigma_max < 1 is sufficient for vanishing, > 1 necessary for exploding.

Everything here is plain PyTorch/NumPy (no Streamlit). Steps are 0-indexed: h_0 ... h_{T-1}, and
L = sum of the last step's output, as in DESIGN.md.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import torch
from torch import nn

from explorer.data.memory import ADDING_BASELINE_MSE, adding_problem
from explorer.errors import InputError
from models.gru import gru_step
from models.lstm import lstm_step
from models.recurrent import RecurrentConfig, RecurrentNet
from models.rnn import ACTIVATION_DERIVATIVE_BOUND, make_rnn, rnn_step
from models.trace import cell_kind, trace

INPUT_SIZE = 8  # features per step for every input kind (a typed word is embedded to 8 numbers)
MIN_LENGTH, MAX_LENGTH = 2, 1000
MAX_HIDDEN = 128
JACOBIAN_MAX_HIDDEN = 32  # full Jacobians (T x S x S) only for small networks
MAX_TOKENS = 60
CELLS = ("rnn", "lstm", "gru")
INITS = ("default", "orthogonal", "identity", "gaussian")
ACTIVATIONS = ("tanh", "relu", "sigmoid")
INPUT_KINDS = ("noise", "zeros", "sine", "sentence")
TRUNCATIONS = (1, 3, 10, 30, 100, 300)


# ----------------------------------------------------------------------------- the one backward


def _top_weights(module: nn.Module):
    """W_ih, W_hh, b_ih, b_hh of the top layer (biases None when the module has none)."""
    top = f"_l{module.num_layers - 1}"
    b_ih = getattr(module, "bias_ih" + top) if module.bias else None
    b_hh = getattr(module, "bias_hh" + top) if module.bias else None
    return getattr(module, "weight_ih" + top), getattr(module, "weight_hh" + top), b_ih, b_hh


def _no_force(name, activation, forget=None):
    return activation


def hidden_states(module: nn.Module, x: torch.Tensor, state=None):
    """Run the top layer of ``module`` one step at a time, keeping every h_t in the graph.

    x: (B, T, I). Returns (hs, cs): lists of T tensors (B, H) (cs is None except for LSTM).
    Lower layers (if any) come from ``trace``; only the top layer's h_t are needed here.
    """
    kind = cell_kind(module)
    if module.bidirectional:
        raise ValueError("gradient analysis needs a unidirectional module")
    if x.dim() != 3 or x.shape[1] == 0:
        raise ValueError(f"x must be (B, T>0, input_size), got {tuple(x.shape)}")
    inputs = x if module.num_layers == 1 else trace(module, x).hidden[-2]  # (B, T, I or H)
    B, T = x.shape[:2]
    H = module.hidden_size
    if state is None:
        h = x.new_zeros(B, H)
        c = x.new_zeros(B, H) if kind == "lstm" else None
    else:
        h, c = (state[0][-1], state[1][-1]) if kind == "lstm" else (state[-1], None)
    W_ih, W_hh, b_ih, b_hh = _top_weights(module)
    activation = getattr(module, "nonlinearity", "tanh")
    hs, cs = [], []
    for t in range(T):
        x_t = inputs[:, t]  # (B, I)
        if kind == "rnn":
            h = rnn_step(x_t, h, W_ih, W_hh, b_ih, b_hh, activation)
        elif kind == "lstm":
            h, c, _ = lstm_step(x_t, h, c, W_ih, W_hh, b_ih, b_hh, _no_force)
            cs.append(c)
        else:
            h, _ = gru_step(x_t, h, W_ih, W_hh, b_ih, b_hh, _no_force)
        hs.append(h)
    return hs, (cs if kind == "lstm" else None)


def _norms(grads: list[torch.Tensor]) -> np.ndarray:
    """Batch-mean of the per-sample 2-norm, for a list of T tensors (B, ...) -> (T,) float64."""
    stacked = torch.stack([g.reshape(g.shape[0], -1) for g in grads])  # (T, B, F)
    return stacked.double().norm(dim=-1).mean(dim=-1).numpy()


def hidden_grad_norms(module: nn.Module, x: torch.Tensor) -> np.ndarray:
    """norms[t] = batch-mean ||dL/dh_t||_2, L = module(x)[0][:, -1, :].sum(); one backward pass.

    dL/dh_t is the total derivative (through every later step), so each h_t must be a node of
    the recurrence itself: ``trace(...).hidden`` is stacked after the loop and ``output`` does not
    depend on it, so ``retain_grad`` on it sees no gradient at all. ``hidden_states`` steps the
    top layer explicitly and ``autograd.grad(L, [h_0, ..., h_{T-1}])`` returns all T at once.
    """
    with torch.enable_grad():
        hs, _ = hidden_states(module, x)
        grads = torch.autograd.grad(hs[-1].sum(), hs)
    return _norms(grads)


def grad_norms_with_inputs(module: nn.Module, x: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """(||dL/dh_t||, ||dL/dx_t||), both (T,), from the same single backward pass."""
    with torch.enable_grad():
        x = x.detach().requires_grad_(True)
        hs, _ = hidden_states(module, x)
        *grads, grad_x = torch.autograd.grad(hs[-1].sum(), [*hs, x])
    return _norms(grads), _norms(list(grad_x.transpose(0, 1)))


def _forward_states(module: nn.Module, x: torch.Tensor, hs: torch.Tensor | None = None):
    """All h_t (and c_t for the LSTM) of a one-layer module without building a graph; ``hs``
    (B, T, H) skips the forward pass when the caller already ran it.

    The fused module gives h_t for every step; the LSTM's c_t follows from the gates, which are
    recomputed for all steps at once: c_t = f_t * c_{t-1} + i_t * g_t.
    """
    kind = cell_kind(module)
    with torch.no_grad():
        hs = module(x)[0] if hs is None else hs.detach()  # (B, T, H)
        cs = None
        if kind == "lstm":
            h_prev = torch.cat([torch.zeros_like(hs[:, :1]), hs[:, :-1]], dim=1)
            I, F, G, _ = (a.transpose(0, 1).numpy() for a in _lstm_gates(module, x, h_prev))
            c = np.zeros_like(I[0])
            cells = np.empty_like(I)  # (T, B, H)
            with np.errstate(all="ignore"):
                for t in range(x.shape[1]):
                    c = F[t] * c + I[t] * G[t]
                    cells[t] = c
            cs = torch.from_numpy(cells).transpose(0, 1)  # (B, T, H)
    return hs, cs


def _lstm_gates(module, x, h_prev):
    """I, F, G (candidate), O for every step at once; x: (B, T, I), h_prev: (B, T, H)."""
    W_ih, W_hh, b_ih, b_hh = _top_weights(module)
    z = x @ W_ih.T + h_prev @ W_hh.T + (b_ih + b_hh if b_ih is not None else 0)  # (B, T, 4H)
    z_i, z_f, z_g, z_o = z.chunk(4, dim=-1)
    return torch.sigmoid(z_i), torch.sigmoid(z_f), torch.tanh(z_g), torch.sigmoid(z_o)


def _adjoint(
    module: nn.Module,
    x: torch.Tensor,
    grad_last: np.ndarray | None = None,
    *,
    every_step: bool = False,
    chunk: int | None = None,
    states: torch.Tensor | None = None,
) -> tuple[np.ndarray, np.ndarray, torch.Tensor, np.ndarray, np.ndarray]:
    """dL/dh_t and dL/dx_t for every step, L = sum of the last step's h, by one explicit backward
    sweep (the chain rule written out per cell, in NumPy): fast enough for T = 1000.

    Same definition as ``hidden_grad_norms`` (tested equal to it): for the LSTM, dL/dh_t holds
    c_t fixed. ``grad_last`` (B, H) replaces dL/dh_{T-1} = 1 for any other loss on the last state
    (a training loss). ``every_step``: L = sum of every step's h instead (a loss at each step);
    ``chunk``: truncated BPTT, no gradient crosses from step t back to t - 1 when t % chunk == 0.
    Returns dL/dh_t (T, B, H) and dL/dx_t (T, B, I), time first, the forward states (B, T, H),
    the pre-activation adjoints (T, B, G*H) and h_{t-1} (T, B, H). ``states``: the module's own
    output (B, T, H) if already computed. One layer only.
    """
    if module.num_layers != 1 or module.bidirectional:
        raise ValueError("adjoint_grads needs a one-layer unidirectional module")
    kind = cell_kind(module)
    B, T, _ = x.shape
    H = module.hidden_size
    W_ih, W_hh, b_ih, b_hh = _top_weights(module)
    hs_t, cs_t = _forward_states(module, x, states)
    with torch.no_grad():
        h_prev_t = torch.cat([x.new_zeros(B, 1, H), hs_t[:, :-1]], dim=1)  # (B, T, H)
        if kind == "lstm":
            gates = [a.transpose(0, 1).numpy() for a in _lstm_gates(module, x, h_prev_t)]
        elif kind == "gru":
            hw = h_prev_t @ W_hh.T + (b_hh if b_hh is not None else 0)  # (B, T, 3H)
            xw = x @ W_ih.T + (b_ih if b_ih is not None else 0)
            xw_r, xw_z, xw_n = xw.chunk(3, dim=-1)
            hw_r, hw_z, hw_n = hw.chunk(3, dim=-1)
            R, Z = torch.sigmoid(xw_r + hw_r), torch.sigmoid(xw_z + hw_z)
            N = torch.tanh(xw_n + R * hw_n)
            R, Z, N, hw_n = (a.transpose(0, 1).numpy() for a in (R, Z, N, hw_n))
    hs = hs_t.transpose(0, 1).contiguous().numpy()  # (T, B, H)
    h_prev = np.concatenate([np.zeros_like(hs[:1]), hs[:-1]])
    W_hh_np, W_ih_np = W_hh.detach().numpy(), W_ih.detach().numpy()
    grad_h = np.zeros((T, B, H), np.float32)
    grad_a = np.zeros(
        (T, B, W_hh_np.shape[0]), np.float32
    )  # adjoint of each step's pre-activations
    g = np.ones((B, H), np.float32) if grad_last is None else np.asarray(grad_last, np.float32)
    ones = np.ones((B, H), np.float32)
    if every_step:
        g = np.zeros((B, H), np.float32)  # each step adds its own dL_t/dh_t = 1 below
    cut = set(range(chunk, T, chunk)) if chunk else set()
    with np.errstate(all="ignore"):
        if kind == "rnn":
            f_prime = {
                "tanh": lambda h: 1 - h**2,
                "relu": lambda h: (h > 0).astype(h.dtype),
                "sigmoid": lambda h: h * (1 - h),
            }[module.nonlinearity](hs)  # f'(a_t) from h_t
            for t in range(T - 1, -1, -1):
                g = g + ones if every_step else g
                grad_h[t] = g
                grad_a[t] = g * f_prime[t]  # dL/da_t
                g = grad_a[t] @ W_hh_np  # dL/dh_{t-1} = dL/da_t diag(f'(a_t)) W_hh
                if t in cut:
                    g = np.zeros_like(g)
        elif kind == "lstm":
            I, F, G, O = gates
            cs = cs_t.transpose(0, 1).contiguous().numpy()
            c_prev = np.concatenate([np.zeros_like(cs[:1]), cs[:-1]])
            tanh_c = np.tanh(cs)
            # local derivatives, all steps at once (T, B, H): h_t = o_t tanh(c_t),
            # c_t = f_t c_{t-1} + i_t g_t, gates = sigmoid / tanh of the pre-activations a_t
            dh_dc = O * (1 - tanh_c**2)
            dc_da = np.concatenate([G * I * (1 - I), c_prev * F * (1 - F), I * (1 - G**2)], axis=-1)
            dh_dao = tanh_c * O * (1 - O)  # output gate
            g_c = np.zeros((B, H), np.float32)  # dL/dc_{T-1} with h_{T-1} held fixed
            for t in range(T - 1, -1, -1):
                g = g + ones if every_step else g
                grad_h[t] = g
                dc = g_c + g * dh_dc[t]  # total dL/dc_t: own path plus through h_t
                grad_a[t, :, : 3 * H] = np.tile(dc, 3) * dc_da[t]  # input, forget, candidate
                grad_a[t, :, 3 * H :] = g * dh_dao[t]  # output gate
                g = grad_a[t] @ W_hh_np  # dL/dh_{t-1}
                g_c = dc * F[t]  # c_{t-1} reaches c_t through the forget gate
                if t in cut:
                    g, g_c = np.zeros_like(g), np.zeros_like(g_c)
        else:
            # h_t = (1 - z_t) n_t + z_t h_{t-1}, n_t = tanh(xw_n + r_t (W_hn h_{t-1} + b_hn))
            dn = (1 - Z) * (1 - N**2)  # dh_t / d(pre-activation of n_t)
            dz = (h_prev - N) * Z * (1 - Z)  # dh_t / d(pre-activation of z_t)
            dr = hw_n * R * (1 - R)  # d(pre-activation of n_t) / d(pre-activation of r_t)
            grad_in = np.zeros((T, B, 3 * H), np.float32)  # adjoint of W_ih x_t + b_ih
            for t in range(T - 1, -1, -1):
                g = g + ones if every_step else g
                grad_h[t] = g
                da_n = g * dn[t]
                da_r = da_n * dr[t]
                grad_in[t] = np.concatenate([da_r, g * dz[t], da_n], axis=-1)
                grad_a[t] = grad_in[t]
                grad_a[t, :, 2 * H :] *= R[t]  # the new gate sees r_t * (W_hn h + b_hn)
                g = g * Z[t] + grad_a[t] @ W_hh_np
                if t in cut:
                    g = np.zeros_like(g)
            return grad_h, grad_in @ W_ih_np, hs_t, grad_a, h_prev
        return grad_h, grad_a @ W_ih_np, hs_t, grad_a, h_prev


def adjoint_grads(
    module: nn.Module, x: torch.Tensor, grad_last: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(dL/dh_t, dL/dx_t) for every step, (T, B, H) and (T, B, I): see ``_adjoint``."""
    grad_h, grad_x, *_ = _adjoint(module, x, grad_last)
    return grad_h, grad_x


def truncated_recurrent_grad(module: nn.Module, x: torch.Tensor, k: int | None) -> torch.Tensor:
    """The W_hh gradient of a loss at every step (sum of every h_t) with BPTT truncated to chunks
    of k steps (None: full BPTT), from one explicit sweep: dL/dW_hh = sum_t dL/da_t h_{t-1}^T.

    Equal to what ``detach()`` between chunks gives (``_recurrent_grad``; tested), without a module
    call per chunk, so k = 1 costs as little as k = T.
    """
    _, _, _, grad_a, h_prev = _adjoint(module, x, every_step=True, chunk=k)
    with np.errstate(all="ignore"):
        grad = np.einsum("tbg,tbh->gh", grad_a.astype(np.float64), h_prev.astype(np.float64))
    return torch.from_numpy(grad).flatten()


def _batch_norms(grads: np.ndarray) -> np.ndarray:
    """(T, B, F) -> (T,) batch-mean of the 2-norm over F, float64."""
    with np.errstate(all="ignore"):
        return np.linalg.norm(grads.astype(np.float64), axis=-1).mean(axis=1)


# ----------------------------------------------------------------------------- networks and inputs


@dataclass(frozen=True)
class GradientConfig:
    """Everything that defines the main view: three cells on the same input, same hidden size."""

    length: int = 100  # T, ignored for a typed sentence (T = number of words)
    hidden_size: int = 32
    scale: float = 1.0  # multiplies the recurrent weights W_hh
    init: str = "default"  # INITS
    activation: str = "tanh"  # vanilla RNN only
    forget_bias: float = 1.0  # LSTM forget-gate bias
    input_kind: str = "noise"  # INPUT_KINDS
    text: str = "the cat that the dog chased all morning finally ran away"
    seed: int = 0
    batch: int = 4  # sequences averaged for "noise" (other inputs are deterministic: batch 1)

    def checked(self) -> GradientConfig:
        """Raise InputError for values no widget can produce (URL edits, notebook calls)."""
        if not MIN_LENGTH <= self.length <= MAX_LENGTH:
            raise InputError(
                "gradients.err_length", lo=MIN_LENGTH, hi=MAX_LENGTH, value=self.length
            )
        if not 1 <= self.hidden_size <= MAX_HIDDEN:
            raise InputError("gradients.err_hidden", hi=MAX_HIDDEN, value=self.hidden_size)
        if not (math.isfinite(self.scale) and 0 < self.scale <= 10):
            raise InputError("gradients.err_scale", value=self.scale)
        if self.init not in INITS or self.activation not in ACTIVATIONS:
            raise InputError("gradients.err_choice")
        if self.input_kind not in INPUT_KINDS:
            raise InputError("gradients.err_choice")
        return self


def init_recurrent_(weight: torch.Tensor, init: str, scale: float, generator: torch.Generator):
    """Initialise W_hh in place, one (H, H) block per gate: PyTorch's default U(-1/sqrt(H), 1/sqrt(H)),
    orthogonal (every singular value 1), identity (IRNN, Le et al. 2015) or Gaussian N(0, 1/H);
    then multiply by ``scale``."""
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


def build_module(cell: str, config: GradientConfig) -> nn.Module:
    """A one-layer batch-first cell with the config's recurrent initialisation (same seed per cell)."""
    torch.manual_seed(config.seed)
    if cell == "rnn":
        module = make_rnn(INPUT_SIZE, config.hidden_size, config.activation)
    elif cell == "lstm":
        module = nn.LSTM(INPUT_SIZE, config.hidden_size, batch_first=True)
    else:
        module = nn.GRU(INPUT_SIZE, config.hidden_size, batch_first=True)
    generator = torch.Generator().manual_seed(config.seed + 1)
    init_recurrent_(module.weight_hh_l0, config.init, config.scale, generator)
    if cell == "lstm":  # gate order i, f, g, o: the forget block is the second
        set_forget_bias_(module, config.forget_bias)
    return module


def tokenize(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def embed_tokens(tokens: list[str]) -> torch.Tensor:
    """A fixed random embedding: each token's vector is seeded by a checksum of its text, so the
    same word always gets the same 8 numbers (no vocabulary, so no word is ever unknown)."""
    rows = []
    for token in tokens:
        rng = np.random.default_rng(zlib.crc32(token.encode("utf-8")))
        rows.append(rng.standard_normal(INPUT_SIZE))
    return torch.tensor(np.array(rows), dtype=torch.float32)  # (T, INPUT_SIZE)


def make_input(config: GradientConfig) -> tuple[torch.Tensor, list[str] | None]:
    """x: (B, T, INPUT_SIZE) for the chosen input kind, and the tokens of a typed sentence."""
    T = config.length
    if config.input_kind == "sentence":
        if not config.text.strip():
            raise InputError("gradients.err_empty_text")
        tokens = tokenize(config.text)
        if not tokens:
            raise InputError("gradients.err_no_tokens")
        if len(tokens) > MAX_TOKENS:
            raise InputError("gradients.err_many_tokens", n=len(tokens), hi=MAX_TOKENS)
        if len(tokens) < MIN_LENGTH:
            raise InputError("gradients.err_short_text", lo=MIN_LENGTH)
        return embed_tokens(tokens)[None], tokens
    if config.input_kind == "noise":
        generator = torch.Generator().manual_seed(config.seed + 2)
        return torch.randn(config.batch, T, INPUT_SIZE, generator=generator), None
    if config.input_kind == "zeros":
        return torch.zeros(1, T, INPUT_SIZE), None
    t = torch.arange(T, dtype=torch.float32)[:, None]  # (T, 1)
    phases = torch.linspace(0, math.pi, INPUT_SIZE)[None]  # (1, I)
    return torch.sin(2 * math.pi * t / 20 + phases)[None], None  # period 20 steps


# ----------------------------------------------------------------------------- theory


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
    "vanishes_anyway" (it shrinks
    > 1 % per step: saturated units or small eigenvalues), "borderline" (roughly flat).
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


# ----------------------------------------------------------------------------- the main analysis


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
    verdict: str  # see ``verdict``: vanishing | overflow | exploding | vanishes_anyway | borderline
    tokens: list[str] | None = None

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


def analyse(config: GradientConfig) -> GradientCurves:
    """The three curves, the bound, the verdict and the input connectivity for one config."""
    config.checked()
    x, tokens = make_input(config)
    T = x.shape[1]
    cells = {}
    for cell in CELLS:
        module = build_module(cell, config)
        grad_h, grad_x, states, *_ = _adjoint(module, x)  # states: (B, T, H)
        norms, connectivity = _batch_norms(grad_h), _batch_norms(grad_x)
        forward_bad = np.flatnonzero(~states.isfinite().all(dim=-1).all(dim=0).numpy())
        if forward_bad.size:  # backprop starts from an inf/NaN state: no gradient is meaningful
            norms = np.full(T, np.nan)
            connectivity = np.full(T, np.nan)
        cells[cell] = CellCurves(
            norms=_masked(norms),
            connectivity=_masked(connectivity),
            overflow_step=None if forward_bad.size else first_overflow(norms),
            forward_overflow_step=int(forward_bad.min()) if forward_bad.size else None,
            rate=observed_rate(norms),
        )
        if cell == "rnn":
            W_hh = module.weight_hh_l0.detach().double()
            sigma_max = spectral_norm(W_hh)
            eigenvalues = np.linalg.eigvals(W_hh.numpy())
    gamma = ACTIVATION_DERIVATIVE_BOUND[config.activation]
    last = cells["rnn"].norms[-1]
    bound = (
        pascanu_bound(last, gamma, sigma_max, T)
        if np.isfinite(last) and last > 0
        else np.full(T, np.nan)
    )
    return GradientCurves(
        config=config,
        T=T,
        cells=cells,
        bound=_masked(np.where(bound > 0, bound, np.nan)),
        gamma=gamma,
        sigma_max=sigma_max,
        spectral_radius=float(np.abs(eigenvalues).max()),
        eigenvalues=eigenvalues,
        verdict=verdict(
            gamma,
            sigma_max,
            cells["rnn"].rate,
            cells["rnn"].overflow_step is not None
            or cells["rnn"].forward_overflow_step is not None,
        ),
        tokens=tokens,
    )


# ----------------------------------------------------------------------------- Jacobians


def _step_function(module: nn.Module):
    """s_t = step(s_{t-1}, x_t) for a batch of states, with s = h (RNN, GRU) or [h; c] (LSTM)."""
    kind = cell_kind(module)
    W_ih, W_hh, b_ih, b_hh = (w.detach() if w is not None else None for w in _top_weights(module))
    H = module.hidden_size
    activation = getattr(module, "nonlinearity", "tanh")

    def step(s_prev, x_t):  # s_prev: (N, S), x_t: (N, I)
        if kind == "rnn":
            return rnn_step(x_t, s_prev, W_ih, W_hh, b_ih, b_hh, activation)
        if kind == "gru":
            return gru_step(x_t, s_prev, W_ih, W_hh, b_ih, b_hh, _no_force)[0]
        h, c, _ = lstm_step(x_t, s_prev[:, :H], s_prev[:, H:], W_ih, W_hh, b_ih, b_hh, _no_force)
        return torch.cat([h, c], dim=-1)

    return step


def step_jacobians(module: nn.Module, x: torch.Tensor, sample: int = 0) -> torch.Tensor:
    """J[t] = d s_t / d s_{t-1} along the trajectory of ``x[sample]``: (T, S, S), float64.

    S = H for RNN and GRU; S = 2H for LSTM, whose state is [h; c]. All T steps are recomputed as
    one batch from the known s_{t-1}; row i of every J_t comes from one backward pass of output
    unit i (S passes in all, each over the whole batch of steps).
    """
    if module.num_layers != 1:
        raise ValueError("step_jacobians needs a one-layer module")
    with torch.no_grad():
        hs, cs = hidden_states(module, x[sample : sample + 1])
        states = torch.stack(
            [torch.cat([h, c], -1) if cs else h for h, c in zip(hs, cs or hs, strict=True)]
        )
    states = states[:, 0]  # (T, S)
    previous = torch.cat([torch.zeros_like(states[:1]), states[:-1]])  # s_{t-1}, s_{-1} = 0
    with torch.enable_grad():
        previous = previous.clone().requires_grad_(True)
        current = _step_function(module)(previous, x[sample])  # (T, S) == states
        rows = [
            torch.autograd.grad(current[:, i].sum(), previous, retain_graph=True)[0]  # (T, S)
            for i in range(current.shape[1])
        ]
    return torch.stack(rows, dim=1).double()  # (T, S_out, S_in)


@dataclass
class JacobianAnalysis:
    singular_values: np.ndarray  # (T, S) of each one-step Jacobian, descending
    product_norms: np.ndarray  # (T,) ||d h_{T-1} / d h_t||_2 (inf/NaN where it overflowed)
    hidden_grad: np.ndarray  # (T,) ||1^T d h_{T-1}/d h_t|| = ||dL/dh_t|| for the analysed sample


def jacobian_analysis(module: nn.Module, x: torch.Tensor, sample: int = 0) -> JacobianAnalysis:
    """Products of one-step Jacobians, back from the last step: P_t = J_{T-1} ... J_{t+1}.

    ||d h_{T-1}/d h_t|| is the spectral norm of P_t's (h, h) block (for the LSTM the cell state
    c_t is held fixed, as in ``hidden_grad_norms``).
    """
    H = module.hidden_size
    if H > JACOBIAN_MAX_HIDDEN:
        raise InputError("gradients.err_jacobian_hidden", hi=JACOBIAN_MAX_HIDDEN)
    J = step_jacobians(module, x, sample)  # (T, S, S)
    T, S, _ = J.shape
    singular = torch.linalg.svdvals(J).numpy()
    blocks = torch.empty(T, H, H, dtype=torch.float64)
    P = torch.eye(S, dtype=torch.float64)
    blocks[T - 1] = P[:H, :H]
    with np.errstate(all="ignore"):
        for t in range(T - 2, -1, -1):
            P = P @ J[t + 1]
            blocks[t] = P[:H, :H]
    finite = blocks.isfinite().all(dim=(1, 2))
    norms = torch.full((T,), float("nan"), dtype=torch.float64)
    norms[finite] = torch.linalg.matrix_norm(blocks[finite], ord=2)
    ones = torch.ones(H, dtype=torch.float64)
    hidden_grad = torch.full((T,), float("nan"), dtype=torch.float64)
    hidden_grad[finite] = (ones @ blocks[finite]).norm(dim=-1)
    return JacobianAnalysis(singular, norms.numpy(), hidden_grad.numpy())


def contribution_map(
    module: nn.Module, x: torch.Tensor, window: int = 40, sample: int = 0
) -> np.ndarray:
    """C[s, t] = ||d L_s / d h_t|| with L_s = sum(h_s), for s, t < window (0 where t > s).

    Truncated BPTT with chunks of k steps keeps C[s, t] only when s and t share a chunk.
    """
    J = step_jacobians(module, x[:, :window], sample)  # (W, S, S)
    W = J.shape[0]
    H = module.hidden_size
    C = np.zeros((W, W))
    for s in range(W):
        v = torch.zeros(J.shape[1], dtype=torch.float64)
        v[:H] = 1.0  # dL_s/dh_s = 1 (c_s does not enter L_s)
        for t in range(s, -1, -1):
            C[s, t] = float(v[:H].norm())
            v = v @ J[t]
    return C


def cut_mask(window: int, k: int) -> np.ndarray:
    """True where truncation with chunks [0, k), [k, 2k), ... cuts the path from h_t to L_s."""
    chunk = np.arange(window) // k
    s, t = np.meshgrid(np.arange(window), np.arange(window), indexing="ij")
    return (t <= s) & (chunk[s] != chunk[t])


# ----------------------------------------------------------------------------- truncated BPTT


def _recurrent_grad(module: nn.Module, x: torch.Tensor, k: int | None) -> torch.Tensor:
    """d(sum over every step of the output)/dW_hh with BPTT truncated to chunks of k steps.

    In practice (pytorch/examples' ``repackage_hidden``) the state carried into the next chunk is
    ``detach()``-ed, so no gradient flows across a chunk boundary.
    """
    T = x.shape[1]
    k = T if k is None else k
    state, loss = None, 0.0
    for start in range(0, T, k):
        if state is not None:
            state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
        output, state = module(x[:, start : start + k], state)
        loss = loss + output.sum()  # a loss at every step, as in language modelling
    (grad,) = torch.autograd.grad(loss, module.weight_hh_l0)
    return grad.double().flatten()


def truncation_study(module: nn.Module, x: torch.Tensor, ks=TRUNCATIONS) -> dict[str, list]:
    """Cosine similarity and relative norm of the truncated vs the full W_hh gradient, per k."""
    T = x.shape[1]
    full = truncated_recurrent_grad(module, x, None)
    rows = {"k": [], "cosine": [], "relative_norm": []}
    for k in [k for k in ks if k < T] + [T]:
        g = full if k == T else truncated_recurrent_grad(module, x, k)
        if not (g.isfinite().all() and full.isfinite().all()) or full.norm() == 0:
            cos, rel = float("nan"), float("nan")
        else:
            cos = float(torch.nn.functional.cosine_similarity(g, full, dim=0))
            rel = float(g.norm() / full.norm())
        rows["k"].append(k)
        rows["cosine"].append(cos)
        rows["relative_norm"].append(rel)
    return rows


# ----------------------------------------------------------------------------- clipping


EXPLODING = dict(init="identity", scale=1.2, activation="relu", length=100)  # IRNN scaled up


@dataclass
class ClipResult:
    norm_before: float
    norm_after: float  # clip by norm: g * min(1, threshold / ||g||)
    cosine_norm_clip: float  # direction kept: 1
    norm_value_clip: float  # clip each entry to +-c, c = threshold / sqrt(n)
    cosine_value_clip: float  # direction changed
    threshold: float
    used_preset: bool  # True: the current setting does not explode, EXPLODING was used
    length: int
    parameters: int  # number of weights n


def clipping_demo(config: GradientConfig, threshold: float) -> ClipResult:
    """Gradient of L (last step's output) w.r.t. every vanilla-RNN weight, before and after clipping.

    Uses the current setting if its gradient grows going back in time, else the EXPLODING preset.
    """
    if not (math.isfinite(threshold) and threshold > 0):
        raise InputError("gradients.err_threshold")
    used_preset = False
    setting = replace(
        config, input_kind="noise" if config.input_kind == "sentence" else config.input_kind
    )
    norms = hidden_grad_norms(build_module("rnn", setting), make_input(setting)[0])
    rate = observed_rate(norms)
    if rate is None or rate <= 1.0 or not np.isfinite(norms).all():
        setting = replace(setting, **EXPLODING, input_kind="noise")
        used_preset = True
    module = build_module("rnn", setting)
    x, _ = make_input(setting)
    params = list(module.parameters())
    with torch.enable_grad():
        grads = torch.autograd.grad(module(x)[0][:, -1].sum(), params)
    g = torch.cat([grad.flatten() for grad in grads]).double()
    if not g.isfinite().all():
        raise InputError("gradients.err_clip_overflow")
    for p, grad in zip(params, grads, strict=True):
        p.grad = grad.clone()
    torch.nn.utils.clip_grad_norm_(params, threshold)
    by_norm = torch.cat([p.grad.flatten() for p in params]).double()
    c = threshold / math.sqrt(g.numel())
    by_value = g.clamp(-c, c)
    cos = torch.nn.functional.cosine_similarity
    return ClipResult(
        norm_before=float(g.norm()),
        norm_after=float(by_norm.norm()),
        cosine_norm_clip=float(cos(g, by_norm, dim=0)),
        norm_value_clip=float(by_value.norm()),
        cosine_value_clip=float(cos(g, by_value, dim=0)),
        threshold=threshold,
        used_preset=used_preset,
        length=setting.length,
        parameters=g.numel(),
    )


# ----------------------------------------------------------------------------- during training


@dataclass(frozen=True)
class TrainingConfig:
    """A vanilla tanh RNN and an LSTM trained with the same budget, data and seed on the adding
    problem; ||dLoss/dh_t|| is recorded at every training step."""

    length: int = 50
    hidden_size: int = 32
    steps: int = 800  # the LSTM leaves the 1/6 plateau after ~500-700 steps (seeds 0-2)
    batch: int = 64
    lr: float = 1e-2
    seed: int = 0
    forget_bias: float = 1.0  # LSTM forget-gate bias (PyTorch's default is about 0)
    chunk: int = 25  # training steps per chunk (the page shows progress between chunks)
    models: tuple[str, ...] = ("rnn_tanh", "lstm")


MAX_TRAINING_STEPS = 1000


@dataclass
class TrainingState:
    step: int
    weights: dict[str, dict]  # model -> state_dict
    optimizers: dict[str, dict]  # model -> optimizer state_dict
    grad_norms: dict[str, list] = field(default_factory=dict)  # model -> per step (T,) arrays
    losses: dict[str, list] = field(default_factory=dict)  # model -> per step training MSE
    test_mse: dict[str, float] = field(default_factory=dict)  # after the last step, fresh data

    @property
    def baseline(self) -> float:
        return ADDING_BASELINE_MSE


def _net(config: TrainingConfig, cell: str) -> RecurrentNet:
    torch.manual_seed(config.seed)  # same initial seed for every model
    net = RecurrentNet(RecurrentConfig(cell=cell, input_size=2, hidden_size=config.hidden_size))
    if cell == "lstm":
        set_forget_bias_(net.rnn, config.forget_bias)
    return net


def set_forget_bias_(lstm: nn.LSTM, value: float) -> None:
    """b_f = value (in b_ih; the forget block of b_hh is zeroed). PyTorch's default init leaves
    b_f near 0, so f_t is near 0.5 and the cell path shrinks like 0.5^(T - t) (Gers et al. 2000
    and Jozefowicz et al. 2015 recommend b_f = 1)."""
    H = lstm.hidden_size
    with torch.no_grad():
        lstm.bias_ih_l0[H : 2 * H] = value
        lstm.bias_hh_l0[H : 2 * H] = 0.0


def start_training(config: TrainingConfig) -> TrainingState:
    if not 1 <= config.steps <= MAX_TRAINING_STEPS:
        raise InputError("gradients.err_steps", hi=MAX_TRAINING_STEPS)
    weights, optimizers = {}, {}
    for cell in config.models:
        net = _net(config, cell)
        weights[cell] = net.state_dict()
        optimizers[cell] = torch.optim.Adam(net.parameters(), lr=config.lr).state_dict()
    return TrainingState(
        0, weights, optimizers, {c: [] for c in config.models}, {c: [] for c in config.models}
    )


def _training_batch(config: TrainingConfig, step: int):
    return adding_problem(config.batch, config.length, seed=config.seed * 1_000_003 + step)


def train_chunk(
    config: TrainingConfig, state: TrainingState, n: int | None = None
) -> TrainingState:
    """Advance every model by up to ``n`` steps (default: one chunk); returns a new state.

    Training runs the fused module (fast). One backward pass gives the weight gradients and
    dLoss/dh_{T-1}; the explicit sweep ``adjoint_grads`` carries that back to every h_t.
    """
    n = config.chunk if n is None else n
    stop = min(config.steps, state.step + n)
    new = TrainingState(
        stop,
        {},
        {},
        {c: list(v) for c, v in state.grad_norms.items()},
        {c: list(v) for c, v in state.losses.items()},
    )
    for cell in config.models:
        net = _net(config, cell)
        net.load_state_dict(state.weights[cell])
        optimizer = torch.optim.Adam(net.parameters(), lr=config.lr)
        optimizer.load_state_dict(state.optimizers[cell])
        params = list(net.parameters())
        for step in range(state.step, stop):
            batch = _training_batch(config, step)
            with torch.enable_grad():
                output, _ = net.rnn(batch.x)  # (B, T, H)
                h_last = output[:, -1]
                loss = nn.functional.mse_loss(net.head(h_last), batch.y)
                grad_last, *grads = torch.autograd.grad(loss, [h_last, *params])
            for p, grad in zip(params, grads, strict=True):
                p.grad = grad
            grad_h, *_ = _adjoint(net.rnn, batch.x, grad_last.numpy(), states=output)
            new.grad_norms[cell].append(_batch_norms(grad_h).astype(np.float32))
            new.losses[cell].append(loss.item())
            optimizer.step()
        new.weights[cell] = {k: v.clone() for k, v in net.state_dict().items()}
        new.optimizers[cell] = _copy_optimizer_state(optimizer.state_dict())
        if stop == config.steps:
            new.test_mse[cell] = evaluate(net, config)
    return new


def _copy_optimizer_state(state: dict) -> dict:
    copy = {"param_groups": [dict(g) for g in state["param_groups"]], "state": {}}
    for key, values in state["state"].items():
        copy["state"][key] = {
            k: (v.clone() if torch.is_tensor(v) else v) for k, v in values.items()
        }
    return copy


def evaluate(net: RecurrentNet, config: TrainingConfig, n: int = 1000) -> float:
    """Test MSE on freshly generated sequences (a seed never used in training)."""
    batch = adding_problem(n, config.length, seed=10**9 + config.seed)
    with torch.no_grad():
        return float(nn.functional.mse_loss(net(batch.x)[0], batch.y))


def train_all(config: TrainingConfig) -> TrainingState:
    state = start_training(config)
    while state.step < config.steps:
        state = train_chunk(config, state)
    return state


def config_dict(config) -> dict:
    return asdict(config)


# ----------------------------------------------------------------------------- per-config helpers
# (what the page caches: each takes a GradientConfig and builds the same three cells)


def jacobians_by_cell(config: GradientConfig) -> dict[str, JacobianAnalysis]:
    config.checked()
    x, _ = make_input(config)
    return {cell: jacobian_analysis(build_module(cell, config), x) for cell in CELLS}


def truncation_by_cell(config: GradientConfig, ks=TRUNCATIONS) -> dict[str, dict[str, list]]:
    config.checked()
    x, _ = make_input(config)
    return {cell: truncation_study(build_module(cell, config), x, ks) for cell in CELLS}


CUT_WINDOW = 40


def cut_map(config: GradientConfig) -> np.ndarray:
    """contribution_map of the vanilla RNN over the first CUT_WINDOW steps."""
    config.checked()
    x, _ = make_input(config)
    return contribution_map(build_module("rnn", config), x, window=min(CUT_WINDOW, x.shape[1]))


def training_chunks(config: TrainingConfig) -> int:
    """How many ``train_chunk`` calls reach ``config.steps``."""
    return math.ceil(config.steps / config.chunk)
