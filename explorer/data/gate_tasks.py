"""Tasks where each LSTM/GRU gate has a visible job, with their chance levels and text codecs.

Remember and recall: a symbol (A-D) opens the sequence, a delay of distractors (x, y, z)
follows, and a query "?" closes it; the answer is the first symbol. To solve it the cell must
write at the first step (input gate open), then keep the memory (forget gate open) while not
writing the distractors (input gate closed). Guessing scores 1/4 (cross-entropy ln 4).

Counting with resets: a string of "a" (count me), "b" (ignore) and "|" (reset); the target at
every step is the number of "a" since the last reset (or the start), 0..MAX_COUNT. The forget
gate must close at a reset. The best constant guess scores the frequency of the commonest count.

The adding problem lives in ``explorer.data.memory`` (``adding_problem``); here are only its text
codec and its chance accuracy. Our criterion is |error| < 0.04 on the sum X1 + X2 in [0, 2].
Hochreiter & Schmidhuber (1997) use |error| < 0.04 on their target 0.5 + (X1 + X2)/4 in [0, 1]:
a quarter of the sum's scale, so theirs is |error| < 0.16 on the sum, four times looser.

Sequences typed by users are validated here and rejected with an ``InputError`` that names the
problem (empty, unknown symbol, too long, wrong shape).
"""

from __future__ import annotations

import math

import numpy as np
import torch

from explorer.data.memory import Batch
from explorer.errors import InputError

MAX_LEN = 60  # longest sequence the page accepts (training used at most 40 steps)

RECALL_SYMBOLS = "ABCD"
RECALL_DISTRACTORS = "xyz"
RECALL_QUERY = "?"
RECALL_VOCAB = RECALL_SYMBOLS + RECALL_DISTRACTORS + RECALL_QUERY  # token id = index here
RECALL_CHANCE_ACCURACY = 1 / len(RECALL_SYMBOLS)
RECALL_CHANCE_LOSS = math.log(len(RECALL_SYMBOLS))

COUNT_VOCAB = "ab|"  # a: count, b: ignore, |: reset
MAX_COUNT = 9
COUNT_CLASSES = MAX_COUNT + 1

ADDING_TOLERANCE = 0.04  # ours: a sequence is solved if |error| < 0.04 on the sum
HS_TOLERANCE, HS_TARGET_SCALE = 0.04, 0.25  # theirs: on 0.5 + (X1 + X2)/4
HS_TOLERANCE_ON_SUM = HS_TOLERANCE / HS_TARGET_SCALE  # = 0.16 on the sum


def recall_batch(n: int, delay: int, seed: int) -> Batch:
    """x: (n, delay + 2) token ids = symbol, ``delay`` distractors, "?"; y: (n,) symbol index."""
    if delay < 0:
        raise ValueError("the delay cannot be negative")
    rng = np.random.default_rng(seed)
    symbols = rng.integers(0, len(RECALL_SYMBOLS), size=n)
    first_distractor = len(RECALL_SYMBOLS)
    x = np.empty((n, delay + 2), dtype=np.int64)
    x[:, 0] = symbols
    x[:, 1:-1] = rng.integers(
        first_distractor, first_distractor + len(RECALL_DISTRACTORS), size=(n, delay)
    )
    x[:, -1] = RECALL_VOCAB.index(RECALL_QUERY)
    return Batch(torch.from_numpy(x), torch.from_numpy(symbols.astype(np.int64)))


