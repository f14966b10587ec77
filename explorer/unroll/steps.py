"""The Unroll page's computation: encode an input, build a small seeded cell, trace it step by step.

Every number the page shows comes from ``models.trace`` (a step-by-step re-implementation of the
cells, tested equal to PyTorch's fused ``nn.RNN``/``nn.LSTM``/``nn.GRU``) run on the weights of a
real PyTorch module, plus the pieces of each pre-activation (W_x· x_t, W_h· h_{t-1}, b) computed
from the same weights.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from explorer.equations import vector_equations
from explorer.errors import InputError
from models import trace
from models.gru import gru_split_bias
from models.init import init_recurrent_
from models.recurrent import make_core

ALPHABET = list("abcdefghijklmnopqrstuvwxyz .,!?'")
MAX_STEPS = 64
EMBEDDING_DIM = 4
INPUT_KINDS = ("chars", "words", "sine")
ENCODINGS = ("onehot", "embedded")


@dataclass(frozen=True)
class UnrollConfig:
    cell: str = "rnn"
    hidden_size: int = 4
    activation: str = "tanh"  # vanilla RNN only
    input_kind: str = "chars"
    encoding: str = "onehot"
    text: str = "hello"
    sine_length: int = 20
    init: str = "default"
    scale: float = 1.0  # multiplies the initialised W_hh
    seed: int = 0


@dataclass
class EncodedInput:
    tokens: list[str]  # what each step reads, for axis labels
    x: torch.Tensor  # (1, T, I)
    vocabulary: list[str]  # names of the one-hot positions / output classes ([] for a series)
    skipped: list[str] = field(default_factory=list)  # characters outside the vocabulary
    truncated_from: int | None = None  # original length when longer than MAX_STEPS


@dataclass
class UnrollResult:
    config: UnrollConfig
    inputs: EncodedInput
    x: np.ndarray  # (T, I)
    hidden: np.ndarray  # (T, H) h_t
    cell: np.ndarray | None  # (T, H) c_t for LSTM
    gates: dict[str, np.ndarray]  # name -> (T, H)
    input_part: np.ndarray  # (T, G) W_xh x_t (G = H, 3H or 4H stacked like PyTorch)
    recurrent_part: np.ndarray  # (T, G) W_hh h_{t-1}
    bias: np.ndarray  # (G,) b_ih + b_hh  (GRU keeps b_hn apart: see gru_bias_hn)
    gru_bias_hn: np.ndarray | None
    output: np.ndarray  # (T, K) y_t = W_hy h_t + b_y
    W_hh: np.ndarray  # (G, H)
    sigma_max: float  # largest singular value of W_hh (max over gate blocks for LSTM/GRU)
    spectral_radius: float  # largest |eigenvalue| of W_hh (max over gate blocks)
    overflow_step: int | None  # first step whose state is not finite
    parameter_count: int  # the cell's and the readout's

    @property
    def steps(self) -> int:
        return self.hidden.shape[0]

    def h_prev(self, t: int) -> np.ndarray:
        return np.zeros(self.hidden.shape[1]) if t == 0 else self.hidden[t - 1]

    def c_prev(self, t: int) -> np.ndarray:
        return np.zeros(self.hidden.shape[1]) if t == 0 else self.cell[t - 1]


def encode_input(config: UnrollConfig) -> EncodedInput:
    """Turn the user's text or series into (1, T, I) inputs; explain what cannot be used."""
    if config.input_kind == "sine":
        if not 2 <= config.sine_length <= MAX_STEPS:
            raise InputError("unroll.err_length", cap=MAX_STEPS)
        t = np.arange(config.sine_length)
        values = np.sin(2 * np.pi * t / 12.0)
        x = torch.tensor(values, dtype=torch.float32).view(1, -1, 1)
        return EncodedInput([f"{v:.2f}" for v in values], x, [])
    text = config.text.strip().lower()
    if not text:
        raise InputError("unroll.err_empty")
    if config.input_kind == "words":
        tokens = text.split()
        vocabulary = sorted(set(tokens))
        skipped: list[str] = []
    else:
        skipped = sorted({ch for ch in text if ch not in ALPHABET})
        tokens = [ch for ch in text if ch in ALPHABET]
        vocabulary = ALPHABET
        if not tokens:
            raise InputError("unroll.err_no_known_chars", chars=" ".join(skipped))
    truncated_from = None
    if len(tokens) > MAX_STEPS:
        truncated_from = len(tokens)
        tokens = tokens[:MAX_STEPS]
    ids = torch.tensor([vocabulary.index(tok) for tok in tokens])
    if config.encoding == "embedded":
        table = torch.randn(len(vocabulary), EMBEDDING_DIM, generator=_generator(config.seed + 1))
        x = table[ids].unsqueeze(0)  # (1, T, EMBEDDING_DIM)
    else:
        x = nn.functional.one_hot(ids, len(vocabulary)).float().unsqueeze(0)  # (1, T, V)
    shown = [tok if tok != " " else "␣" for tok in tokens]
    return EncodedInput(shown, x, vocabulary, skipped, truncated_from)


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(int(seed))


