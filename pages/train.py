import uuid
from dataclasses import replace

import pandas as pd
import streamlit as st

from explorer import training as T
from explorer import ui
from explorer.checkpoints import checkpoint_bytes, load_checkpoint
from explorer.data import series, text
from explorer.errors import InputError
from explorer.figures import train as F
from explorer.state import bool_param, choice_param, float_param, int_param
from explorer.ui import tr

CELLS = ["rnn_tanh", "rnn_relu", "lstm", "gru", "mlp"]
HIDDEN = [4, 8, 16, 32, 64, 128, 256]
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
    int_param("steps", 2000, 10, T.MAX_STEPS),
    float_param("temp", 0.8, 0.1, 2.0),
    int_param("unit", 0, 0, 511),
]
view = ui.ViewState("train", PARAMS)
ui.page_header("train")
S = st.session_state
(
    S.setdefault("train.runs", []),
    S.setdefault("train.active", []),
    S.setdefault("train.owner", uuid.uuid4().hex),
)
k, opts = view.key, ui.labelled_options


@st.cache_resource(max_entries=16, show_spinner=False)
def get_task(spec: T.TaskSpec, upload: bytes | None, column: str | None) -> T.Task:
    if spec.task == "forecast" and spec.source == "csv":
        return T.make_task(spec, series.csv_column(series.read_csv(upload), column, spec.window))
    return T.make_task(
        spec, text.decode_upload(upload) if spec.task == "charlm" and upload else None
    )


task, upload, column = None, None, None
c1, c2, c3 = st.columns(3, gap="large")
with c1:
    st.subheader(tr("train.h_task"))
    name = st.selectbox(
        tr("train.task"), T.TASKS, format_func=opts("train.task", T.TASKS), key=k("task")
    )
    st.caption(tr(f"train.about_{name}"))
    if name == "forecast":
        source = st.selectbox(
            tr("train.source"),
            series.SOURCES,
            format_func=opts("train.source", []),
            key=k("source"),
        )
        st.slider(tr("train.window"), 4, 100, key=k("window"))
        if source == "csv" and (
            file := st.file_uploader(tr("train.csv_upload"), type=["csv", "txt"], key="train.csv")
        ):
            upload = file.getvalue()
            try:
                columns = list(series.read_csv(upload).columns)
                column = st.selectbox(
                    tr("train.csv_column"),
                    columns,
                    index=columns.index(
                        next(iter(series.numeric_columns(series.read_csv(upload))), columns[0])
                    ),
                )
            except InputError as error:
                ui.show_input_error(error)
    elif name == "charlm" and (
        file := st.file_uploader(tr("train.text_upload"), type=["txt"], key="train.txt")
    ):
        upload = file.getvalue()
    st.slider(tr("train.length"), 10, 200, key=k("length")) if name == "adding" else None
    if name == "copy":
        (
            st.slider(tr("train.delay"), 1, 100, key=k("delay")),
            st.slider(tr("train.symbols"), 2, 8, key=k("symbols")),
        )
with c2:
    st.subheader(tr("train.h_model"))
    cells = CELLS if name == "forecast" else CELLS[:4]
    S[k("cell")] = S[k("cell")] if S[k("cell")] in cells else "lstm"
    st.segmented_control(
        tr("train.cell"), cells, format_func=opts("train.cell", cells), key=k("cell"), required=True
    )
    S[k("hidden")] = min(
        HIDDEN, key=lambda size: abs(size - S[k("hidden")])
    )  # a URL may hold any size
    st.select_slider(tr("train.hidden"), HIDDEN, key=k("hidden"))
    (
        st.slider(tr("train.layers"), 1, 3, key=k("layers")),
        st.slider(tr("train.dropout"), 0.0, 0.5, step=0.05, key=k("dropout")),
    )
    st.toggle(
        tr("train.bidir"),
        key=k("bidir"),
        disabled=name == "charlm" or view["cell"] == "mlp",
        help=tr("train.bidir_off") if name == "charlm" else None,
    )
with c3:
    st.subheader(tr("train.h_training"))
    st.segmented_control(
        tr("train.optimizer"),
        T.OPTIMIZERS,
        format_func=opts("train.opt", []),
        key=k("opt"),
        required=True,
    )
    st.select_slider(tr("train.lr"), LRS, key=k("lr"))
    (
        st.slider(tr("train.batch"), 4, 128, key=k("batch")),
        st.slider(tr("train.clip"), 0.0, 10.0, step=0.25, key=k("clip")),
    )
    st.slider(tr("train.bptt"), 8, 128, key=k("bptt")) if name == "charlm" else None
    st.number_input(tr("train.steps"), 10, T.MAX_STEPS, step=100, key=k("steps"))
    st.caption(tr("train.caps", seconds=T.MAX_SECONDS))
