"""Unroll: step a recurrent cell through time and see every number of every step."""

import time
from dataclasses import asdict

import pandas as pd
import streamlit as st

from explorer import ui
from explorer.anatomy import AnatomySpec, count_layers, totals
from explorer.errors import InputError
from explorer.figures.unroll import (
    PROBLEM_TYPES,
    GraphLayout,
    hidden_heatmap,
    state_space_figure,
    step_bars,
    unrolled_graph,
)
from explorer.state import bool_param, choice_param, float_param, int_param, text_param
from explorer.unroll import (
    ACTIVATIONS,
    CELLS,
    ENCODINGS,
    INITS,
    INPUT_KINDS,
    MAX_STEPS,
    UnrollConfig,
    output_distribution,
    run_unroll,
    state_space,
    step_table,
    substituted_equations,
)

tr = ui.tr
WINDOW = 8  # steps drawn in the unrolled graph at once
view = ui.ViewState(
    "unroll",
    [
        choice_param("cell", "rnn", CELLS),
        choice_param("act", "tanh", ACTIVATIONS),
        int_param("hidden", 4, 2, 16),
        choice_param("init", "default", INITS),
        float_param("scale", 1.0, 0.0, 10.0),
        choice_param("input", "chars", INPUT_KINDS),
        choice_param("enc", "onehot", ENCODINGS),
        text_param("text", "hello", max_len=400),
        int_param("len", 20, 2, MAX_STEPS),
        int_param("t", 0, 0, MAX_STEPS - 1),
        int_param("a_vocab", 10, 0, 100_000),
        int_param("a_embed", 5, 1, 4096),
        choice_param("a_cell", "rnn", CELLS),
        int_param("a_hidden", 3, 1, 4096),
        int_param("a_layers", 1, 1, 8),
        bool_param("a_bi", False),
        int_param("a_dense", 0, 0, 100_000),
    ],
)
ui.page_header("unroll")

