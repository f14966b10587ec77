import math
import time
import uuid
from dataclasses import replace

import streamlit as st

from explorer import training as T
from explorer import ui
from explorer.checkpoints import checkpoint_bytes, load_checkpoint
from explorer.data import series, text
from explorer.errors import InputError
from explorer.figures import train as F
from explorer.state import bool_param, choice_param, float_param, int_param
from explorer.ui import tr

CELLS, HIDDEN = ["rnn_tanh", "rnn_relu", "lstm", "gru", "mlp"], [4, 8, 16, 32, 64, 128, 256]
LRS = ["0.0003", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1.0"]
PARAMS = [
    choice_param("task", "adding", T.TASKS),
    choice_param("source", "sines_noise", series.SOURCES),
    int_param("window", 20, 4, 100),
    int_param("length", 50, 10, 200),
    int_param("delay", 10, 1, 100),
    int_param("symbols", 4, 2, 8),
    choice_param("cell", "lstm", CELLS),
    int_param("hidden", 32, 4, 256),
    int_param("layers", 1, 1, 3),
    bool_param("bidir", False),
    float_param("dropout", 0.0, 0.0, 0.5),
    choice_param("opt", "adam", T.OPTIMIZERS),
    choice_param("lr", "0.003", LRS),
    int_param("batch", 32, 4, 128),
    float_param("clip", 1.0, 0.0, 10.0),
    int_param("bptt", 32, 8, 128),
    int_param("steps", 3000, 10, T.MAX_STEPS),
    float_param("temp", 0.8, 0.1, 2.0),
    int_param("unit", 0, 0, 511),
]
view = ui.ViewState("train", PARAMS)
ui.page_header("train")
S, k, opts = st.session_state, view.key, ui.labelled_options
runs: list[T.Run] = S.setdefault("train.runs", [])
S.setdefault("train.active", []), S.setdefault("train.owner", uuid.uuid4().hex)


@st.cache_resource(max_entries=16, show_spinner=False)
def get_task(spec: T.TaskSpec, upload: bytes | None, column: str | None) -> T.Task:
    if spec.task == "forecast" and spec.source == "csv":
        return T.make_task(spec, series.csv_column(series.read_csv(upload), column, spec.window))
    return T.make_task(spec, text.decode_upload(upload) if upload else None)


task, upload, column = None, None, None
c1, c2, c3 = st.columns(3, gap="large")
with c1:
    st.subheader(tr("train.h_task"))
    name = st.selectbox(tr("train.task"), T.TASKS, format_func=opts("train.task"), key=k("task"))
    st.caption(tr(f"train.about_{name}"))
    if name == "forecast":
        st.selectbox(
            tr("train.source"), series.SOURCES, format_func=opts("train.source"), key=k("source")
        )
        st.slider(tr("train.window"), 4, 100, key=k("window"))
    kinds = (
        {"forecast": ["csv"], "charlm": ["txt"]}.get(name)
        if view["source"] == "csv" or name == "charlm"
        else None
    )
    if kinds and (
        file := st.file_uploader(tr(f"train.{kinds[0]}_upload"), type=kinds, key=f"train.{name}")
    ):
        upload = file.getvalue()
    try:
        if upload and name == "forecast":
            frame = series.read_csv(upload)
            choices = series.numeric_columns(frame) or list(frame.columns)
            column = st.selectbox(tr("train.csv_column"), choices, key="train.csv_column")
    except InputError as error:
        ui.show_input_error(error)
    if name == "adding":
        st.slider(tr("train.length"), 10, 200, key=k("length"))
    if name == "copy":
        st.slider(tr("train.delay"), 1, 100, key=k("delay"))
        st.slider(tr("train.symbols"), 2, 8, key=k("symbols"))
with c2:
    st.subheader(tr("train.h_model"))
    cells = CELLS if name == "forecast" else CELLS[:4]
    S[k("cell")] = S[k("cell")] if S[k("cell")] in cells else "lstm"
    S[k("hidden")] = min(
        HIDDEN, key=lambda size: abs(size - S[k("hidden")])
    )  # a link may hold any size
    st.selectbox(tr("train.cell"), cells, format_func=opts("train.cell"), key=k("cell"))
    st.select_slider(tr("train.hidden"), HIDDEN, key=k("hidden"))
    st.slider(tr("train.layers"), 1, 3, key=k("layers"))
    st.slider(tr("train.dropout"), 0.0, 0.5, step=0.05, key=k("dropout"))
    lm_help = tr("train.bidir_off") if name == "charlm" else None
    st.toggle(
        tr("train.bidir"),
        key=k("bidir"),
        disabled=name == "charlm" or view["cell"] == "mlp",
        help=lm_help,
    )
with c3:
    st.subheader(tr("train.h_training"))
    st.segmented_control(
        tr("train.optimizer"),
        T.OPTIMIZERS,
        format_func=opts("train.opt"),
        key=k("opt"),
        required=True,
    )
    st.select_slider(tr("train.lr"), LRS, key=k("lr"))
    st.slider(tr("train.batch"), 4, 128, key=k("batch"))
    st.slider(tr("train.clip"), 0.0, 10.0, step=0.25, key=k("clip"))
    if name == "charlm":
        st.slider(tr("train.bptt"), 8, 128, key=k("bptt"))
    st.number_input(tr("train.steps"), 10, T.MAX_STEPS, step=100, key=k("steps"))
    st.caption(tr("train.caps", seconds=T.MAX_SECONDS))
view.sync()

v = view
spec = T.TaskSpec(name, v["source"], v["window"], v["length"], v["delay"], v["symbols"], ui.seed())
model_spec = T.ModelSpec(v["cell"], v["hidden"], v["layers"], v["bidir"], v["dropout"])
settings = T.TrainSettings(v["opt"], float(v["lr"]), v["batch"], v["clip"], v["bptt"], v["steps"])
try:
    if name == "forecast" and v["source"] == "csv" and column is None:
        st.info(tr("train.csv_needed")) if upload is None else None
    else:
        task = get_task(spec, upload if name == "charlm" or v["source"] == "csv" else None, column)
        if name == "charlm":
            key = "train.text_custom" if upload else "train.text_default"
            st.caption(tr(key, chars=len(task.text), vocab=len(task.vocab)))
except InputError as error:
    ui.show_input_error(error)


S.setdefault("train.count", 0), S.setdefault("train.spent", 0.0)  # spent: seconds of dropped runs


def forget(dropped: list[T.Run]) -> None:
    S["train.spent"] += T.session_seconds(dropped)


def add_run(cell: str) -> T.Run:
    S["train.count"] += 1
    n = S["train.count"]
    label, color = f"#{n} {tr(f'train.short_{cell}')}", F.RUN_COLORS[n % 8]
    run = T.new_run(task, replace(model_spec, cell=cell), settings, label, color)
    forget(T.keep_run(runs, run, [r for r in runs if id(r) in S["train.active"]]))
    return run


last = runs[-1] if runs else None
resume = last and not last.trainer.finished and last.task is task
compared = len(S.get("train.group", [])) > 1  # a comparison ignores the cell chosen above
mine = (
    replace(last.model_spec, cell=model_spec.cell)
    if compared and last
    else last and last.model_spec
)
resume = resume and (last.uploaded or (mine, last.settings) == (model_spec, settings))
if S["train.spent"] + T.session_seconds(runs) >= T.SESSION_SECONDS:
    st.warning(tr("train.session_cap", minutes=T.SESSION_SECONDS / 60), icon="⏱")
    task = None
b = st.columns([1, 1, 1, 1, 2])
group = (
    [r for r in runs if id(r) in S.get("train.group", []) and not r.trainer.finished]
    if resume
    else []
)
if b[0].button(tr("train.start"), type="primary", disabled=task is None, width="stretch"):
    S["train.active"] = S["train.group"] = [id(r) for r in group or [add_run(model_spec.cell)]]
if b[1].button(tr("train.pause"), width="stretch"):
    S["train.active"] = []
    T.SLOTS.release(S["train.owner"])  # let a waiting session start now
if b[2].button(tr("train.step", n=10), disabled=task is None, width="stretch"):
    group = group or [add_run(model_spec.cell)]
    S["train.group"], S["train.active"] = [id(r) for r in group], []
    for run in group:
        run.trainer.run(max_steps=10)
if b[3].button(tr("train.reset"), width="stretch"):
    forget(runs), runs.clear(), S["train.active"].clear()
if b[4].button(
    tr("train.compare"), disabled=task is None, help=tr("train.compare_help"), width="stretch"
):
    compared = ("rnn_tanh", "lstm", "gru") + (("mlp",) if name == "forecast" else ())
    S["train.active"] = S["train.group"] = [id(add_run(c)) for c in compared]
words = {w: tr(f"train.w_{w}") for w in F.WORDS}


def baselines(task: T.Task) -> dict[str, float]:
    ngram = f" (n={task.ngram()[0]})" if task.name == "charlm" else ""
    return {
        tr(f"train.base_{b}") + (ngram if b == "ngram" else ""): x
        for b, x in task.baselines().items()
    }


@st.fragment(run_every=0.5 if S["train.active"] else None)
def live() -> None:
    active = [r for r in runs if id(r) in S["train.active"]]
    chunk = T.chunk_seconds(S.get("train.draw", 0.05))  # train, then draw, twice a second
    if active and (status := T.train_tick(active, S["train.owner"], chunk)) != "running":
        if status == "waiting":
            st.warning(
                tr("train.waiting", busy=T.SLOTS.busy(), capacity=T.SLOTS.capacity), icon="⏳"
            )
        else:
            S["train.active"] = []
            st.rerun()
    if not runs:  # before any run: the levels a model has to beat
        st.info(tr("train.nothing"))
        if task is not None:
            fig = F.loss_figure([], baselines(task), words)
            ui.show_figure(fig, name="train-baselines", how_to_read=tr("train.read_baselines"))
        return
    run, drawing_from = active[-1] if active else runs[-1], time.perf_counter()
    keep = None if active else True  # data downloads only when paused: no CSV per refresh
    t = run.trainer
    m = st.columns(4)
    m[0].metric(tr("train.m_step"), f"{t.steps:,} / {t.settings.max_steps:,}")
    m[1].metric(tr("train.m_rate"), f"{t.steps_per_second:.0f}")
    m[2].metric(tr("train.m_val"), f"{t.last('val_loss'):.4f}")
    m[3].metric(tr("train.m_wall"), f"{t.seconds:.1f} s")
    st.progress(
        T.progress(run), text=f"{run.label} · {tr('train.status_' + T.status(run, bool(active)))}"
    )
    if t.diverged:
        st.error(tr("train.diverged"))
    same = [r for r in runs if r.task is run.task]
    base = baselines(run.task)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{tr('train.loss_title')}**")
        fig = F.loss_figure(T.loss_curves(same), base, words)
        ui.show_figure(
            fig,
            name="train-loss",
            data=keep and T.evals_frame(same),
            how_to_read=tr("train.read_loss"),
        )
    with right:
        st.markdown(f"**{tr('train.grad_title')}**")
        h = t.history
        fig = F.grad_figure(
            h["step"], h["grad_norm"], h["grad_norm_clipped"], t.settings.clip, words
        )
        ui.show_figure(fig, name="train-grad", how_to_read=tr("train.read_grad"))
    left, right = st.columns([3, 2])
    kind, shown = run.task.name, run.view()
    with left:
        st.markdown(f"**{tr('train.view_title')}** · {run.label}")
        if kind in ("forecast", "adding", "copy"):
            fig = run.cached(
                "view-fig",
                lambda: F.task_figure(kind, shown, words),
                (id(shown), ui.lang()),
                math.inf,
            )
            data = keep and F.task_data(kind, shown)
            ui.show_figure(
                fig, name=f"train-{kind}", data=data, how_to_read=tr(f"train.read_{kind}")
            )
        elif kind == "tagging":
            st.html(F.tagging_html(shown["sentences"], words))
            st.caption(f"ℹ️ {tr('train.read_tagging')}")
            ui.download_data(shown, name="train-tagging") if keep else None
        else:
            st.slider(tr("train.temperature"), 0.1, 2.0, step=0.1, key=k("temp"))
            st.code(run.sample(view["temp"], ui.seed()), language=None, wrap_lines=True)
            st.caption(f"ℹ️ {tr('train.read_samples')}")
    with right:
        st.markdown(f"**{tr('train.hidden_title')}**")
        if (probe := run.hidden()) is None:
            st.info(tr("train.no_hidden"))
        else:
            hidden, labels = probe
            table = keep and F.hidden_table(hidden, labels)
            fig = run.cached(
                "hidden-fig",
                lambda: F.hidden_heatmap(hidden, labels, words),
                (id(probe), ui.lang()),
                math.inf,
            )
            ui.show_figure(
                fig, name="train-hidden", data=table, how_to_read=tr("train.read_hidden")
            )
        if probe is not None and kind == "charlm":
            S[k("unit")] = min(S[k("unit")], hidden.shape[0] - 1)
            unit = st.number_input(tr("train.unit"), 0, hidden.shape[0] - 1, key=k("unit"))
            st.html(F.colored_text_html(labels, hidden[unit].tolist()))
            st.caption(f"ℹ️ {tr('train.read_unit')}")
    S["train.draw"] = time.perf_counter() - drawing_from


live()
st.markdown(f"**{tr('train.runs_title')}**")
if runs:
    table = T.runs_table(runs)
    table["status"] = [tr(f"train.status_{T.status(r, id(r) in S['train.active'])}") for r in runs]
    st.dataframe(table.rename(columns=lambda c: tr(f"train.col_{c}")), hide_index=True)
d1, d2 = st.columns(2)
if runs and not S["train.active"]:
    payload = checkpoint_bytes(*T.run_checkpoint(runs[-1]))
    d1.download_button(
        tr("train.download_model"), payload, "rnn-explorer-train.pt", on_click="ignore"
    )
file = d2.file_uploader(
    tr("train.upload_model"), type=["pt"], key="train.pt", disabled=task is None
)
if file and S.get("train.loaded") != file.file_id:
    try:
        S["train.count"] += 1
        label, color = f"#{S['train.count']} ⬆", F.RUN_COLORS[S["train.count"] % 8]
        loaded = T.restore_run(load_checkpoint(file.getvalue()), task, label, color)
        forget(T.keep_run(runs, loaded))
        S["train.loaded"], S["train.group"] = file.file_id, [id(loaded)]
        d2.success(tr("train.upload_ok", label=runs[-1].label))
    except InputError as error:
        with d2:
            ui.show_input_error(error)
