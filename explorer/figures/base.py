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


def style(fig: go.Figure, *, title: str | None = None, height: int = 380) -> go.Figure:
    """Apply the project's layout to ``fig`` in place and return it."""
    fig.update_layout(
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=[
            "#1f77b4",
            "#d62728",
            "#2ca02c",
            "#ff7f0e",
            "#9467bd",
            "#8c564b",
            "#e377c2",
            "#17becf",
        ],
        font={"family": FONT_FAMILY, "size": FONT_SIZE},
        title={"text": title, "font": {"size": FONT_SIZE + 3}} if title else None,
        height=height,
        margin={"l": 60, "r": 20, "t": 50 if title else 20, "b": 50},
        legend={"bgcolor": "rgba(255,255,255,0.8)"},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    fig.update_xaxes(gridcolor=GRID, zerolinecolor="#9ca3af", linecolor="#9ca3af", automargin=True)
    fig.update_yaxes(gridcolor=GRID, zerolinecolor="#9ca3af", linecolor="#9ca3af", automargin=True)
    return fig


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
