"""Gradients: watch ||dL/dh_t|| vanish or explode through time in an RNN, an LSTM and a GRU.

Widgets -> ``cells.GradientConfig`` -> library -> figures, one helper per section; only the chosen
section is computed and drawn. Where each chart's numbers come from: the curves, connectivity and
the training heatmaps from ``explorer.bptt`` (through ``explorer.gradients.analysis`` /
``recorder``), Jacobians from ``explorer.gradients.jacobians``, truncated BPTT from
``explorer.gradients.truncation`` (bptt again), clipping from ``explorer.gradients.clipping``.
Results and the main view's figures are shared by every session with the same settings.
"""

from dataclasses import asdict, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explorer import training, ui, views
from explorer.errors import InputError
from explorer.figures import gradient_sections as section_figures
from explorer.figures import gradients as figures
from explorer.gradients import analysis, cells, clipping, jacobians, live, recorder, truncation
from explorer.ui import tr
from models.init import INITS
from models.rnn import ACTIVATION_NAMES

SECTIONS, TAUS = views.GRADIENT_SECTIONS, views.CLIP_THRESHOLDS
view = ui.ViewState("gradients", views.params("gradients"))
ui.page_header("gradients")
cell_names = ui.labels(rnn="common.rnn", lstm="common.lstm", gru="common.gru")


def figure_labels(**keys: str) -> dict[str, str]:
    """A figure's ``labels``: the cell names (the training models too) and ``keys``."""
    return cell_names | ui.labels(rnn_tanh="common.rnn", **keys)


# -- cached library calls: read-only results shared by every session with the same settings ----
@st.cache_resource(max_entries=64, show_spinner=False)
def analysed(**settings) -> analysis.GradientCurves:
    return analysis.analyse(cells.GradientConfig(**settings))


@st.cache_resource(max_entries=32, show_spinner=False)
def truncation_of(ks: tuple[int, ...], **settings) -> dict[str, dict[str, list]]:
    return truncation.truncation_by_cell(cells.GradientConfig(**settings), ks)


@st.cache_resource(max_entries=32, show_spinner=False)
def cut_map(**settings) -> np.ndarray:
    return truncation.cut_map(cells.GradientConfig(**settings))


@st.cache_resource(max_entries=64, show_spinner=False)
def clipped(tau: float, **settings) -> clipping.ClipResult:
    return clipping.clipping_demo(cells.GradientConfig(**settings), tau)


@st.cache_resource(max_entries=16, show_spinner=False)
def jacobians_of(**settings) -> dict[str, jacobians.JacobianAnalysis]:
    return jacobians.jacobians_by_cell(cells.GradientConfig(**settings))


@st.cache_resource(max_entries=64, show_spinner=False)
def main_figures(language: str, **settings) -> tuple[go.Figure, go.Figure]:
    """The curves and the eigenvalue figure of one setting in one language."""
    curve_labels = figure_labels(
        y="gradients.w.y",
        x="gradients.w.x",
        bound="gradients.w.bound",
        overflow_at="gradients.w.overflow_at",
    )
    eigen_labels = ui.labels(
        unit_circle="gradients.w.unit_circle",
        gamma_circle="gradients.w.gamma_circle",
        eigenvalues="gradients.w.eigenvalues",
        real="gradients.w.real",
        imag="gradients.w.imag",
    )
    return figures.main_figures(analysed(**settings), curve_labels, eigen_labels)


@st.cache_resource(max_entries=64, show_spinner=False)
def connectivity_figure(language: str, **settings) -> go.Figure:
    curves = analysed(**settings)
    if curves.tokens:
        labels = figure_labels(colorbar="gradients.w.colorbar_conn", x="gradients.w.x_word")
    else:
        labels = figure_labels(
            y_x="gradients.w.y_x", overflow_at="gradients.w.overflow_at", x="gradients.w.x_time"
        )
    return figures.connectivity_figure(curves, labels)


@st.cache_data(max_entries=64, show_spinner=False)
def curves_table(**settings) -> pd.DataFrame:
    return pd.DataFrame(analysed(**settings).table())


# -- widgets -> config ----------------------------------------------------------------------------
def choice(column, label: str, name: str, options: tuple, labelled) -> str:
    """A selectbox of ``options`` shown through ``labelled``, bound to the view's ``name``."""
    return column.selectbox(label, options, key=view.key(name), format_func=labelled)


