"""A configurable recurrent network: (embedding or raw features) -> RNN/LSTM/GRU -> linear head.

Used wherever a small model is trained (memory tasks, gates, live training). The recurrent core
is a fused ``nn.RNN``/``nn.LSTM``/``nn.GRU`` so training is fast; ``traced`` runs the same weights
through ``models.trace`` to expose every gate (and to clamp gates).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

from models.rnn import make_rnn
from models.trace import Trace, trace

CELLS = ("rnn_tanh", "rnn_relu", "lstm", "gru")


@dataclass
class RecurrentConfig:
    cell: str = "lstm"  # one of CELLS
    input_size: int = 1  # features per step; ignored when vocab_size > 0
    vocab_size: int = 0  # > 0: inputs are token ids, embedded first
    embedding_dim: int = 16
    hidden_size: int = 32
    num_layers: int = 1
    bidirectional: bool = False
    dropout: float = 0.0  # between stacked layers
    output_size: int = 1
    many_to_many: bool = False  # True: a prediction at every step; False: one per sequence

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> RecurrentConfig:
        known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
        config = cls(**known)
        if config.cell not in CELLS:
            raise ValueError(f"unknown cell {config.cell!r}")
        return config


def make_core(cell: str, input_size: int, hidden_size: int, **kwargs) -> nn.RNNBase:
    """A batch-first fused recurrent layer for a CELLS name."""
    if cell.startswith("rnn_"):
        return make_rnn(input_size, hidden_size, cell.removeprefix("rnn_"), **kwargs)
    layer = {"lstm": nn.LSTM, "gru": nn.GRU}[cell]
    return layer(input_size, hidden_size, batch_first=True, **kwargs)


class RecurrentNet(nn.Module):
    def __init__(self, config: RecurrentConfig):
        super().__init__()
        self.config = config
        c = config
        features = c.embedding_dim if c.vocab_size else c.input_size
        self.embed = nn.Embedding(c.vocab_size, c.embedding_dim) if c.vocab_size else nn.Identity()
        self.rnn = make_core(
            c.cell,
            features,
            c.hidden_size,
            num_layers=c.num_layers,
            bidirectional=c.bidirectional,
            dropout=c.dropout if c.num_layers > 1 else 0.0,
        )
        self.directions = 2 if c.bidirectional else 1
        self.head = nn.Linear(self.directions * c.hidden_size, c.output_size)

    def _readout(self, output: torch.Tensor, h_n: torch.Tensor) -> torch.Tensor:
        if self.config.many_to_many:
            return self.head(output)  # (B, T, output_size)
        top = h_n[-self.directions :]  # (D, B, H): the top layer's final states
        return self.head(torch.cat(list(top), dim=-1))  # (B, output_size)

    def forward(self, x: torch.Tensor, state=None):
        """x: (B, T) token ids or (B, T, input_size) -> (prediction, final state)."""
        output, final = self.rnn(self.embed(x), state)  # output: (B, T, D*H)
        h_n = final[0] if isinstance(final, tuple) else final
        return self._readout(output, h_n), final

    def traced(self, x: torch.Tensor, state=None, clamp=None) -> tuple[torch.Tensor, Trace]:
        """The same prediction computed through ``trace`` (every gate visible, clamps applied)."""
        tr = trace(self.rnn, self.embed(x), state, clamp)
        h_n = tr.final[0] if isinstance(tr.final, tuple) else tr.final
        return self._readout(tr.output, h_n), tr

    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())
