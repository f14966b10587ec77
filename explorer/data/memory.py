"""Memory benchmarks with known chance levels: the adding problem and copy memory.

Adding problem (Hochreiter & Schmidhuber 1997; the variant of Le et al. 2015): each step carries a
value u ~ U[0, 1] and a marker; exactly two steps are marked, one in each half, and the target is
the sum of the two marked values. Predicting the mean (1) scores MSE = Var(u1 + u2) = 2/12 = 1/6.

Copy memory (Arjovsky et al. 2016): ``copy_length`` symbols from an alphabet of ``n_symbols``,
then ``delay - 1`` blanks, a delimiter, and ``copy_length`` more blanks; the target is blank until
the last ``copy_length`` steps, which must repeat the symbols. Predicting blanks and then a
uniform guess scores cross-entropy ``copy_length * ln(n_symbols) / (delay + 2 * copy_length)``,
which is 10 ln 8 / (T + 20) for the original 8 symbols and 10 to copy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

ADDING_BASELINE_MSE = 1 / 6


@dataclass
class Batch:
    x: torch.Tensor
    y: torch.Tensor


def adding_problem(n: int, length: int, seed: int) -> Batch:
    """x: (n, length, 2) = [value, marker]; y: (n, 1) the sum of the two marked values."""
    if length < 2:
        raise ValueError("the adding problem needs at least 2 steps")
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, size=(n, length))
    half = length // 2
    first = rng.integers(0, half, size=n)
    second = rng.integers(half, length, size=n)
    markers = np.zeros((n, length))
    rows = np.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    x = np.stack([values, markers], axis=-1)
    y = (values[rows, first] + values[rows, second])[:, None]
    return Batch(torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32))


def copy_memory_baseline(delay: int, n_symbols: int = 8, copy_length: int = 10) -> float:
    """Cross-entropy per step of 'blank, then guess uniformly' (Arjovsky et al. 2016)."""
    return copy_length * math.log(n_symbols) / (delay + 2 * copy_length)


def copy_memory(n: int, delay: int, seed: int, n_symbols: int = 8, copy_length: int = 10) -> Batch:
    """Token ids: 0..n_symbols-1 are data, n_symbols is blank, n_symbols + 1 the delimiter.

    x, y: (n, delay + 2 * copy_length) int64.
    """
    if delay < 1:
        raise ValueError("copy memory needs a delay of at least 1")
    rng = np.random.default_rng(seed)
    blank, delimiter = n_symbols, n_symbols + 1
    total = delay + 2 * copy_length
    symbols = rng.integers(0, n_symbols, size=(n, copy_length))
    x = np.full((n, total), blank)
    x[:, :copy_length] = symbols
    x[:, copy_length + delay - 1] = delimiter
    y = np.full((n, total), blank)
    y[:, -copy_length:] = symbols
    return Batch(torch.tensor(x), torch.tensor(y))
