"""Figures of the Gradients page's main view: ||dL/dh_t|| through time on a log scale, the
eigenvalues of W_hh, input connectivity, and the during-training heatmaps. The Jacobian,
truncation and clipping sections' figures are in ``explorer.figures.gradient_sections``.

Every function takes plain data and one ``labels`` mapping of already-translated text (the page
builds it with ``ui.labels``), so no function here looks text up.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.figures.base import CELL_COLORS, COLORS, style

GREY = "#bdbdbd"


def styled(fig: go.Figure, height: int) -> go.Figure:
    """The project style with the legend in one row above the plot (the plot keeps the width)."""
    style(fig, height=height)
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"},
        margin={"t": 40},
    )
    return fig


def positive(values: np.ndarray) -> np.ndarray:
    """Values a log axis can draw: NaN for 0, negative, inf and NaN (plotly leaves gaps)."""
    out = np.asarray(values, dtype=np.float64).copy()
    out[~np.isfinite(out) | (out <= 0)] = np.nan
    return out


def log_range(curves: list[np.ndarray], pad: float = 0.5) -> list[float] | None:
    finite = np.concatenate([c[np.isfinite(c)] for c in curves]) if curves else np.array([])
    if finite.size == 0:
        return None
    lo, hi = np.log10(finite.min()), np.log10(finite.max())
    return [lo - pad, hi + pad]


def cell_line(name: str, label: str, x, y, **props) -> go.Scatter:
    """One cell's curve: a thick line in the cell's colour, named ``label``."""
    return go.Scatter(x=x, y=y, name=label, line={"color": CELL_COLORS[name], "width": 3}, **props)


def curves_figure(
    t: np.ndarray,
    norms: dict[str, np.ndarray],
    bound: np.ndarray | None,
    labels: Mapping[str, str],
    *,
    overflow: dict[str, int | None] | None = None,
    tokens: list[str] | None = None,
    height: int = 430,
) -> go.Figure:
    """||dL/dh_t|| against t, one line per cell, and the dashed Pascanu bound for the vanilla RNN.

    The y range follows the measured curves, so a bound far above them is cut at the top.
    """
    fig = go.Figure()
    drawn = []
    for name, values in norms.items():
        y = positive(values)
        drawn.append(y)
        fig.add_trace(
            cell_line(
                name,
                labels[name],
                t,
                y,
                mode="lines+markers" if len(t) <= 60 else "lines",
                hovertemplate="t=%{x}<br>%{y:.3g}<extra>" + labels[name] + "</extra>",
            )
        )
    if bound is not None:
        fig.add_trace(
            go.Scatter(
                x=t,
                y=positive(bound),
                name=labels["bound"],
                mode="lines",
                line={"color": COLORS["theory"], "width": 2.5, "dash": "dash"},
                hovertemplate="t=%{x}<br>%{y:.3g}<extra>" + labels["bound"] + "</extra>",
            )
        )
    for name, step in (overflow or {}).items():
        if step is not None:
            fig.add_vline(x=step, line={"color": CELL_COLORS[name], "dash": "dot", "width": 2})
            fig.add_annotation(
                x=step,
                y=1,
                yref="paper",
                text=labels["overflow_at"].format(t=step),
                showarrow=False,
                xanchor="left",
                yanchor="top",
                font={"color": CELL_COLORS[name], "size": 13},
            )
    y_range = log_range(drawn)
    fig.update_yaxes(type="log", title=labels["y"], exponentformat="power", range=y_range)
    xaxis = {"title": labels["x"]}
    if tokens and len(tokens) <= 40:
        xaxis.update(
            tickmode="array",
            tickvals=list(t),
            ticktext=[f"{i}·{w}" for i, w in enumerate(tokens)],
            tickangle=-45,
        )
    fig.update_xaxes(**xaxis)
    return styled(fig, height)


def eigen_figure(
    eigenvalues: np.ndarray, gamma: float, labels: Mapping[str, str], height: int = 430
) -> go.Figure:
    """Eigenvalues of W_hh in the complex plane with the unit circle (and 1/gamma if gamma != 1)."""
    angle = np.linspace(0, 2 * np.pi, 181)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=np.cos(angle),
            y=np.sin(angle),
            mode="lines",
            name=labels["unit_circle"],
            line={"color": COLORS["baseline"], "width": 2},
            hoverinfo="skip",
        )
    )
    if gamma != 1:
        r = 1 / gamma
        fig.add_trace(
            go.Scatter(
                x=r * np.cos(angle),
                y=r * np.sin(angle),
                mode="lines",
                name=labels["gamma_circle"],
                hoverinfo="skip",
                line={"color": COLORS["theory"], "width": 2, "dash": "dash"},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=eigenvalues.real,
            y=eigenvalues.imag,
            mode="markers",
            name=labels["eigenvalues"],
            marker={"color": COLORS["rnn"], "size": 8, "line": {"width": 1, "color": "white"}},
            hovertemplate="%{x:.3f} %{y:+.3f}i<extra></extra>",
        )
    )
    reach = max(
        1.15, float(np.abs(eigenvalues).max()) * 1.1, (1 / gamma) * 1.05 if gamma != 1 else 0
    )
    fig.update_xaxes(title=labels["real"], range=[-reach, reach], zeroline=True)
    fig.update_yaxes(
        title=labels["imag"], range=[-reach, reach], scaleanchor="x", scaleratio=1, zeroline=True
    )
    return styled(fig, height)


def connectivity_heatmap(
    tokens: list[str], connectivity: dict[str, np.ndarray], labels: Mapping[str, str]
) -> go.Figure:
    """The typed sentence once per cell, each word coloured by log10 ||dL/dx_t|| relative to that
    cell's largest value (0 = the word that matters most to the last output)."""
    names = list(connectivity)
    z, text = [], []
    for name in names:
        values = positive(connectivity[name])
        top = np.nanmax(values) if np.isfinite(values).any() else np.nan
        z.append(np.log10(values / top))
        text.append(tokens)
    z = np.array(z)
    lowest = float(np.nanmin(z)) if np.isfinite(z).any() else -1.0
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(len(tokens))),
            y=[labels[n] for n in names],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 15},
            colorscale="Blues",
            zmin=max(lowest, -12),
            zmax=0,
            xgap=3,
            ygap=6,
            colorbar={"title": {"text": labels["colorbar"], "side": "right"}},
            hovertemplate="t=%{x} '%{text}'<br>log10 ratio %{z:.2f}<extra>%{y}</extra>",
        )
    )
    fig.update_xaxes(title=labels["x"], showgrid=False)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return styled(fig, 120 + 85 * len(names))


