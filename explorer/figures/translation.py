"""Figures of the translation page: attention heatmaps, one row as bars, entropy, quality by length.

Builders never look text up: each takes ``labels``, a mapping of display text built by the page
(``ui.labels``), and reads the entries its docstring names.

Tokens go on numeric axes with tick labels, so a word that occurs twice ("the ... the") keeps two
columns instead of being merged by Plotly's category axis.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.figures.base import COLORS, FONT_SIZE, style

ATTENTION_SCALE = "Blues"  # weights are in [0, 1]: a sequential scale, white = 0
KIND_COLORS = {
    "none": COLORS["baseline"],
    "additive": COLORS["lstm"],
    "dot": COLORS["gru"],
    "general": COLORS["highlight"],
}


def shown(tokens: list[str]) -> list[str]:
    """Tokens as axis labels: a visible mark for spaces (dates are character level)."""
    return ["␣" if t == " " else t for t in tokens]


def unique_labels(tokens: list[str]) -> list[str]:
    """Labels for clickable token choices: a repeated token gets its position ("the·9"), so no
    two choices look alike."""
    labels = shown(tokens)
    return [f"{w}·{i + 1}" if labels.count(w) > 1 else w for i, w in enumerate(labels)]


def _heatmap_trace(source, target, attention, hover: str, show_scale: bool = True) -> go.Heatmap:
    S, T = len(source), len(target)
    text = np.vectorize(lambda v: f"{v:.2f}".lstrip("0") if v >= 0.1 else "")(attention)
    src, tgt = shown(source), shown(target)
    custom = np.array([[[tgt[i], src[j]] for j in range(S)] for i in range(T)], dtype=object)
    return go.Heatmap(
        z=np.round(attention, 3),
        x=list(range(S)),
        y=list(range(T)),
        zmin=0,
        zmax=1,
        colorscale=ATTENTION_SCALE,
        text=text if S * T <= 400 else None,
        texttemplate="%{text}" if S * T <= 400 else None,
        textfont={"size": FONT_SIZE - 3},
        customdata=custom,
        hovertemplate=hover,
        showscale=show_scale,
        colorbar={"title": {"text": "α"}, "thickness": 14},
    )


def attention_heatmap(
    source: list[str],
    target: list[str],
    attention: np.ndarray,
    *,
    labels: Mapping[str, str] | None = None,
    hover: str = "%{customdata[0]} ← %{customdata[1]}: %{z:.3f}<extra></extra>",
    highlight_row: int | None = None,
    height: int | None = None,
) -> go.Figure:
    """Target words as rows (top to bottom), source words as columns; cell = attention weight.

    ``labels``: "title" (optional)."""
    title = (labels or {}).get("title")
    fig = go.Figure(_heatmap_trace(source, target, attention, hover))
    T, S = len(target), len(source)
    if highlight_row is not None and 0 <= highlight_row < T:
        fig.add_shape(
            type="rect",
            x0=-0.5,
            x1=S - 0.5,
            y0=highlight_row - 0.5,
            y1=highlight_row + 0.5,
            line={"color": COLORS["highlight"], "width": 3},
        )
    slant = slanted(shown(source))
    fig.update_xaxes(
        tickvals=list(range(S)), ticktext=shown(source), side="top", tickangle=-45 if slant else 0
    )
    fig.update_yaxes(tickvals=list(range(T)), ticktext=shown(target), autorange="reversed")
    top = 30 + 8 * max(len(w) for w in shown(source)) if slant else 50  # room for slanted labels
    style(fig, title=title, height=height or max(320, top + 60 + 30 * T))
    fig.update_layout(margin={"t": top + (40 if title else 0), "l": 110, "b": 20})
    if title:
        fig.update_layout(
            title={"y": 0.995, "yanchor": "top", "yref": "container", "x": 0, "xanchor": "left"}
        )
    return fig


def slanted(tokens: list[str]) -> bool:
    """Whether tick labels must be slanted not to overlap on a phone (390 px): many tokens, or
    long ones (about 6 characters fit under each of 4 columns)."""
    return len(tokens) > 8 or len(tokens) * max((len(t) for t in tokens), default=0) > 24


def _token_axis(fig: go.Figure, tokens: list[str]) -> None:
    """Tokens as tick labels on a numeric x axis, slanted when they would overlap."""
    n = len(tokens)
    fig.update_xaxes(
        tickvals=list(range(n)), ticktext=tokens, tickangle=-45 if slanted(tokens) else 0
    )


def attention_bars(
    source: list[str], weights: np.ndarray, *, labels: Mapping[str, str] | None = None
) -> go.Figure:
    """One target word's attention over the source sentence. ``labels``: "title" (optional)."""
    words = shown(source)
    peak = int(np.argmax(weights))
    colors = [COLORS["highlight"] if j == peak else COLORS["lstm"] for j in range(len(words))]
    fig = go.Figure(
        go.Bar(
            x=list(range(len(words))),
            y=np.round(weights, 4),
            marker_color=colors,
            customdata=words,
            hovertemplate="%{customdata}: %{y:.3f}<extra></extra>",
        )
    )
    _token_axis(fig, words)
    fig.update_yaxes(range=[0, 1], title="α")
    return style(fig, title=(labels or {}).get("title"), height=340)