def controls() -> cells.GradientConfig:
    c1, c2, c3, c4 = st.columns(4)
    inputs = ui.labelled_options("gradients.input", cells.INPUT_KINDS)
    kind = choice(c4, tr("gradients.input_kind"), "input", cells.INPUT_KINDS, inputs)
    length_help, sentence = tr("gradients.length_help"), kind == "sentence"
    c1.slider(
        tr("gradients.length"),
        10,
        cells.MAX_LENGTH,
        key=view.key("T"),
        help=length_help,
        disabled=sentence,
    )
    c1.slider(tr("gradients.hidden"), 4, cells.MAX_HIDDEN, step=4, key=view.key("hidden"))
    choice(c2, tr("gradients.init"), "init", INITS, ui.labelled_options("gradients.init", INITS))
    scale_help = tr("gradients.scale_help")
    c2.number_input(
        tr("gradients.scale"), 0.05, 10.0, step=0.05, key=view.key("scale"), help=scale_help
    )
    activations = ui.labelled_options("common", ACTIVATION_NAMES)
    choice(c3, tr("gradients.activation"), "act", ACTIVATION_NAMES, activations)
    bias_help = tr("gradients.forget_bias_help")
    c3.slider(
        tr("gradients.forget_bias"), -3.0, 5.0, step=0.5, key=view.key("fbias"), help=bias_help
    )
    if kind == "sentence":
        c4.text_input(
            tr("gradients.text"),
            key=view.key("text"),
            help=tr("gradients.text_help"),
            max_chars=400,
        )
    return cells.GradientConfig(
        length=view["T"],
        hidden_size=view["hidden"],
        scale=float(view["scale"]),
        init=view["init"],
        activation=view["act"],
        forget_bias=float(view["fbias"]),
        input_kind=kind,
        text=view["text"],
        seed=ui.seed(),
    )


# -- the verdict, computed from what is true for this configuration ------------------------------
def verdict_text(curves: analysis.GradientCurves) -> str:
    """The verdict and, when the curve vanishes although gamma sigma_max >= 1, why (one line per
    cause that holds for this run)."""
    numbers = curves.numbers()
    rate = numbers["rate"]
    numbers["rate"] = f"{rate:.3g}" if rate else tr("gradients.rate_unknown")
    text = ui.labelled_options("gradients.verdict")(curves.verdict).format(**numbers)
    if curves.verdict not in ("vanishes_anyway", "boundary_vanishes"):
        return text
    why = ui.labelled_options("gradients.why")
    return "\n".join([text, ""] + [f"- {why(code).format(**numbers)}" for code in curves.reasons])


def overview(curves: analysis.GradientCurves) -> None:
    """The four numbers of the theory, the verdict and any overflow."""
    product = curves.gamma * curves.sigma_max
    numbers = [
        (tr("gradients.metric.sigma"), f"{curves.sigma_max:.3f}", tr("gradients.metric_help")),
        (tr("gradients.metric.gamma"), f"{curves.gamma:g}", None),
        (tr("gradients.metric.product"), f"{product:.3f}", None),
        (tr("gradients.metric.rho"), f"{curves.spectral_radius:.3f}", tr("gradients.metric_help")),
    ]
    for column, (label, value, help_text) in zip(st.columns(4), numbers, strict=True):
        column.metric(label, value, help=help_text)
    alert = {"vanishing": st.info, "exploding": st.warning, "overflow": st.warning}
    alert.get(curves.verdict, st.success)(verdict_text(curves))
    for name, cell in curves.cells.items():
        if cell.forward_overflow_step is not None:
            t = cell.forward_overflow_step
            st.error(tr("gradients.forward_overflow", cell=cell_names[name], t=t), icon="⚠️")
        elif cell.overflow_step is not None:
            t = cell.overflow_step
            message = tr("gradients.overflow", cell=cell_names[name], t=t, t_next=t + 1)
            st.error(message, icon="⚠️")


def main_charts(curves: analysis.GradientCurves, settings: dict) -> None:
    main, eigen = main_figures(ui.lang(), **settings)
    left, right = st.columns([2, 1])
    with left:
        st.subheader(tr("gradients.main_title"))
        ui.show_figure(
            main,
            name="gradient-norms",
            data=curves_table(**settings),
            how_to_read=tr("gradients.main_read"),
        )
    with right:
        st.subheader(tr("gradients.eigen_title"))
        values = curves.eigenvalues
        data = {"real": values.real.round(5).tolist(), "imag": values.imag.round(5).tolist()}
        ui.show_figure(eigen, name="eigenvalues", how_to_read=tr("gradients.eigen_read"), data=data)


