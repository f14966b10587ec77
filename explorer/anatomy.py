"""Parameter counts of Embedding + recurrent layers + Dense, counted on real modules.

PyTorch gives every recurrent layer two bias vectors (b_ih and b_hh); Keras gives SimpleRNN and
LSTM one, and GRU two (``reset_after=True``, the Keras 2+ default, keeps the recurrent bias of
the candidate apart, like PyTorch). The Keras count is therefore the PyTorch module's tensors
minus ``bias_hh`` for SimpleRNN and LSTM. Modules are built on the "meta" device: shapes without
memory, so a 100k-word vocabulary costs nothing to count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from torch import nn

GATE_BLOCKS = {"rnn": 1, "lstm": 4, "gru": 3}
KERAS_NAMES = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
WORDS = {"directions": "×2 directions", "layer_n": "layer {n}"}  # the page passes translations


@dataclass(frozen=True)
class AnatomySpec:
    vocab_size: int = 10  # 0: no embedding, inputs are features
    embedding_dim: int = 5  # or the number of input features when vocab_size == 0
    cell: str = "rnn"
    hidden_size: int = 3
    num_layers: int = 1
    bidirectional: bool = False
    dense_units: int = 0  # 0: no Dense layer


# The lecture notes' two Keras examples (Keras 77 and 28,230 parameters; PyTorch 80 and 28,250).
LECTURE_EXAMPLES = {
    "example1": AnatomySpec(vocab_size=10, embedding_dim=5, cell="rnn", hidden_size=3),
    "example2": AnatomySpec(
        vocab_size=256, embedding_dim=100, cell="rnn", hidden_size=20, dense_units=10
    ),
}


@dataclass(frozen=True)
class LayerCount:
    layer: str  # e.g. "Embedding(10, 5)", "SimpleRNN(3) layer 1"
    pytorch: int
    keras: int
    formula_pytorch: str
    formula_keras: str


def _count(module: nn.Module, skip_hh_bias: bool = False) -> int:
    return sum(
        p.numel()
        for name, p in module.named_parameters()
        if not (skip_hh_bias and name.startswith("bias_hh"))
    )


def count_layers(spec: AnatomySpec, words: Mapping[str, str] = WORDS) -> list[LayerCount]:
    """One row per layer. Every formula is the one computed: its right-hand side, with · read as
    ×, evaluates to the PyTorch (or Keras) count of its row."""
    rows: list[LayerCount] = []
    features = spec.embedding_dim
    if spec.vocab_size:
        embedding = nn.Embedding(spec.vocab_size, spec.embedding_dim, device="meta")
        n = _count(embedding)
        formula = f"V·E = {spec.vocab_size}·{spec.embedding_dim}"
        rows.append(
            LayerCount(
                f"Embedding({spec.vocab_size}, {spec.embedding_dim})", n, n, formula, formula
            )
        )
    k = GATE_BLOCKS[spec.cell]
    H = spec.hidden_size
    directions = 2 if spec.bidirectional else 1
    layer_cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[spec.cell]
    for layer in range(spec.num_layers):
        module = layer_cls(
            features, H, bidirectional=spec.bidirectional, batch_first=True, device="meta"
        )
        I = features
        keras_biases = 2 if spec.cell == "gru" else 1
        d = f"{directions}·" if directions == 2 else ""
        g = f"{k}·" if k > 1 else ""
        name = f"{KERAS_NAMES[spec.cell]}({H})" + (f" {words['directions']}" if d else "")
        if spec.num_layers > 1:
            name += ", " + words["layer_n"].format(n=layer + 1)
        rows.append(
            LayerCount(
                name,
                _count(module),
                _count(module, skip_hh_bias=spec.cell != "gru"),
                f"{d}{g}(H·I + H·H + 2H) = {d}{g}({H}·{I} + {H}·{H} + 2·{H})",
                f"{d}{g}(H·I + H·H + {'2' if keras_biases == 2 else ''}H) = "
                f"{d}{g}({H}·{I} + {H}·{H} + {keras_biases if keras_biases > 1 else ''}{'·' if keras_biases > 1 else ''}{H})",
            )
        )
        features = directions * H
    if spec.dense_units:
        dense = nn.Linear(features, spec.dense_units, device="meta")
        n = _count(dense)
        K = spec.dense_units
        if directions == 2:  # the Dense layer reads both directions' last states, 2H numbers
            formula = f"K·2H + K = {K}·2·{H} + {K}"
        else:
            formula = f"K·H + K = {K}·{H} + {K}"
        rows.append(LayerCount(f"Dense({spec.dense_units})", n, n, formula, formula))
    return rows


def totals(rows: list[LayerCount]) -> tuple[int, int]:
    return sum(r.pytorch for r in rows), sum(r.keras for r in rows)
