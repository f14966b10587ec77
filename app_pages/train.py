"""Train live: pick a task, a model and settings, then watch it train. The session's runs, their
budget and the server-wide slots live in ``explorer.training.TrainSession``; this page renders it.
Training runs on worker processes: the page submits, pauses and draws what comes back. The runs
are kept under a token in the URL (``?runs=``), so a reload restores them."""

import math

import streamlit as st

from explorer import training, ui, views
from explorer.checkpoints import checkpoint_bytes, load_checkpoint
from explorer.data import series, text
from explorer.errors import InputError
from explorer.figures import train as figures
from explorer.ui import tr

CELLS, HIDDEN, LRS = views.TRAIN_CELLS, views.HIDDEN_SIZES, views.LEARNING_RATES
view = ui.ViewState("train", views.params("train"))
ui.page_header("train")
state = st.session_state
session = training.browser_session(state, figures.RUN_COLORS)
training.workers.warm()  # the worker processes come up while the student picks settings
if not state.get("train._restore_checked"):  # once per session: the runs of a reloaded page
    state["train._restore_checked"] = True
    token = st.query_params.get("runs")
    if not session.runs and training.valid_token(token) and (restored := session.restore(token)):
        st.toast(tr("workers.restored", n=restored))
if st.query_params.get("runs") != session.token:
    st.query_params["runs"] = session.token


@st.cache_resource(max_entries=16, show_spinner=False)
def get_task(spec: training.TaskSpec, upload: bytes | None, column: str | None) -> training.Task:
    if spec.task == "forecast" and spec.source == "csv":
        values = series.csv_column(series.read_csv(upload), column, spec.window)
        return training.make_task(spec, values)
    return training.make_task(spec, text.decode_upload(upload) if upload else None)


task: training.Task | None = None
upload: bytes | None = None
column: str | None = None
c1, c2, c3 = st.columns(3, gap="large")
with c1:
    st.subheader(tr("train.h_task"))
    name = st.selectbox(
        tr("train.task"),
        training.TASKS,
        format_func=ui.labelled_options("train.task"),
        key=view.key("task"),
    )
    st.caption(ui.labelled_options("train.about")(name))
    if name == "forecast":
        st.selectbox(
            tr("train.source"),
            series.SOURCES,
            format_func=ui.labelled_options("train.source"),
            key=view.key("source"),
        )
        st.slider(tr("train.window"), 4, 100, key=view.key("window"))
    uploader = None
    if name == "forecast" and view["source"] == "csv":
        uploader = st.file_uploader(tr("train.csv_upload"), type=["csv"], key="train.forecast")
    elif name == "charlm":
        uploader = st.file_uploader(tr("train.txt_upload"), type=["txt"], key="train.charlm")
    if uploader:
        upload = uploader.getvalue()
    try:
        if upload and name == "forecast":
            frame = series.read_csv(upload)
            choices = series.numeric_columns(frame) or list(frame.columns)
            column = st.selectbox(tr("train.csv_column"), choices, key="train.csv_column")
    except InputError as error:
        ui.show_input_error(error)
    if name == "adding":
        st.slider(tr("train.length"), 10, 200, key=view.key("length"))
    if name == "copy":
        st.slider(tr("train.delay"), 1, 100, key=view.key("delay"))
        st.slider(tr("train.symbols"), 2, 8, key=view.key("symbols"))
with c2:
    st.subheader(tr("train.h_model"))
    cells = CELLS if name == "forecast" else CELLS[:4]
    if state[view.key("cell")] not in cells:
        state[view.key("cell")] = "lstm"
    hidden_size = state[view.key("hidden")]  # a link may hold any size: the nearest offered one
    state[view.key("hidden")] = min(HIDDEN, key=lambda size: abs(size - hidden_size))
    st.selectbox(
        tr("train.cell"),
        cells,
        format_func=ui.labelled_options("train.cell"),
        key=view.key("cell"),
    )
    st.select_slider(tr("train.hidden"), HIDDEN, key=view.key("hidden"))
    st.slider(tr("train.layers"), 1, 3, key=view.key("layers"))
    st.slider(tr("train.dropout"), 0.0, 0.5, step=0.05, key=view.key("dropout"))
    st.toggle(
        tr("train.bidir"),
        key=view.key("bidir"),
        disabled=name == "charlm" or view["cell"] == "mlp",
        help=tr("train.bidir_off") if name == "charlm" else None,
    )
with c3:
    st.subheader(tr("train.h_training"))
    st.segmented_control(
        tr("train.optimizer"),
        training.OPTIMIZERS,
        format_func=ui.labelled_options("train.opt"),
        key=view.key("opt"),
        required=True,
    )
    st.select_slider(tr("train.lr"), LRS, key=view.key("lr"))
    st.slider(tr("train.batch"), 4, 128, key=view.key("batch"))
    st.slider(tr("train.clip"), 0.0, 10.0, step=0.25, key=view.key("clip"))
    if name == "charlm":
        st.slider(tr("train.bptt"), 8, 128, key=view.key("bptt"))
    st.number_input(tr("train.steps"), 10, training.MAX_STEPS, step=100, key=view.key("steps"))
    st.caption(tr("train.caps", seconds=training.MAX_SECONDS))
