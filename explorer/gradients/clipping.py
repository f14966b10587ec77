"""Gradient clipping: by norm (direction kept) against by value (direction changed), on the
gradient of every vanilla-RNN weight in a setting whose gradient explodes."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import torch

from explorer import bptt
from explorer.errors import InputError
from explorer.gradients.cells import GradientConfig, build_module, make_input
from explorer.gradients.theory import observed_rate

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
    The weight gradient is PyTorch's own (what ``clip_grad_norm_`` sees when training).
    """
    if not (math.isfinite(threshold) and threshold > 0):
        raise InputError("gradients.err_threshold")
    used_preset = False
    setting = replace(
        config, input_kind="noise" if config.input_kind == "sentence" else config.input_kind
    )
    norms = bptt.hidden_grad_norms(build_module("rnn", setting), make_input(setting)[0])
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
