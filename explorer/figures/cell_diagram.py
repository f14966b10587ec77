"""A colah-style diagram of one LSTM or GRU step, its gate boxes coloured by their values and
the clamped ones framed in orange (the Gates page's "One step, in numbers" tab).

A pure function: numbers in, ``plotly.graph_objects.Figure`` out; every visible word comes in
through ``labels``.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from explorer.figures.base import HEATMAP_SCALE, MODEBAR_ROOM, style
from explorer.figures.gate_heatmaps import CLAMPED_COLOR, GATE_SCALE
from explorer.gates.clamps import CANDIDATES


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
        fig.update_layout(
            margin={"l": 10, "r": 10, "t": MODEBAR_ROOM + (50 if title else 0), "b": 10}
        )
        return fig


def cell_diagram(
    cell: str, v: dict, clamped: set[str], labels: Mapping[str, str], title: str | None = None
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
