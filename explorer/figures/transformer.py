"""Figures of the Transformer page: attention maps (with the causal mask), a BertViz-like head
view, quality by length for three models, the shuffle test, speed and path length, masked-word
guesses. Pure functions: data and one ``labels`` mapping in, a Plotly figure out.

Tokens go on numeric axes with tick labels, so a repeated word keeps its own row or column.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.figures.base import COLORS, FONT_SIZE, style

ATTENTION_SCALE = "Blues"  # weights in [0, 1]: white = 0
MASKED_COLOR = "#d1d5db"  # cells the causal mask forbids
MODEL_COLORS = {
    "none": COLORS["baseline"],
    "additive": COLORS["lstm"],
    "rnn": COLORS["lstm"],
    "transformer": COLORS["highlight"],
}


def shown(tokens: list[str]) -> list[str]:
    """Axis labels: a visible mark for spaces (dates are character level)."""
    return ["␣" if t == " " else t for t in tokens]


def unique_labels(tokens: list[str]) -> list[str]:
    """Labels for clickable token choices: a repeated token gets its position ("the·9")."""
    labels = shown(tokens)
    return [f"{w}·{i + 1}" if labels.count(w) > 1 else w for i, w in enumerate(labels)]


def _ticks(tokens: list[str]) -> dict:
    return {"tickmode": "array", "tickvals": list(range(len(tokens))), "ticktext": shown(tokens)}


def attention_heatmap(
    queries: list[str],
    keys: list[str],
    weights: np.ndarray,
    labels: Mapping[str, str],
    *,
    causal: bool = False,
    height: int | None = None,
) -> go.Figure:
    """Rows = the tokens that ask (queries), columns = the tokens read (keys); cell = weight.

    ``causal``: cells above the diagonal (the future, forbidden by the mask) are drawn grey.
    labels: title, x, y.
    """
    T, S = weights.shape
    z = np.round(weights.astype(float), 3)
    fig = go.Figure()
    if causal:
        future = np.triu(np.ones((T, S)), k=1)
        fig.add_trace(
            go.Heatmap(
                z=np.where(future > 0, 1.0, np.nan),
                x=list(range(S)),
                y=list(range(T)),
                colorscale=[[0, MASKED_COLOR], [1, MASKED_COLOR]],
                showscale=False,
                hoverinfo="skip",
            )
        )
        z = np.where(future > 0, np.nan, z)
    small = S * T <= 400
    filled = np.nan_to_num(z)
    text = np.where(filled >= 0.1, np.char.lstrip(np.char.mod("%.2f", filled), "0"), "")
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=list(range(S)),
            y=list(range(T)),
            zmin=0,
            zmax=1,
            colorscale=ATTENTION_SCALE,
            text=text if small else None,
            texttemplate="%{text}" if small else None,
            textfont={"size": FONT_SIZE - 4},
            customdata=np.array(
                [[[q, k] for k in shown(keys)] for q in shown(queries)], dtype=object
            ).reshape(T, S, 2)
            if T and S
            else None,
            hovertemplate="%{customdata[0]} → %{customdata[1]}: %{z:.3f}<extra></extra>",
            colorbar={"thickness": 12, "len": 0.8},
        )
    )
    style(fig, title=labels.get("title"), height=height or max(340, 140 + 26 * T))
    if "<br>" in (labels.get("title") or ""):
        fig.update_layout(margin={"t": 85})
    fig.update_xaxes(title=labels.get("x"), tickangle=-50, side="bottom", **_ticks(keys))
    fig.update_yaxes(title=labels.get("y"), autorange="reversed", **_ticks(queries))
    return fig


def head_view(
    queries: list[str],
    keys: list[str],
    weights: np.ndarray,
    labels: Mapping[str, str],
    *,
    threshold: float = 0.05,
) -> go.Figure:
    """BertViz-style: queries in a left column, keys in a right column, one line per weight above
    ``threshold``, darker and thicker for larger weights (five opacity buckets, five traces).

    labels: title, left, right.
    """
    T, S = weights.shape
    n = max(T, S, 1)
    fig = go.Figure()
    edges = [threshold, 0.2, 0.4, 0.6, 0.8, 1.01]
    for b in range(5):
        lo, hi = edges[b], edges[b + 1]
        xs, ys = [], []
        for i, j in zip(*np.nonzero((weights >= lo) & (weights < hi)), strict=True):
            xs += [0, 1, None]
            ys += [i, j, None]
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": COLORS["lstm"], "width": 1 + 2.5 * b},
                    opacity=0.2 + 0.18 * b,
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    for x, tokens, anchor in ((0, queries, "left"), (1, keys, "right")):
        fig.add_trace(
            go.Scatter(
                x=[x] * len(tokens),
                y=list(range(len(tokens))),
                mode="markers+text",
                text=shown(tokens),
                textposition=f"middle {anchor}",
                marker={"size": 7, "color": "#374151"},
                hoverinfo="skip",
                showlegend=False,
                cliponaxis=False,
            )
        )
    style(fig, title=labels.get("title"), height=max(260, 70 + 24 * n))
    fig.update_xaxes(
        range=[-0.9, 1.9],
        tickmode="array",
        tickvals=[0, 1],
        ticktext=[labels.get("left", ""), labels.get("right", "")],
        showgrid=False,
        zeroline=False,
        showline=False,
        side="top",
    )
    fig.update_yaxes(
        range=[n - 0.4, -0.8], showticklabels=False, showgrid=False, zeroline=False, showline=False
    )
    fig.update_layout(margin={"l": 10, "r": 10, "t": 80, "b": 10})
    return fig


def quality_by_length(
    rows: list[dict], names: Mapping[str, str], labels: Mapping[str, str]
) -> go.Figure:
    """Exact match (left) and BLEU (right) by source length, one line per model.

    labels: x, exact, bleu.
    """
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=(labels["exact"], labels["bleu"]), horizontal_spacing=0.12
    )
    for model in dict.fromkeys(r["model"] for r in rows):
        sel = [r for r in rows if r["model"] == model]
        x = [f"{r['lo']}–{r['hi']}" for r in sel]
        color = MODEL_COLORS.get(model, COLORS["baseline"])
        for col, key, scale in ((1, "exact", 100), (2, "bleu", 1)):
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=[round(scale * r[key], 1) for r in sel],
                    mode="lines+markers",
                    name=names.get(model, model),
                    line={"color": color, "width": 3, "dash": "dot" if model == "none" else None},
                    legendgroup=model,
                    showlegend=col == 1,
                    customdata=[r["n"] for r in sel],
                    hovertemplate="%{x}: %{y} (n=%{customdata})<extra></extra>",
                ),
                row=1,
                col=col,
            )
    style(fig, height=400)
    fig.update_xaxes(title={"text": labels["x"], "standoff": 4})
    fig.update_yaxes(range=[0, 105])
    # the legend below the axis titles (it overlapped them when placed at y = -0.3)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.3, "x": 0})
    fig.update_layout(margin={"b": 96})
    return fig


def shuffle_distances(rows: list[dict], labels: Mapping[str, str]) -> go.Figure:
    """Per shuffle of the words: how far the encoder's set of output vectors moved, with and
    without positional encoding (log scale: 'unchanged' is ~1e-6, float rounding).

    labels: with_positions, without_positions, x, y.
    """
    fig = go.Figure()
    for positions, name, color in (
        (True, labels["with_positions"], COLORS["highlight"]),
        (False, labels["without_positions"], COLORS["theory"]),
    ):
        sel = [r for r in rows if r["positions"] == positions and r["shuffle"] > 0]
        values = [max(r["set_distance"], 1e-9) for r in sel]
        fig.add_trace(
            go.Bar(
                x=[str(r["shuffle"]) for r in sel],
                y=values,
                name=name,
                marker_color=color,
                text=[f"{r['set_distance']:.1e}" for r in sel],
                textposition="outside",
                cliponaxis=False,
            )
        )
    style(fig, height=340)
    fig.update_yaxes(type="log", title=labels["y"], exponentformat="power")
    fig.update_xaxes(title=labels["x"])
    fig.update_layout(
        barmode="group",
        legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
        margin={"t": 70},
    )
    return fig


def speed(rows: list[dict], names: Mapping[str, str], labels: Mapping[str, str]) -> go.Figure:
    """Milliseconds vs sequence length (log-log): encoding one sentence and one training step.

    labels: encode, train, x, y.
    """
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=(labels["encode"], labels["train"]), horizontal_spacing=0.14
    )
    for model in dict.fromkeys(r["model"] for r in rows):
        sel = [r for r in rows if r["model"] == model]
        for col, key in ((1, "encode_ms"), (2, "train_ms")):
            fig.add_trace(
                go.Scatter(
                    x=[r["length"] for r in sel],
                    y=[round(r[key], 2) for r in sel],
                    mode="lines+markers",
                    name=names.get(model, model),
                    legendgroup=model,
                    showlegend=col == 1,
                    line={"color": MODEL_COLORS.get(model), "width": 3},
                    hovertemplate="T=%{x}: %{y} ms<extra></extra>",
                ),
                row=1,
                col=col,
            )
    style(fig, height=360)
    fig.update_xaxes(type="log", title=labels["x"], dtick=1)
    fig.update_yaxes(type="log", title=labels["y"], dtick=1)
    fig.update_layout(legend={"orientation": "h", "y": -0.3, "x": 0})
    return fig


def path_length(rows: list[dict], names: Mapping[str, str], labels: Mapping[str, str]) -> go.Figure:
    """Sequential steps between the first and the last token, vs sequence length.

    labels: title, x, y.
    """
    fig = go.Figure()
    for model in dict.fromkeys(r["model"] for r in rows):
        sel = [r for r in rows if r["model"] == model]
        fig.add_trace(
            go.Scatter(
                x=[r["length"] for r in sel],
                y=[r["path_length"] for r in sel],
                mode="lines+markers",
                name=names.get(model, model),
                line={"color": MODEL_COLORS.get(model), "width": 3},
            )
        )
    style(fig, title=labels["title"], height=400)
    fig.update_xaxes(title=labels["x"])
    fig.update_yaxes(title=labels["y"], rangemode="tozero")
    fig.update_layout(
        margin={"t": 85, "l": 60}, legend={"orientation": "h", "y": -0.3, "x": 0, "yanchor": "top"}
    )
    return fig


def mask_guesses(
    model: list[tuple[str, float]], unigram: list[tuple[str, float]], labels: Mapping[str, str]
) -> go.Figure:
    """The encoder's top guesses for the masked word beside the unigram baseline's.

    labels: title, model, unigram, x.
    """
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=(labels["model"], labels["unigram"]), horizontal_spacing=0.25
    )
    for col, pairs, color in ((1, model, COLORS["highlight"]), (2, unigram, COLORS["baseline"])):
        fig.add_trace(
            go.Bar(
                x=[round(p, 3) for _, p in pairs],
                y=[w for w, _ in pairs],
                orientation="h",
                marker_color=color,
                text=[f"{p:.0%}" for _, p in pairs],
                textposition="auto",
                showlegend=False,
            ),
            row=1,
            col=col,
        )
    style(fig, title=labels.get("title"), height=320)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 1], tickformat=".0%", title=labels["x"])
    return fig


def mask_attention(
    tokens: list[str], index: int, attention: np.ndarray, labels: Mapping[str, str]
) -> go.Figure:
    """What the masked position read: one row per layer (heads averaged), one column per word.

    attention: (L, H, S, S). labels: title, layer (with a {n} placeholder).
    """
    rows = attention[:, :, index, :].mean(axis=1)  # (L, S)
    names = [labels["layer"].format(n=k + 1) for k in range(rows.shape[0])]
    fig = attention_heatmap(
        names, tokens, rows, {"title": labels.get("title")}, height=180 + 50 * len(names)
    )
    fig.add_shape(
        type="rect",
        x0=index - 0.5,
        x1=index + 0.5,
        y0=-0.5,
        y1=len(names) - 0.5,
        line={"color": COLORS["highlight"], "width": 3},
    )
    return fig