def build_cell(config: UnrollConfig, input_size: int) -> nn.RNNBase:
    """A one-layer fused module with seeded weights; W_hh shaped by the init and scale."""
    torch.manual_seed(config.seed)
    name = f"rnn_{config.activation}" if config.cell == "rnn" else config.cell
    module = make_core(name, input_size, config.hidden_size)
    init_recurrent_(module.weight_hh_l0, config.init, config.scale, _generator(config.seed))
    return module


def run_unroll(config: UnrollConfig) -> UnrollResult:
    inputs = encode_input(config)
    module = build_cell(config, inputs.x.shape[-1])
    torch.manual_seed(config.seed + 2)
    readout = nn.Linear(config.hidden_size, max(len(inputs.vocabulary), 1))
    with torch.no_grad():
        tr = trace(module, inputs.x)
        hidden = tr.hidden[0, 0]  # (T, H)
        h_prev = torch.cat([torch.zeros(1, config.hidden_size), hidden[:-1]])  # (T, H)
        W_ih, W_hh = module.weight_ih_l0, module.weight_hh_l0
        input_part = inputs.x[0] @ W_ih.T  # (T, G)
        recurrent_part = h_prev @ W_hh.T  # (T, G)
        bias = module.bias_ih_l0 + module.bias_hh_l0
        gru_bias_hn = None
        if config.cell == "gru":  # PyTorch keeps b_hn inside the reset product
            bias, bias_hn = gru_split_bias(module.bias_ih_l0, module.bias_hh_l0)
            gru_bias_hn = bias_hn.numpy()
        output = readout(hidden)  # (T, K)
        blocks = W_hh.split(config.hidden_size, dim=0)  # one (H, H) block per gate
        sigma_max = max(float(torch.linalg.svdvals(block).max()) for block in blocks)
        spectral_radius = max(float(torch.linalg.eigvals(block).abs().max()) for block in blocks)
    hidden_np = hidden.numpy()
    finite = np.isfinite(hidden_np).all(axis=1)
    overflow_step = None if finite.all() else int(np.argmin(finite))
    return UnrollResult(
        config=config,
        inputs=inputs,
        x=inputs.x[0].numpy(),
        hidden=hidden_np,
        cell=tr.cell[0, 0].detach().numpy() if tr.cell is not None else None,
        gates={name: value[0, 0].detach().numpy() for name, value in tr.gates.items()},
        input_part=input_part.numpy(),
        recurrent_part=recurrent_part.numpy(),
        bias=bias.detach().numpy(),
        gru_bias_hn=gru_bias_hn,
        output=output.numpy(),
        W_hh=W_hh.detach().numpy(),
        sigma_max=sigma_max,
        spectral_radius=spectral_radius,
        overflow_step=overflow_step,
        parameter_count=sum(p.numel() for p in [*module.parameters(), *readout.parameters()]),
    )


def output_distribution(result: UnrollResult, t: int, top: int = 3) -> list[tuple[str, float]]:
    """softmax(y_t) over the vocabulary: the untrained model's guess of the next token."""
    logits = result.output[t]
    if not result.inputs.vocabulary:
        return []
    p = np.exp(logits - logits.max())
    p /= p.sum()
    order = np.argsort(-p)[:top]
    return [(result.inputs.vocabulary[i], float(p[i])) for i in order]


def step_table(result: UnrollResult, t: int) -> dict[str, np.ndarray]:
    """Every per-unit quantity of step t, in the order of the equations (name -> (H,))."""
    H = result.config.hidden_size
    rows: dict[str, np.ndarray] = {"h_{t-1}": result.h_prev(t)}
    if result.config.cell == "rnn":
        rows["W_xh x_t"] = result.input_part[t]
        rows["W_hh h_{t-1}"] = result.recurrent_part[t]
        rows["b"] = result.bias
        rows["a_t"] = result.input_part[t] + result.recurrent_part[t] + result.bias
    else:
        if result.config.cell == "lstm":
            rows["c_{t-1}"] = result.c_prev(t)
        for index, name in enumerate(result.gates):
            block = slice(index * H, (index + 1) * H)
            x_part, h_part = result.input_part[t, block], result.recurrent_part[t, block]
            if name == "new":  # PyTorch's GRU: W_in x + b_in + r ⊙ (W_hn h + b_hn)
                reset = result.gates["reset"][t]
                pre = x_part + result.bias[block] + reset * (h_part + result.gru_bias_hn)
            else:
                pre = x_part + h_part + result.bias[block]
            rows[f"pre:{name}"] = pre
            rows[f"gate:{name}"] = result.gates[name][t]
        if result.cell is not None:
            rows["c_t"] = result.cell[t]
    rows["h_t"] = result.hidden[t]
    return rows


def substituted_equations(result: UnrollResult, t: int) -> list[str]:
    """LaTeX lines of step t's equations with the current numbers (rounded) substituted."""
    return vector_equations(
        result.config.cell,
        t,
        result.input_part[t],
        result.recurrent_part[t],
        result.bias,
        {name: values[t] for name, values in result.gates.items()},
        result.h_prev(t),
        result.hidden[t],
        activation=result.config.activation,
        c_prev=result.c_prev(t) if result.cell is not None else None,
        c=result.cell[t] if result.cell is not None else None,
        bias_hn=result.gru_bias_hn,
    )
