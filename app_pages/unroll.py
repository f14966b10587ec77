"""Unroll: step a recurrent cell through time and see every number of every step."""

import time
from collections.abc import Callable
from dataclasses import asdict

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from explorer import ui, unroll, views
from explorer.anatomy import LECTURE_EXAMPLES, AnatomySpec, count_layers, totals
from explorer.errors import InputError
from explorer.figures.unroll import (
    PROBLEM_TYPES,
    SUM_COLOUR_NAME,
    GraphLayout,
    hidden_heatmap,
    state_space_figure,
    step_bars,
    unrolled_graph,
)
from explorer.markdown import escape
from explorer.state import choice_param
from explorer.ui import tr
from explorer.unroll import ENCODINGS, INPUT_KINDS, MAX_STEPS, Play, UnrollConfig, UnrollResult
from models import CELL_KINDS
from models.init import INITS
from models.rnn import ACTIVATION_NAMES

WINDOW = 8  # steps drawn in the unrolled graph at once
SECTIONS = ("steps", "types", "space", "anatomy")  # one is built per rerun (lazy sections)
ANATOMY_FIELDS = views.ANATOMY_FIELDS
PARAMS = views.params("unroll")
if all(param.key != "section" for param in PARAMS):  # until explorer/views.py lists it
    PARAMS.append(choice_param("section", "steps", SECTIONS))
view = ui.ViewState("unroll", PARAMS)
PLAYING = view.key("playing")
ui.page_header("unroll")
labels = ui.labels(
    bars_title="unroll.bars_title",
    heatmap_title="unroll.heatmap_title",
    space_title="unroll.space_title",
    space_autonomous="unroll.space_autonomous",
    space_driven="unroll.space_driven",
    space_fixed="unroll.space_fixed",
    unit="unroll.unit",
    sum_legend="unroll.sum_legend",
    one_to_one="unroll.type.one_to_one",
    one_to_one_example="unroll.type.one_to_one.example",
    one_to_many="unroll.type.one_to_many",
    one_to_many_example="unroll.type.one_to_many.example",
    many_to_one="unroll.type.many_to_one",
    many_to_one_example="unroll.type.many_to_one.example",
    many_to_many="unroll.type.many_to_many",
    many_to_many_example="unroll.type.many_to_many.example",
    encoder_decoder="unroll.type.encoder_decoder",
    encoder_decoder_example="unroll.type.encoder_decoder.example",
)

col_cell, col_init, col_input, col_text = st.columns(4)
with col_cell:
    cell = st.selectbox(
        tr("unroll.cell"),
        CELL_KINDS,
        key=view.key("cell"),
        format_func=ui.labelled_options("common"),
    )
    st.selectbox(
        tr("unroll.activation"),
        ACTIVATION_NAMES,
        key=view.key("act"),
        disabled=cell != "rnn",
        format_func=ui.labelled_options("common"),
    )
with col_init:
    st.slider(tr("unroll.hidden"), 2, 16, key=view.key("hidden"))
    st.selectbox(
        tr("unroll.init"),
        INITS,
        key=view.key("init"),
        format_func=ui.labelled_options("unroll.init", INITS),
    )
with col_input:
    input_kind = st.selectbox(
        tr("unroll.input_kind"),
        INPUT_KINDS,
        key=view.key("input"),
        format_func=ui.labelled_options("unroll.input", INPUT_KINDS),
    )
    st.selectbox(
        tr("unroll.encoding"),
        ENCODINGS,
        key=view.key("enc"),
        disabled=input_kind == "sine",
        format_func=ui.labelled_options("unroll.encoding", ENCODINGS),
    )
with col_text:
    if input_kind == "sine":
        st.slider(tr("unroll.sine_length"), 2, MAX_STEPS, key=view.key("len"))
    else:
        st.text_input(
            tr("unroll.text"), key=view.key("text"), help=tr("unroll.text_help"), max_chars=400
        )
    st.number_input(
        tr("unroll.scale"), 0.0, 10.0, step=0.1, key=view.key("scale"), help=tr("unroll.scale_help")
    )

config = UnrollConfig(
    cell=cell,
    hidden_size=view["hidden"],
    activation=view["act"],
    input_kind=input_kind,
    encoding=view["enc"],
    text=view["text"],
    sine_length=view["len"],
    init=view["init"],
    scale=float(view["scale"]),
    seed=ui.seed(),
)


