"""Gradients: watch ||dL/dh_t|| vanish or explode through time in an RNN, an LSTM and a GRU.

Where each chart's numbers come from: the curves, connectivity and the training heatmaps from
``explorer.bptt`` (through ``explorer.gradients.analysis`` / ``recorder``), Jacobians from
``explorer.gradients.jacobians``, truncated BPTT from ``explorer.gradients.truncation`` (bptt
again), clipping from ``explorer.gradients.clipping``.
"""
# (one widget or figure per line keeps the page readable top to bottom, like the other pages)

from dataclasses import asdict, replace

import numpy as np
import pandas as pd
import streamlit as st

from explorer import ui, views
from explorer.errors import InputError
from explorer.figures import gradients as figures
from explorer.gradients import analysis, cells, clipping, jacobians, recorder, truncation
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


def verdict_text(curves: analysis.GradientCurves) -> str:
    rate = curves.cells["rnn"].rate
    numbers = {
        "product": curves.gamma * curves.sigma_max,
        "rho": curves.spectral_radius,
        "rate": f"{rate:.3g}" if rate else tr("gradients.rate_unknown"),
    }
    match curves.verdict:
        case "vanishing":
            return tr("gradients.verdict.vanishing", **numbers)
        case "exploding":
            return tr("gradients.verdict.exploding", **numbers)
        case "overflow":
            return tr("gradients.verdict.overflow", **numbers)
        case "vanishes_anyway":
            return tr("gradients.verdict.vanishes_anyway", **numbers)
        case _:
            return tr("gradients.verdict.borderline", **numbers)


@st.cache_data(max_entries=64, show_spinner=False)
def analysed(**settings) -> analysis.GradientCurves:
    return analysis.analyse(cells.GradientConfig(**settings))


@st.cache_data(max_entries=16, show_spinner=False)
def jacobians_of(**settings) -> dict[str, jacobians.JacobianAnalysis]:
    return jacobians.jacobians_by_cell(cells.GradientConfig(**settings))


@st.cache_data(max_entries=32, show_spinner=False)
def truncation_of(ks: tuple[int, ...], **settings) -> dict[str, dict[str, list]]:
    return truncation.truncation_by_cell(cells.GradientConfig(**settings), ks)


@st.cache_data(max_entries=32, show_spinner=False)
def cut_map(**settings) -> np.ndarray:
    return truncation.cut_map(cells.GradientConfig(**settings))


@st.cache_data(max_entries=64, show_spinner=False)
def clipped(tau: float, **settings) -> clipping.ClipResult:
    return clipping.clipping_demo(cells.GradientConfig(**settings), tau)


@st.cache_data(max_entries=200, show_spinner=False)
def trained(index: int, **settings) -> recorder.TrainingState:
    """The training state after ``index`` chunks; each chunk is cached, so progress is never lost."""
    config = recorder.TrainingConfig(**settings)
    if index == 0:
        return recorder.start_training(config)
    return recorder.train_chunk(config, trained(index - 1, **settings))


c1, c2, c3, c4 = st.columns(4)
kind = c4.selectbox(
    tr("gradients.input_kind"),
    cells.INPUT_KINDS,
    key=view.key("input"),
    format_func=ui.labelled_options("gradients.input", cells.INPUT_KINDS),
)
c1.slider(
    tr("gradients.length"),
    10,
    cells.MAX_LENGTH,
    key=view.key("T"),
    help=tr("gradients.length_help"),
    disabled=kind == "sentence",
)
c1.slider(tr("gradients.hidden"), 4, cells.MAX_HIDDEN, step=4, key=view.key("hidden"))
c2.selectbox(
    tr("gradients.init"),
    INITS,
    key=view.key("init"),
    format_func=ui.labelled_options("gradients.init", INITS),
)
c2.number_input(
    tr("gradients.scale"),
    0.05,
    10.0,
    step=0.05,
    key=view.key("scale"),
    help=tr("gradients.scale_help"),
)
c3.selectbox(
    tr("gradients.activation"),
    ACTIVATION_NAMES,
    key=view.key("act"),
    format_func=ui.labelled_options("common", ACTIVATION_NAMES),
)
c3.slider(
    tr("gradients.forget_bias"),
    -3.0,
    5.0,
    step=0.5,
    key=view.key("fbias"),
    help=tr("gradients.forget_bias_help"),
)
if kind == "sentence":
    c4.text_input(
        tr("gradients.text"), key=view.key("text"), help=tr("gradients.text_help"), max_chars=400
    )
