"""Figures of the Gradients page's closer looks: Jacobian norms, truncated BPTT (and the paths it
cuts), clipping by norm against by value.

Every function takes plain data and one ``labels`` mapping of already-translated text (the page
builds it with ``ui.labels``), so no function here looks text up.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.figures.base import CELL_COLORS, COLORS
from explorer.figures.gradients import GREY, cell_line, log_range, positive, styled


def jacobian_figure(
    t: np.ndarray,
    values: dict[str, np.ndarray],
    labels: Mapping[str, str],
    *,
    line_at_one: bool,
    lower: dict[str, np.ndarray] | None = None,
) -> go.Figure:
    """One log-scale line per cell; ``lower`` adds a thin dotted line per cell (the smallest
    singular value beside the largest)."""
    fig = go.Figure()
    drawn = []
    for name, y in values.items():
        y = positive(y)
        drawn.append(y)
        fig.add_trace(cell_line(name, labels[name], t, y, mode="lines", legendgroup=name))
        if lower is not None:
            y_low = positive(lower[name])
            drawn.append(y_low)
            fig.add_trace(
                go.Scatter(
                    x=t,
                    y=y_low,
                    name=f"{labels[name]} ({labels['smallest']})",
                    mode="lines",
                    legendgroup=name,
                    showlegend=False,  # the section text says: dotted = smallest
                    line={"color": CELL_COLORS[name], "width": 1.5, "dash": "dot"},
                )
            )
    if line_at_one:
        fig.add_hline(
            y=1,
            line={"color": COLORS["baseline"], "dash": "dash"},
            annotation_text="1",
            annotation_position="top left",
        )
        drawn.append(np.array([1.0]))
    fig.update_yaxes(
        type="log", title=labels["y"], exponentformat="power", range=log_range(drawn, 0.3)
    )
    fig.update_xaxes(title=labels["x"])
    return styled(fig, 380)


def truncation_figure(
    studies: dict[str, dict], chosen_k: int, labels: Mapping[str, str]
) -> go.Figure:
    """Cosine similarity and relative norm of the truncated W_hh gradient against k (log x)."""
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(labels["cosine"], labels["relative_norm"]),
        horizontal_spacing=0.1,
    )
    for col, key in ((1, "cosine"), (2, "relative_norm")):
        for name, study in studies.items():
            fig.add_trace(
                cell_line(
                    name,
                    labels[name],
                    study["k"],
                    study[key],
                    legendgroup=name,
                    showlegend=col == 1,
                    mode="lines+markers",
                    hovertemplate="k=%{x}<br>%{y:.4f}<extra>" + labels[name] + "</extra>",
                ),
                row=1,
                col=col,
            )
        fig.add_vline(
            x=chosen_k,
            line={"color": COLORS["highlight"], "dash": "dot", "width": 2},
            row=1,
            col=col,
        )
        fig.add_hline(
            y=1, line={"color": COLORS["baseline"], "dash": "dash", "width": 1}, row=1, col=col
        )
        fig.update_xaxes(type="log", title=labels["x"], row=1, col=col)
    fig.update_yaxes(range=[-1.05, 1.05], row=1, col=1)
    styled(fig, 420)
    fig.update_layout(legend={"y": 1.14}, margin={"t": 90})
    return fig


def cut_figure(contributions: np.ndarray, cut: np.ndarray, labels: Mapping[str, str]) -> go.Figure:
    """log10 ||dL_s/dh_t|| for loss step s (rows) and earlier step t (columns); the paths that
    truncation cuts are grey."""
    W = contributions.shape[0]
    lower = np.tril(np.ones((W, W), dtype=bool))
    with np.errstate(divide="ignore"):
        logc = np.log10(np.where(contributions > 0, contributions, np.nan))
    kept = np.where(lower & ~cut, logc, np.nan)
    removed = np.where(cut, 1.0, np.nan)
    finite = logc[np.isfinite(logc) & lower]
    zmin, zmax = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=removed,
            colorscale=[[0, GREY], [1, GREY]],
            showscale=False,
            hovertemplate="s=%{y}, t=%{x}: " + labels["cut"] + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=kept,
            colorscale="Viridis",
            zmin=zmin,
            zmax=zmax,
            colorbar={"title": {"text": labels["colorbar"], "side": "right"}},
            hovertemplate="s=%{y}, t=%{x}<br>log10 %{z:.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(title=labels["x"], showgrid=False, constrain="domain")
    fig.update_yaxes(
        title=labels["y"], autorange="reversed", showgrid=False, scaleanchor="x", constrain="domain"
    )
    return styled(fig, 430)


def clip_figure(
    before: float, by_norm: float, by_value: float, threshold: float, labels: Mapping[str, str]
) -> go.Figure:
    bars = [labels["before"], labels["by_norm"], labels["by_value"]]
    values = [before, by_norm, by_value]
    fig = go.Figure(
        go.Bar(
            x=bars,
            y=values,
            marker_color=[COLORS["rnn"], COLORS["lstm"], COLORS["gru"]],
            text=[f"{v:.3g}" for v in values],
            textposition="outside",
        )
    )
    fig.add_hline(
        y=threshold,
        line={"color": COLORS["highlight"], "dash": "dash", "width": 2},
        annotation_text=labels["threshold"],
        annotation_position="top right",
    )
    fig.update_yaxes(
        type="log",
        title=labels["y"],
        exponentformat="power",
        range=[np.log10(min(values + [threshold])) - 0.5, np.log10(max(values + [threshold])) + 1],
    )
    return styled(fig, 400)


def jacobian_figures(
    jac: Mapping, product_labels: Mapping[str, str], step_labels: Mapping[str, str]
) -> list[tuple[go.Figure, str, dict]]:
    """The Jacobians section of ``jacobians.jacobians_by_cell``: (figure, name, data) of the
    norms of the products, and of the largest/smallest singular value of each one-step Jacobian."""
    first = next(iter(jac.values()))
    t = np.arange(len(first.product_norms))
    products = {n: j.product_norms for n, j in jac.items()}
    largest = {n: j.singular_values[:, 0] for n, j in jac.items()}
    smallest = {n: j.singular_values[:, -1] for n, j in jac.items()}
    steps = jacobian_figure(t, largest, step_labels, line_at_one=True, lower=smallest)
    data = {f"{n}_max": v for n, v in largest.items()} | {
        f"{n}_min": v for n, v in smallest.items()
    }
    return [
        (
            jacobian_figure(t, products, product_labels, line_at_one=False),
            "jacobian-products",
            products,
        ),
        (steps, "jacobian-steps", data),
    ]