@st.cache_resource(max_entries=64, show_spinner=False)
def compute(**settings: object) -> UnrollResult:
    """Shared read-only by every session (a copy per rerun, as cache_data makes, cost more than
    the rest of a lecture scene's rerun); the arrays are frozen so nothing can change them."""
    result = unroll.run_unroll(UnrollConfig(**settings))
    for value in vars(result).values():
        for array in value.values() if isinstance(value, dict) else [value]:
            if isinstance(array, np.ndarray):
                array.flags.writeable = False
    return result


@st.cache_resource(show_spinner=False)
def problem_type_figure(name: str) -> go.Figure:
    """Static diagrams: built once per server (Plotly figure construction is the slow part)."""
    return unrolled_graph(PROBLEM_TYPES[name], weight_labels=False, height=230)


@st.cache_data(max_entries=64, show_spinner=False)
def compute_state_space(**settings: object) -> unroll.StateSpace:
    return unroll.state_space(UnrollConfig(**settings))


def settings_key() -> tuple:
    """Everything the page's numbers depend on, as a hashable key for shared figures."""
    return tuple(asdict(config).items())


def player(steps: int) -> Play:
    """The step controls as stored in session state (t clamped to this sequence). A button's
    callback runs before the script, when Streamlit may have dropped the key of a step slider
    that the last run did not draw (a one-step input has none): t then counts as 0."""
    return Play(st.session_state.get(view.key("t"), 0), steps, st.session_state.get(PLAYING, False))


def store(state: Play) -> None:
    view.set("t", state.t)
    st.session_state[PLAYING] = state.playing


def control(steps: int, transition: Callable[..., None], *args: object) -> None:
    """A button's on_click: one transition of the step controls."""
    state = player(steps)
    transition(state, *args)
    store(state)


def step_controls(steps: int) -> int:
    """Reset, Previous, Play/Pause, Next and the step slider; returns the step to show."""
    state = player(steps)
    if state.tick():  # while playing, each rerun is one step
        store(state)
        st.rerun()
    store(state)
    reset_col, prev_col, play_col, next_col, slider_col = st.columns([1.2, 1.3, 1.2, 1.1, 3.5])
    reset_col.button(
        tr("unroll.reset"),
        on_click=control,
        args=(steps, Play.reset),
        width="stretch",
        icon=":material/first_page:",
    )
    prev_col.button(
        tr("unroll.prev"),
        on_click=control,
        args=(steps, Play.move, -1),
        width="stretch",
        icon=":material/chevron_left:",
    )
    play_col.button(
        tr("unroll.pause") if state.playing else tr("unroll.play"),
        on_click=control,
        args=(steps, Play.toggle),
        width="stretch",
        type="primary",
        icon=":material/pause:" if state.playing else ":material/play_arrow:",
    )
    next_col.button(
        tr("unroll.next"),
        on_click=control,
        args=(steps, Play.move, 1),
        width="stretch",
        icon=":material/chevron_right:",
    )
    if steps > 1:
        slider_col.slider(tr("unroll.step"), 0, steps - 1, key=view.key("t"))
    return state.t


def step_tables(
    result: UnrollResult, t: int, rows: dict
) -> tuple[pd.DataFrame, pa.Table, pd.DataFrame]:
    """Step t's table (as a DataFrame for its download and as the Arrow table st.dataframe
    sends), and the hidden states so far: shared by every session on the same scene."""
    units = [labels["unit"].format(i=i) for i in range(config.hidden_size)]
    table = pd.DataFrame(rows, index=units).T.round(4)
    hidden = pd.DataFrame(
        result.hidden[: t + 1], columns=[f"h[{i}]" for i in range(config.hidden_size)]
    )
    hidden.insert(0, "token", result.inputs.tokens[: t + 1])
    return table.reset_index(names="quantity"), pa.Table.from_pandas(table), hidden


