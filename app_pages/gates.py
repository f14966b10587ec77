"""Gates: switch LSTM/GRU gates of a trained model and watch memory break."""

import streamlit as st

from explorer import gates, ui
from explorer.data.gate_tasks import MAX_LEN, RECALL_SYMBOLS
from explorer.errors import InputError
from explorer.figures import gates as figures
from explorer.ui import tr

TABS = ("gates", "states", "prediction", "gradient", "step", "ablation")
view = ui.ViewState("gates", gates.page_params())


@st.cache_resource(show_spinner=False)
def load(task: str, cell: str, coupled: bool = False) -> gates.GateModel:
    return gates.load_gate_model(task, cell, coupled)  # shared and read-only


@st.cache_data(show_spinner=False)
def ablation(task: str, cell: str):
    return gates.ablation_table(load(task, cell))


@st.cache_data(show_spinner=False)
def quality(task: str, cell: str, clamp: dict) -> dict:
    return gates.evaluate(load(task, cell), clamp, n=300)


def edit(text: str) -> None:
    view.set("text", text)
    view.set("source", "custom")


def show(fig, name: str, read: str, data=None) -> None:
    ui.show_figure(fig, name=f"gates-{name}", data=data, how_to_read=tr(f"gates.read.{read}"))


def pick(widget, name: str, choices, prefix: str, label: str | None = None, **extra):
    """A choice widget bound to the URL, its options shown as the UI strings ``<prefix>.<option>``."""
    options = ui.labelled_options(prefix, choices)
    label = label or tr(f"gates.{name}")
    return widget(label, choices, key=view.key(name), format_func=options, **extra)


ui.page_header("gates")
left, middle, right = st.columns([1, 1.3, 2.7])
cell = pick(left.radio, "cell", gates.CELL_NAMES, "common", horizontal=True)
task = pick(middle.selectbox, "task", gates.TASK_NAMES, "gates.task")
right.info(tr(f"gates.about.{task}"))
left, middle, right = st.columns([1, 1.3, 2.7])
source = pick(left.radio, "source", gates.SOURCES, "gates.source")
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
for column, name in zip(st.columns(len(names)), names, strict=True):
    label = tr(f"gates.gate.{name}")
    mode = pick(column.selectbox, f"mode_{name}", gates.MODES, "gates.mode", label)
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
    a, b, c = st.columns(3)
    a.metric(tr("gates.model_quality"), f"{metrics['accuracy']:.1%}", **chance, help=quality_help)
    b.metric(tr("gates.clamped_quality"), f"{fresh['accuracy']:.1%}", **chance)
    answers = gates.answers(task, learned, clamped)
    c.metric(tr("gates.answer"), tr("gates.answer_value", **answers))
    losses = {"learned": learned.loss, "clamped": clamped.loss}
    c.caption(tr("gates.loss_value", target=answers["target"], **losses))

    view.set("step", min(view["step"], len(learned.tokens) - 1))  # the sequence may have shrunk
    view.set("unit", min(view["unit"], model.hidden_size - 1))
    left, right = st.columns(2)
    last = len(learned.tokens) - 1  # a one-step sequence has no step to choose
    t = left.slider(tr("gates.step"), 0, last, key=view.key("step")) if last else 0
    unit = right.slider(tr("gates.belt_unit"), 0, model.hidden_size - 1, key=view.key("unit"))

    # lazy tabs: only the open tab computes and draws, so a toggle re-runs quickly
    tabs = st.tabs([tr(f"gates.tab.{k}") for k in TABS], key="gates.tab", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            fig = figures.activations_figure(learned, clamped, tr, shade, set(clamp))
            show(fig, "activations", "gates", gates.run_table(learned, clamped))
    if tabs[1].open:
        with tabs[1]:
            heat, belt = figures.states_figures(learned, clamped, unit, tr, shade)
            show(heat, "states", "states" if cell == "lstm" else "states_gru")
            show(belt, "belt", "belt")
    if tabs[2].open:
        with tabs[2]:
            fig = figures.answer_figure(task, learned, clamped, tr, list(RECALL_SYMBOLS))
            show(fig, "prediction", "prediction")
    if tabs[3].open:
        with tabs[3]:
            flows = gates.gradient_flow(model, batch), gates.gradient_flow(model, batch, clamp)
            fig = figures.flow_figure(learned.tokens, *flows, tr, shade)
            show(fig, "gradient-flow", "gradient", gates.flow_table(*flows))
    if tabs[4].open:
        with tabs[4]:
            values, forced = gates.step_values(model, clamped, t, unit), gates.clamped_at(clamp, t)
            show(figures.step_diagram(cell, values, forced, tr), "cell-diagram", "diagram", values)
            for line in gates.step_equations(cell, values, forced, tr("gates.clamped_to")):
                st.latex(line)
            if cell == "gru":
                st.info(tr("gates.gru_note"))
    if tabs[5].open:
        with tabs[5]:
            st.markdown(tr("gates.ablation_intro", n=600, length=gates.EVAL_LENGTH))
            table = ablation(task, cell)
            st.dataframe(figures.ablation_frame(table, tr), hide_index=True)
            fig = figures.ablation_bars(table, metrics["chance_accuracy"], tr)
            show(fig, "ablation", "ablation", table)
            if cell == "lstm":  # Greff et al. retrained the coupled variant: so did we
                cifg = load(task, cell, coupled=True).metrics["accuracy"]
                st.info(tr("gates.cifg", cifg=f"{cifg:.1%}", full=f"{metrics['accuracy']:.1%}"))
view.sync()