view.sync()

spec = T.TaskSpec(
    name, view["source"], view["window"], view["length"], view["delay"], view["symbols"], ui.seed()
)
model_spec = T.ModelSpec(
    view["cell"], view["hidden"], view["layers"], view["bidir"], view["dropout"]
)
settings = T.TrainSettings(
    view["opt"], float(view["lr"]), view["batch"], view["clip"], view["bptt"], view["steps"]
)
try:
    if spec.task == "forecast" and spec.source == "csv" and upload is None:
        st.info(tr("train.csv_needed"))
    elif upload is None or column is not None or spec.task == "charlm":
        task = get_task(spec, upload, column)
        if spec.task == "charlm":
            st.caption(
                tr(
                    "train.text_custom" if upload else "train.text_default",
                    chars=len(task.text),
                    vocab=len(task.vocab),
                )
            )
except InputError as error:
    ui.show_input_error(error)

runs: list[T.Run] = S["train.runs"]


def add_run(cell: str) -> T.Run:
    color = F.RUN_COLORS[len(runs) % len(F.RUN_COLORS)]
    run = T.new_run(
        task,
        replace(model_spec, cell=cell),
        settings,
        f"#{len(runs) + 1} {tr(f'train.short_{cell}')}",
        color,
    )
    runs.append(run)
    return run


current = runs[-1] if runs else None
same = (
    current is not None
    and not current.trainer.finished
    and current.task is task
    and (current.uploaded or (current.model_spec, current.settings) == (model_spec, settings))
)
b = st.columns([1, 1, 1, 1, 2])
if b[0].button(tr("train.start"), type="primary", disabled=task is None, width="stretch"):
    S["train.active"] = [id(current if same else add_run(model_spec.cell))]
if b[1].button(tr("train.pause"), width="stretch"):
    S["train.active"] = []
if b[2].button(tr("train.step", n=10), disabled=task is None, width="stretch"):
    (current if same else add_run(model_spec.cell)).trainer.run(max_steps=10)
    S["train.active"] = []
if b[3].button(tr("train.reset"), width="stretch"):
    runs.clear(), S["train.active"].clear()
if b[4].button(
    tr("train.compare"), disabled=task is None, help=tr("train.compare_help"), width="stretch"
):
    S["train.active"] = [id(add_run(c)) for c in ("rnn_tanh", "lstm", "gru")]
words = {
    key: tr(f"train.w_{key}")
    for key in (
        "train",
        "val",
        "step",
        "loss",
        "before",
        "after",
        "clip",
        "norm",
        "history",
        "truth",
        "last_value",
        "ar",
        "model",
        "split",
        "time",
        "value",
        "perfect",
        "mean",
        "shown",
        "recalled",
        "position",
        "unit",
        "legend",
    )
}