def step_view(result: UnrollResult) -> None:
    inputs, steps = result.inputs, result.steps
    t = step_controls(steps)
    st.markdown(tr("unroll.reads", t=t, token=escape(inputs.tokens[t])))
    start = min(max(t - WINDOW // 2, 0), max(steps - WINDOW, 0))
    shown = min(WINDOW, steps)
    scene = (settings_key(), t)  # a hall following the lecturer asks for the same figures
    graph = ui.shared_figure(
        ("unroll-graph", *scene),
        lambda: unrolled_graph(
            GraphLayout(shown, (True,) * shown, (True,) * shown),
            x_labels=inputs.tokens[start : start + shown],
            highlight=t - start,
            offset=start,
        ),
    )
    ui.show_figure(
        graph, name="unrolled-graph", key="unroll-graph", how_to_read=tr("unroll.graph_read")
    )
    st.markdown(f"**{tr('unroll.equations')}**")
    if config.hidden_size <= 4:
        for line in unroll.substituted_equations(result, t):
            st.latex(line, width="content")  # wider than a phone: the page scrolls sideways
    else:
        st.caption(tr("unroll.equations_big", h=config.hidden_size))
    rows = unroll.step_table(result, t)
    table, table_arrow, hidden_data = ui.shared_value(
        ("unroll-tables", *scene), lambda: step_tables(result, t, rows)
    )
    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"**{tr('unroll.table')}**")
        st.dataframe(table_arrow, width="stretch")
        st.caption(f"ℹ️ {tr('unroll.table_read')}")
        st.markdown(f"**{tr('unroll.output')}**")
        guesses = unroll.output_distribution(result, t)
        if guesses:
            shown_guesses = ", ".join(f"'{escape(tok)}' {p:.0%}" for tok, p in guesses)
            st.markdown(tr("unroll.output_probs", guesses=shown_guesses))
        else:
            st.markdown(tr("unroll.output_value", value=f"{result.output[t, 0]:.3f}"))
    with right:
        sum_colour = ui.labelled_options("unroll.colour")(SUM_COLOUR_NAME)
        read = (
            tr("unroll.bars_read_rnn", sum_colour=sum_colour)
            if cell == "rnn"
            else tr("unroll.bars_read_gated")
        )
        ui.show_figure(
            ui.shared_figure(("unroll-bars", *scene), lambda: step_bars(rows, cell, labels)),
            name="step-values",
            data=table,
            key="unroll-bars",
            how_to_read=read,
        )
    heat = ui.shared_figure(
        ("unroll-heat", *scene),
        lambda: hidden_heatmap(result.hidden, t, inputs.tokens, labels),
    )
    ui.show_figure(
        heat,
        name="hidden-states",
        data=hidden_data,
        key="unroll-heat",
        how_to_read=tr("unroll.heatmap_read"),
    )


def problem_types() -> None:
    st.markdown(tr("unroll.types_intro"))
    columns = st.columns(2)
    for index, name in enumerate(PROBLEM_TYPES):
        with columns[index % 2]:
            st.markdown(f"**{labels[name]}** — {labels[f'{name}_example']}")
            ui.show_figure(problem_type_figure(name), name=f"type-{name}", key=f"type-{name}")


def state_space_view() -> None:
    st.markdown(tr("unroll.space_intro"))
    st.caption(tr("unroll.space_cell_note"))
    space = compute_state_space(**asdict(config))
    left, right = st.columns([3, 2])
    with left:
        ui.show_figure(
            ui.shared_figure(
                ("unroll-space", settings_key()),
                lambda: state_space_figure(
                    space.trajectories, space.driven, space.fixed_points, labels
                ),
            ),
            name="state-space",
            data=pd.DataFrame(space.driven, columns=["h0", "h1"]).round(4),
            key="unroll-space",
            how_to_read=tr("unroll.space_read"),
        )
    with right:
        for paragraph in verdict_text(space, config.activation):
            st.markdown(paragraph)


def verdict_text(space: unroll.StateSpace, activation: str) -> list[str]:
    """The verdict read from the dynamics, then what the eigenvalues predict."""
    dynamics = space.dynamics
    paragraphs = [ui.labelled_options("unroll.behaviour")(dynamics.behaviour)]
    if dynamics.behaviour == "oscillation":
        paragraphs.append(
            tr("unroll.period", p=dynamics.period) if dynamics.period else tr("unroll.no_period")
        )
    if dynamics.behaviour == "saturation":
        reason = ui.labelled_options("unroll.saturation")(activation)
        paragraphs.append(reason.format(slope=dynamics.slope, active=dynamics.active))
    eigenvalues = ", ".join(f"{v.real:.3f}{v.imag:+.3f}i" for v in space.eigenvalues)
    paragraphs.append(tr("unroll.space_eigen", values=eigenvalues))
    prediction = ui.labelled_options("unroll.predict")(dynamics.predicted)
    paragraphs.append(prediction.format(rho=dynamics.radius))
    if unroll.prediction_matches(dynamics) is False:
        paragraphs.append(tr("unroll.predict_differs"))
    return paragraphs


def use_example(spec: AnatomySpec) -> None:
    for name, field in ANATOMY_FIELDS.items():
        view.set(name, getattr(spec, field))


def anatomy_view() -> None:
    st.markdown(tr("unroll.anatomy_intro"))
    first, second = st.columns(2)
    first.button(
        tr("unroll.anatomy.example1"), on_click=use_example, args=(LECTURE_EXAMPLES["example1"],)
    )
    second.button(
        tr("unroll.anatomy.example2"), on_click=use_example, args=(LECTURE_EXAMPLES["example2"],)
    )
    sizes, cells, layers, dense = st.columns(4)
    sizes.number_input(tr("unroll.anatomy.vocab"), 0, 100_000, key=view.key("a_vocab"))
    sizes.number_input(tr("unroll.anatomy.embed"), 1, 4096, key=view.key("a_embed"))
    cells.selectbox(
        tr("unroll.cell"),
        CELL_KINDS,
        key=view.key("a_cell"),
        format_func=ui.labelled_options("common"),
    )
    cells.number_input(tr("unroll.hidden"), 1, 4096, key=view.key("a_hidden"))
    layers.number_input(tr("unroll.anatomy.layers"), 1, 8, key=view.key("a_layers"))
    layers.toggle(tr("unroll.anatomy.bidirectional"), key=view.key("a_bi"))
    dense.number_input(tr("unroll.anatomy.dense"), 0, 100_000, key=view.key("a_dense"))
    words = ui.labels(directions="unroll.anatomy.directions", layer_n="unroll.anatomy.layer_n")
    spec = AnatomySpec(**{f: view[name] for name, f in ANATOMY_FIELDS.items()})
    rows = count_layers(spec, words)
    anatomy = pd.DataFrame(
        [
            {
                tr("unroll.anatomy.layer"): r.layer,
                "PyTorch": r.pytorch,
                "Keras": r.keras,
                tr("unroll.anatomy.formula_pt"): r.formula_pytorch,
                tr("unroll.anatomy.formula_keras"): r.formula_keras,
            }
            for r in rows
        ]
    )
    st.dataframe(anatomy, hide_index=True, width="stretch")
    pytorch_total, keras_total = totals(rows)
    st.markdown(tr("unroll.anatomy.total", pt=pytorch_total, keras=keras_total))
    st.caption(f"ℹ️ {tr('unroll.anatomy_read')}")
    ui.download_data(anatomy, name="parameter-counts")


try:
    result = compute(**asdict(config))
except InputError as error:
    ui.show_input_error(error)
    result = None

if result is not None:
    inputs = result.inputs
    if inputs.skipped:
        st.warning(tr("unroll.warn_skipped", chars=escape(" ".join(inputs.skipped))))
    if inputs.truncated_from:
        st.warning(tr("unroll.warn_truncated", n=inputs.truncated_from, cap=MAX_STEPS))
    if result.overflow_step is not None:
        st.error(tr("unroll.warn_overflow", t=result.overflow_step))
    sigma_col, rho_col, steps_col, params_col = st.columns(4)
    sigma_col.metric(
        tr("unroll.metric.sigma"), f"{result.sigma_max:.3f}", help=tr("unroll.metric_help")
    )
    rho_col.metric(
        tr("unroll.metric.rho"), f"{result.spectral_radius:.3f}", help=tr("unroll.metric_help")
    )
    steps_col.metric(tr("unroll.metric.steps"), result.steps)
    params_col.metric(tr("unroll.metric.params"), f"{result.parameter_count:,}")
    store(player(result.steps))  # the sequence may have shrunk below the step in the URL

# lazy sections: only the chosen one computes and draws, so a rerun stays cheap
section = st.radio(
    tr("unroll.section"),
    SECTIONS,
    key=view.key("section"),
    horizontal=True,
    label_visibility="collapsed",
    format_func=ui.labelled_options("unroll.tab", SECTIONS),
)
if section == "anatomy" or result is None:
    anatomy_view()
elif section == "steps":
    step_view(result)
elif section == "types":
    problem_types()
else:
    state_space_view()

view.sync()
if result is not None and section == "steps" and st.session_state.get(PLAYING):
    time.sleep(unroll.PACE_SECONDS)  # the pace of Play; a click on Pause interrupts the wait
    st.rerun()
