"""Truncated BPTT: the W_hh gradient with no gradient crossing chunk boundaries of k steps, against
full BPTT, and which paths from h_t to a later loss L_s a truncation cuts. All gradients come from
explorer.bptt."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from explorer import bptt
from explorer.gradients.cells import CELLS, GradientConfig, build_module, make_input

TRUNCATIONS = (1, 3, 10, 30, 100, 300)
CUT_WINDOW = 40
STUDY_LENGTH = 400  # the study reads the first 400 steps: ~24 sweeps stay under a second of CPU


def truncation_study(module: nn.Module, x: torch.Tensor, ks=TRUNCATIONS) -> dict[str, list]:
    """Cosine similarity and relative norm of the truncated vs the full W_hh gradient, per k."""
    T = x.shape[1]
    full = bptt.truncated_recurrent_grad(module, x, None)
    rows = {"k": [], "cosine": [], "relative_norm": []}
    for k in [k for k in ks if k < T] + [T]:
        g = full if k == T else bptt.truncated_recurrent_grad(module, x, k)
        if not (g.isfinite().all() and full.isfinite().all()) or full.norm() == 0:
            cos, rel = float("nan"), float("nan")
        else:
            cos = float(torch.nn.functional.cosine_similarity(g, full, dim=0))
            rel = float(g.norm() / full.norm())
        rows["k"].append(k)
        rows["cosine"].append(cos)
        rows["relative_norm"].append(rel)
    return rows


def truncation_by_cell(config: GradientConfig, ks=TRUNCATIONS) -> dict[str, dict[str, list]]:
    """The study for every cell on the config's input, cut to its first STUDY_LENGTH steps."""
    config.checked()
    x = make_input(config)[0][:, :STUDY_LENGTH]
    return {cell: truncation_study(build_module(cell, config), x, ks) for cell in CELLS}


def contribution_map(
    module: nn.Module, x: torch.Tensor, window: int = 40, sample: int = 0
) -> np.ndarray:
    """C[s, t] = ||d L_s / d h_t|| with L_s = sum(h_s), for s, t < window (0 where t > s).

    Truncated BPTT with chunks of k steps keeps C[s, t] only when s and t share a chunk.
    """
    x = x[sample : sample + 1, :window]
    W = x.shape[1]
    C = np.zeros((W, W))
    for s in range(W):
        C[s, : s + 1] = bptt.hidden_grad_norms(module, x[:, : s + 1])
    return C


def cut_mask(window: int, k: int) -> np.ndarray:
    """True where truncation with chunks [0, k), [k, 2k), ... cuts the path from h_t to L_s."""
    chunk = np.arange(window) // k
    s, t = np.meshgrid(np.arange(window), np.arange(window), indexing="ij")
    return (t <= s) & (chunk[s] != chunk[t])


def cut_map(config: GradientConfig) -> np.ndarray:
    """contribution_map of the vanilla RNN over the first CUT_WINDOW steps."""
    config.checked()
    x, _ = make_input(config)
    return contribution_map(build_module("rnn", config), x, window=min(CUT_WINDOW, x.shape[1]))