def counting_batch(
    n: int, length: int, seed: int, p_count: float = 0.45, p_reset: float = 0.12
) -> Batch:
    """x, y: (n, length) int64; y[t] = number of "a" in x since the last "|" (inclusive of t)."""
    if length < 1:
        raise ValueError("counting needs at least one step")
    rng = np.random.default_rng(seed)
    draws = rng.uniform(size=(n, length))
    x = np.where(draws < p_count, 0, np.where(draws < p_count + p_reset, 2, 1)).astype(np.int64)
    y = np.zeros((n, length), dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    for t in range(length):
        full = (x[:, t] == 0) & (count == MAX_COUNT)
        x[full, t] = 2  # the count would overflow: reset instead, so every target is a class
        count = np.where(x[:, t] == 2, 0, count + (x[:, t] == 0))
        y[:, t] = count
    return Batch(torch.from_numpy(x), torch.from_numpy(y))


def count_targets(ids: list[int]) -> list[int]:
    """The counting task's targets for one sequence of token ids (the definition, step by step)."""
    count, targets = 0, []
    for token in ids:
        if COUNT_VOCAB[token] == "|":
            count = 0
        elif COUNT_VOCAB[token] == "a":
            count += 1
        targets.append(count)
    return targets


def majority_baseline(y: torch.Tensor, n_classes: int) -> tuple[float, float]:
    """(accuracy, cross-entropy) of the best constant guess: class frequencies of ``y``.

    Always answering the commonest class gives the accuracy; predicting the class frequencies
    themselves gives the lowest constant cross-entropy (their entropy).
    """
    counts = torch.bincount(y.reshape(-1), minlength=n_classes).double()
    freq = counts / counts.sum()
    nonzero = freq[freq > 0]
    return float(freq.max()), float(-(nonzero * nonzero.log()).sum())


def adding_chance_accuracy(tolerance: float = ADDING_TOLERANCE) -> float:
    """P(|u1 + u2 - 1| < tol) for the constant guess 1: the triangular density gives 2 tol - tol^2."""
    return 2 * tolerance - tolerance**2


# ---- text codecs: what the page shows and what users type -------------------------------------


def _tokens(text: str, task: str) -> list[str]:
    tokens = [c for c in text if not c.isspace()]
    if not tokens:
        raise InputError("gates.err_empty")
    if len(tokens) > MAX_LEN:
        raise InputError("gates.err_too_long", length=len(tokens), limit=MAX_LEN)
    return tokens


def _check_alphabet(tokens: list[str], vocab: str) -> None:
    unknown = sorted({c for c in tokens if c not in vocab})
    if unknown:
        raise InputError("gates.err_unknown", symbols=" ".join(unknown), allowed=" ".join(vocab))


def recall_to_text(x: torch.Tensor) -> str:
    return "".join(RECALL_VOCAB[int(i)] for i in x)


def recall_from_text(text: str) -> Batch:
    """ "B xyzx ?" -> x: (1, T) ids, y: (1,) the first symbol. Spaces are ignored."""
    tokens = _tokens(text, "recall")
    _check_alphabet(tokens, RECALL_VOCAB)
    if tokens[0] not in RECALL_SYMBOLS:
        raise InputError("gates.err_recall_start", symbols=" ".join(RECALL_SYMBOLS))
    if tokens[-1] != RECALL_QUERY or tokens.count(RECALL_QUERY) != 1 or len(tokens) < 2:
        raise InputError("gates.err_recall_query")
    ids = [RECALL_VOCAB.index(c) for c in tokens]
    return Batch(torch.tensor([ids]), torch.tensor([ids[0]]))


def counting_to_text(x: torch.Tensor) -> str:
    return "".join(COUNT_VOCAB[int(i)] for i in x)


def counting_from_text(text: str) -> Batch:
    """ "aab|ab" -> x, y: (1, T); more than MAX_COUNT "a" without a reset is rejected."""
    tokens = _tokens(text, "count")
    _check_alphabet(tokens, COUNT_VOCAB)
    ids = [COUNT_VOCAB.index(c) for c in tokens]
    targets = count_targets(ids)
    if max(targets) > MAX_COUNT:
        raise InputError("gates.err_count_overflow", limit=MAX_COUNT)
    return Batch(torch.tensor([ids]), torch.tensor([targets]))


def adding_to_text(x: torch.Tensor) -> str:
    """(T, 2) [value, marker] -> "0.31 0.72* ..." (a star marks the two values to add)."""
    return " ".join(f"{float(v):.2f}" + ("*" if m > 0.5 else "") for v, m in x.tolist())


def adding_from_text(text: str) -> Batch:
    """ "0.31 0.72* 0.05 0.90* ..." -> x: (1, T, 2), y: (1, 1). Exactly two values are starred."""
    words = text.replace(",", " ").split()
    if not words:
        raise InputError("gates.err_empty")
    if len(words) > MAX_LEN:
        raise InputError("gates.err_too_long", length=len(words), limit=MAX_LEN)
    values, markers = [], []
    for word in words:
        marked = word.endswith("*")
        try:
            value = float(word.rstrip("*"))
        except ValueError:
            raise InputError("gates.err_adding_number", word=word[:20]) from None
        if not (math.isfinite(value) and 0.0 <= value <= 1.0):
            raise InputError("gates.err_adding_range", word=word[:20])
        values.append(value)
        markers.append(1.0 if marked else 0.0)
    if sum(markers) != 2:
        raise InputError("gates.err_adding_markers", found=int(sum(markers)))
    total = sum(v for v, m in zip(values, markers, strict=True) if m)
    x = torch.tensor([list(zip(values, markers, strict=True))], dtype=torch.float32)
    return Batch(x, torch.tensor([[total]], dtype=torch.float32))
