"""Figures of the Gates page: gate heatmaps, the cell-state belt, predictions, gradient flow, the
ablation bars and a colah-style diagram of one LSTM/GRU step coloured by its gate values.

Pure functions: numbers in, ``plotly.graph_objects.Figure`` out; every visible word comes in as an
argument (``labels``) so the page can pass either language.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from explorer.figures.base import COLORS, HEATMAP_SCALE, style

GATE_SCALE = "Blues"  # sigmoid gates: 0 (closed) white -> 1 (open) dark blue
CANDIDATES = ("cell", "new")
LEARNED_COLOR = COLORS["lstm"]
CLAMPED_COLOR = COLORS["highlight"]


def _range(name: str) -> tuple[float, float]:
    return (-1.0, 1.0) if name in CANDIDATES else (0.0, 1.0)


def _shade_steps(fig: go.Figure, steps: tuple[int, int] | None, rows: int = 1, cols: int = 1) -> None:
    """A light orange band over the steps where clamps act."""
    if steps is None:
        return
    for row in range(1, rows + 1):
        for col in range(1, cols + 1):
            fig.add_vrect(
                x0=steps[0] - 0.5, x1=steps[1] + 0.5, fillcolor=CLAMPED_COLOR, opacity=0.12,
                line_width=0, row=row, col=col,
            )


def _ticks(tokens: list[str]) -> dict:
    return {"tickmode": "array", "tickvals": list(range(len(tokens))), "ticktext": tokens, "tickangle": 0}


def gate_heatmaps(
    tokens: list[str],
    learned: dict[str, np.ndarray],
    clamped: dict[str, np.ndarray],
    titles: dict[str, str],
    column_titles: tuple[str, str],
    steps: tuple[int, int] | None = None,
    x_title: str = "",
    y_title: str = "",
) -> go.Figure:
    """One row per gate (units x time), learned run on the left, the clamped run on the right.

    Sigmoid gates share a 0..1 white-blue scale; candidates (tanh) a -1..1 diverging scale.
    """
    names = list(learned)
    fig = make_subplots(
        rows=len(names), cols=2, shared_xaxes=True, shared_yaxes=True, horizontal_spacing=0.03,
        vertical_spacing=0.06, subplot_titles=[f"{titles[n]} — {c}" for n in names for c in column_titles],
    )
    for row, name in enumerate(names, start=1):
        lo, hi = _range(name)
        candidate = name in CANDIDATES
        for col, values in enumerate((learned[name], clamped[name]), start=1):
            fig.add_trace(
                go.Heatmap(
                    z=np.round(values, 3), zmin=lo, zmax=hi, coloraxis="coloraxis2" if candidate else "coloraxis",
                    hovertemplate="t=%{x}, unit %{y}: %{z:.2f}<extra>" + titles[name] + "</extra>",
                ),
                row=row, col=col,
            )
        fig.update_yaxes(title_text=y_title if row == (len(names) + 1) // 2 else None, row=row, col=1)
    T = len(tokens)
    fig.update_xaxes(**_ticks(tokens) if T <= 40 else {}, tickfont={"size": 12})
    fig.update_xaxes(title_text=x_title, row=len(names))
    fig.update_layout(
        coloraxis={"colorscale": GATE_SCALE, "cmin": 0, "cmax": 1,
                   "colorbar": {"title": "σ", "len": 0.45, "y": 0.78, "thickness": 14}},
        coloraxis2={"colorscale": HEATMAP_SCALE, "cmin": -1, "cmax": 1,
                    "colorbar": {"title": "tanh", "len": 0.45, "y": 0.22, "thickness": 14}},
    )
    _shade_steps(fig, steps, rows=len(names), cols=2)
    return style(fig, height=150 + 170 * len(names))


def state_heatmaps(
    tokens: list[str],
    learned: dict[str, np.ndarray],
    clamped: dict[str, np.ndarray],
    titles: dict[str, str],
    column_titles: tuple[str, str],
    steps: tuple[int, int] | None = None,
) -> go.Figure:
    """c_t (LSTM) and h_t as units x time heatmaps, learned beside clamped, on one -1..1 scale."""
    names = list(learned)
    fig = make_subplots(
        rows=len(names), cols=2, shared_xaxes=True, shared_yaxes=True, horizontal_spacing=0.03,
        vertical_spacing=0.1, subplot_titles=[f"{titles[n]} — {c}" for n in names for c in column_titles],
    )
    scale = max(1.0, max(float(np.abs(v).max()) for v in [*learned.values(), *clamped.values()]))
    for row, name in enumerate(names, start=1):
        for col, values in enumerate((learned[name], clamped[name]), start=1):
            fig.add_trace(
                go.Heatmap(z=np.round(values, 3), coloraxis="coloraxis",
                           hovertemplate="t=%{x}, unit %{y}: %{z:.2f}<extra>" + titles[name] + "</extra>"),
                row=row, col=col,
            )
    if len(tokens) <= 40:
        fig.update_xaxes(**_ticks(tokens), tickfont={"size": 12})
    fig.update_layout(coloraxis={"colorscale": HEATMAP_SCALE, "cmin": -scale, "cmax": scale,
                                 "colorbar": {"thickness": 14}})
    _shade_steps(fig, steps, rows=len(names), cols=2)
    return style(fig, height=120 + 200 * len(names))


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
    names = list(learned)
    fig = make_subplots(rows=len(names), cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=[titles[n] for n in names])
    x = list(range(len(tokens)))
    for row, name in enumerate(names, start=1):
        for values, run_name, color, dash in (
            (learned[name], run_names[0], LEARNED_COLOR, "solid"),
            (clamped[name], run_names[1], CLAMPED_COLOR, "dash"),
        ):
            fig.add_trace(
                go.Scatter(x=x, y=np.round(values[unit], 4), mode="lines+markers", name=run_name,
                           line={"color": color, "dash": dash, "width": 3}, showlegend=row == 1,
                           customdata=tokens, hovertemplate="t=%{x} (%{customdata}): %{y:.3f}"),
                row=row, col=1,
            )
        fig.add_hline(y=0, line={"color": "#999", "width": 1}, row=row, col=1)
    if len(tokens) <= 40:
        fig.update_xaxes(**_ticks(tokens), tickfont={"size": 12})
    _shade_steps(fig, steps, rows=len(names))
    return style(fig, height=120 + 190 * len(names))


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
        for values, name, color in ((learned, run_names[0], LEARNED_COLOR), (clamped, run_names[1], CLAMPED_COLOR)):
            fig.add_bar(x=classes, y=np.round(values, 4), name=name, marker_color=color,
                        text=[f"{v:.2f}" for v in values], textposition="outside")
        fig.add_annotation(x=classes[int(target)], y=1.08, text=f"▼ {target_name}", showarrow=False,
                           font={"size": 16, "color": COLORS["baseline"]})
        fig.update_yaxes(range=[0, 1.18], title_text=y_title)
    elif task == "count":
        x = list(range(len(tokens)))
        fig.add_scatter(x=x, y=target.tolist(), name=target_name, mode="lines",
                        line={"color": "#111", "width": 6, "shape": "hv"}, opacity=0.25)
        for values, name, color, dash in (
            (learned, run_names[0], LEARNED_COLOR, "solid"),
            (clamped, run_names[1], CLAMPED_COLOR, "dash"),
        ):
            fig.add_scatter(x=x, y=values.argmax(-1).tolist(), name=name, mode="lines+markers",
                            line={"color": color, "dash": dash, "shape": "hv", "width": 2.5})
        fig.update_xaxes(**_ticks(tokens) if len(tokens) <= 40 else {})
        fig.update_yaxes(title_text=y_title, dtick=1)
    else:
        names = [target_name, *run_names]
        values = [float(target[0]), float(learned[0]), float(clamped[0])]
        fig.add_bar(x=names, y=values, marker_color=[COLORS["baseline"], LEARNED_COLOR, CLAMPED_COLOR],
                    text=[f"{v:.3f}" for v in values], textposition="outside", showlegend=False)
        fig.update_yaxes(title_text=y_title, range=[min(0.0, *values) - 0.1, max(2.0, *values) + 0.25])
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
    fig = go.Figure()
    x = list(range(len(tokens)))
    for flow, run_name, color in ((learned, run_names[0], LEARNED_COLOR), (clamped, run_names[1], CLAMPED_COLOR)):
        for key, dash in (("h", "solid"), ("c", "dot")):
            if flow.get(key) is None:
                continue
            y = np.maximum(flow[key], 1e-12)  # log axis: a gradient of exactly 0 sits at the floor
            fig.add_scatter(x=x, y=y.tolist(), mode="lines+markers", name=f"{series_names[key]} — {run_name}",
                            line={"color": color, "dash": dash, "width": 3 if key == "h" else 2})
    fig.update_yaxes(type="log", title_text=y_title, exponentformat="power")
    if len(tokens) <= 40:
        fig.update_xaxes(**_ticks(tokens), tickfont={"size": 12})
    _shade_steps(fig, steps)
    return style(fig, height=400)


def ablation_figure(labels: list[str], accuracy: list[float], chance: float, chance_name: str, x_title: str) -> go.Figure:
    """Horizontal bars: accuracy of each clamped variant on fresh data, with the chance level."""
    colors = [LEARNED_COLOR if i == 0 else (CLAMPED_COLOR if a < chance + 0.1 else "#7fa7d6")
              for i, a in enumerate(accuracy)]
    fig = go.Figure(go.Bar(y=labels, x=accuracy, orientation="h", marker_color=colors,
                           text=[f"{a:.0%}" for a in accuracy], textposition="outside"))
    fig.add_vline(x=chance, line={"color": COLORS["baseline"], "dash": "dash", "width": 2},
                  annotation_text=chance_name, annotation_position="top")
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

    def line(self, points: list[tuple[float, float]], color: str = "#333", width: float = 3) -> None:
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            self.shapes.append({"type": "line", "x0": x0, "y0": y0, "x1": x1, "y1": y1,
                                "line": {"color": color, "width": width}, "layer": "below"})

    def arrow(self, start: tuple[float, float], end: tuple[float, float], color: str = "#333") -> None:
        self.notes.append({"x": end[0], "y": end[1], "ax": start[0], "ay": start[1], "xref": "x", "yref": "y",
                           "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2, "arrowsize": 1.3,
                           "arrowwidth": 2.5, "arrowcolor": color, "text": ""})

    def op(self, x: float, y: float, symbol: str) -> None:
        r = 0.28
        self.shapes.append({"type": "circle", "x0": x - r, "y0": y - r, "x1": x + r, "y1": y + r,
                            "fillcolor": "#fde9d9", "line": {"color": "#b45309", "width": 2}})
        self.text(x, y, symbol, size=20, color="#7c2d12")

    def box(self, x: float, y: float, title: str, value: float, name: str, clamped: bool, note: str = "") -> None:
        w, h = 0.62, 0.5
        self.shapes.append({"type": "rect", "x0": x - w, "y0": y - h, "x1": x + w, "y1": y + h,
                            "fillcolor": _box_color(name, value),
                            "line": {"color": CLAMPED_COLOR if clamped else "#1f2937", "width": 5 if clamped else 2}})
        self.text(x, y + 0.17, title, size=17, color=_text_color(name, value))
        self.text(x, y - 0.2, f"{value:.2f}", size=16, color=_text_color(name, value))
        if clamped and note:
            self.text(x - w, y + h + 0.17, f"<b>{note}</b>", size=13, color=CLAMPED_COLOR, xanchor="left",
                      bgcolor="white")

    def text(self, x: float, y: float, text: str, size: int = 16, color: str = "#111", **extra) -> None:
        self.notes.append({"x": x, "y": y, "text": text, "showarrow": False, "font": {"size": size, "color": color},
                           "xref": "x", "yref": "y", **extra})

    def figure(self, title: str | None, x_range: tuple[float, float], y_range: tuple[float, float]) -> go.Figure:
        fig = go.Figure()
        fig.update_layout(shapes=self.shapes, annotations=self.notes)
        fig.update_xaxes(range=x_range, visible=False, fixedrange=True)
        fig.update_yaxes(range=y_range, visible=False, fixedrange=True, scaleanchor="x", scaleratio=1)
        style(fig, title=title, height=430)
        fig.update_layout(margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10})
        return fig


def cell_diagram(cell: str, v: dict, clamped: set[str], labels: dict[str, str], title: str | None = None) -> go.Figure:
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
        gates = {"forget": (2.3, r"σ  f"), "input": (3.8, r"σ  i"), "cell": (5.3, "tanh  c̃"), "output": (7.1, r"σ  o")}
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
        k.shapes.append({"type": "rect", "x0": 8.1, "y0": 3.65, "x1": 9.1, "y1": 4.2,
                         "fillcolor": "#fff7ed", "line": {"color": "#b45309", "width": 2}})
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
    k.text(5.6, 3.1, "r ⊙ (W<sub>hn</sub>h<sub>t−1</sub> + b<sub>hn</sub>)", size=13, color="#374151")
    gates = {"update": (2.6, "σ  z"), "reset": (4.4, "σ  r"), "new": (6.8, "tanh  n")}
    for name, (x, title_text) in gates.items():
        k.box(x, 2.4, title_text, g[name], name, name in clamped, labels.get("clamped", ""))
        k.text(x, 1.55, labels[name], size=13, color="#374151", bgcolor="white")
    k.arrow((9.9, belt), (10.6, belt))
    return k.figure(title, (-0.4, 11.0), (-1.0, 6.0))
