"""Figures of the "Train live" page: loss curves with baselines, gradient norms, the task's own
view (forecast, adding, copy), a hidden-state heatmap, and HTML for coloured text and tags.

Pure functions: data in, plotly Figure (or an HTML string) out. Axis and legend text comes in one
``labels`` mapping, built by the page with ``ui.labels`` in the chosen language (keys: train, val,
step, loss, before, after, clip, norm, history, truth, last_value, ar, model, split, time, value,
perfect, mean, shown, recalled, position, unit, legend; each figure reads the ones it draws).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import cache

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


@cache
def _styled_layout(height: int) -> tuple[dict, go.layout.Template]:
    layout = style(go.Figure(), height=height).layout
    plain = layout.to_plotly_json()
    plain.pop("template", None)
    return plain, layout.template


def _figure(traces: list, height: int, **layout) -> go.Figure:
    """A figure with the project's ``style``. ``style`` applies the template by name, which costs
    ~50 ms per call: too slow for charts redrawn twice a second. So it runs once per height and
    each figure gets a copy of its layout plus the already-validated template object."""
    base, template = _styled_layout(height)
    merged = dict(base)
    for key, value in layout.items():
        old = merged.get(key)
        merged[key] = (
            {**old, **value} if isinstance(old, dict) and isinstance(value, dict) else value
        )
    fig = go.Figure(traces, layout=merged)
    fig.layout.template = template
    return fig


def _axis(title: str, **extra) -> dict:
    return {"title": {"text": title}, **extra}


BOTTOM_LEGEND = {"orientation": "h", "y": -0.3, "yanchor": "top", "x": 0}
BOTTOM_MARGIN = {"b": 150}  # room for the axis title and the legend below it


def _legend_below(traces: list, height: int, xaxis: dict, yaxis: dict, **layout) -> go.Figure:
    """``_figure`` with the legend in one row below the x axis."""
    return _figure(
        traces,
        height,
        legend=BOTTOM_LEGEND,
        margin=BOTTOM_MARGIN,
        xaxis=xaxis,
        yaxis=yaxis,
        **layout,
    )


def _level(y: float, x_end: float, name: str, dash: str) -> go.Scatter:
    """A horizontal reference line as a legend entry (cheaper than ``add_hline``, and labelled)."""
    return go.Scatter(
        x=[0, x_end],
        y=[y, y],
        mode="lines",
        name=name,
        hoverinfo="name",
        line={"color": "#4b5563", "dash": dash, "width": 2},
    )


def loss_figure(
    curves: list[dict], baselines: dict[str, float], labels: Mapping[str, str], log_y: bool = True
) -> go.Figure:
    """curves: [{label, color, steps, loss, val_steps, val_loss}]; baselines: label -> loss level."""
    traces = []
    x_end = max([c["steps"][-1] for c in curves if c["steps"]] + [1])
    for c in curves:
        x, y = bin_mean(c["steps"], c["loss"])
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=f"{c['label']} · {labels['train']}",
                line={"color": c["color"], "width": 1.5},
                opacity=0.45,
                legendgroup=c["label"],
            )
        )
        traces.append(
            go.Scatter(
                x=np.asarray(c["val_steps"]),
                y=np.asarray(c["val_loss"]),
                mode="lines+markers",
                name=f"{c['label']} · {labels['val']}",
                line={"color": c["color"], "width": 3},
                marker={"size": 5},
                legendgroup=c["label"],
            )
        )
    for i, (label, level) in enumerate(baselines.items()):
        traces.append(
            _level(level, x_end, f"{label} = {level:.3g}", ["dash", "dot", "dashdot"][i % 3])
        )
    return _legend_below(
        traces,
        440,
        _axis(labels["step"], rangemode="tozero"),
        _axis(labels["loss"], type="log" if log_y else "linear"),
    )


def grad_figure(steps, before, after, clip: float, labels: Mapping[str, str]) -> go.Figure:
    x, b = bin_mean(steps, before)
    _, a = bin_mean(steps, after)
    traces = [
        go.Scatter(
            x=x,
            y=b,
            mode="lines",
            name=labels["before"],
            line={"color": COLORS["highlight"], "width": 2},
        ),
        go.Scatter(
            x=x,
            y=a,
            mode="lines",
            name=labels["after"],
            line={"color": COLORS["lstm"], "width": 2, "dash": "dot"},
        ),
    ]
    if clip > 0:
        traces.append(
            _level(clip, max(x[-1] if len(x) else 1, 1), f"{labels['clip']} = {clip:g}", "dash")
        )
    return _legend_below(
        traces,
        440,
        _axis(labels["step"]),
        _axis(labels["norm"], type="log"),
    )


def forecast_figure(view: dict, labels: Mapping[str, str]) -> go.Figure:
    t = view["t"]
    lines = [  # (x, series, legend name, line style)
        (view["t_history"], "history", labels["history"], {"color": "#9ca3af", "width": 2}),
        (t, "truth", labels["truth"], {"color": "#111827", "width": 3}),
        (
            t,
            "last_value",
            labels["last_value"],
            {"color": COLORS["baseline"], "dash": "dot", "width": 1.5},
        ),
        (
            t,
            "ar",
            f"{labels['ar']}({view['ar_order']})",
            {"color": COLORS["theory"], "dash": "dash", "width": 2},
        ),
        (t, "model", labels["model"], {"color": COLORS["highlight"], "width": 3}),
    ]
    traces = [
        go.Scatter(x=x, y=view[key], mode="lines", name=name, line=line)
        for x, key, name, line in lines
    ]
    split = t[0] - 0.5
    return _legend_below(
        traces,
        400,
        _axis(labels["time"]),
        _axis(labels["value"]),
        shapes=[
            {
                "type": "line",
                "x0": split,
                "x1": split,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": "#6b7280", "dash": "dash"},
            }
        ],
        annotations=[
            {
                "x": split,
                "y": 1,
                "yref": "paper",
                "text": labels["split"],
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
            }
        ],
    )


def adding_figure(view: dict, labels: Mapping[str, str]) -> go.Figure:
    traces = [
        go.Scatter(
            x=view["truth"],
            y=view["model"],
            mode="markers",
            name=labels["model"],
            marker={"color": COLORS["highlight"], "size": 7, "opacity": 0.7},
        ),
        go.Scatter(
            x=[0, 2],
            y=[0, 2],
            mode="lines",
            name=labels["perfect"],
            line={"color": "#111827", "dash": "dash"},
        ),
        go.Scatter(
            x=[0, 2],
            y=[1, 1],
            mode="lines",
            name=labels["mean"],
            line={"color": COLORS["baseline"], "dash": "dot"},
        ),
    ]
    return _legend_below(
        traces,
        400,
        _axis(labels["truth"], range=[0, 2]),
        _axis(labels["model"], range=[-0.1, 2.1]),
    )


def copy_figure(view: dict, labels: Mapping[str, str]) -> go.Figure:
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
        rows += [f"{labels['shown']} {k + 1}", f"{labels['recalled']} {k + 1}"]
    heatmap = go.Heatmap(
        z=z,
        text=text,
        texttemplate="%{text}",
        textfont={"size": 20},
        y=rows,
        x=list(range(1, len(z[0]) + 1)),
        colorscale=[[0, "#fca5a5"], [0.5, "#e5e7eb"], [1, "#86efac"]],
        zmin=0,
        zmax=1,
        showscale=False,
        xgap=3,
        ygap=3,
        hoverinfo="skip",
    )
    return _figure(
        [heatmap], 400, xaxis=_axis(labels["position"], dtick=1), yaxis={"autorange": "reversed"}
    )


def hidden_heatmap(
    hidden: np.ndarray, step_names: list[str], labels: Mapping[str, str]
) -> go.Figure:
    """hidden: (H, T) activations of the top layer on the probe input."""
    limit = float(np.abs(hidden).max()) or 1.0
    heatmap = go.Heatmap(
        z=np.round(hidden, 3),
        colorscale=HEATMAP_SCALE,
        zmid=0,
        zmin=-limit,
        zmax=limit,
        colorbar={"title": {"text": "h"}, "thickness": 14},
        hovertemplate=f"{labels['time']} %{{x}}<br>{labels['unit']} %{{y}}: %{{z}}<extra></extra>",
    )
    special = [
        i for i, label in enumerate(step_names) if label != str(i)
    ]  # ★ marks, characters, words
    if len(special) > 24:  # text: every k-th character, readable on a projector
        special = special[:: -(-len(special) // 24)]
    every = range(0, len(step_names), 10) if len(special) < 5 else []
    every = [
        i for i in every if all(abs(i - j) > len(step_names) // 15 for j in special)
    ]  # no overlap
    ticks = sorted(set(special) | set(every))
    wordy = any(len(step_names[i]) > 3 for i in ticks)
    text = [step_names[i] for i in ticks]
    xaxis = _axis(labels["time"], tickvals=ticks, ticktext=text, tickangle=-40 if wordy else 0)
    return _figure([heatmap], 440, xaxis=xaxis, yaxis=_axis(labels["unit"]))


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


def tagging_html(sentences: list[dict], labels: Mapping[str, str]) -> str:
    """Each word with its predicted tag; a wrong tag is struck through with the right one beside it."""
    lines = []
    for s in sentences:
        cells = []
        for word, truth, guess, conf in zip(
            s["words"], s["truth"], s["predicted"], s["confidence"], strict=True
        ):
            ok = truth == guess
            tag = guess if ok else f"{guess} ✗ → {truth}"
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
    return f'<div>{"".join(lines)}<div style="font-size:0.95rem">{labels["legend"]}: {legend}</div></div>'


def task_figure(kind: str, view: dict, labels: Mapping[str, str]) -> go.Figure:
    """The task's own view for forecasting, the adding problem and copy memory."""
    return {"forecast": forecast_figure, "adding": adding_figure, "copy": copy_figure}[kind](
        view, labels
    )


def task_data(kind: str, view: dict):
    """What the task view's download holds: a table for forecasting, the view itself otherwise."""
    if kind == "forecast":
        return pd.DataFrame({key: view[key] for key in ("t", "truth", "model", "last_value", "ar")})
    return view


def hidden_table(hidden: np.ndarray, step_names: list[str]) -> pd.DataFrame:
    """The heatmap's numbers: one row per time step (with its input label), one column per unit."""
    frame = pd.DataFrame(np.round(hidden.T, 4), columns=[f"h{i}" for i in range(hidden.shape[0])])
    frame.insert(0, "input", step_names)
    return frame