def connectivity_lines(
    t: np.ndarray, connectivity: dict[str, np.ndarray], labels: Mapping[str, str]
) -> go.Figure:
    """||dL/dx_t|| against t for inputs without labels."""
    return curves_figure(t, connectivity, None, {**labels, "y": labels["y_x"]}, height=380)


def training_heatmaps(grad_norms: dict[str, np.ndarray], labels: Mapping[str, str]) -> go.Figure:
    """One heatmap per model: time step t (x) by training step (y), colour log10 ||dLoss/dh_t||,
    on one shared colour range so the models compare directly."""
    names = list(grad_norms)
    logs = {}
    for name in names:
        with np.errstate(divide="ignore", invalid="ignore"):
            logs[name] = np.log10(positive(grad_norms[name]))
    finite = np.concatenate([v[np.isfinite(v)] for v in logs.values()])
    zmin, zmax = (
        (float(np.percentile(finite, 1)), float(finite.max())) if finite.size else (-1.0, 0.0)
    )
    fig = make_subplots(
        rows=1,
        cols=len(names),
        subplot_titles=[labels[n] for n in names],
        shared_yaxes=True,
        horizontal_spacing=0.04,
    )
    for col, name in enumerate(names, start=1):
        z = logs[name]
        fig.add_trace(
            go.Heatmap(
                z=np.round(z, 2),
                colorscale="Viridis",
                zmin=zmin,
                zmax=zmax,
                showscale=col == len(names),
                colorbar={"title": {"text": labels["colorbar"], "side": "right"}},
                hovertemplate="t=%{x}, step %{y}<br>log10 %{z}<extra>" + labels[name] + "</extra>",
            ),
            row=1,
            col=col,
        )
        fig.update_xaxes(title=labels["x"], row=1, col=col)
    fig.update_yaxes(title=labels["y"], row=1, col=1)
    return styled(fig, 430)


def training_loss_figure(
    losses: dict[str, np.ndarray], baseline: float, labels: Mapping[str, str], smooth: int = 20
) -> go.Figure:
    """Training MSE per step (thin) and its running mean (thick), with the chance baseline."""
    fig = go.Figure()
    for name, loss in losses.items():
        loss = np.asarray(loss, dtype=np.float64)
        steps = np.arange(len(loss))
        fig.add_trace(
            go.Scatter(
                x=steps,
                y=loss,
                mode="lines",
                line={"color": CELL_COLORS[name], "width": 1},
                opacity=0.3,
                showlegend=False,
                hoverinfo="skip",
            )
        )
        kernel = np.ones(min(smooth, len(loss))) / min(smooth, len(loss))
        mean = np.convolve(loss, kernel, mode="valid") if len(loss) else loss
        fig.add_trace(
            cell_line(name, labels[name], steps[len(loss) - len(mean) :], mean, mode="lines")
        )
    fig.add_hline(y=baseline, line={"color": COLORS["baseline"], "dash": "dash", "width": 2})
    fig.add_annotation(  # on a log axis an annotation's y is log10 of the value
        x=1,
        xref="paper",
        xanchor="right",
        y=np.log10(baseline),
        yanchor="bottom",
        text=labels["baseline"],
        showarrow=False,
        font={"color": COLORS["baseline"]},
        bgcolor="rgba(255,255,255,0.8)",
    )
    fig.update_yaxes(type="log", title=labels["y"], exponentformat="power")
    fig.update_xaxes(title=labels["x"])
    return styled(fig, 430)


def main_figures(
    curves, curve_labels: Mapping[str, str], eigen_labels: Mapping[str, str]
) -> tuple[go.Figure, go.Figure]:
    """The page's main view of one ``analysis.GradientCurves``: the three ||dL/dh_t|| curves with
    the bound, and the vanilla RNN's eigenvalues."""
    main = curves_figure(
        np.arange(curves.T),
        {n: c.norms for n, c in curves.cells.items()},
        curves.bound,
        curve_labels,
        tokens=curves.tokens,
        overflow={n: c.overflow_step for n, c in curves.cells.items()},
    )
    return main, eigen_figure(curves.eigenvalues, curves.gamma, eigen_labels)


def connectivity_figure(curves, labels: Mapping[str, str]) -> go.Figure:
    """||dL/dx_t|| of each cell: a heatmap over the words of a sentence, else lines over t."""
    conn = {n: c.connectivity for n, c in curves.cells.items()}
    if curves.tokens:
        return connectivity_heatmap(curves.tokens, conn, labels)
    return connectivity_lines(np.arange(curves.T), conn, labels)