# -- one helper per section ----------------------------------------------------------------------
def connectivity_section(curves: analysis.GradientCurves, settings: dict) -> None:
    st.markdown(tr("gradients.conn_intro"))
    how = tr("gradients.conn_read") if curves.tokens else tr("gradients.conn_lines_read")
    ui.show_figure(
        connectivity_figure(ui.lang(), **settings),
        name="input-connectivity",
        data=curves_table(**settings),
        how_to_read=how,
    )


def jacobians_section(config: cells.GradientConfig, settings: dict) -> None:
    st.markdown(tr("gradients.jac_intro"))
    if config.hidden_size > jacobians.JACOBIAN_MAX_HIDDEN:
        st.info(tr("gradients.jac_too_big", hi=jacobians.JACOBIAN_MAX_HIDDEN))
        return
    with st.spinner(tr("gradients.computing")):
        jac = jacobians_of(**settings)
    product_labels = figure_labels(y="gradients.w.y_product", x="gradients.w.x_time")
    step_labels = figure_labels(
        smallest="gradients.w.smallest", y="gradients.w.y_step", x="gradients.w.x_time"
    )
    charts = section_figures.jacobian_figures(jac, product_labels, step_labels)
    for column, (fig, name, data) in zip(st.columns(2), charts, strict=True):
        with column:
            ui.show_figure(fig, name=name, data=pd.DataFrame(data))
    st.caption(f"ℹ️ {tr('gradients.jac_read')}")


def truncation_section(T: int, settings: dict) -> None:
    st.markdown(tr("gradients.trunc_intro"))
    if T > truncation.STUDY_LENGTH:
        st.caption(tr("gradients.trunc_capped", n=truncation.STUDY_LENGTH, T=T))
    k_max = max(2, min(200, min(T, truncation.STUDY_LENGTH) - 1))
    view.set("k", min(view["k"], k_max))
    k = st.slider(tr("gradients.trunc_k"), 1, k_max, key=view.key("k"))
    ks = tuple(sorted({*truncation.TRUNCATIONS, k}))
    with st.spinner(tr("gradients.computing")):
        study = truncation_of(ks, **settings)
    cos = {
        f"{n}_cos": f"{s['cosine'][s['k'].index(k)]:.4f}" if k in s["k"] else "–"
        for n, s in study.items()
    }
    st.markdown(tr("gradients.trunc_metrics", k=k, **cos))
    labels = figure_labels(
        cosine="gradients.w.cosine", relative_norm="gradients.w.relative_norm", x="gradients.w.x_k"
    )
    ui.show_figure(
        section_figures.truncation_figure(study, k, labels),
        name="truncated-bptt",
        data=dict(study),
        how_to_read=tr("gradients.trunc_read"),
    )
    contributions = cut_map(**settings)
    cut = truncation.cut_mask(contributions.shape[0], k)
    left, right = st.columns([3, 2])
    left.markdown(f"**{tr('gradients.cut_title', w=contributions.shape[0])}**")
    labels = ui.labels(
        cut="gradients.w.cut",
        x="gradients.w.x_contrib",
        y="gradients.w.y_loss",
        colorbar="gradients.w.colorbar_cut",
    )
    with left:
        ui.show_figure(
            section_figures.cut_figure(contributions, cut, labels),
            name="truncation-cut",
            data={"k": k, "contribution": contributions.round(8).tolist(), "cut": cut.tolist()},
        )
    right.caption(f"ℹ️ {tr('gradients.cut_read')}")


