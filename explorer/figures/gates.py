"""Figures of the Gates page: gate heatmaps, the cell-state belt, predictions, gradient flow, the
ablation bars and a colah-style diagram of one LSTM/GRU step coloured by its gate values.

Pure functions: numbers in, ``plotly.graph_objects.Figure`` out; every visible word comes in as an
argument (``labels``) so the page can pass either language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from explorer.figures.base import COLORS, HEATMAP_SCALE, style

GATE_SCALE = "Blues"  # sigmoid gates: 0 (closed) white -> 1 (open) dark blue
CANDIDATES = ("cell", "new")
LEARNED_COLOR = COLORS["lstm"]
CLAMPED_COLOR = COLORS["highlight"]


def _range(name: str) -> tuple[float, float]:
    return (-1.0, 1.0) if name in CANDIDATES else (0.0, 1.0)


def _suffix(index: int) -> str:
    return "" if index == 1 else str(index)


def _grid(
    rows: int, cols: int, titles: list[str], hgap: float = 0.03, vgap: float = 0.07
) -> tuple[dict, list]:
    """Layout of a rows x cols grid with shared axes, built as plain dicts (``make_subplots`` and
    ``add_vrect`` per cell cost ~10x more, and this page re-draws on every toggle)."""
    layout: dict = {}
    width, height = (1 - hgap * (cols - 1)) / cols, (1 - vgap * (rows - 1)) / rows
    notes = []
    for r in range(rows):
        for c in range(cols):
            i = r * cols + c + 1
            x0, y1 = c * (width + hgap), 1 - r * (height + vgap)
            x_domain = [max(0.0, round(x0, 6)), min(1.0, round(x0 + width, 6))]
            y_domain = [max(0.0, round(y1 - height, 6)), min(1.0, round(y1, 6))]
            x_axis = {
                "domain": x_domain,
                "anchor": f"y{_suffix(i)}",
                "showticklabels": r == rows - 1,
            }
            y_axis = {"domain": y_domain, "anchor": f"x{_suffix(i)}", "showticklabels": c == 0}
            if i > 1:
                x_axis["matches"], y_axis["matches"] = "x", "y"
            layout[f"xaxis{_suffix(i)}"], layout[f"yaxis{_suffix(i)}"] = x_axis, y_axis
            notes.append(
                {
                    "text": titles[i - 1],
                    "x": x0 + width / 2,
                    "y": y1,
                    "xref": "paper",
                    "yref": "paper",
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": 15},
                }
            )
    return layout, notes


def _bands(steps: tuple[int, int] | None, axes: list[int], outline: bool = False) -> list[dict]:
    """Mark the steps where clamps act in the subplots ``axes`` (1-based): a light orange band on
    line charts, an orange frame on heatmaps (a fill would tint the very values it marks)."""
    if steps is None or steps[0] > steps[1]:
        return []
    look = (
        {"line": {"color": CLAMPED_COLOR, "width": 3}}
        if outline
        else {"fillcolor": CLAMPED_COLOR, "opacity": 0.15, "line": {"width": 0}}
    )
    return [
        {
            "type": "rect",
            "xref": f"x{_suffix(i)}",
            "yref": f"y{_suffix(i)} domain",
            "x0": steps[0] - 0.5,
            "x1": steps[1] + 0.5,
            "y0": 0,
            "y1": 1,
            **look,
        }
        for i in axes
    ]


def _clip(steps: tuple[int, int] | None, length: int) -> tuple[int, int] | None:
    """The clamped steps that exist in a sequence of ``length`` steps (the slider goes further)."""
    return None if steps is None else (steps[0], min(steps[1], length - 1))


def _ticks(tokens: list[str]) -> dict:
    if len(tokens) > 40:
        return {}
    return {
        "tickmode": "array",
        "tickvals": list(range(len(tokens))),
        "ticktext": tokens,
        "tickangle": 0,
        "tickfont": {"size": 12},
    }


def _heatmap(values: np.ndarray, index: int, coloraxis: str, name: str) -> dict:
    return {
        "type": "heatmap",
        "z": np.round(values, 3),
        "coloraxis": coloraxis,
        "xaxis": f"x{_suffix(index)}",
        "yaxis": f"y{_suffix(index)}",
        "hovertemplate": "t=%{x}, unit %{y}: %{z:.2f}<extra>" + name + "</extra>",
    }


def gate_heatmaps(
    tokens: list[str],
    learned: dict[str, np.ndarray],
    clamped: dict[str, np.ndarray],
    titles: dict[str, str],
    column_titles: tuple[str, str],
    steps: tuple[int, int] | None = None,
    x_title: str = "",
    y_title: str = "",
    framed: set[str] | None = None,
) -> go.Figure:
    """One row per gate (units x time), learned run on the left, the clamped run on the right.
    The clamped steps of the ``framed`` gates (default: all) get an orange frame.

    Sigmoid gates share a 0..1 white-blue scale; candidates (tanh) a -1..1 diverging scale.
    """
    steps = _clip(steps, len(tokens))
    frames = [2 * r + 2 for r, name in enumerate(learned) if framed is None or name in framed]
    names = list(learned)
    layout, notes = _grid(
        len(names), 2, [f"{titles[n]} — {c}" for n in names for c in column_titles]
    )
    data = []
    for row, name in enumerate(names):
        axis = "coloraxis2" if name in CANDIDATES else "coloraxis"
        data.append(_heatmap(learned[name], 2 * row + 1, axis, titles[name]))
        data.append(_heatmap(clamped[name], 2 * row + 2, axis, titles[name]))
    last = 2 * len(names) - 1
    for i in (last, last + 1):
        layout[f"xaxis{_suffix(i)}"].update(_ticks(tokens), title={"text": x_title})
    layout["yaxis"]["title"] = {"text": y_title}
    fig = go.Figure(
        data=data,
        layout={
            **layout,
            "annotations": notes,
            "shapes": _bands(steps, frames, outline=True),
            "coloraxis": {
                "colorscale": GATE_SCALE,
                "cmin": 0,
                "cmax": 1,
                "colorbar": {"title": {"text": "σ"}, "len": 0.45, "y": 0.78, "thickness": 14},
            },
            "coloraxis2": {
                "colorscale": HEATMAP_SCALE,
                "cmin": -1,
                "cmax": 1,
                "colorbar": {"title": {"text": "tanh"}, "len": 0.45, "y": 0.22, "thickness": 14},
            },
        },
    )
    return style(fig, height=130 + 170 * len(names))


def state_heatmaps(
    tokens: list[str],
    learned: dict[str, np.ndarray],
    clamped: dict[str, np.ndarray],
    titles: dict[str, str],
    column_titles: tuple[str, str],
    steps: tuple[int, int] | None = None,
) -> go.Figure:
    """c_t (LSTM) and h_t as units x time heatmaps, learned beside clamped. h_t lies in [-1, 1];
    c_t is unbounded, so it gets its own symmetric scale."""
    steps = _clip(steps, len(tokens))
    names = list(learned)
    layout, notes = _grid(
        len(names), 2, [f"{titles[n]} — {c}" for n in names for c in column_titles], vgap=0.12
    )
    data, axes = [], {}
    for row, name in enumerate(names):
        axis = "coloraxis" if row == 0 else "coloraxis2"
        scale = (
            1.0
            if name == "h"
            else max(1.0, float(np.abs(learned[name]).max()), float(np.abs(clamped[name]).max()))
        )
        bar = {
            "title": {"text": titles[name]},
            "thickness": 14,
            "len": 0.9 / len(names),
            "y": 1 - (row + 0.5) / len(names),
        }
        axes[axis] = {"colorscale": HEATMAP_SCALE, "cmin": -scale, "cmax": scale, "colorbar": bar}
        data.append(_heatmap(learned[name], 2 * row + 1, axis, titles[name]))
        data.append(_heatmap(clamped[name], 2 * row + 2, axis, titles[name]))
    last = 2 * len(names) - 1
    for i in (last, last + 1):
        layout[f"xaxis{_suffix(i)}"].update(_ticks(tokens))
    shapes = _bands(steps, list(range(2, 2 * len(names) + 1, 2)), outline=True)
    fig = go.Figure(data=data, layout={**layout, **axes, "annotations": notes, "shapes": shapes})
    return style(fig, height=110 + 200 * len(names))


def belt_figure(
    tokens: list[str],
    learned: dict[str, np.ndarray],
    clamped: dict[str, np.ndarray],
    unit: int,
    titles: dict[str, str],
    run_names: tuple[str, str],
    steps: tuple[int, int] | None = None,
) -> go.Figure:
    """The conveyor belt of one unit: c_t (LSTM) and h_t over time, learned (solid) vs clamped (dashed)."""
    steps = _clip(steps, len(tokens))
    names = list(learned)
    layout, notes = _grid(len(names), 1, [titles[n] for n in names], vgap=0.14)
    for r in range(2, len(names) + 1):
        del layout[f"yaxis{r}"]["matches"]  # c and h have their own scales
    x = list(range(len(tokens)))
    data = []
    for row, name in enumerate(names, start=1):
        for values, run_name, color, dash in (
            (learned[name], run_names[0], LEARNED_COLOR, "solid"),
            (clamped[name], run_names[1], CLAMPED_COLOR, "dash"),
        ):
            data.append(
                {
                    "type": "scatter",
                    "x": x,
                    "y": np.round(values[unit], 4),
                    "mode": "lines+markers",
                    "name": run_name,
                    "line": {"color": color, "dash": dash, "width": 3},
                    "showlegend": row == 1,
                    "customdata": tokens,
                    "xaxis": f"x{_suffix(row)}",
                    "yaxis": f"y{_suffix(row)}",
                    "hovertemplate": "t=%{x} (%{customdata}): %{y:.3f}",
                }
            )
    layout[f"xaxis{_suffix(len(names))}"].update(_ticks(tokens))
    for r in range(1, len(names) + 1):
        layout[f"yaxis{_suffix(r)}"].update(zeroline=True, zerolinecolor="#999")
    fig = go.Figure(
        data=data,
        layout={
            **layout,
            "annotations": notes,
            "shapes": _bands(steps, list(range(1, len(names) + 1))),
        },
    )
    return style(fig, height=130 + 190 * len(names))


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
        fig.update_layout(xaxis=_ticks(tokens), yaxis={"title": {"text": y_title}, "dtick": 1})
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
    steps = _clip(steps, len(tokens))
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
        xaxis=_ticks(tokens),
        shapes=_bands(steps, [1]),
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
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=accuracy,
            orientation="h",
            marker_color=colors,
            text=[f"{a:.0%}" for a in accuracy],
            textposition="outside",
        )
    )
    fig.add_vline(
        x=chance,
        line={"color": COLORS["baseline"], "dash": "dash", "width": 2},
        annotation_text=chance_name,
        annotation_position="top",
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 1.12], tickformat=".0%", title_text=x_title)
    return style(fig, height=70 + 34 * len(labels))


# ---- the cell diagram ---------------------------------------------------------------------------


def _box_color(name: str, value: float) -> str:
    if name in CANDIDATES:
        return sample_colorscale(HEATMAP_SCALE, [(value + 1) / 2])[0]
    return sample_colorscale(GATE_SCALE, [min(max(value, 0.0), 1.0)])[0]


def _text_color(name: str, value: float) -> str:
    dark = abs(value) > 0.6 if name in CANDIDATES else value > 0.55
    return "white" if dark else "#111"


class _Canvas:
    def __init__(self):
        self.shapes: list[dict] = []
        self.notes: list[dict] = []

    def line(
        self, points: list[tuple[float, float]], color: str = "#333", width: float = 3
    ) -> None:
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            self.shapes.append(
                {
                    "type": "line",
                    "x0": x0,
                    "y0": y0,
                    "x1": x1,
                    "y1": y1,
                    "line": {"color": color, "width": width},
                    "layer": "below",
                }
            )

    def arrow(
        self, start: tuple[float, float], end: tuple[float, float], color: str = "#333"
    ) -> None:
        self.notes.append(
            {
                "x": end[0],
                "y": end[1],
                "ax": start[0],
                "ay": start[1],
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 1.3,
                "arrowwidth": 2.5,
                "arrowcolor": color,
                "text": "",
            }
        )

    def op(self, x: float, y: float, symbol: str) -> None:
        r = 0.28
        self.shapes.append(
            {
                "type": "circle",
                "x0": x - r,
                "y0": y - r,
                "x1": x + r,
                "y1": y + r,
                "fillcolor": "#fde9d9",
                "line": {"color": "#b45309", "width": 2},
            }
        )
        self.text(x, y, symbol, size=20, color="#7c2d12")

    def box(
        self, x: float, y: float, title: str, value: float, name: str, clamped: bool, note: str = ""
    ) -> None:
        w, h = 0.62, 0.5
        self.shapes.append(
            {
                "type": "rect",
                "x0": x - w,
                "y0": y - h,
                "x1": x + w,
                "y1": y + h,
                "fillcolor": _box_color(name, value),
                "line": {
                    "color": CLAMPED_COLOR if clamped else "#1f2937",
                    "width": 5 if clamped else 2,
                },
            }
        )
        self.text(x, y + 0.17, title, size=17, color=_text_color(name, value))
        self.text(x, y - 0.2, f"{value:.2f}", size=16, color=_text_color(name, value))
        if clamped and note:
            self.text(
                x - w,
                y + h + 0.17,
                f"<b>{note}</b>",
                size=13,
                color=CLAMPED_COLOR,
                xanchor="left",
                bgcolor="white",
            )

    def text(
        self, x: float, y: float, text: str, size: int = 16, color: str = "#111", **extra
    ) -> None:
        self.notes.append(
            {
                "x": x,
                "y": y,
                "text": text,
                "showarrow": False,
                "font": {"size": size, "color": color},
                "xref": "x",
                "yref": "y",
                **extra,
            }
        )

    def figure(
        self, title: str | None, x_range: tuple[float, float], y_range: tuple[float, float]
    ) -> go.Figure:
        fig = go.Figure()
        fig.update_layout(shapes=self.shapes, annotations=self.notes)
        fig.update_xaxes(range=x_range, visible=False, fixedrange=True)
        fig.update_yaxes(
            range=y_range, visible=False, fixedrange=True, scaleanchor="x", scaleratio=1
        )
        style(fig, title=title, height=520)
        fig.update_layout(margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10})
        return fig


def cell_diagram(
    cell: str, v: dict, clamped: set[str], labels: dict[str, str], title: str | None = None
) -> go.Figure:
    """One step of an LSTM or GRU unit drawn colah-style; gate boxes are coloured by their value.

    ``v`` is ``explorer.gates.step_values``: gate values, the states before and after, the token.
    ``labels`` names the gates and states ("forget", "input", "cell", "output", "reset", "update",
    "new", "belt").
    """
    g = v["gates"]
    k = _Canvas()
    if cell == "lstm":
        belt, bottom = 5.0, 1.0
        # the cell-state belt along the top: c_{t-1} -> x f -> + i*g -> c_t
        k.line([(0.6, belt), (10.4, belt)], color="#b45309", width=6)
        k.text(0.35, belt + 0.55, f"c<sub>t−1</sub> = {v['c_prev']:.2f}", size=16)
        k.text(10.4, belt + 0.55, f"c<sub>t</sub> = {v['c']:.2f}", size=16, xanchor="right")
        k.text(5.5, belt + 0.55, labels["belt"], size=14, color="#b45309")
        # h_{t-1} and x_t merge at the bottom and feed every gate
        k.line([(0.6, bottom), (7.6, bottom)])
        k.text(0.35, bottom - 0.45, f"h<sub>t−1</sub> = {v['h_prev']:.2f}", size=16)
        k.line([(1.3, -0.3), (1.3, bottom)])
        k.text(1.3, -0.55, f"x<sub>t</sub> = “{v['token']}”", size=16)
        gates = {
            "forget": (2.3, r"σ  f"),
            "input": (3.8, r"σ  i"),
            "cell": (5.3, "tanh  c̃"),
            "output": (7.1, r"σ  o"),
        }
        for x, _ in gates.values():
            k.line([(x, bottom), (x, 2.4)])
        k.op(2.3, belt, "×")
        k.line([(2.3, 2.9), (2.3, belt - 0.28)])
        k.op(4.55, 3.75, "×")
        k.line([(3.8, 2.9), (3.8, 3.75), (4.27, 3.75)])
        k.line([(5.3, 2.9), (5.3, 3.75), (4.83, 3.75)])
        k.op(4.55, belt, "+")
        k.line([(4.55, 4.03), (4.55, belt - 0.28)])
        # output: tanh(c_t) times o_t -> h_t
        k.line([(8.6, belt), (8.6, 4.2)])
        k.shapes.append(
            {
                "type": "rect",
                "x0": 8.1,
                "y0": 3.65,
                "x1": 9.1,
                "y1": 4.2,
                "fillcolor": "#fff7ed",
                "line": {"color": "#b45309", "width": 2},
            }
        )
        k.text(8.6, 3.93, "tanh", size=15)
        k.op(8.6, 2.9, "×")
        k.line([(8.6, 3.65), (8.6, 3.18)])
        k.line([(7.1, 2.9), (8.32, 2.9)])
        k.line([(8.88, 2.9), (9.6, 2.9), (9.6, bottom), (10.4, bottom)])
        k.text(10.4, bottom - 0.45, f"h<sub>t</sub> = {v['h']:.2f}", size=16, xanchor="right")
        for name, (x, title_text) in gates.items():
            k.box(x, 2.4, title_text, g[name], name, name in clamped, labels.get("clamped", ""))
            k.text(x, 1.55, labels[name], size=13, color="#374151", bgcolor="white")
        k.arrow((9.9, bottom), (10.6, bottom))
        k.arrow((9.9, belt), (10.6, belt))
        return k.figure(title, (-0.4, 11.0), (-1.0, 6.0))

    # GRU (PyTorch convention): the belt is h itself
    belt, bottom = 5.0, 1.0
    k.line([(0.6, belt), (10.4, belt)], color="#b45309", width=6)
    k.text(0.35, belt + 0.55, f"h<sub>t−1</sub> = {v['h_prev']:.2f}", size=16)
    k.text(10.4, belt + 0.55, f"h<sub>t</sub> = {v['h']:.2f}", size=16, xanchor="right")
    k.text(5.3, belt + 0.55, labels["belt"], size=14, color="#b45309")
    k.line([(1.0, belt), (1.0, bottom), (7.4, bottom)])  # h_{t-1} goes down to feed the gates
    k.line([(1.8, -0.3), (1.8, bottom)])
    k.text(1.8, -0.55, f"x<sub>t</sub> = “{v['token']}”", size=16)
    for x in (2.6, 4.4, 6.8):
        k.line([(x, bottom), (x, 2.4)])
    # z weights the OLD state: h_t = z * h_{t-1} + (1 - z) * n
    k.op(2.6, belt, "×")
    k.line([(2.6, 2.9), (2.6, belt - 0.28)])
    k.op(4.4, 3.8, "1−")
    k.line([(2.6, 3.8), (4.12, 3.8)])
    k.op(6.8, 3.8, "×")
    k.line([(4.68, 3.8), (6.52, 3.8)])
    k.line([(6.8, 2.9), (6.8, 3.52)])
    k.op(7.8, belt, "+")
    k.line([(7.08, 3.8), (7.8, 3.8), (7.8, belt - 0.28)])
    # the reset gate multiplies (W_hn h_{t-1} + b_hn) after the matrix product, inside n
    k.op(5.6, 2.4, "×")
    k.line([(5.6, bottom), (5.6, 2.12)])
    k.line([(5.0, 2.4), (5.32, 2.4)])
    k.line([(5.88, 2.4), (6.2, 2.4)])
    k.text(
        5.6, 3.1, "r ⊙ (W<sub>hn</sub>h<sub>t−1</sub> + b<sub>hn</sub>)", size=13, color="#374151"
    )
    gates = {"update": (2.6, "σ  z"), "reset": (4.4, "σ  r"), "new": (6.8, "tanh  n")}
    for name, (x, title_text) in gates.items():
        k.box(x, 2.4, title_text, g[name], name, name in clamped, labels.get("clamped", ""))
        k.text(x, 1.55, labels[name], size=13, color="#374151", bgcolor="white")
    k.arrow((9.9, belt), (10.6, belt))
    return k.figure(title, (-0.4, 11.0), (-1.0, 6.0))


# ---- the page's figures from run results (``text`` is the page's translator, e.g. ui.tr) ---------


def _runs(text) -> tuple[str, str]:
    return text("gates.learned_run"), text("gates.clamped_run")


def _states(result) -> dict[str, np.ndarray]:
    return {k: v for k, v in (("c", result.cell), ("h", result.hidden)) if v is not None}


def activations_figure(
    learned, clamped, text, steps=None, framed: set[str] | None = None
) -> go.Figure:
    titles = {name: text(f"gates.gate.{name}") for name in learned.gates}
    axes = text("gates.time"), text("gates.units")
    return gate_heatmaps(
        learned.tokens, learned.gates, clamped.gates, titles, _runs(text), steps, *axes, framed
    )


def states_figures(learned, clamped, unit: int, text, steps=None) -> tuple[go.Figure, go.Figure]:
    titles = {"c": "c_t", "h": "h_t"}
    before, after = _states(learned), _states(clamped)
    return (
        state_heatmaps(learned.tokens, before, after, titles, _runs(text), steps),
        belt_figure(learned.tokens, before, after, unit, titles, _runs(text), steps),
    )


def answer_figure(task: str, learned, clamped, text, classes: list[str]) -> go.Figure:
    axis = {"recall": "gates.probability", "count": "gates.count_axis", "adding": "gates.sum_axis"}[
        task
    ]
    return prediction_figure(
        task,
        learned.output,
        clamped.output,
        learned.target,
        learned.tokens,
        classes,
        _runs(text),
        text("gates.target"),
        text(axis),
    )


def flow_figure(tokens: list[str], learned: dict, clamped: dict, text, steps=None) -> go.Figure:
    names = {"h": text("gates.grad_h"), "c": text("gates.grad_c")}
    return gradient_figure(
        tokens, learned, clamped, _runs(text), names, text("gates.grad_axis"), steps
    )


def step_diagram(cell: str, values: dict, clamped: set[str], text) -> go.Figure:
    labels = {name: text(f"gates.short.{name}") for name in values["gates"]}
    labels["clamped"] = text("gates.clamped_tag")
    labels["belt"] = text("gates.belt_label" if cell == "lstm" else "gates.belt_label_gru")
    title = text("gates.diagram_title").format(
        t=values["t"], token=values["token"], unit=values["unit"]
    )
    return cell_diagram(cell, values, clamped, labels, title)


def ablation_labels(table, text) -> list[str]:
    """One label per row of ``explorer.gates.ablation_table``, in the page's language."""
    labels = []
    for gate, setting in zip(table["gate"], table["setting"], strict=True):
        if gate == "-":
            labels.append(text("gates.ablation.learned"))
            continue
        mode = "gates.ablation.coupled" if setting == "coupled" else f"gates.mode.{setting}"
        labels.append(f"{text(f'gates.gate.{gate}')} — {text(mode)}")
    return labels


def ablation_frame(table, text):
    """The ablation table as the page shows it: variant, accuracy, loss, accuracy drop."""
    return pd.DataFrame(
        {
            text("gates.ablation.setting"): ablation_labels(table, text),
            text("gates.ablation.accuracy"): (100 * table["accuracy"]).round(1),
            text("gates.ablation.loss"): table["loss"].round(4),
            text("gates.ablation.drop"): (100 * table["accuracy_drop"]).round(1),
        }
    )


def ablation_bars(table, chance: float, text) -> go.Figure:
    """``table`` is ``explorer.gates.ablation_table``; one bar per row, labelled in the page's language."""
    return ablation_figure(
        ablation_labels(table, text),
        table["accuracy"].tolist(),
        chance,
        text("gates.chance"),
        text("gates.ablation.accuracy"),
    )
