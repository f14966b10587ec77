"""Gradient flow ||dL/dh_t|| (and ||dL/dc_t|| for the LSTM) through a shipped gate model, with
and without clamps. Both curves of the page's chart come from one implementation,
``explorer.bptt.gate_gradient_flow``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from explorer.bptt import gate_gradient_flow
from explorer.data.memory import Batch
from explorer.gates.loading import GateModel


def gradient_flow(model: GateModel, batch: Batch, clamp: dict | None = None) -> dict:
    """{"h": ||dL/dh_t||, "c": ||dL/dc_t|| (LSTM) or None} over t for the first sequence of
    ``batch``; L = the sum of the last h_T."""
    features = model.net.embed(batch.x[:1]).detach()  # (1, T, I)
    flow = gate_gradient_flow(model.net.rnn, features, clamp or None)
    return {"h": flow.h, "c": flow.c}


def flow_table(learned: dict, clamped: dict) -> pd.DataFrame:
    """The two gradient flows side by side, one row per step."""
    table = pd.DataFrame(
        {
            "t": np.arange(len(learned["h"])),
            "grad_h_learned": learned["h"],
            "grad_h_clamped": clamped["h"],
        }
    )
    if learned["c"] is not None:
        table["grad_c_learned"], table["grad_c_clamped"] = learned["c"], clamped["c"]
    return table
