"""Units x time heatmaps of the Gates page (gate values, c_t and h_t, learned beside clamped) and
the conveyor belt of one unit, with the helpers the other Gates charts share: the orange marks of
the clamped steps and token tick labels.

Pure functions: numbers in, ``plotly.graph_objects.Figure`` out; every visible word comes in as an
argument.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorer.figures.base import COLORS, HEATMAP_SCALE, style, thin_ticks
from explorer.gates.clamps import CANDIDATES

GATE_SCALE = "Blues"  # sigmoid gates: 0 (closed) white -> 1 (open) dark blue
LEARNED_COLOR = COLORS["lstm"]
CLAMPED_COLOR = COLORS["highlight"]


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


def clamp_bands(
    steps: tuple[int, int] | None, axes: list[int], outline: bool = False
) -> list[dict]:
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


def clip_steps(steps: tuple[int, int] | None, length: int) -> tuple[int, int] | None:
    """The clamped steps that exist in a sequence of ``length`` steps (the slider goes further)."""
    return None if steps is None else (steps[0], min(steps[1], length - 1))


def token_ticks(tokens: list[str], room: int = 40) -> dict:
    """Every k-th token as a tick label, so the labels fit about ``room`` characters (a chart
    split into two columns gets half of a full-width one)."""
    every = thin_ticks(tokens, room)
    return {
        "tickmode": "array",
        "tickvals": list(range(0, len(tokens), every)),
        "ticktext": tokens[::every],
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
    steps = clip_steps(steps, len(tokens))
    frames = [2 * r + 2 for r, name in enumerate(learned) if framed is None or name in framed]
    names = list(learned)
    layout, notes = _grid(
        len(names), 2, [f"{titles[n]}<br>{c}" for n in names for c in column_titles]
    )
    data = []
    for row, name in enumerate(names):
        axis = "coloraxis2" if name in CANDIDATES else "coloraxis"
        data.append(_heatmap(learned[name], 2 * row + 1, axis, titles[name]))
        data.append(_heatmap(clamped[name], 2 * row + 2, axis, titles[name]))
    last = 2 * len(names) - 1
    for i in (last, last + 1):
        layout[f"xaxis{_suffix(i)}"].update(token_ticks(tokens, 20), title={"text": x_title})
    layout["yaxis"]["title"] = {"text": y_title}
    fig = go.Figure(
        data=data,
        layout={
            **layout,
            "annotations": notes,
            "shapes": clamp_bands(steps, frames, outline=True),
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
    steps = clip_steps(steps, len(tokens))
    names = list(learned)
    layout, notes = _grid(
        len(names), 2, [f"{titles[n]}<br>{c}" for n in names for c in column_titles], vgap=0.12
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
        layout[f"xaxis{_suffix(i)}"].update(token_ticks(tokens, 20))
    shapes = clamp_bands(steps, list(range(2, 2 * len(names) + 1, 2)), outline=True)
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
    steps = clip_steps(steps, len(tokens))
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
    layout[f"xaxis{_suffix(len(names))}"].update(token_ticks(tokens))
    for r in range(1, len(names) + 1):
        layout[f"yaxis{_suffix(r)}"].update(zeroline=True, zerolinecolor="#999")
    fig = go.Figure(
        data=data,
        layout={
            **layout,
            "annotations": notes,
            "shapes": clamp_bands(steps, list(range(1, len(names) + 1))),
        },
    )
    return style(fig, height=130 + 190 * len(names))
