"""Figures of the captioning page: the image with an attention overlay, every word's overlay in a
grid, the next-word alternatives and the total attention per region."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.figures.base import COLORS, FONT_SIZE, style


def upsample(att: np.ndarray, size: int, smooth: bool) -> np.ndarray:
    """A (gh, gw) attention map stretched to (size, size) pixels: blocky cells, or bilinear."""
    gh, gw = att.shape
    if not smooth:
        return np.kron(att, np.ones((size // gh, size // gw)))
    # bilinear interpolation between cell centres (edges clamp to the outer cells)
    ys = (np.arange(size) + 0.5) * gh / size - 0.5
    xs = (np.arange(size) + 0.5) * gw / size - 0.5
    y0 = np.clip(np.floor(ys).astype(int), 0, gh - 1)
    x0 = np.clip(np.floor(xs).astype(int), 0, gw - 1)
    y1, x1 = np.minimum(y0 + 1, gh - 1), np.minimum(x0 + 1, gw - 1)
    wy = np.clip(ys - y0, 0, 1)[:, None]
    wx = np.clip(xs - x0, 0, 1)[None, :]
    top = att[y0][:, x0] * (1 - wx) + att[y0][:, x1] * wx
    bottom = att[y1][:, x0] * (1 - wx) + att[y1][:, x1] * wx
    return top * (1 - wy) + bottom * wy


def _spotlight(opacity: float) -> list:
    """Colour scale that darkens what the model ignores and leaves what it looks at bright."""
    return [[0.0, f"rgba(10,10,25,{opacity:.2f})"], [1.0, "rgba(10,10,25,0)"]]


def _overlay_traces(image, att, *, smooth, opacity, show_scale=False):
    size = image.shape[0]
    traces = [go.Image(z=image, hoverinfo="skip")]
    if att is not None:
        up = upsample(att, size, smooth)
        peak = up.max() if up.max() > 0 else 1.0
        traces.append(
            go.Heatmap(
                z=np.round(up / peak, 3),
                x0=0,
                dx=1,
                y0=0,
                dy=1,
                colorscale=_spotlight(opacity),
                zmin=0,
                zmax=1,
                showscale=show_scale,
                hoverinfo="skip",
            )
        )
    return traces


def _peak_box(att: np.ndarray, size: int) -> dict:
    gh, gw = att.shape
    r, c = np.unravel_index(int(np.argmax(att)), att.shape)
    h, w = size / gh, size / gw
    return {"x0": c * w - 0.5, "x1": (c + 1) * w - 0.5, "y0": r * h - 0.5, "y1": (r + 1) * h - 0.5}


def attention_figure(
    image: np.ndarray,
    att: np.ndarray | None,
    *,
    title: str | None = None,
    smooth: bool = True,
    opacity: float = 0.75,
    boxes: Sequence[tuple[str, tuple[int, int, int, int]]] = (),
    region: tuple[int, int, int, int] | None = None,
    height: int = 460,
) -> go.Figure:
    """The image, darkened where ``att`` (gh, gw) is low, with the peak cell outlined in orange.

    ``boxes``: (label, (x0, y0, x1, y1)) ground-truth boxes drawn dashed; ``region``: a grid-cell
    rectangle (row0, col0, row1, col1) drawn as the user's forced attention.
    """
    size = image.shape[0]
    fig = go.Figure(_overlay_traces(image, att, smooth=smooth, opacity=opacity))
    for label, (x0, y0, x1, y1) in boxes:
        fig.add_shape(
            type="rect",
            x0=x0 - 0.5,
            y0=y0 - 0.5,
            x1=x1 + 0.5,
            y1=y1 + 0.5,
            line={"color": "white", "width": 1.5, "dash": "dot"},
        )
        fig.add_annotation(
            x=x0,
            y=y0 - 1,
            text=label,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"color": "white", "size": FONT_SIZE - 3},
            bgcolor="rgba(0,0,0,0.5)",
        )
    if att is not None and region is None:  # a forced region has no meaningful peak
        fig.add_shape(
            type="rect", line={"color": COLORS["highlight"], "width": 3}, **_peak_box(att, size)
        )
    if region is not None:
        gh = att.shape[0] if att is not None else 8
        cell = size / gh
        r0, c0, r1, c1 = region
        fig.add_shape(
            type="rect",
            x0=c0 * cell - 0.5,
            x1=(c1 + 1) * cell - 0.5,
            y0=r0 * cell - 0.5,
            y1=(r1 + 1) * cell - 0.5,
            line={"color": "#22d3ee", "width": 3, "dash": "dash"},
        )
    style(fig, title=title, height=height)
    fig.update_xaxes(visible=False, range=[-0.5, size - 0.5])
    fig.update_yaxes(visible=False, range=[size - 0.5, -0.5], scaleanchor="x")
    fig.update_layout(margin={"l": 5, "r": 5, "t": 50 if title else 5, "b": 5})
    return fig


def word_grid_figure(
    image: np.ndarray,
    words: Sequence[str],
    attention: np.ndarray,
    probs: Sequence[float],
    *,
    smooth: bool = True,
    opacity: float = 0.75,
    selected: int | None = None,
    cols: int = 4,
) -> go.Figure:
    """One small overlay per word of the caption (word and its probability above each)."""
    n = max(1, len(words))
    cols = min(cols, n)
    rows = int(np.ceil(n / cols))
    titles = [f"<b>{w}</b>" if i == selected else w for i, w in enumerate(words)]
    titles = [f"{t} ({p:.0%})" for t, p in zip(titles, probs, strict=True)]
    fig = make_subplots(
        rows=rows, cols=cols, subplot_titles=titles, horizontal_spacing=0.015, vertical_spacing=0.06
    )
    size = image.shape[0]
    for i in range(len(words)):
        r, c = divmod(i, cols)
        for trace in _overlay_traces(image, attention[i], smooth=smooth, opacity=opacity):
            fig.add_trace(trace, row=r + 1, col=c + 1)
        box = _peak_box(attention[i], size)
        color = COLORS["highlight"] if i == selected else "rgba(255,160,60,0.7)"
        fig.add_shape(
            type="rect",
            line={"color": color, "width": 3 if i == selected else 1.5},
            row=r + 1,
            col=c + 1,
            **box,
        )
    style(fig, height=int(30 + rows * 185))
    fig.update_xaxes(visible=False, range=[-0.5, size - 0.5])
    fig.update_yaxes(visible=False, range=[size - 0.5, -0.5])
    for i in range(1, rows * cols + 1):
        suffix = "" if i == 1 else str(i)
        fig.layout[f"yaxis{suffix}"].scaleanchor = f"x{suffix}"
    fig.update_layout(margin={"l": 5, "r": 5, "t": 40, "b": 5})
    fig.update_annotations(font={"size": FONT_SIZE})
    return fig


def alternatives_figure(
    top: Sequence[tuple[str, float]], *, title: str | None = None, chosen: str | None = None
) -> go.Figure:
    """Horizontal bars: the likeliest next words and their probabilities (best on top)."""
    words = [w for w, _ in top][::-1]
    values = [p for _, p in top][::-1]
    colors = [COLORS["highlight"] if w == chosen else COLORS["lstm"] for w in words]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=words,
            orientation="h",
            marker_color=colors,
            text=[f"{v:.1%}" for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        )
    )
    style(fig, title=title, height=300)
    fig.update_xaxes(range=[0, 1.15], tickformat=".0%")
    fig.update_layout(margin={"l": 90, "r": 20, "t": 50 if title else 20, "b": 40})
    return fig


def coverage_figure(totals: dict[str, np.ndarray], *, titles: dict[str, str]) -> go.Figure:
    """Side-by-side heatmaps of sum_t alpha_ti (total attention per grid cell over the caption),
    one per model, on a shared colour scale (hover shows the value)."""
    names = list(totals)
    zmax = max(float(t.max()) for t in totals.values())
    fig = make_subplots(
        rows=1, cols=len(names), subplot_titles=[titles[n] for n in names], horizontal_spacing=0.08
    )
    for k, name in enumerate(names):
        fig.add_trace(
            go.Heatmap(
                z=np.round(totals[name], 3),
                zmin=0,
                zmax=zmax,
                colorscale="Viridis",
                showscale=k == len(names) - 1,
                colorbar={"title": {"text": "Σ_t α"}},
                hovertemplate="row %{y}, col %{x}: %{z:.2f}<extra></extra>",
            ),
            row=1,
            col=k + 1,
        )
    style(fig, height=400)
    fig.update_yaxes(autorange="reversed", constrain="domain", showgrid=False)
    fig.update_xaxes(constrain="domain", showgrid=False)
    for k in range(len(names)):
        suffix = "" if k == 0 else str(k + 1)
        fig.layout[f"yaxis{suffix}"].scaleanchor = f"x{suffix}"
    fig.update_layout(margin={"l": 30, "r": 20, "t": 50, "b": 30})
    return fig
