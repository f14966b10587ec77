"""Gates: switch LSTM/GRU gates of a trained model and watch memory break."""

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explorer import equations, gates, ui, views
from explorer.data import gate_tasks
from explorer.data.gate_tasks import MAX_LEN, RECALL_SYMBOLS
from explorer.errors import InputError
from explorer.figures import gates as figures
from explorer.ui import tr

TABS, SOURCES = views.GATE_TABS, views.GATE_SOURCES


def figure_labels() -> dict[str, str]:
    """Every word the Gates figures draw, in the chosen language."""
    return ui.labels(
        learned_run="gates.learned_run",
        clamped_run="gates.clamped_run",
        time="gates.time",
        units="gates.units",
        target="gates.target",
        probability="gates.probability",
        count_axis="gates.count_axis",
        sum_axis="gates.sum_axis",
        grad_h="gates.grad_h",
        grad_c="gates.grad_c",
        grad_axis="gates.grad_axis",
        chance="gates.chance",
        clamped_tag="gates.clamped_tag",
        belt_lstm="gates.belt_label",
        belt_gru="gates.belt_label_gru",
        diagram_title="gates.diagram_title",
        ablation_learned="gates.ablation.learned",
        ablation_coupled="gates.ablation.coupled",
        ablation_setting="gates.ablation.setting",
        ablation_accuracy="gates.ablation.accuracy",
        ablation_loss="gates.ablation.loss",
        ablation_drop="gates.ablation.drop",
        mode_open="gates.mode.open",
        mode_closed="gates.mode.closed",
        gate_input="gates.gate.input",
        gate_forget="gates.gate.forget",
        gate_cell="gates.gate.cell",
        gate_output="gates.gate.output",
        gate_reset="gates.gate.reset",
        gate_update="gates.gate.update",
        gate_new="gates.gate.new",
        short_input="gates.short.input",
        short_forget="gates.short.forget",
        short_cell="gates.short.cell",
        short_output="gates.short.output",
        short_reset="gates.short.reset",
        short_update="gates.short.update",
        short_new="gates.short.new",
    )


view = ui.ViewState("gates", views.params("gates"))


@st.cache_resource(show_spinner=False)
def load(task: str, cell: str, coupled: bool = False) -> gates.GateModel:
    return gates.load_gate_model(task, cell, coupled)  # shared and read-only


@st.cache_data(show_spinner=False)
def ablation(task: str, cell: str) -> pd.DataFrame:
    return gates.ablation_table(load(task, cell))


@st.cache_data(show_spinner=False)
def delay_reading(task: str, cell: str) -> dict:
    return gates.recall_delay_reading(load(task, cell))


@st.cache_data(show_spinner=False)
def quality(task: str, cell: str, clamp: dict) -> dict:
    return gates.evaluate(load(task, cell), clamp, n=300)


def edit(text: str) -> None:
    view.set("text", text)
    view.set("source", "custom")


def show(fig: go.Figure, name: str, how_to_read: str, data: object = None) -> None:
    ui.show_figure(fig, name=f"gates-{name}", data=data, how_to_read=how_to_read)


def pick(
    widget: Callable,
    name: str,
    choices: Sequence[str],
    options: Callable[[str], str],
    label: str,
    **extra: object,
) -> str:
    """A choice widget bound to the URL, its options shown through ``options`` (a format_func)."""
    return widget(label, choices, key=view.key(name), format_func=options, **extra)


ui.page_header("gates")
labels = figure_labels()
left, middle, right = st.columns([1, 1.3, 2.7])
cell_names = ui.labelled_options("common", gates.CELL_NAMES)
cell = pick(left.radio, "cell", gates.CELL_NAMES, cell_names, tr("gates.cell"), horizontal=True)
task_names = ui.labelled_options("gates.task", gates.TASK_NAMES)
task = pick(middle.selectbox, "task", gates.TASK_NAMES, task_names, tr("gates.task"))
about = ui.labelled_options("gates.about", gates.TASK_NAMES)(task)
right.info(
    about.format(  # only the adding problem's note has numbers: both criteria, both chances
        ours=gate_tasks.ADDING_TOLERANCE,
        theirs=gate_tasks.HS_TOLERANCE_ON_SUM,
        chance_ours=f"{gate_tasks.adding_chance_accuracy():.1%}",
        chance_theirs=f"{gate_tasks.adding_chance_accuracy(gate_tasks.HS_TOLERANCE_ON_SUM):.1%}",
    )
)
left, middle, right = st.columns([1, 1.3, 2.7])
source_names = ui.labelled_options("gates.source", SOURCES)
source = pick(left.radio, "source", SOURCES, source_names, tr("gates.source"))
if source == "generated":
    middle.slider(tr("gates.length"), 4, 40, key=view.key("length"))
    middle.number_input(tr("gates.sample"), 0, 9999, step=1, key=view.key("sample"))
    text = gates.example_text(task, ui.seed() * 10_000 + view["sample"], view["length"])
    right.code(text, language=None, wrap_lines=True)
    right.button(tr("gates.edit"), on_click=edit, args=(text,), key="gates.edit_button")
else:
    text = right.text_area(tr("gates.text"), key=view.key("text"), height=90)