view.sync()

spec = training.TaskSpec(
    name, view["source"], view["window"], view["length"], view["delay"], view["symbols"], ui.seed()
)
model_spec = training.ModelSpec(
    view["cell"], view["hidden"], view["layers"], view["bidir"], view["dropout"]
)
settings = training.TrainSettings(
    view["opt"], float(view["lr"]), view["batch"], view["clip"], view["bptt"], view["steps"]
)
try:
    if name == "forecast" and view["source"] == "csv" and column is None:
        if upload is None:
            st.info(tr("train.csv_needed"))
    else:
        task_upload = upload if name == "charlm" or view["source"] == "csv" else None
        task = get_task(spec, task_upload, column)
        if name == "charlm" and upload:
            st.caption(tr("train.text_custom", chars=len(task.text), vocab=len(task.vocab)))
        elif name == "charlm":
            st.caption(tr("train.text_default", chars=len(task.text), vocab=len(task.vocab)))
except InputError as error:
    ui.show_input_error(error)

if session.exhausted:
    st.warning(tr("train.session_cap", minutes=training.SESSION_SECONDS / 60), icon="⏱")
    task = None
short = ui.labelled_options("train.short")  # run labels: "#3 LSTM"
session.sample = (view["temp"], ui.seed()) if name == "charlm" else None
buttons = st.columns([1, 1, 1, 1, 2])
busy = session.busy  # lecture mode: Space is Start while idle and Pause while training
space = "Space"
if buttons[0].button(
    tr("train.start"),
    key="train_start",
    type="primary",
    disabled=task is None,
    width="stretch",
    shortcut=None if busy else space,
):
    session.start(task, model_spec, settings, short(model_spec.cell))
if buttons[1].button(
    tr("train.pause"), key="train_pause", width="stretch", shortcut=space if busy else None
):
    session.pause()
if buttons[2].button(tr("train.step", n=10), disabled=task is None, width="stretch"):
    session.step(task, model_spec, settings, short(model_spec.cell), n=10)
if buttons[3].button(tr("train.reset"), width="stretch"):
    session.reset()
if buttons[4].button(
    tr("train.compare"),
    key="train_compare",
    disabled=task is None,
    help=tr("train.compare_help"),
    width="stretch",
):
    compared = ("rnn_tanh", "lstm", "gru") + (("mlp",) if name == "forecast" else ())
    session.compare(task, model_spec, settings, {cell: short(cell) for cell in compared})
if session.busy != busy:
    st.rerun()  # Space moves to the other button (the live fragment does not redraw these)
if session.refused:
    st.warning(
        tr("workers.too_slow", seconds=session.refused, limit=training.STEP_LIMIT), icon="🐢"
    )
if session.dropped:
    labels_dropped = ", ".join(session.dropped)
    st.info(tr("workers.dropped", n=training.SESSION_RUNS, labels=labels_dropped))
labels = ui.labels(
    train="train.w_train",
    val="train.w_val",
    step="train.w_step",
    loss="train.w_loss",
    before="train.w_before",
    after="train.w_after",
    clip="train.w_clip",
    norm="train.w_norm",
    history="train.w_history",
    truth="train.w_truth",
    last_value="train.w_last_value",
    ar="train.w_ar",
    model="train.w_model",
    split="train.w_split",
    time="train.w_time",
    value="train.w_value",
    perfect="train.w_perfect",
    mean="train.w_mean",
    shown="train.w_shown",
    recalled="train.w_recalled",
    position="train.w_position",
    unit="train.w_unit",
    legend="train.w_legend",
)
how_to_read_view = {
    "forecast": tr("train.read_forecast"),
    "adding": tr("train.read_adding"),
    "copy": tr("train.read_copy"),
}


def baselines(task: training.Task) -> dict[str, float]:
    """The task's loss levels, named in the chosen language (the n-gram with its order)."""
    names = ui.labelled_options("train.base")
    ngram = f" (n={task.ngram()[0]})" if task.name == "charlm" else ""
    return {
        names(base) + (ngram if base == "ngram" else ""): level
        for base, level in task.baselines().items()
    }


waiting = session.busy and session.position > 0
refresh = training.WAIT_SECONDS if waiting else training.REFRESH_SECONDS