config = cells.GradientConfig(
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
settings = asdict(config)
try:
    curves = analysed(**settings)
except InputError as error:
    ui.show_input_error(error)
    curves = None

if curves is not None:
    metrics = st.columns(4)
    metrics[0].metric(
        tr("gradients.metric.sigma"), f"{curves.sigma_max:.3f}", help=tr("gradients.metric_help")
    )
    metrics[1].metric(tr("gradients.metric.gamma"), f"{curves.gamma:g}")
    metrics[2].metric(tr("gradients.metric.product"), f"{curves.gamma * curves.sigma_max:.3f}")
    metrics[3].metric(
        tr("gradients.metric.rho"),
        f"{curves.spectral_radius:.3f}",
        help=tr("gradients.metric_help"),
    )
    {"vanishing": st.info, "exploding": st.warning, "overflow": st.warning}.get(
        curves.verdict, st.success
    )(verdict_text(curves))
    for name, cell in curves.cells.items():
        if cell.forward_overflow_step is not None:
            st.error(
                tr(
                    "gradients.forward_overflow",
                    cell=cell_names[name],
                    t=cell.forward_overflow_step,
                ),
                icon="⚠️",
            )
        elif cell.overflow_step is not None:
            st.error(
                tr(
                    "gradients.overflow",
                    cell=cell_names[name],
                    t=cell.overflow_step,
                    t_next=cell.overflow_step + 1,
                ),
                icon="⚠️",
            )
    t = np.arange(curves.T)
    left, right = st.columns([2, 1])
    with left:
        st.subheader(tr("gradients.main_title"))
        fig = figures.curves_figure(
            t,
            {n: c.norms for n, c in curves.cells.items()},
            curves.bound,
            figure_labels(
                y="gradients.w.y",
                x="gradients.w.x",
                bound="gradients.w.bound",
                overflow_at="gradients.w.overflow_at",
            ),
            tokens=curves.tokens,
            overflow={n: c.overflow_step for n, c in curves.cells.items()},
        )
        ui.show_figure(
            fig,
            name="gradient-norms",
            data=pd.DataFrame(curves.table()),
            how_to_read=tr("gradients.main_read"),
        )
    with right:
        st.subheader(tr("gradients.eigen_title"))
        eig = figures.eigen_figure(
            curves.eigenvalues,
            curves.gamma,
            ui.labels(
                unit_circle="gradients.w.unit_circle",
                gamma_circle="gradients.w.gamma_circle",
                eigenvalues="gradients.w.eigenvalues",
                real="gradients.w.real",
                imag="gradients.w.imag",
            ),
        )
        ui.show_figure(
            eig,
            name="eigenvalues",
            how_to_read=tr("gradients.eigen_read"),
            data={
                "real": curves.eigenvalues.real.round(5).tolist(),
                "imag": curves.eigenvalues.imag.round(5).tolist(),
            },
        )

    section = st.radio(
        tr("gradients.section"),
        SECTIONS,
        key=view.key("section"),
        horizontal=True,
        format_func=ui.labelled_options("gradients.section", SECTIONS),
    )
    if section == "connectivity":
        st.markdown(tr("gradients.conn_intro"))
        conn = {n: c.connectivity for n, c in curves.cells.items()}
        if curves.tokens:
            fig = figures.connectivity_heatmap(
                curves.tokens,
                conn,
                figure_labels(colorbar="gradients.w.colorbar_conn", x="gradients.w.x_word"),
            )
            ui.show_figure(
                fig,
                name="input-connectivity",
                data=pd.DataFrame(curves.table()),
                how_to_read=tr("gradients.conn_read"),
            )
        else:
            fig = figures.connectivity_lines(
                t,
                conn,
                figure_labels(
                    y_x="gradients.w.y_x",
                    overflow_at="gradients.w.overflow_at",
                    x="gradients.w.x_time",
                ),
            )
            ui.show_figure(
                fig,
                name="input-connectivity",
                data=pd.DataFrame(curves.table()),
                how_to_read=tr("gradients.conn_lines_read"),
            )
    elif section == "jacobians":
        st.markdown(tr("gradients.jac_intro"))
        if config.hidden_size > jacobians.JACOBIAN_MAX_HIDDEN:
            st.info(tr("gradients.jac_too_big", hi=jacobians.JACOBIAN_MAX_HIDDEN))
        else:
            with st.spinner(tr("gradients.computing")):
                jac = jacobians_of(**settings)
            left, right = st.columns(2)
            with left:
                fig = figures.jacobian_figure(
                    t,
                    {n: j.product_norms for n, j in jac.items()},
                    figure_labels(y="gradients.w.y_product", x="gradients.w.x_time"),
                    line_at_one=False,
                )
                ui.show_figure(
                    fig,
                    name="jacobian-products",
                    data=pd.DataFrame({n: j.product_norms for n, j in jac.items()}),
                )
            with right:
                fig = figures.jacobian_figure(
                    t,
                    {n: j.singular_values[:, 0] for n, j in jac.items()},
                    figure_labels(
                        smallest="gradients.w.smallest",
                        y="gradients.w.y_step",
                        x="gradients.w.x_time",
                    ),
                    line_at_one=True,
                    lower={n: j.singular_values[:, -1] for n, j in jac.items()},
                )
                ui.show_figure(
                    fig,
                    name="jacobian-steps",
                    data=pd.DataFrame(
                        {
                            f"{n}_{end}": j.singular_values[:, i]
                            for n, j in jac.items()
                            for end, i in (("max", 0), ("min", -1))
                        }
                    ),
                )
            st.caption(f"ℹ️ {tr('gradients.jac_read')}")
    elif section == "truncation":
        st.markdown(tr("gradients.trunc_intro"))
        k_max = max(2, min(200, curves.T - 1))
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
        ui.show_figure(
            figures.truncation_figure(
                study,
                k,
                figure_labels(
                    cosine="gradients.w.cosine",
                    relative_norm="gradients.w.relative_norm",
                    x="gradients.w.x_k",
                ),
            ),
            name="truncated-bptt",
            data={n: s for n, s in study.items()},
            how_to_read=tr("gradients.trunc_read"),
        )
        contributions = cut_map(**settings)
        cut = truncation.cut_mask(contributions.shape[0], k)
        left, right = st.columns([3, 2])
        left.markdown(f"**{tr('gradients.cut_title', w=contributions.shape[0])}**")
        with left:
            ui.show_figure(
                figures.cut_figure(
                    contributions,
                    cut,
                    ui.labels(
                        cut="gradients.w.cut",
                        x="gradients.w.x_contrib",
                        y="gradients.w.y_loss",
                        colorbar="gradients.w.colorbar_cut",
                    ),
                ),
                name="truncation-cut",
                data={"k": k, "contribution": contributions.round(8).tolist(), "cut": cut.tolist()},
            )
        right.caption(f"ℹ️ {tr('gradients.cut_read')}")
    elif section == "clipping":
        st.markdown(tr("gradients.clip_intro"))
        left, right = st.columns([1, 2])
        tau = left.select_slider(tr("gradients.clip_threshold"), TAUS, key=view.key("tau"))
        try:
            clip = clipped(float(tau), **asdict(replace(config, length=min(config.length, 300))))
        except InputError as error:
            ui.show_input_error(error)
        else:
            left.caption(
                tr("gradients.clip_preset", T=clip.length)
                if clip.used_preset
                else tr("gradients.clip_current")
            )
            left.markdown(
                tr(
                    "gradients.clip_metrics",
                    cos_norm=clip.cosine_norm_clip,
                    cos_value=clip.cosine_value_clip,
                    n=clip.parameters,
                )
            )
            fig = figures.clip_figure(
                clip.norm_before,
                clip.norm_after,
                clip.norm_value_clip,
                clip.threshold,
                ui.labels(
                    before="gradients.w.before",
                    by_norm="gradients.w.by_norm",
                    by_value="gradients.w.by_value",
                    threshold="gradients.w.threshold",
                    y="gradients.w.y_norm",
                ),
            )
            with right:
                ui.show_figure(
                    fig, name="clipping", data=asdict(clip), how_to_read=tr("gradients.clip_read")
                )
    else:
        st.markdown(tr("gradients.train_intro"))
        left, right = st.columns(2)
        left.slider(tr("gradients.train_length"), 20, 100, step=5, key=view.key("addT"))
        right.slider(
            tr("gradients.train_steps"),
            100,
            recorder.MAX_TRAINING_STEPS,
            step=50,
            key=view.key("steps"),
        )
        train_config = recorder.TrainingConfig(
            length=view["addT"], steps=view["steps"], seed=ui.seed()
        )

        @st.fragment
        def training_view() -> None:
            started = st.session_state.setdefault("gradients._trained", set())
            label = repr(train_config)
            if st.button(
                tr("gradients.train_button"), type="primary", icon=":material/play_arrow:"
            ):
                started.add(label)
            if label not in started:
                st.info(tr("gradients.train_wait", chunk=train_config.chunk))
                return
            total = recorder.training_chunks(train_config)
            bar = st.progress(0.0)
            for index in range(1, total + 1):
                state = trained(index, **asdict(train_config))
                bar.progress(
                    index / total,
                    text=tr("gradients.train_progress", step=state.step, steps=train_config.steps),
                )
            bar.empty()
            heat = {n: np.array(v) for n, v in state.grad_norms.items()}
            ui.show_figure(
                figures.training_heatmaps(
                    heat,
                    figure_labels(
                        x="gradients.w.heat_x",
                        y="gradients.w.heat_y",
                        colorbar="gradients.w.colorbar_train",
                    ),
                ),
                name="training-gradients",
                how_to_read=tr("gradients.heat_read"),
                data={n: np.round(v, 8).tolist() for n, v in heat.items()},
            )
            ui.show_figure(
                figures.training_loss_figure(
                    state.losses,
                    state.baseline,
                    figure_labels(
                        baseline="gradients.w.baseline",
                        y="gradients.w.loss_y",
                        x="gradients.w.loss_x",
                    ),
                ),
                name="training-loss",
                data=pd.DataFrame(state.losses),
                how_to_read=tr("gradients.loss_read"),
            )
            st.markdown(
                tr(
                    "gradients.train_result",
                    rnn=state.test_mse["rnn_tanh"],
                    lstm=state.test_mse["lstm"],
                    baseline=state.baseline,
                )
            )

        training_view()

view.sync()