def clipping_section(config: cells.GradientConfig) -> None:
    st.markdown(tr("gradients.clip_intro"))
    left, right = st.columns([1, 2])
    tau = left.select_slider(tr("gradients.clip_threshold"), TAUS, key=view.key("tau"))
    try:
        clip = clipped(float(tau), **asdict(replace(config, length=min(config.length, 300))))
    except InputError as error:
        ui.show_input_error(error)
        return
    note = tr("gradients.clip_preset", T=clip.length) if clip.used_preset else None
    left.caption(note or tr("gradients.clip_current"))
    left.markdown(
        tr(
            "gradients.clip_metrics",
            cos_norm=clip.cosine_norm_clip,
            cos_value=clip.cosine_value_clip,
            n=clip.parameters,
        )
    )
    labels = ui.labels(
        before="gradients.w.before",
        by_norm="gradients.w.by_norm",
        by_value="gradients.w.by_value",
        threshold="gradients.w.threshold",
        y="gradients.w.y_norm",
    )
    fig = section_figures.clip_figure(
        clip.norm_before, clip.norm_after, clip.norm_value_clip, clip.threshold, labels
    )
    with right:
        ui.show_figure(
            fig, name="clipping", data=asdict(clip), how_to_read=tr("gradients.clip_read")
        )


def training_results(state: recorder.TrainingState) -> None:
    heat = {n: np.array(v) for n, v in state.grad_norms.items()}
    labels = figure_labels(
        x="gradients.w.heat_x", y="gradients.w.heat_y", colorbar="gradients.w.colorbar_train"
    )
    ui.show_figure(
        figures.training_heatmaps(heat, labels),
        name="training-gradients",
        how_to_read=tr("gradients.heat_read"),
        data={n: np.round(v, 8).tolist() for n, v in heat.items()},
    )
    labels = figure_labels(
        baseline="gradients.w.baseline", y="gradients.w.loss_y", x="gradients.w.loss_x"
    )
    ui.show_figure(
        figures.training_loss_figure(state.losses, state.baseline, labels),
        name="training-loss",
        data=pd.DataFrame(state.losses),
        how_to_read=tr("gradients.loss_read"),
    )
    mse = state.test_mse
    text = tr(
        "gradients.train_result", rnn=mse["rnn_tanh"], lstm=mse["lstm"], baseline=state.baseline
    )
    st.markdown(text)


def training_section() -> None:
    """Both models train on a worker through this session's slot, queue and time budget (the
    same as Train live's runs); the charts refresh while they do."""
    st.markdown(tr("gradients.train_intro"))
    left, right = st.columns(2)
    left.slider(tr("gradients.train_length"), 20, 100, step=5, key=view.key("addT"))
    steps = recorder.MAX_TRAINING_STEPS
    right.slider(tr("gradients.train_steps"), 100, steps, step=50, key=view.key("steps"))
    config = recorder.TrainingConfig(length=view["addT"], steps=view["steps"], seed=ui.seed())
    session = training.browser_session(st.session_state)
    training.workers.warm()
    trainings = live.browser_trainings(st.session_state)
    refresh = training.WAIT_SECONDS if session.position else training.REFRESH_SECONDS

    @st.fragment(run_every=refresh if trainings.live(config) else None)
    def training_view() -> None:
        button = st.button(
            tr("gradients.train_button"), type="primary", icon=":material/play_arrow:"
        )
        if button and trainings.start(config):
            st.rerun()  # the charts refresh from now on
        try:
            progress = trainings.tick(session, config)
        except InputError as error:
            ui.show_input_error(error)
            return
        if progress.just_finished:
            st.rerun()
        if progress.status == "idle":
            st.info(tr("gradients.train_wait", chunk=config.chunk))
        elif progress.status == "finished":
            training_results(progress.state)
        else:
            if progress.status == "waiting":
                capacity = session.slots.capacity
                message = tr("workers.queued", position=progress.position, capacity=capacity)
                st.warning(message, icon="⏳")
            elif progress.status == "exhausted":
                minutes = training.SESSION_SECONDS / 60
                st.warning(tr("train.session_cap", minutes=minutes), icon="⏱")
            step = progress.state.step
            text = tr("gradients.train_progress", step=step, steps=config.steps)
            st.progress(step / config.steps, text=text)

    training_view()


config = controls()
settings = asdict(config)
try:
    curves = analysed(**settings)
except InputError as error:
    ui.show_input_error(error)
    curves = None

if curves is not None:
    overview(curves)
    main_charts(curves, settings)
    section = st.radio(
        tr("gradients.section"),
        SECTIONS,
        key=view.key("section"),
        horizontal=True,
        format_func=ui.labelled_options("gradients.section", SECTIONS),
    )
    if section == "connectivity":
        connectivity_section(curves, settings)
    elif section == "jacobians":
        jacobians_section(config, settings)
    elif section == "truncation":
        truncation_section(curves.T, settings)
    elif section == "clipping":
        clipping_section(config)
    else:
        training_section()

view.sync()