@st.fragment(run_every=0.5 if S["train.active"] else None)
def live() -> None:
    active = [r for r in runs if id(r) in S["train.active"]]
    if active and (status := T.train_tick(active, S["train.owner"], seconds=0.4)) != "running":
        if status == "waiting":
            st.warning(
                tr("train.waiting", busy=T.SLOTS.busy(), capacity=T.SLOTS.capacity), icon="⏳"
            )
        else:
            S["train.active"] = []
            st.rerun()
    if not runs:
        st.info(tr("train.nothing"))
        return
    run = active[-1] if active else runs[-1]
    t = run.trainer
    m = st.columns(4)
    (
        m[0].metric(tr("train.m_step"), f"{t.steps:,} / {t.settings.max_steps:,}"),
        m[1].metric(tr("train.m_rate"), f"{t.steps_per_second:.0f}"),
    )
    (
        m[2].metric(tr("train.m_val"), f"{t.last('val_loss'):.4f}"),
        m[3].metric(tr("train.m_wall"), f"{t.seconds:.1f} s"),
    )
    st.progress(
        min(1.0, max(t.steps / t.settings.max_steps, t.seconds / t.settings.max_seconds)),
        text=f"{run.label} · {tr('train.status_' + ('running' if active else 'diverged' if t.diverged else 'finished' if t.finished else 'paused'))}",
    )
    st.error(tr("train.diverged")) if t.diverged else None
    same_task = [r for r in runs if r.task is run.task]
    curves = [
        {
            "label": r.label,
            "color": r.color,
            "steps": r.trainer.history["step"],
            "loss": r.trainer.history["loss"],
            "val_steps": r.trainer.evals["step"],
            "val_loss": r.trainer.evals["val_loss"],
        }
        for r in same_task
    ]
    base = {
        tr(f"train.base_{key}") + (f" (n={run.task.ngram()[0]})" if key == "ngram" else ""): v
        for key, v in run.task.baselines().items()
    }
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{tr('train.loss_title')}**")
        evals = pd.concat(
            [pd.DataFrame(dict(r.trainer.evals)).assign(run=r.label) for r in same_task]
        )
        ui.show_figure(
            F.loss_figure(curves, base, words, log_y=True),
            name="train-loss",
            data=evals,
            how_to_read=tr("train.read_loss"),
        )
    with right:
        st.markdown(f"**{tr('train.grad_title')}**")
        h = t.history
        ui.show_figure(
            F.grad_figure(
                h["step"], h["grad_norm"], h["grad_norm_clipped"], t.settings.clip, words
            ),
            name="train-grad",
            how_to_read=tr("train.read_grad"),
        )
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{tr('train.view_title')}** · {run.label}")
        v, kind = run.view(), run.task.name
        if kind in ("forecast", "adding", "copy"):
            fig = {"forecast": F.forecast_figure, "adding": F.adding_figure, "copy": F.copy_figure}[
                kind
            ](v, words)
            ui.show_figure(
                fig,
                name=f"train-{kind}",
                data=pd.DataFrame({k_: v[k_] for k_ in ("t", "truth", "model", "last_value", "ar")})
                if kind == "forecast"
                else v,
                how_to_read=tr(f"train.read_{kind}"),
            )
        elif kind == "tagging":
            (
                st.html(F.tagging_html(v["sentences"], words)),
                st.caption(f"ℹ️ {tr('train.read_tagging')}"),
                ui.download_data(v, name="train-tagging"),
            )
        else:
            st.slider(tr("train.temperature"), 0.1, 2.0, step=0.1, key=k("temp"))
            (
                st.code(run.sample(view["temp"], ui.seed()), language=None, wrap_lines=True),
                st.caption(f"ℹ️ {tr('train.read_samples')}"),
            )
    with right:
        st.markdown(f"**{tr('train.hidden_title')}**")
        probe = run.hidden()
        if probe is None:
            st.info(tr("train.no_hidden"))
        else:
            hidden, labels = probe
            ui.show_figure(
                F.hidden_heatmap(hidden, labels, words),
                name="train-hidden",
                how_to_read=tr("train.read_hidden"),
                data=pd.DataFrame(hidden.T, index=labels).reset_index(),
            )
            if run.task.name == "charlm":
                S[k("unit")] = min(S[k("unit")], hidden.shape[0] - 1)
                unit = st.number_input(tr("train.unit"), 0, hidden.shape[0] - 1, key=k("unit"))
                (
                    st.html(F.colored_text_html(labels, hidden[unit].tolist())),
                    st.caption(f"ℹ️ {tr('train.read_unit')}"),
                )
    st.markdown(f"**{tr('train.runs_title')}**")
    table = T.runs_table(runs)
    table["status"] = [
        tr(f"train.status_{'running' if id(r) in S['train.active'] else s}")
        for r, s in zip(runs, table["status"], strict=True)
    ]
    st.dataframe(
        table.rename(columns=lambda c: tr(f"train.col_{c}")), hide_index=True, width="stretch"
    )


live()
d1, d2 = st.columns(2)
if runs and not S["train.active"]:
    d1.download_button(
        tr("train.download_model"),
        checkpoint_bytes(*T.run_checkpoint(runs[-1])),
        file_name="rnn-explorer-train.pt",
        on_click="ignore",
    )
if (
    task is not None
    and (file := d2.file_uploader(tr("train.upload_model"), type=["pt"], key="train.pt"))
    and S.get("train.loaded") != file.file_id
):
    try:
        runs.append(
            T.restore_run(
                load_checkpoint(file.getvalue()),
                task,
                f"#{len(runs) + 1} ⬆",
                F.RUN_COLORS[len(runs) % 8],
            )
        )
        S["train.loaded"] = file.file_id
        d2.success(tr("train.upload_ok", label=runs[-1].label))
    except InputError as error:
        with d2:
            ui.show_input_error(error)