def entropy_bars(
    target: list[str],
    entropy: np.ndarray,
    n_source: int,
    *,
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Entropy (bits) of each attention row, with the uniform-attention maximum log2(S) as a line.

    ``labels``: "title" (optional), "uniform" (the line's name, default "uniform")."""
    labels = labels or {}
    words = shown(target)
    fig = go.Figure(
        go.Bar(
            x=list(range(len(words))),
            y=np.round(entropy, 3),
            marker_color=COLORS["lstm"],
            customdata=words,
            hovertemplate="%{customdata}: %{y:.2f} bits<extra></extra>",
        )
    )
    top = math.log2(max(n_source, 2))
    fig.add_hline(
        y=top,
        line={"color": COLORS["baseline"], "dash": "dash"},
        annotation_text=f"{labels.get('uniform', 'uniform')}: log₂{n_source} = {top:.2f}",
    )
    _token_axis(fig, words)
    fig.update_yaxes(range=[0, top * 1.15], title="bits")
    return style(fig, title=labels.get("title"), height=340)


def beam_heatmaps(source: list[str], hypotheses: list, labels: Mapping[str, str]) -> go.Figure:
    """Small multiples: one attention heatmap per beam hypothesis (best first).

    ``labels``: "hypothesis", each panel's title, filled with ``rank``, ``text`` and ``score``."""
    titles = [
        labels["hypothesis"].format(rank=k + 1, text=h.text, score=h.score)
        for k, h in enumerate(hypotheses)
    ]
    k = len(hypotheses)
    cols = 1 if k == 1 else 2
    rows = math.ceil(k / cols)
    tallest = max(len(h.target_tokens) for h in hypotheses)
    height = (
        rows * (60 + 26 * tallest) + (rows - 1) * 120 + 90
    )  # 120 px between rows: ticks + title
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=titles,
        horizontal_spacing=0.12,
        vertical_spacing=120 / height if rows > 1 else 0.1,
    )
    for n, hyp in enumerate(hypotheses):
        r, c = n // cols + 1, n % cols + 1
        trace = _heatmap_trace(
            source,
            hyp.target_tokens,
            hyp.attention,
            "%{customdata[0]} ← %{customdata[1]}: %{z:.3f}<extra></extra>",
            show_scale=n == 0,
        )
        trace.text, trace.texttemplate = None, None
        fig.add_trace(trace, row=r, col=c)
        S, T = len(source), len(hyp.target_tokens)
        fig.update_xaxes(
            tickvals=list(range(S)),
            ticktext=shown(source),
            tickangle=-45,
            row=r,
            col=c,
            tickfont={"size": FONT_SIZE - 3},
        )
        fig.update_yaxes(
            tickvals=list(range(T)),
            ticktext=shown(hyp.target_tokens),
            autorange="reversed",
            row=r,
            col=c,
            tickfont={"size": FONT_SIZE - 3},
        )
    style(fig, height=height)
    fig.update_annotations(font={"size": FONT_SIZE - 1})
    fig.update_layout(margin={"l": 110, "t": 50})
    return fig


def quality_by_length(
    rows: list[dict], *, names: Mapping[str, str], labels: Mapping[str, str]
) -> go.Figure:
    """Exact match and BLEU against source length, one line per attention kind (Bahdanau Fig. 2).

    ``names``: attention kind -> legend name; ``labels``: "x", "exact", "bleu" (panel titles)."""
    titles = [labels["exact"], labels["bleu"]]
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles, horizontal_spacing=0.1)
    for kind in KIND_COLORS:
        sel = [r for r in rows if r["attention"] == kind]
        if not sel:
            continue
        x = [(r["lo"] + r["hi"]) / 2 for r in sel]
        hover = [f"{r['lo']}–{r['hi']}: n={r['n']}" for r in sel]
        line = {
            "color": KIND_COLORS[kind],
            "width": 3,
            "dash": "dash" if kind == "none" else "solid",
        }
        for col, metric, scale in ((1, "exact", 100), (2, "bleu", 1)):
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=[round(r[metric] * scale, 1) for r in sel],
                    mode="lines+markers",
                    line=line,
                    name=names[kind],
                    legendgroup=kind,
                    showlegend=col == 1,
                    text=hover,
                    hovertemplate="%{text}<br>%{y:.1f}<extra>" + names[kind] + "</extra>",
                ),
                row=1,
                col=col,
            )
    fig.update_xaxes(title=labels["x"])
    fig.update_yaxes(range=[0, 102])
    style(fig, height=420)
    fig.update_layout(margin={"t": 80})
    return fig


def emergence_curve(
    steps: list[int], exact: list[float], current: int, *, labels: Mapping[str, str]
) -> go.Figure:
    """Held-out exact match of each training snapshot, the shown one marked.

    ``labels``: "x", "y" (axis titles)."""
    fig = go.Figure(
        go.Scatter(
            x=steps,
            y=[round(100 * e, 1) for e in exact],
            mode="lines+markers",
            line={"color": KIND_COLORS["additive"], "width": 3},
            hovertemplate="%{x}: %{y:.1f}%<extra></extra>",
        )
    )
    fig.add_vline(x=current, line={"color": COLORS["highlight"], "width": 3})
    ticks = {"tickvals": steps, "ticktext": [str(s) for s in steps]}
    fig.update_xaxes(title=labels["x"], type="log", **ticks)
    fig.update_yaxes(title=labels["y"], range=[0, 102])
    return style(fig, height=300)
