"""Figures of the Unroll page: the unrolled graph (also used for the problem types), the
hidden-state heatmap, one step's decomposition and the 2-unit state space."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from explorer.figures.base import COLORS, HEATMAP_SCALE, MODEBAR_ROOM, style, thin_ticks

NODE_COLORS = {"x": "#fde68a", "h": "#bfdbfe", "y": "#bbf7d0", "c": "#e9d5ff"}
# the mark of a_t in the step bars, and its colour's name for the reading note (unroll.colour.*)
SUM_COLOUR, SUM_COLOUR_NAME = "#111827", "black"
WEIGHT_COLORS = {"W_xh": "#b45309", "W_hh": "#1d4ed8", "W_hy": "#15803d"}


@dataclass(frozen=True)
class GraphLayout:
    """Which steps read an input and which emit an output; an encoder-decoder splits the steps."""

    steps: int
    inputs: tuple[bool, ...]
    outputs: tuple[bool, ...]
    encoder_steps: int = 0  # > 0: the first steps encode, the rest decode (separate weights)


PROBLEM_TYPES = {
    "one_to_one": GraphLayout(1, (True,), (True,)),
    "one_to_many": GraphLayout(4, (True, False, False, False), (True, True, True, True)),
    "many_to_one": GraphLayout(4, (True, True, True, True), (False, False, False, True)),
    "many_to_many": GraphLayout(4, (True,) * 4, (True,) * 4),
    "encoder_decoder": GraphLayout(
        6, (True, True, True, False, False, False), (False, False, False, True, True, True), 3
    ),
}


def _arrow(annotations: list, x0, y0, x1, y1, color, label=None, label_shift=(0.0, 0.0)):
    annotations.append(
        dict(
            x=x1,
            y=y1,
            ax=x0,
            ay=y0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowsize=1.2,
            arrowwidth=2.2,
            arrowcolor=color,
            standoff=24,
            startstandoff=24,
            text="",
        )
    )
    if label:
        annotations.append(
            dict(
                x=(x0 + x1) / 2 + label_shift[0],
                y=(y0 + y1) / 2 + label_shift[1],
                text=label,
                showarrow=False,
                font={"color": color, "size": 13},
            )
        )


def unrolled_graph(
    layout: GraphLayout,
    *,
    x_labels: list[str] | None = None,
    highlight: int | None = None,
    weight_labels: bool = True,
    offset: int = 0,
    height: int = 300,
) -> go.Figure:
    """Time runs left to right: x_t below, h_t in the middle, y_t above. The same colour on every
    arrow of a kind says the weights are shared across steps. ``offset`` numbers the first drawn
    step (to show a window of a long sequence); ``highlight`` is a drawn index."""
    nodes: dict[str, list] = {kind: [] for kind in NODE_COLORS}  # kind -> [(t, label)]
    annotations: list[dict] = []
    for t in range(layout.steps):
        decoding = layout.encoder_steps and t >= layout.encoder_steps
        if layout.inputs[t]:
            label = x_labels[t] if x_labels and t < len(x_labels) else f"x{_sub(t + offset)}"
            nodes["x"].append((t, label))
            _arrow(
                annotations,
                t,
                0,
                t,
                1,
                WEIGHT_COLORS["W_xh"],
                "W_xh" if weight_labels else None,
                (0.22, 0),
            )
        nodes["h"].append((t, f"h{_sub(t + offset)}"))
        if layout.outputs[t]:
            nodes["y"].append((t, f"y{_sub(t + offset)}"))
            _arrow(
                annotations,
                t,
                1,
                t,
                2,
                WEIGHT_COLORS["W_hy"],
                "W_hy" if weight_labels else None,
                (0.22, 0),
            )
        if t > 0:
            context = t == layout.encoder_steps
            color = "#7c3aed" if context else WEIGHT_COLORS["W_hh"]
            text = (
                "c" if context else (("W'_hh" if decoding else "W_hh") if weight_labels else None)
            )
            _arrow(annotations, t - 1, 1, t, 1, color, text, (0, 0.2))
    fig = go.Figure()
    rows = {"x": 0, "h": 1, "y": 2}
    for kind, entries in nodes.items():
        if not entries:
            continue
        steps = [t for t, _ in entries]
        fig.add_trace(
            go.Scatter(
                x=steps,
                y=[rows[kind]] * len(steps),
                mode="markers+text",
                text=[label for _, label in entries],
                textposition="middle center",
                textfont={"size": 14},
                hoverinfo="skip",
                marker={
                    "size": 46,
                    "color": NODE_COLORS[kind],
                    "symbol": "square" if kind == "h" else "circle",
                    "line": {
                        "width": [4 if t == highlight else 1.5 for t in steps],
                        "color": [
                            COLORS["highlight"] if t == highlight else "#374151" for t in steps
                        ],
                    },
                },
            )
        )
    shapes = []
    if highlight is not None:
        shapes.append(
            dict(
                type="rect",
                x0=highlight - 0.45,
                x1=highlight + 0.45,
                y0=-0.5,
                y1=2.5,
                fillcolor=COLORS["highlight"],
                opacity=0.12,
                line_width=0,
            )
        )
    fig.update_layout(annotations=annotations, shapes=shapes)
    fig.update_xaxes(visible=False, range=[-0.6, layout.steps - 0.4])
    fig.update_yaxes(visible=False, range=[-0.5, 2.5])
    style(fig, height=height)
    fig.update_layout(
        showlegend=False, margin={"l": 10, "r": 10, "t": MODEBAR_ROOM, "b": 10}, dragmode=False
    )
    return fig


def _sub(t: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(d)] for d in str(t))


def hidden_heatmap(
    hidden: np.ndarray, upto: int, tokens: list[str], labels: Mapping[str, str]
) -> go.Figure:
    """Units × time, filled in up to step ``upto``; later steps stay blank until the user gets
    there. ``labels["heatmap_title"]`` titles it."""
    z = hidden.T.astype(float).copy()  # (H, T)
    z[:, upto + 1 :] = np.nan
    finite = np.abs(hidden[np.isfinite(hidden)])
    bound = float(max(finite.max() if finite.size else 1.0, 1e-6))
    fig = go.Figure(
        go.Heatmap(
            z=np.round(z, 3),
            x=list(range(len(tokens))),
            y=[f"h[{i}]" for i in range(z.shape[0])],
            colorscale=HEATMAP_SCALE,
            zmid=0,
            zmin=-bound,
            zmax=bound,
            customdata=np.array([tokens] * z.shape[0]),
            hovertemplate="t=%{x} (%{customdata})<br>%{y} = %{z}<extra></extra>",
            colorbar={"title": "h"},
        )
    )
    every = thin_ticks(tokens)
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(0, len(tokens), every)),
        ticktext=tokens[::every],
        title="t",
    )
    fig.update_yaxes(autorange="reversed")
    return style(fig, title=labels["heatmap_title"], height=max(220, 60 + 26 * z.shape[0]))


def step_bars(rows: dict[str, np.ndarray], cell: str, labels: Mapping[str, str]) -> go.Figure:
    """Vanilla RNN: the pre-activation of each unit as stacked W_xh x_t, W_hh h_{t-1} and b, with
    a_t and h_t marked. Gated cells: every gate's activation per unit, and c_t, h_t.
    ``labels``: bars_title, unit ("unit {i}"), sum_legend (the legend of a_t)."""
    units = [labels["unit"].format(i=i) for i in range(len(rows["h_t"]))]

    def bars(name: str, values: np.ndarray, color: str) -> go.Bar:
        return go.Bar(x=units, y=np.round(values, 4), name=name, marker_color=color, opacity=0.8)

    def points(name: str, values: np.ndarray, marker: dict) -> go.Scatter:
        return go.Scatter(x=units, y=np.round(values, 4), name=name, mode="markers", marker=marker)

    h_marker = {"symbol": "diamond", "size": 14, "color": COLORS["highlight"]}
    fig = go.Figure()
    if cell == "rnn":
        for name, color in (
            ("W_xh x_t", WEIGHT_COLORS["W_xh"]),
            ("W_hh h_{t-1}", WEIGHT_COLORS["W_hh"]),
            ("b", "#9ca3af"),
        ):
            fig.add_trace(bars(name, rows[name], color))
        fig.add_trace(  # an open symbol is stroked in marker.color, not in marker.line.color
            points(
                labels["sum_legend"],
                rows["a_t"],
                {
                    "symbol": "line-ew-open",
                    "size": 30,
                    "color": SUM_COLOUR,
                    "line": {"width": 3, "color": SUM_COLOUR},
                },
            )
        )
        fig.add_trace(points("h_t = f(a_t)", rows["h_t"], h_marker))
        fig.update_layout(barmode="relative")
    else:
        gates = [key.split(":")[1] for key in rows if key.startswith("gate:")]
        palette = ["#2563eb", "#dc2626", "#7c3aed", "#059669"]
        for color, gate in zip(palette, gates, strict=False):
            fig.add_trace(bars(gate, rows[f"gate:{gate}"], color))
        if "c_t" in rows:
            fig.add_trace(
                points("c_t", rows["c_t"], {"symbol": "square", "size": 13, "color": "#111827"})
            )
        fig.add_trace(points("h_t", rows["h_t"], h_marker))
        fig.update_layout(barmode="group")
    fig.add_hline(y=0, line_color="#6b7280", line_width=1)
    return style(fig, title=labels["bars_title"], height=360)


def state_space_figure(
    paths: list[np.ndarray],
    driven: np.ndarray | None,
    fixed: np.ndarray,
    labels: Mapping[str, str],
) -> go.Figure:
    """Trajectories of a 2-unit hidden state: grey = zero input from points on a circle, orange =
    driven by the page's input; crosses mark where the zero-input system settles. ``labels``:
    space_title, space_autonomous, space_driven, space_fixed."""
    fig = go.Figure()
    for i, path in enumerate(paths):
        path = np.clip(path, -5, 5)
        fig.add_trace(
            go.Scatter(
                x=path[:, 0],
                y=path[:, 1],
                mode="lines+markers",
                line={"color": "#9ca3af", "width": 1.5},
                marker={"size": 4},
                name=labels["space_autonomous"],
                showlegend=i == 0,
                legendgroup="a",
            )
        )
    if driven is not None:
        fig.add_trace(
            go.Scatter(
                x=driven[:, 0],
                y=driven[:, 1],
                mode="lines+markers",
                line={"color": COLORS["highlight"], "width": 3},
                marker={"size": 7},
                name=labels["space_driven"],
            )
        )
    if len(fixed):
        fig.add_trace(
            go.Scatter(
                x=fixed[:, 0],
                y=fixed[:, 1],
                mode="markers",
                name=labels["space_fixed"],
                marker={"symbol": "x", "size": 16, "color": "#111827"},
            )
        )
    fig.update_xaxes(
        title="h[0]",
        zeroline=True,
        range=[-1.1, 1.1] if np.abs(np.concatenate(paths)).max() <= 1.05 else None,
    )
    fig.update_yaxes(title="h[1]", zeroline=True, scaleanchor="x", scaleratio=1)
    return style(fig, title=labels["space_title"], height=460)
