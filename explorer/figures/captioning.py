"""Figures of the captioning page: the image with an attention overlay, every word's overlay in a
grid, the next-word alternatives and the total attention per region. Builders never look text
up: they take ``labels``, display text built by the page with ``ui.labels``."""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.figures.base import COLORS, FONT_FAMILY, FONT_SIZE, share_bars, style


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


DARK = np.array([10.0, 10.0, 25.0])


def overlay(
    image: np.ndarray, att: np.ndarray | None, *, smooth: bool, opacity: float
) -> np.ndarray:
    """The image darkened towards DARK where attention is low, at the image's own resolution:
    pixel = image * (1 - opacity * (1 - a)) + DARK * opacity * (1 - a), a = att / max(att)."""
    if att is None:
        return image
    up = upsample(att, image.shape[0], smooth)
    a = up / up.max() if up.max() > 0 else up
    shade = (opacity * (1.0 - a))[..., None]
    return np.clip(image * (1 - shade) + DARK * shade, 0, 255).astype(np.uint8)


def png_uri(pixels: np.ndarray) -> str:
    """A data URI of ``pixels`` (H, W, 3) uint8: far smaller and faster than a z-array trace."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _image_trace(pixels: np.ndarray) -> go.Image:
    """An image trace, one unit per pixel; zsmooth=False makes the browser draw crisp pixels."""
    return go.Image(source=png_uri(pixels), zsmooth=False, hoverinfo="skip")


def _peak_cell(att: np.ndarray, size: int, dx: float = 0.0, dy: float = 0.0):
    """(x0, y0, x1, y1) of the peak cell of ``att`` in image pixel units, offset by (dx, dy)."""
    gh, gw = att.shape
    r, c = np.unravel_index(int(np.argmax(att)), att.shape)
    h, w = size / gh, size / gw
    return dx + c * w - 0.5, dy + r * h - 0.5, dx + (c + 1) * w - 0.5, dy + (r + 1) * h - 0.5


def _rects(rects, color: str, width: float, dash: str = "solid") -> go.Scatter:
    """Many rectangles as ONE line trace (None breaks the line): far cheaper than layout shapes."""
    xs, ys = [], []
    for x0, y0, x1, y1 in rects:
        xs += [x0, x1, x1, x0, x0, None]
        ys += [y0, y0, y1, y1, y0, None]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": color, "width": width, "dash": dash},
        hoverinfo="skip",
        showlegend=False,
    )


def _texts(xs, ys, texts, *, color: str, size: int, position: str, bg: bool = False) -> go.Scatter:
    return go.Scatter(
        x=xs,
        y=ys,
        text=texts,
        mode="text",
        textposition=position,
        hoverinfo="skip",
        textfont={"color": color, "size": size, "family": FONT_FAMILY},
        showlegend=False,
    )


def _image_axes(fig: go.Figure, width: float, height: float) -> None:
    fig.update_xaxes(visible=False, range=[-0.5, width - 0.5])
    fig.update_yaxes(visible=False, range=[height - 0.5, -0.5], scaleanchor="x")


def attention_figure(
    image: np.ndarray,
    att: np.ndarray | None,
    *,
    labels: Mapping[str, str] | None = None,
    smooth: bool = True,
    opacity: float = 0.75,
    boxes: Sequence[tuple[str, tuple[int, int, int, int]]] = (),
    region: tuple[int, int, int, int] | None = None,
    height: int = 460,
) -> go.Figure:
    """The image, darkened where ``att`` (gh, gw) is low, with the peak cell outlined in orange.

    ``boxes``: (label, (x0, y0, x1, y1)) ground-truth boxes drawn dotted; ``region``: a grid-cell
    rectangle (row0, col0, row1, col1) drawn as the user's forced attention (cyan, dashed);
    ``labels``: "title" (optional).
    """
    title = (labels or {}).get("title")
    size = image.shape[0]
    traces = [_image_trace(overlay(image, att, smooth=smooth, opacity=opacity))]
    if boxes:
        rects = [(x0 - 0.5, y0 - 0.5, x1 + 0.5, y1 + 0.5) for _, (x0, y0, x1, y1) in boxes]
        traces.append(_rects(rects, "white", 1.5, "dot"))
        traces.append(
            _texts(
                [r[0] for r in rects],
                [r[1] for r in rects],
                [label for label, _ in boxes],
                color="white",
                size=FONT_SIZE - 2,
                position="top right",
            )
        )
    if att is not None and region is None:  # a forced region has no meaningful peak
        traces.append(_rects([_peak_cell(att, size)], COLORS["highlight"], 3))
    if region is not None:
        cell = size / (att.shape[0] if att is not None else 8)
        r0, c0, r1, c1 = region
        rect = (c0 * cell - 0.5, r0 * cell - 0.5, (c1 + 1) * cell - 0.5, (r1 + 1) * cell - 0.5)
        traces.append(_rects([rect], "#22d3ee", 3, "dash"))
    fig = go.Figure(traces)
    style(fig, title=title, height=height)
    _image_axes(fig, size, size)
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
    """One overlay per word, in caption order, tiled into a single image (fast to draw), with
    each word above its tile, its probability inside, and its peak cell outlined."""
    n = max(1, len(words))
    cols = min(cols, n)
    rows = int(np.ceil(n / cols))
    size, gap, band = image.shape[0], 3, 12  # tile, gap between tiles, title band (image px)
    step_x, step_y = size + gap, size + band
    width, height = cols * step_x - gap, rows * step_y
    mosaic = np.full((height, width, 3), 255, dtype=np.uint8)
    titles, probs_text, peaks = ([], [], []), ([], [], []), []
    for i, word in enumerate(words):
        r, c = divmod(i, cols)
        x, y = c * step_x, r * step_y + band
        tile = overlay(image, attention[i], smooth=smooth, opacity=opacity)
        mosaic[y : y + size, x : x + size] = tile
        titles[0].append(x + size / 2 - 0.5)
        titles[1].append(y - 1.5)
        titles[2].append(f"<b>{word}</b>" if i == selected else word)
        probs_text[0].append(x + size - 2)
        probs_text[1].append(y + size - 2)
        probs_text[2].append(f"{probs[i]:.0%}")
        peaks.append(_peak_cell(attention[i], size, x, y))
    traces = [
        _image_trace(mosaic),
        _rects(peaks, "rgba(255,160,60,0.8)", 1.5),
        _texts(*titles, color="#111827", size=FONT_SIZE + 1, position="top center"),
        _texts(*probs_text, color="white", size=FONT_SIZE - 3, position="top left"),
    ]
    if selected is not None and 0 <= selected < len(words):
        traces.append(_rects([peaks[selected]], COLORS["highlight"], 4))
    fig = go.Figure(traces)
    style(fig, height=int(20 + rows * 165))
    _image_axes(fig, width, height)
    fig.update_layout(margin={"l": 5, "r": 5, "t": 5, "b": 5})
    return fig


def alternatives_figure(
    top: Sequence[tuple[str, float]],
    *,
    labels: Mapping[str, str] | None = None,
    chosen: str | None = None,
) -> go.Figure:
    """Horizontal bars: the likeliest next words and their probabilities (best on top).

    ``labels``: "title" (optional)."""
    title = (labels or {}).get("title")
    words = [w for w, _ in top][::-1]
    values = [p for _, p in top][::-1]
    colors = [COLORS["highlight"] if w == chosen else COLORS["lstm"] for w in words]
    hover = "%{y}: %{x:.3f}<extra></extra>"
    fig = go.Figure(share_bars(words, values, colors, 1, cliponaxis=False, hovertemplate=hover))
    style(fig, title=title, height=300)
    fig.update_xaxes(range=[0, 1.3], tickformat=".0%")
    fig.update_layout(margin={"l": 90, "r": 20, "t": 50 if title else 20, "b": 40})
    return fig


def coverage_figure(totals: dict[str, np.ndarray], *, labels: Mapping[str, str]) -> go.Figure:
    """Side-by-side heatmaps of sum_t alpha_ti (total attention per grid cell over the caption),
    one per model, on a shared colour scale (hover shows the value).

    ``labels``: one panel title per key of ``totals`` (the model variant)."""
    names = list(totals)
    zmax = max(float(t.max()) for t in totals.values())
    titles = [labels[n] for n in names]
    fig = make_subplots(rows=1, cols=len(names), subplot_titles=titles, horizontal_spacing=0.08)
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