col_cell, col_init, col_input, col_text = st.columns(4)
with col_cell:
    cell = st.selectbox(
        tr("unroll.cell"), CELLS, key=view.key("cell"), format_func=ui.labelled_options("common")
    )
    st.selectbox(
        tr("unroll.activation"),
        ACTIVATIONS,
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


@st.cache_data(max_entries=64, show_spinner=False)
def compute(**settings):
    return run_unroll(UnrollConfig(**settings))


@st.cache_resource(show_spinner=False)
def problem_type_figure(name):
    """Static diagrams: built once per server (Plotly figure construction is the slow part)."""
    return unrolled_graph(PROBLEM_TYPES[name], weight_labels=False, height=230)


@st.cache_data(max_entries=64, show_spinner=False)
def compute_state_space(**settings):
    return state_space(UnrollConfig(**settings))


try:
    result = compute(**asdict(config))
except InputError as error:
    ui.show_input_error(error)
    result = None

if result is not None:
    inputs = result.inputs
    if inputs.skipped:
        st.warning(tr("unroll.warn_skipped", chars=" ".join(inputs.skipped)))
    if inputs.truncated_from:
        st.warning(tr("unroll.warn_truncated", n=inputs.truncated_from, cap=MAX_STEPS))
    if result.overflow_step is not None:
        st.error(tr("unroll.warn_overflow", t=result.overflow_step))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(tr("unroll.metric.sigma"), f"{result.sigma_max:.3f}", help=tr("unroll.metric_help"))
    m2.metric(
        tr("unroll.metric.rho"), f"{result.spectral_radius:.3f}", help=tr("unroll.metric_help")
    )
    m3.metric(tr("unroll.metric.steps"), result.steps)
    m4.metric(tr("unroll.metric.params"), f"{result.parameter_count:,}")

    tab_steps, tab_types, tab_space, tab_anatomy = st.tabs(
        [
            tr("unroll.tab.steps"),
            tr("unroll.tab.types"),
            tr("unroll.tab.space"),
            tr("unroll.tab.anatomy"),
        ]
    )
    playing_key = view.key("playing")
    T = result.steps
    if view["t"] > T - 1:
        view.set("t", T - 1)

    def move(delta=None, to=None):
        view.set("t", to if to is not None else min(max(view["t"] + delta, 0), T - 1))

    def toggle_play():
        st.session_state[playing_key] = not st.session_state.get(playing_key, False)
        if view["t"] >= T - 1:
            view.set("t", 0)

    def step_view():
        if st.session_state.get(playing_key):  # while playing, each rerun is one step
            if view["t"] < T - 1:
                view.set("t", view["t"] + 1)
            else:
                st.session_state[playing_key] = False
                st.rerun()
        b1, b2, b3, b4, slider = st.columns([1.2, 1.3, 1.2, 1.1, 3.5])
        playing = st.session_state.get(playing_key, False)
        b1.button(
            tr("unroll.reset"),
            on_click=move,
            kwargs={"to": 0},
            width="stretch",
            icon=":material/first_page:",
        )
        b2.button(
            tr("unroll.prev"),
            on_click=move,
            kwargs={"delta": -1},
            width="stretch",
            icon=":material/chevron_left:",
        )
        b3.button(
            tr("unroll.pause") if playing else tr("unroll.play"),
            on_click=toggle_play,
            width="stretch",
            type="primary",
            icon=":material/pause:" if playing else ":material/play_arrow:",
        )
        b4.button(
            tr("unroll.next"),
            on_click=move,
            kwargs={"delta": 1},
            width="stretch",
            icon=":material/chevron_right:",
        )
        if T > 1:
            slider.slider(tr("unroll.step"), 0, T - 1, key=view.key("t"))
        t = view["t"]
        st.markdown(tr("unroll.reads", t=t, token=inputs.tokens[t]))
        start = min(max(t - WINDOW // 2, 0), max(T - WINDOW, 0))
        shown = min(WINDOW, T)
        graph = unrolled_graph(
            GraphLayout(shown, (True,) * shown, (True,) * shown),
            x_labels=inputs.tokens[start : start + shown],
            highlight=t - start,
            offset=start,
        )
        ui.show_figure(
            graph, name="unrolled-graph", key="unroll-graph", how_to_read=tr("unroll.graph_read")
        )
        st.markdown(f"**{tr('unroll.equations')}**")
        if config.hidden_size <= 4:
            for line in substituted_equations(result, t):
                st.latex(line)
        else:
            st.caption(tr("unroll.equations_big", h=config.hidden_size))
        rows = step_table(result, t)
        table = pd.DataFrame(rows, index=[f"unit {i}" for i in range(config.hidden_size)]).T.round(
            4
        )
        left, right = st.columns([1, 1])
        with left:
            st.markdown(f"**{tr('unroll.table')}**")
            st.dataframe(table, width="stretch")
            st.caption(f"ℹ️ {tr('unroll.table_read')}")
            st.markdown(f"**{tr('unroll.output')}**")
            guesses = output_distribution(result, t)
            if guesses:
                st.markdown(
                    tr(
                        "unroll.output_probs",
                        guesses=", ".join(f"'{tok}' {p:.0%}" for tok, p in guesses),
                    )
                )
            else:
                st.markdown(tr("unroll.output_value", value=f"{result.output[t, 0]:.3f}"))
        with right:
            read = "unroll.bars_read_rnn" if cell == "rnn" else "unroll.bars_read_gated"
            ui.show_figure(
                step_bars(rows, cell, tr("unroll.bars_title")),
                name="step-values",
                data=table.reset_index(names="quantity"),
                key="unroll-bars",
                how_to_read=tr(read),
            )
        heat = hidden_heatmap(result.hidden, t, inputs.tokens, tr("unroll.heatmap_title"))
        hidden_data = pd.DataFrame(
            result.hidden[: t + 1], columns=[f"h[{i}]" for i in range(config.hidden_size)]
        )
        hidden_data.insert(0, "token", inputs.tokens[: t + 1])
        ui.show_figure(
            heat,
            name="hidden-states",
            data=hidden_data,
            key="unroll-heat",
            how_to_read=tr("unroll.heatmap_read"),
        )
        view.sync()

    with tab_steps:
        step_view()

    with tab_types:
        st.markdown(tr("unroll.types_intro"))
        columns = st.columns(2)
        for index, name in enumerate(PROBLEM_TYPES):
            with columns[index % 2]:
                st.markdown(
                    f"**{tr(f'unroll.type.{name}')}** — {tr(f'unroll.type.{name}.example')}"
                )
                ui.show_figure(problem_type_figure(name), name=f"type-{name}", key=f"type-{name}")

    with tab_space:
        st.markdown(tr("unroll.space_intro"))
        st.caption(tr("unroll.space_cell_note"))
        space = compute_state_space(**asdict(config))
        labels = {k: tr(f"unroll.space_{k}") for k in ("autonomous", "driven", "fixed")} | {
            "title": tr("unroll.space_title")
        }
        left, right = st.columns([3, 2])
        with left:
            ui.show_figure(
                state_space_figure(space.trajectories, space.driven, space.fixed_points, labels),
                name="state-space",
                data=pd.DataFrame(space.driven, columns=["h0", "h1"]).round(4),
                key="unroll-space",
                how_to_read=tr("unroll.space_read"),
            )
        with right:
            st.markdown(tr(f"unroll.behaviour.{space.behaviour}"))
            st.markdown(
                tr(
                    "unroll.space_eigen",
                    values=", ".join(f"{v.real:.3f}{v.imag:+.3f}i" for v in space.eigenvalues),
                )
            )

with tab_anatomy if result is not None else st.container():
    st.markdown(tr("unroll.anatomy_intro"))

    def preset(values):
        for name, value in values.items():
            view.set(name, value)

    p1, p2 = st.columns(2)
    p1.button(
        tr("unroll.anatomy.example1"),
        on_click=preset,
        args=(
            {
                "a_vocab": 10,
                "a_embed": 5,
                "a_cell": "rnn",
                "a_hidden": 3,
                "a_layers": 1,
                "a_bi": False,
                "a_dense": 0,
            },
        ),
    )
    p2.button(
        tr("unroll.anatomy.example2"),
        on_click=preset,
        args=(
            {
                "a_vocab": 256,
                "a_embed": 100,
                "a_cell": "rnn",
                "a_hidden": 20,
                "a_layers": 1,
                "a_bi": False,
                "a_dense": 10,
            },
        ),
    )
    a1, a2, a3, a4 = st.columns(4)
    a1.number_input(tr("unroll.anatomy.vocab"), 0, 100_000, key=view.key("a_vocab"))
    a1.number_input(tr("unroll.anatomy.embed"), 1, 4096, key=view.key("a_embed"))
    a2.selectbox(
        tr("unroll.cell"), CELLS, key=view.key("a_cell"), format_func=ui.labelled_options("common")
    )
    a2.number_input(tr("unroll.hidden"), 1, 4096, key=view.key("a_hidden"))
    a3.number_input(tr("unroll.anatomy.layers"), 1, 8, key=view.key("a_layers"))
    a3.toggle(tr("unroll.anatomy.bidirectional"), key=view.key("a_bi"))
    a4.number_input(tr("unroll.anatomy.dense"), 0, 100_000, key=view.key("a_dense"))
    rows = count_layers(
        AnatomySpec(
            view["a_vocab"],
            view["a_embed"],
            view["a_cell"],
            view["a_hidden"],
            view["a_layers"],
            view["a_bi"],
            view["a_dense"],
        )
    )
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
    pt, keras = totals(rows)
    st.markdown(tr("unroll.anatomy.total", pt=pt, keras=keras))
    st.caption(f"ℹ️ {tr('unroll.anatomy_read')}")
    ui.download_data(anatomy, name="parameter-counts")

view.sync()
if result is not None and st.session_state.get(view.key("playing")):
    time.sleep(0.8)  # the pace of Play; a click on Pause interrupts the wait
    st.rerun()
