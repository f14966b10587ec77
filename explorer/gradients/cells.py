"""What defines the main view: three cells (vanilla RNN, LSTM, GRU) with the same hidden size and
recurrent initialisation, reading the same input (noise, zeros, a sine or a typed sentence)."""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from explorer.errors import InputError
from models import CELL_KINDS
from models.init import INITS, init_recurrent_, set_forget_bias_
from models.rnn import ACTIVATION_NAMES, make_rnn

INPUT_SIZE = 8  # features per step for every input kind (a typed word is embedded to 8 numbers)
MIN_LENGTH, MAX_LENGTH = 2, 1000
MAX_HIDDEN = 128
MAX_TOKENS = 60
CELLS = CELL_KINDS  # compared side by side, in this order
INPUT_KINDS = ("noise", "zeros", "sine", "sentence")


@dataclass(frozen=True)
class GradientConfig:
    """Everything that defines the main view: three cells on the same input, same hidden size."""

    length: int = 100  # T, ignored for a typed sentence (T = number of words)
    hidden_size: int = 32
    scale: float = 1.0  # multiplies the recurrent weights W_hh
    init: str = "default"  # models.init.INITS
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
        if self.init not in INITS or self.activation not in ACTIVATION_NAMES:
            raise InputError("gradients.err_choice")
        if self.input_kind not in INPUT_KINDS:
            raise InputError("gradients.err_choice")
        return self


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
    if cell == "lstm":
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