@st.fragment(run_every=refresh if session.busy else None)
def live() -> None:
    try:
        result = session.tick()  # apply what the worker reported, keep it fed, then draw
    except InputError as error:
        ui.show_input_error(error)
        result = "idle"
    if result in ("finished", "refused") or (result == "waiting") != waiting:
        st.rerun()  # buttons, downloads and the refresh rate follow the new state
    if result == "waiting":
        capacity = session.slots.capacity
        st.warning(tr("workers.queued", position=session.position, capacity=capacity), icon="⏳")
    run = session.shown()
    if run is None:  # before any run: the levels a model has to beat
        st.info(tr("train.nothing"))
        if task is not None:
            fig = figures.loss_figure([], baselines(task), labels)
            ui.show_figure(fig, name="train-baselines", how_to_read=tr("train.read_baselines"))
        return
    keep = None if session.active else True  # data downloads only when paused: no CSV per refresh
    trainer = run.trainer
    metrics = st.columns(4)
    metrics[0].metric(tr("train.m_step"), f"{trainer.steps:,} / {trainer.settings.max_steps:,}")
    metrics[1].metric(tr("train.m_rate"), f"{trainer.steps_per_second:.0f}")
    val_loss = trainer.last("val_loss")  # nan until the worker measured step 0
    metrics[2].metric(tr("train.m_val"), "–" if math.isnan(val_loss) else f"{val_loss:.4f}")
    metrics[3].metric(tr("train.m_wall"), f"{trainer.seconds:.1f} s")
    status = ui.labelled_options("train.status")(session.status(run))
    st.progress(training.progress(run), text=f"{run.label} · {status}")
    if trainer.diverged:
        st.error(tr("train.diverged"))
    same = [r for r in session.runs if r.task is run.task]
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{tr('train.loss_title')}**")
        fig = figures.loss_figure(training.loss_curves(same), baselines(run.task), labels)
        ui.show_figure(
            fig,
            name="train-loss",
            data=keep and training.evals_frame(same),
            how_to_read=tr("train.read_loss"),
        )
    with right:
        st.markdown(f"**{tr('train.grad_title')}**")
        history = trainer.history
        fig = figures.grad_figure(
            history["step"],
            history["grad_norm"],
            history["grad_norm_clipped"],
            trainer.settings.clip,
            labels,
        )
        ui.show_figure(fig, name="train-grad", how_to_read=tr("train.read_grad"))
    left, right = st.columns([3, 2])
    kind, shown = run.task.name, run.view()
    with left:
        st.markdown(f"**{tr('train.view_title')}** · {run.label}")
        if kind in how_to_read_view:
            fig = run.cached(
                "view-fig",
                lambda: figures.task_figure(kind, shown, labels),
                (id(shown), ui.lang()),
                math.inf,
            )
            data = keep and figures.task_data(kind, shown)
            ui.show_figure(fig, name=f"train-{kind}", data=data, how_to_read=how_to_read_view[kind])
        elif kind == "tagging":
            st.html(figures.tagging_html(shown["sentences"], labels))
            st.caption(f"ℹ️ {tr('train.read_tagging')}")
            if keep:
                ui.download_data(shown, name="train-tagging")
        else:
            st.slider(tr("train.temperature"), 0.1, 2.0, step=0.1, key=view.key("temp"))
            st.code(run.sample(view["temp"], ui.seed()), language=None, wrap_lines=True)
            st.caption(f"ℹ️ {tr('train.read_samples')}")
    with right:
        st.markdown(f"**{tr('train.hidden_title')}**")
        if (probe := run.hidden()) is None:
            st.info(tr("train.no_hidden"))
        else:
            hidden, step_names = probe
            table = keep and figures.hidden_table(hidden, step_names)
            fig = run.cached(
                "hidden-fig",
                lambda: figures.hidden_heatmap(hidden, step_names, labels),
                (id(probe), ui.lang()),
                math.inf,
            )
            ui.show_figure(
                fig, name="train-hidden", data=table, how_to_read=tr("train.read_hidden")
            )
        if probe is not None and kind == "charlm":
            state[view.key("unit")] = min(state[view.key("unit")], hidden.shape[0] - 1)
            unit = st.number_input(tr("train.unit"), 0, hidden.shape[0] - 1, key=view.key("unit"))
            st.html(figures.colored_text_html(step_names, hidden[unit].tolist()))
            st.caption(f"ℹ️ {tr('train.read_unit')}")


live()
if session.runs:
    st.caption(tr("workers.link"))
st.markdown(f"**{tr('train.runs_title')}**")
if session.runs:
    table = training.runs_table(session.runs)
    status_name = ui.labelled_options("train.status")
    table["status"] = [status_name(session.status(run)) for run in session.runs]
    st.dataframe(table.rename(columns=ui.labelled_options("train.col")), hide_index=True)
d1, d2 = st.columns(2)
if session.runs and not session.active:
    payload = checkpoint_bytes(*training.run_checkpoint(session.runs[-1]))
    d1.download_button(
        tr("train.download_model"), payload, "rnn-explorer-train.pt", on_click="ignore"
    )
file = d2.file_uploader(
    tr("train.upload_model"), type=["pt"], key="train.pt", disabled=task is None
)
if file and session.loaded != file.file_id:
    try:
        loaded = session.upload(load_checkpoint(file.getvalue()), task, file.file_id)
        d2.success(tr("train.upload_ok", label=loaded.label))
    except InputError as error:
        with d2:
            ui.show_input_error(error)
