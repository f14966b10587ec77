"""Forecasting baselines a recurrent model must beat, on the same windows it sees.

* last value: x̂_{t+1} = x_t (a random walk's best guess; strong on smooth series);
* linear AR(p): x̂_{t+1} = c + φ1 x_t + ... + φp x_{t-p+1}, fitted by least squares on the
  training windows (the lecture notes' memoryless autoregressive model);
* a memoryless feed-forward network on the whole window (the notes' "feed-forward neural net"
  generalisation of AR): it sees exactly what the RNN sees, but has no state.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch import nn


def last_value_predict(windows: np.ndarray) -> np.ndarray:
    """windows: (N, window) -> (N,) the last value of each window."""
    return np.asarray(windows)[:, -1]


def fit_ar(windows: np.ndarray, targets: np.ndarray, p: int) -> np.ndarray:
    """Least-squares [c, φ1..φp] for targets ≈ c + Σ φ_i x_{t-i+1} (φ1 multiplies the last value)."""
    windows = np.asarray(windows, dtype=float)
    if not 1 <= p <= windows.shape[1]:
        raise ValueError(f"p must be between 1 and the window length {windows.shape[1]}")
    design = np.column_stack([np.ones(len(windows)), windows[:, ::-1][:, :p]])  # (N, 1 + p)
    coefficients, *_ = np.linalg.lstsq(design, np.asarray(targets, dtype=float), rcond=None)
    return coefficients


def ar_predict(windows: np.ndarray, coefficients: np.ndarray) -> np.ndarray:
    p = len(coefficients) - 1
    lags = np.asarray(windows, dtype=float)[:, ::-1][:, :p]  # (N, p): x_t, x_{t-1}, ...
    return coefficients[0] + lags @ coefficients[1:]


def mse(prediction: np.ndarray, target: np.ndarray) -> float:
    return float(np.mean((np.asarray(prediction) - np.asarray(target)) ** 2))


@dataclass
class FeedForwardConfig:
    window: int = 20
    hidden_size: int = 32
    num_layers: int = 1
    dropout: float = 0.0

    def to_dict(self) -> dict:
        return {"cell": "mlp", **asdict(self)}

    @classmethod
    def from_dict(cls, values: dict) -> FeedForwardConfig:
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


class FeedForwardWindow(nn.Module):
    """ŷ = W_out tanh(... tanh(W_1 [x_{t-w+1}, ..., x_t] + b_1) ...) + b_out: no state between windows.

    Same call signature as ``RecurrentNet`` (x: (B, window, 1) -> ((B, 1), None)) so the same
    trainer can train it.
    """

    def __init__(self, config: FeedForwardConfig):
        super().__init__()
        self.config = config
        layers: list[nn.Module] = []
        width = config.window
        for _ in range(config.num_layers):
            layers += [nn.Linear(width, config.hidden_size), nn.Tanh()]
            if config.dropout:
                layers.append(nn.Dropout(config.dropout))
            width = config.hidden_size
        layers.append(nn.Linear(width, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor, state=None):
        return self.net(x.flatten(1)), None  # (B, window) -> (B, 1)

    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())
