"""Shared look of every figure: a Hangul-capable font, projector-sized text, export settings."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Plotly deep-copies and validates the default template on every go.Figure() (about 0.1 s each on
# this CPU); with no default template, ``style`` sets the few layout values we need directly.
pio.templates.default = "none"
GRID = "#e5e7eb"

# Browsers pick the first installed family; Noto Sans CJK covers Latin and Hangul alike.
FONT_FAMILY = (
    '"Noto Sans CJK KR", "Noto Sans KR", "Noto Sans CJK", "Apple SD Gothic Neo", '
    '"Malgun Gothic", "NanumGothic", "DejaVu Sans", sans-serif'
)
FONT_SIZE = 15
COLORS = {
    "rnn": "#d62728",
    "lstm": "#1f77b4",
    "gru": "#2ca02c",
    "baseline": "#7f7f7f",
    "theory": "#9467bd",
    "highlight": "#ff7f0e",
}
CELL_COLORS = {  # one colour per architecture, on every page
    "rnn": COLORS["rnn"],
    "rnn_tanh": COLORS["rnn"],
    "rnn_relu": "#ff7f0e",
    "lstm": COLORS["lstm"],
    "gru": COLORS["gru"],
    "mlp": "#8c564b",
}
HEATMAP_SCALE = "RdBu_r"  # diverging: negative blue, zero white, positive red
MODEBAR_ROOM = 32  # px above everything a figure draws, where Plotly's modebar sits


_AXIS = {"gridcolor": GRID, "zerolinecolor": "#9ca3af", "linecolor": "#9ca3af", "automargin": True}
# The look every figure shares, validated once: assigning a ready Template costs Plotly almost
# nothing, while validating the same nested layout values on every figure took ~4–20 ms each.
TEMPLATE = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": [
            "#1f77b4",
            "#d62728",
            "#2ca02c",
            "#ff7f0e",
            "#9467bd",
            "#8c564b",
            "#e377c2",
            "#17becf",
        ],
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE},
        "legend": {"bgcolor": "rgba(255,255,255,0.8)"},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    }
)


def style(fig: go.Figure, *, title: str | None = None, height: int = 380) -> go.Figure:
    """Apply the project's layout to ``fig`` in place and return it."""
    fig.update_layout(
        template=TEMPLATE,
        title=(
            {  # below the modebar's strip (top right, MODEBAR_ROOM px), which never covers it
                "text": title,
                "font": {"size": FONT_SIZE + 3},
                "y": 1,
                "yref": "container",
                "yanchor": "top",
                "pad": {"t": MODEBAR_ROOM},
            }
            if title
            else None
        ),
        height=height,
        margin={"l": 60, "r": 20, "t": MODEBAR_ROOM + (50 if title else 10), "b": 50},
    )
    return fig


def share_bars(
    names: list[str], shares: list[float], colors: list[str], digits: int, **props
) -> go.Bar:
    """Horizontal bars of shares (0..1), each labelled outside its bar as a percentage with
    ``digits`` decimals; ``props`` are further ``go.Bar`` settings."""
    return go.Bar(
        x=shares,
        y=names,
        orientation="h",
        marker_color=colors,
        text=[f"{v:.{digits}%}" for v in shares],
        textposition="outside",
        **props,
    )


def thin_ticks(labels: list[str], room: int = 40) -> int:
    """Label every k-th position so an axis of ``labels`` fits about ``room`` characters: the
    width of a phone (390 px) for a full-width chart is about 40 (the hover still names every
    position)."""
    widest = max((len(str(label)) for label in labels), default=1) + 1
    return max(1, -(-len(labels) * widest // room))


def plotly_config(export_format: str = "png", filename: str = "rnn-explorer") -> dict:
    """Modebar settings: the camera button exports PNG (2x, crisp on slides) or SVG."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": export_format,
            "filename": filename,
            "scale": 2 if export_format == "png" else 1,
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
