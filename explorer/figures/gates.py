"""Figures of the Gates page: the prediction, gradient flow and ablation charts, and the page's
figures built from run results (``explorer.gates.run``) and one ``labels`` mapping.

The heatmaps and the belt are ``explorer.figures.gate_heatmaps``; the drawing of one step is
``explorer.figures.cell_diagram``. Pure functions: numbers in, ``plotly.graph_objects.Figure``
out; every visible word comes in as an argument, so the page can pass either language.

``labels`` (built by the page with ``ui.labels``) holds: learned_run, clamped_run, time, units,
target, probability, count_axis, sum_axis, grad_h, grad_c, grad_axis, chance, clamped_tag,
belt_lstm, belt_gru, diagram_title, ablation_learned, ablation_coupled, ablation_setting,
ablation_accuracy, ablation_loss, ablation_drop, mode_open, mode_closed, and gate_<name> (the
gate's name) and short_<name> (its name under a diagram box) for every gate.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from explorer.figures.base import COLORS, share_bars, style
from explorer.figures.cell_diagram import cell_diagram
from explorer.figures.gate_heatmaps import (
    CLAMPED_COLOR,
    LEARNED_COLOR,
    belt_figure,
    clamp_bands,
    clip_steps,
    gate_heatmaps,
    state_heatmaps,
    token_ticks,
)

PREDICTION_AXIS = {"recall": "probability", "count": "count_axis", "adding": "sum_axis"}


def prediction_figure(
    task: str,
    learned: np.ndarray,
    clamped: np.ndarray,
    target: np.ndarray,
    tokens: list[str],
    classes: list[str],
    run_names: tuple[str, str],
    target_name: str,
    y_title: str,
) -> go.Figure:
    """Recall: class probabilities; counting: predicted count per step; adding: the sum."""
    fig = go.Figure()
    if task == "recall":
        for values, name, color in (
            (learned, run_names[0], LEARNED_COLOR),
            (clamped, run_names[1], CLAMPED_COLOR),
        ):
            fig.add_bar(
                x=classes,
                y=np.round(values, 4),
                name=name,
                marker_color=color,
                text=[f"{v:.2f}" for v in values],
                textposition="outside",
            )
        fig.add_annotation(
            x=classes[int(target)],
            y=1.08,
            text=f"▼ {target_name}",
            showarrow=False,
            font={"size": 16, "color": COLORS["baseline"]},
        )
        fig.update_yaxes(range=[0, 1.18], title_text=y_title)
    elif task == "count":
        x = list(range(len(tokens)))
        fig.add_scatter(
            x=x,
            y=target.tolist(),
            name=target_name,
            mode="lines",
            line={"color": "#111", "width": 6, "shape": "hv"},
            opacity=0.25,
        )
        for values, name, color, dash in (
            (learned, run_names[0], LEARNED_COLOR, "solid"),
            (clamped, run_names[1], CLAMPED_COLOR, "dash"),
        ):
            fig.add_scatter(
                x=x,
                y=values.argmax(-1).tolist(),
                name=name,
                mode="lines+markers",
                line={"color": color, "dash": dash, "shape": "hv", "width": 2.5},
            )
        fig.update_layout(xaxis=token_ticks(tokens), yaxis={"title": {"text": y_title}, "dtick": 1})
    else:
        names = [target_name, *run_names]
        values = [float(target[0]), float(learned[0]), float(clamped[0])]
        fig.add_bar(
            x=names,
            y=values,
            marker_color=[COLORS["baseline"], LEARNED_COLOR, CLAMPED_COLOR],
            text=[f"{v:.3f}" for v in values],
            textposition="outside",
            showlegend=False,
        )
        fig.update_yaxes(
            title_text=y_title, range=[min(0.0, *values) - 0.1, max(2.0, *values) + 0.25]
        )
    return style(fig, height=360)


def gradient_figure(
    tokens: list[str],
    learned: dict[str, np.ndarray | None],
    clamped: dict[str, np.ndarray | None],
    run_names: tuple[str, str],
    series_names: dict[str, str],
    y_title: str,
    steps: tuple[int, int] | None = None,
) -> go.Figure:
    """||dL/dh_t|| (and ||dL/dc_t|| for the LSTM) per step on a log axis, learned vs clamped."""
    steps = clip_steps(steps, len(tokens))
    fig = go.Figure()
    x = list(range(len(tokens)))
    for flow, run_name, color in (
        (learned, run_names[0], LEARNED_COLOR),
        (clamped, run_names[1], CLAMPED_COLOR),
    ):
        for key, dash in (("h", "solid"), ("c", "dot")):
            if flow.get(key) is None:
                continue
            y = np.maximum(flow[key], 1e-12)  # log axis: a gradient of exactly 0 sits at the floor
            fig.add_scatter(
                x=x,
                y=y.tolist(),
                mode="lines+markers",
                name=f"{series_names[key]} — {run_name}",
                line={"color": color, "dash": dash, "width": 3 if key == "h" else 2},
            )
    fig.update_layout(
        yaxis={"type": "log", "title": {"text": y_title}, "exponentformat": "power"},
        xaxis=token_ticks(tokens),
        shapes=clamp_bands(steps, [1]),
    )
    return style(fig, height=400)


def ablation_figure(
    labels: list[str], accuracy: list[float], chance: float, chance_name: str, x_title: str
) -> go.Figure:
    """Horizontal bars: accuracy of each clamped variant on fresh data, with the chance level."""
    colors = [
        LEARNED_COLOR if i == 0 else (CLAMPED_COLOR if a < chance + 0.1 else "#7fa7d6")
        for i, a in enumerate(accuracy)
    ]
    fig = go.Figure(share_bars(labels, accuracy, colors, 0))
    fig.add_vline(
        x=chance,
        line={"color": COLORS["baseline"], "dash": "dash", "width": 2},
        annotation_text=chance_name,
        annotation_position="top",
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 1.12], tickformat=".0%", title_text=x_title)
    return style(fig, height=70 + 34 * len(labels))


# ---- the page's figures from run results -----------------------------------------------------


def _runs(labels: Mapping[str, str]) -> tuple[str, str]:
    return labels["learned_run"], labels["clamped_run"]


def _states(result) -> dict[str, np.ndarray]:
    return {k: v for k, v in (("c", result.cell), ("h", result.hidden)) if v is not None}


def activations_figure(
    learned, clamped, labels: Mapping[str, str], steps=None, framed: set[str] | None = None
) -> go.Figure:
    titles = {name: labels[f"gate_{name}"] for name in learned.gates}
    axes = labels["time"], labels["units"]
    return gate_heatmaps(
        learned.tokens, learned.gates, clamped.gates, titles, _runs(labels), steps, *axes, framed
    )


def states_figures(
    learned, clamped, unit: int, labels: Mapping[str, str], steps=None
) -> tuple[go.Figure, go.Figure]:
    titles = {"c": "c_t", "h": "h_t"}
    before, after = _states(learned), _states(clamped)
    return (
        state_heatmaps(learned.tokens, before, after, titles, _runs(labels), steps),
        belt_figure(learned.tokens, before, after, unit, titles, _runs(labels), steps),
    )


def answer_figure(
    task: str, learned, clamped, labels: Mapping[str, str], classes: list[str]
) -> go.Figure:
    return prediction_figure(
        task,
        learned.output,
        clamped.output,
        learned.target,
        learned.tokens,
        classes,
        _runs(labels),
        labels["target"],
        labels[PREDICTION_AXIS[task]],
    )


def flow_figure(
    tokens: list[str], learned: dict, clamped: dict, labels: Mapping[str, str], steps=None
) -> go.Figure:
    names = {"h": labels["grad_h"], "c": labels["grad_c"]}
    return gradient_figure(
        tokens, learned, clamped, _runs(labels), names, labels["grad_axis"], steps
    )


def step_diagram(
    cell: str, values: dict, clamped: set[str], labels: Mapping[str, str]
) -> go.Figure:
    names = {name: labels[f"short_{name}"] for name in values["gates"]}
    names["clamped"] = labels["clamped_tag"]
    names["belt"] = labels["belt_lstm" if cell == "lstm" else "belt_gru"]
    title = labels["diagram_title"].format(
        t=values["t"], token=values["token"], unit=values["unit"]
    )
    return cell_diagram(cell, values, clamped, names, title)


def ablation_labels(table: pd.DataFrame, labels: Mapping[str, str]) -> list[str]:
    """One label per row of ``explorer.gates.ablation_table``, in the page's language."""
    names = []
    for gate, setting in zip(table["gate"], table["setting"], strict=True):
        if gate == "-":
            names.append(labels["ablation_learned"])
            continue
        mode = labels["ablation_coupled" if setting == "coupled" else f"mode_{setting}"]
        names.append(f"{labels[f'gate_{gate}']} — {mode}")
    return names


def ablation_frame(table: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The ablation table as the page shows it: variant, accuracy, loss, accuracy drop."""
    return pd.DataFrame(
        {
            labels["ablation_setting"]: ablation_labels(table, labels),
            labels["ablation_accuracy"]: (100 * table["accuracy"]).round(1),
            labels["ablation_loss"]: table["loss"].round(4),
            labels["ablation_drop"]: (100 * table["accuracy_drop"]).round(1),
        }
    )


def ablation_bars(table: pd.DataFrame, chance: float, labels: Mapping[str, str]) -> go.Figure:
    """``table`` is ``explorer.gates.ablation_table``; one bar per row, labelled in the page's language."""
    return ablation_figure(
        ablation_labels(table, labels),
        table["accuracy"].tolist(),
        chance,
        labels["chance"],
        labels["ablation_accuracy"],
    )