st.subheader(tr("gates.switches"))
names, settings = gates.GATES[cell], {}
mode_names = ui.labelled_options("gates.mode", gates.MODES)
for column, name in zip(st.columns(len(names)), names, strict=True):
    label = labels[f"gate_{name}"]
    mode = pick(column.selectbox, f"mode_{name}", gates.MODES, mode_names, label)
    if mode == "constant":
        column.slider(
            tr("gates.value"), gates.LOWEST[name], 1.0, step=0.05, key=view.key(f"value_{name}")
        )
    settings[name] = gates.GateSetting(mode, view[f"value_{name}"])
steps_help = tr("gates.steps_help")
steps = st.slider(tr("gates.steps"), 0, MAX_LEN - 1, key=view.key("steps"), help=steps_help)

batch = None
try:
    model = load(task, cell)
    clamp = gates.build_clamp(settings, steps)
    batch = gates.parse_sequence(task, text)
except InputError as error:
    ui.show_input_error(error)

if batch is not None:
    learned, clamped = gates.run(model, batch), gates.run(model, batch, clamp)
    metrics, fresh, shade = model.metrics, quality(task, cell, clamp), steps if clamp else None
    if not clamp:
        st.caption(tr("gates.no_clamp"))
    chance_text = f"{tr('gates.chance')}: {metrics['chance_accuracy']:.1%}"
    chance = {"delta": chance_text, "delta_arrow": "off", "delta_color": "off"}
    fresh_data = {"n": metrics["eval_sequences"], "length": metrics["eval_length"]}
    quality_help = tr("gates.model_quality_help", **fresh_data)
    trained_col, clamped_col, answer_col = st.columns(3)
    trained_col.metric(
        tr("gates.model_quality"), f"{metrics['accuracy']:.1%}", **chance, help=quality_help
    )
    clamped_col.metric(tr("gates.clamped_quality"), f"{fresh['accuracy']:.1%}", **chance)
    answers = gates.answers(task, learned, clamped)
    answer_col.metric(tr("gates.answer"), tr("gates.answer_value", **answers))
    losses = {"learned": learned.loss, "clamped": clamped.loss}
    answer_col.caption(tr("gates.loss_value", target=answers["target"], **losses))

    view.set("step", min(view["step"], len(learned.tokens) - 1))  # the sequence may have shrunk
    view.set("unit", min(view["unit"], model.hidden_size - 1))
    left, right = st.columns(2)
    last = len(learned.tokens) - 1  # a one-step sequence has no step to choose
    t = left.slider(tr("gates.step"), 0, last, key=view.key("step")) if last else 0
    unit = right.slider(tr("gates.belt_unit"), 0, model.hidden_size - 1, key=view.key("unit"))

    tab, panel = view.tabs(TABS, "gates.tab")
    with panel:
        if tab == "gates":
            fig = figures.activations_figure(learned, clamped, labels, shade, set(clamp))
            show(fig, "activations", tr("gates.read.gates"), gates.run_table(learned, clamped))
            if task == "recall":  # what this model does over the delay, measured, not assumed
                reading = delay_reading(task, cell)
                sample = {"n": gates.ABLATION_N, "length": gates.EVAL_LENGTH}
                if cell == "lstm":
                    st.caption(tr("gates.read.recall_lstm", **sample, **reading))
                else:
                    st.caption(tr("gates.read.recall_gru", **sample, **reading))
        elif tab == "states":
            heat, belt = figures.states_figures(learned, clamped, unit, labels, shade)
            read = tr("gates.read.states") if cell == "lstm" else tr("gates.read.states_gru")
            show(heat, "states", read)
            show(belt, "belt", tr("gates.read.belt"))
        elif tab == "prediction":
            fig = figures.answer_figure(task, learned, clamped, labels, list(RECALL_SYMBOLS))
            show(fig, "prediction", tr("gates.read.prediction"))
        elif tab == "gradient":
            flows = gates.gradient_flow(model, batch), gates.gradient_flow(model, batch, clamp)
            fig = figures.flow_figure(learned.tokens, *flows, labels, shade)
            show(fig, "gradient-flow", tr("gates.read.gradient"), gates.flow_table(*flows))
        elif tab == "step":
            values, forced = gates.step_values(model, clamped, t, unit), gates.clamped_at(clamp, t)
            fig = figures.step_diagram(cell, values, forced, labels)
            show(fig, "cell-diagram", tr("gates.read.diagram"), values)
            for line in equations.unit_equations(cell, values, forced, tr("gates.clamped_to")):
                st.latex(line)
            if cell == "gru":
                st.info(tr("gates.gru_note"))
        elif tab == "ablation":
            st.markdown(tr("gates.ablation_intro", n=600, length=gates.EVAL_LENGTH))
            table = ablation(task, cell)
            st.dataframe(figures.ablation_frame(table, labels), hide_index=True)
            fig = figures.ablation_bars(table, metrics["chance_accuracy"], labels)
            show(fig, "ablation", tr("gates.read.ablation"), table)
            if cell == "lstm":  # Greff et al. retrained the coupled variant: so did we
                cifg = load(task, cell, coupled=True).metrics["accuracy"]
                st.info(tr("gates.cifg", cifg=f"{cifg:.1%}", full=f"{metrics['accuracy']:.1%}"))
view.sync()
