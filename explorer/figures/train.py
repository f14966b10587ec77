"""Figures of the "Train live" page: loss curves with baselines, gradient norms, the task's own
view (forecast, adding, copy), a hidden-state heatmap, and HTML for coloured text and tags.

Pure functions: data in, plotly Figure (or an HTML string) out. Axis and legend words come in a
``words`` dict so the page can pass them in the chosen language.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from explorer.figures.base import COLORS, HEATMAP_SCALE, style

MAX_POINTS = 300  # per curve: the chart stays light however long the run
RUN_COLORS = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
]
CELL_COLORS = {
    "rnn_tanh": COLORS["rnn"],
    "rnn_relu": "#ff7f0e",
    "lstm": COLORS["lstm"],
    "gru": COLORS["gru"],
    "mlp": "#8c564b",
}
WORDS = (
    "train val step loss before after clip norm history truth last_value ar model split time "
    "value perfect mean shown recalled position unit legend"
).split()  # the page passes each as tr("train.w_<word>")
TAG_COLORS = {"O": "#e5e7eb", "PER": "#fde68a", "LOC": "#bfdbfe"}


def bin_mean(x, y, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Average consecutive points into at most ``max_points`` bins (x: each bin's last x)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) <= max_points:
        return x, y
    edges = np.linspace(0, len(x), max_points + 1).astype(int)
    sums = np.add.reduceat(y, edges[:-1])
    counts = np.diff(edges)
    return x[edges[1:] - 1], sums / counts


def loss_figure(
    curves: list[dict], baselines: dict[str, float], words: dict[str, str], log_y: bool = True
) -> go.Figure:
    """curves: [{label, color, steps, loss, val_steps, val_loss}]; baselines: label -> loss level."""
    fig = go.Figure()
    for c in curves:
        x, y = bin_mean(c["steps"], c["loss"])
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=f"{c['label']} · {words['train']}",
                line={"color": c["color"], "width": 1.5},
                opacity=0.45,
                legendgroup=c["label"],
            )
        )
        fig.add_trace(
            go.Scatter(
                x=c["val_steps"],
                y=c["val_loss"],
                mode="lines+markers",
                name=f"{c['label']} · {words['val']}",
                line={"color": c["color"], "width": 3},
                marker={"size": 5},
                legendgroup=c["label"],
            )
        )
    dashes = ["dash", "dot", "dashdot"]
    for i, (label, level) in enumerate(baselines.items()):
        fig.add_hline(
            y=level,
            line={"color": COLORS["baseline"], "dash": dashes[i % 3], "width": 2},
            annotation_text=f"{label} = {level:.3g}",
            annotation_position="top right",
            annotation_font={"color": "#374151"},
        )
    style(fig, height=400)
    fig.update_xaxes(title=words["step"], rangemode="tozero")
    fig.update_yaxes(title=words["loss"], type="log" if log_y else "linear")
    return fig


def grad_figure(steps, before, after, clip: float, words: dict[str, str]) -> go.Figure:
    fig = go.Figure()
    x, b = bin_mean(steps, before)
    _, a = bin_mean(steps, after)
    fig.add_trace(
        go.Scatter(
            x=x,
            y=b,
            mode="lines",
            name=words["before"],
            line={"color": COLORS["highlight"], "width": 2},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=a,
            mode="lines",
            name=words["after"],
            line={"color": COLORS["lstm"], "width": 2, "dash": "dot"},
        )
    )
    if clip > 0:
        fig.add_hline(
            y=clip,
            line={"color": COLORS["baseline"], "dash": "dash"},
            annotation_text=f"{words['clip']} = {clip:g}",
        )
    style(fig, height=300)
    fig.update_xaxes(title=words["step"])
    fig.update_yaxes(title=words["norm"], type="log")
    return fig


def forecast_figure(view: dict, words: dict[str, str]) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=view["t_history"],
            y=view["history"],
            mode="lines",
            name=words["history"],
            line={"color": "#9ca3af", "width": 2},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=view["t"],
            y=view["truth"],
            mode="lines",
            name=words["truth"],
            line={"color": "#111827", "width": 3},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=view["t"],
            y=view["last_value"],
            mode="lines",
            name=words["last_value"],
            line={"color": COLORS["baseline"], "dash": "dot", "width": 1.5},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=view["t"],
            y=view["ar"],
            mode="lines",
            name=f"{words['ar']}({view['ar_order']})",
            line={"color": COLORS["theory"], "dash": "dash", "width": 2},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=view["t"],
            y=view["model"],
            mode="lines",
            name=words["model"],
            line={"color": COLORS["highlight"], "width": 3},
        )
    )
    fig.add_vline(
        x=view["t"][0] - 0.5,
        line={"color": "#6b7280", "dash": "dash"},
        annotation_text=words["split"],
    )
    style(fig, height=360)
    fig.update_xaxes(title=words["time"])
    fig.update_yaxes(title=words["value"])
    return fig


def adding_figure(view: dict, words: dict[str, str]) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=view["truth"],
            y=view["model"],
            mode="markers",
            name=words["model"],
            marker={"color": COLORS["highlight"], "size": 7, "opacity": 0.7},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[0, 2],
            y=[0, 2],
            mode="lines",
            name=words["perfect"],
            line={"color": "#111827", "dash": "dash"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[0, 2],
            y=[1, 1],
            mode="lines",
            name=words["mean"],
            line={"color": COLORS["baseline"], "dash": "dot"},
        )
    )
    style(fig, height=360)
    fig.update_xaxes(title=words["truth"], range=[0, 2])
    fig.update_yaxes(title=words["model"], range=[-0.1, 2.1])
    return fig


def copy_figure(view: dict, words: dict[str, str]) -> go.Figure:
    """Each example: a row of shown symbols, and below it the recalled ones (green right, red wrong)."""
    n = view["symbols"]

    def symbol(i: int) -> str:
        return "ABCDEFGH"[i] if i < n else ("·" if i == n else ":")  # blank, delimiter

    z, text, rows = [], [], []
    for k, (shown, recalled) in enumerate(zip(view["shown"], view["recalled"], strict=True)):
        z.append([0.5] * len(shown))
        text.append([symbol(s) for s in shown])
        z.append([1.0 if r == s else 0.0 for r, s in zip(recalled, shown, strict=True)])
        text.append([symbol(r) for r in recalled])
        rows += [f"{words['shown']} {k + 1}", f"{words['recalled']} {k + 1}"]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 18},
            y=rows,
            x=list(range(1, len(z[0]) + 1)),
            colorscale=[[0, "#fca5a5"], [0.5, "#e5e7eb"], [1, "#86efac"]],
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=2,
            ygap=2,
            hoverinfo="skip",
        )
    )
    style(fig, height=330)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=words["position"], dtick=1)
    return fig


def hidden_heatmap(hidden: np.ndarray, labels: list[str], words: dict[str, str]) -> go.Figure:
    """hidden: (H, T) activations of the top layer on the probe input."""
    limit = float(np.abs(hidden).max()) or 1.0
    fig = go.Figure(
        go.Heatmap(
            z=np.round(hidden, 3),
            x=list(range(hidden.shape[1])),
            y=list(range(hidden.shape[0])),
            colorscale=HEATMAP_SCALE,
            zmid=0,
            zmin=-limit,
            zmax=limit,
            colorbar={"title": {"text": "h"}},
            customdata=[labels] * hidden.shape[0],
            hovertemplate=f"{words['step']} %{{x}} (%{{customdata}})<br>{words['unit']} %{{y}}: %{{z}}<extra></extra>",
        )
    )
    style(fig, height=330)
    ticks = list(range(0, len(labels), max(1, len(labels) // 30)))
    fig.update_xaxes(
        title=words["step"], tickvals=ticks, ticktext=[labels[i] or str(i) for i in ticks]
    )
    fig.update_yaxes(title=words["unit"])
    return fig


def _diverging(value: float, limit: float) -> str:
    """White at 0, red for positive, blue for negative (the heatmap's colours)."""
    a = max(-1.0, min(1.0, value / limit)) if limit else 0.0
    if a >= 0:
        return f"rgba(214, 39, 40, {a * 0.85:.2f})"
    return f"rgba(31, 119, 180, {-a * 0.85:.2f})"


def colored_text_html(chars: list[str], values: list[float]) -> str:
    """Each character on a background coloured by one hidden unit's activation (karpathy 2015)."""
    limit = max((abs(v) for v in values), default=1.0) or 1.0
    spans = []
    for ch, v in zip(chars, values, strict=True):
        shown = "⏎<br>" if ch == "\n" else html.escape(ch).replace(" ", "&nbsp;")
        spans.append(
            f'<span title="{v:+.2f}" style="background:{_diverging(v, limit)}">{shown}</span>'
        )
    return (
        '<div style="font-family: monospace; font-size: 1.15rem; line-height: 1.9; word-break: break-all;">'
        + "".join(spans)
        + "</div>"
    )


def tagging_html(sentences: list[dict], words: dict[str, str]) -> str:
    """Each word with its predicted tag; a wrong tag is struck through with the right one beside it."""
    lines = []
    for s in sentences:
        cells = []
        for word, truth, guess, conf in zip(
            s["words"], s["truth"], s["predicted"], s["confidence"], strict=True
        ):
            ok = truth == guess
            tag = guess if ok else f"<s>{guess}</s> → {truth}"
            border = "2px solid #16a34a" if ok else "3px solid #dc2626"
            cells.append(
                f'<span style="display:inline-block;margin:3px;padding:3px 8px;border-radius:6px;'
                f'background:{TAG_COLORS[guess]};border:{border}">{html.escape(word)}'
                f"<br><small>{tag} {conf:.0%}</small></span>"
            )
        lines.append(f'<div style="margin-bottom:8px;font-size:1.1rem">{"".join(cells)}</div>')
    legend = " ".join(
        f'<span style="background:{c};padding:2px 8px;border-radius:6px">{t}</span>'
        for t, c in TAG_COLORS.items()
    )
    return f'<div>{"".join(lines)}<div style="font-size:0.95rem">{words["legend"]}: {legend}</div></div>'


def task_figure(kind: str, view: dict, words: dict[str, str]) -> go.Figure:
    """The task's own view for forecasting, the adding problem and copy memory."""
    return {"forecast": forecast_figure, "adding": adding_figure, "copy": copy_figure}[kind](
        view, words
    )


def task_data(kind: str, view: dict):
    """What the task view's download holds: a table for forecasting, the view itself otherwise."""
    if kind == "forecast":
        return pd.DataFrame({key: view[key] for key in ("t", "truth", "model", "last_value", "ar")})
    return view


def hidden_table(hidden: np.ndarray, labels: list[str]) -> pd.DataFrame:
    """The heatmap's numbers: one row per time step (with its input label), one column per unit."""
    frame = pd.DataFrame(np.round(hidden.T, 4), columns=[f"h{i}" for i in range(hidden.shape[0])])
    frame.insert(0, "input", labels)
    return frame
