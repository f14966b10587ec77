"""Gradients: watch ||dL/dh_t|| vanish or explode through time in an RNN, an LSTM and a GRU."""
# (one widget or figure per line keeps the page readable top to bottom, like the other pages)

from dataclasses import asdict, replace

import numpy as np
import pandas as pd
import streamlit as st

from explorer import gradients as G
from explorer import ui
from explorer.errors import InputError
from explorer.figures import gradients as F
from explorer.state import choice_param, float_param, int_param, text_param

tr = ui.tr
SECTIONS = ("connectivity", "jacobians", "truncation", "clipping", "training")
TAUS = ("0.01", "0.1", "0.5", "1", "5", "10", "100", "1000", "100000")
view = ui.ViewState(
    "gradients",
    [
        int_param("T", 100, 10, G.MAX_LENGTH),
        int_param("hidden", 32, 4, G.MAX_HIDDEN),
        choice_param("init", "default", G.INITS),
        float_param("scale", 1.0, 0.05, 10.0),
        choice_param("act", "tanh", G.ACTIVATIONS),
        float_param("fbias", 1.0, -3.0, 5.0),
        choice_param("input", "noise", G.INPUT_KINDS),
        text_param("text", G.GradientConfig.text, 400),
        choice_param("section", "connectivity", SECTIONS),
        int_param("k", 10, 1, 200),
        choice_param("tau", "1", TAUS),
        int_param("addT", 50, 20, 100),
        int_param("steps", 800, 100, G.MAX_TRAINING_STEPS),
    ],
)
ui.page_header("gradients")


def words(*keys: str, **extra: str) -> dict[str, str]:
    cells = {
        "rnn": tr("common.rnn"),
        "rnn_tanh": tr("common.rnn"),
        "lstm": tr("common.lstm"),
        "gru": tr("common.gru"),
    }
    return (
        cells
        | {k: tr(f"gradients.w.{k}") for k in keys}
        | {k: tr(f"gradients.w.{v}") for k, v in extra.items()}
    )


@st.cache_data(max_entries=64, show_spinner=False)
def analysed(**settings) -> G.GradientCurves:
    return G.analyse(G.GradientConfig(**settings))


@st.cache_data(max_entries=16, show_spinner=False)
def jacobians(**settings) -> dict:
    return G.jacobians_by_cell(G.GradientConfig(**settings))


@st.cache_data(max_entries=32, show_spinner=False)
def truncation(ks: tuple[int, ...], **settings) -> dict:
    return G.truncation_by_cell(G.GradientConfig(**settings), ks)


@st.cache_data(max_entries=32, show_spinner=False)
def cut_map(**settings):
    return G.cut_map(G.GradientConfig(**settings))


@st.cache_data(max_entries=64, show_spinner=False)
def clipped(tau: float, **settings) -> G.ClipResult:
    return G.clipping_demo(G.GradientConfig(**settings), tau)


@st.cache_data(max_entries=200, show_spinner=False)
def trained(index: int, **settings) -> G.TrainingState:
    """The training state after ``index`` chunks; each chunk is cached, so progress is never lost."""
    config = G.TrainingConfig(**settings)
    return (
        G.start_training(config)
        if index == 0
        else G.train_chunk(config, trained(index - 1, **settings))
    )


c1, c2, c3, c4 = st.columns(4)
kind = c4.selectbox(
    tr("gradients.input_kind"),
    G.INPUT_KINDS,
    key=view.key("input"),
    format_func=ui.labelled_options("gradients.input", G.INPUT_KINDS),
)
c1.slider(
    tr("gradients.length"),
    10,
    G.MAX_LENGTH,
    key=view.key("T"),
    help=tr("gradients.length_help"),
    disabled=kind == "sentence",
)
c1.slider(tr("gradients.hidden"), 4, G.MAX_HIDDEN, step=4, key=view.key("hidden"))
c2.selectbox(
    tr("gradients.init"),
    G.INITS,
    key=view.key("init"),
    format_func=ui.labelled_options("gradients.init", G.INITS),
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
    G.ACTIVATIONS,
    key=view.key("act"),
    format_func=lambda a: tr(f"common.{a}"),
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
config = G.GradientConfig(
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
    m = st.columns(4)
    m[0].metric(
        tr("gradients.metric.sigma"), f"{curves.sigma_max:.3f}", help=tr("gradients.metric_help")
    )
    m[1].metric(tr("gradients.metric.gamma"), f"{curves.gamma:g}")
    m[2].metric(tr("gradients.metric.product"), f"{curves.gamma * curves.sigma_max:.3f}")
    m[3].metric(
        tr("gradients.metric.rho"),
        f"{curves.spectral_radius:.3f}",
        help=tr("gradients.metric_help"),
    )
    rate = curves.cells["rnn"].rate
    message = tr(
        f"gradients.verdict.{curves.verdict}",
        product=curves.gamma * curves.sigma_max,
        rho=curves.spectral_radius,
        rate=f"{rate:.3g}" if rate else tr("gradients.rate_unknown"),
    )
    {"vanishing": st.info, "exploding": st.warning, "overflow": st.warning}.get(
        curves.verdict, st.success
    )(message)
    for name, cell in curves.cells.items():
        if cell.forward_overflow_step is not None:
            st.error(
                tr(
                    "gradients.forward_overflow",
                    cell=tr(f"common.{name}"),
                    t=cell.forward_overflow_step,
                ),
                icon="⚠️",
            )
        elif cell.overflow_step is not None:
            st.error(
                tr(
                    "gradients.overflow",
                    cell=tr(f"common.{name}"),
                    t=cell.overflow_step,
                    t_next=cell.overflow_step + 1,
                ),
                icon="⚠️",
            )
    t = np.arange(curves.T)
    left, right = st.columns([2, 1])
    with left:
        st.subheader(tr("gradients.main_title"))
        fig = F.curves_figure(
            t,
            {n: c.norms for n, c in curves.cells.items()},
            curves.bound,
            words("y", "x", "bound", "overflow_at"),
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
        eig = F.eigen_figure(
            curves.eigenvalues,
            curves.gamma,
            words("unit_circle", "gamma_circle", "eigenvalues", "real", "imag"),
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
            fig = F.connectivity_heatmap(
                curves.tokens, conn, words(colorbar="colorbar_conn", x="x_word")
            )
            ui.show_figure(
                fig,
                name="input-connectivity",
                data=pd.DataFrame(curves.table()),
                how_to_read=tr("gradients.conn_read"),
            )
        else:
            fig = F.connectivity_lines(t, conn, words("y_x", "overflow_at", x="x_time"))
            ui.show_figure(
                fig,
                name="input-connectivity",
                data=pd.DataFrame(curves.table()),
                how_to_read=tr("gradients.conn_lines_read"),
            )
    elif section == "jacobians":
        st.markdown(tr("gradients.jac_intro"))
        if config.hidden_size > G.JACOBIAN_MAX_HIDDEN:
            st.info(tr("gradients.jac_too_big", hi=G.JACOBIAN_MAX_HIDDEN))
        else:
            with st.spinner(tr("gradients.computing")):
                jac = jacobians(**settings)
            a, b = st.columns(2)
            with a:
                fig = F.jacobian_figure(
                    t,
                    {n: j.product_norms for n, j in jac.items()},
                    words(y="y_product", x="x_time"),
                    line_at_one=False,
                )
                ui.show_figure(
                    fig,
                    name="jacobian-products",
                    data=pd.DataFrame({n: j.product_norms for n, j in jac.items()}),
                )
            with b:
                fig = F.jacobian_figure(
                    t,
                    {n: j.singular_values[:, 0] for n, j in jac.items()},
                    words("smallest", y="y_step", x="x_time"),
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
        ks = tuple(sorted({*G.TRUNCATIONS, k}))
        with st.spinner(tr("gradients.computing")):
            study = truncation(ks, **settings)
        cos = {
            f"{n}_cos": f"{s['cosine'][s['k'].index(k)]:.4f}" if k in s["k"] else "–"
            for n, s in study.items()
        }
        st.markdown(tr("gradients.trunc_metrics", k=k, **cos))
        ui.show_figure(
            F.truncation_figure(study, k, words("cosine", "relative_norm", x="x_k")),
            name="truncated-bptt",
            data={n: s for n, s in study.items()},
            how_to_read=tr("gradients.trunc_read"),
        )
        C = cut_map(**settings)
        a, b = st.columns([3, 2])
        a.markdown(f"**{tr('gradients.cut_title', w=C.shape[0])}**")
        with a:
            ui.show_figure(
                F.cut_figure(
                    C,
                    G.cut_mask(C.shape[0], k),
                    words("cut", x="x_contrib", y="y_loss", colorbar="colorbar_cut"),
                ),
                name="truncation-cut",
                data={
                    "k": k,
                    "contribution": C.round(8).tolist(),
                    "cut": G.cut_mask(C.shape[0], k).tolist(),
                },
            )
        b.caption(f"ℹ️ {tr('gradients.cut_read')}")
    elif section == "clipping":
        st.markdown(tr("gradients.clip_intro"))
        a, b = st.columns([1, 2])
        tau = a.select_slider(tr("gradients.clip_threshold"), TAUS, key=view.key("tau"))
        try:
            clip = clipped(float(tau), **asdict(replace(config, length=min(config.length, 300))))
        except InputError as error:
            ui.show_input_error(error)
        else:
            a.caption(
                tr("gradients.clip_preset", T=clip.length)
                if clip.used_preset
                else tr("gradients.clip_current")
            )
            a.markdown(
                tr(
                    "gradients.clip_metrics",
                    cos_norm=clip.cosine_norm_clip,
                    cos_value=clip.cosine_value_clip,
                    n=clip.parameters,
                )
            )
            fig = F.clip_figure(
                clip.norm_before,
                clip.norm_after,
                clip.norm_value_clip,
                clip.threshold,
                words("before", "by_norm", "by_value", "threshold", y="y_norm"),
            )
            with b:
                ui.show_figure(
                    fig, name="clipping", data=asdict(clip), how_to_read=tr("gradients.clip_read")
                )
    else:
        st.markdown(tr("gradients.train_intro"))
        a, b = st.columns(2)
        a.slider(tr("gradients.train_length"), 20, 100, step=5, key=view.key("addT"))
        b.slider(
            tr("gradients.train_steps"), 100, G.MAX_TRAINING_STEPS, step=50, key=view.key("steps")
        )
        train_config = G.TrainingConfig(length=view["addT"], steps=view["steps"], seed=ui.seed())

        @st.fragment
        def training_view():
            started = st.session_state.setdefault("gradients._trained", set())
            label = repr(train_config)
            if st.button(
                tr("gradients.train_button"), type="primary", icon=":material/play_arrow:"
            ):
                started.add(label)
            if label not in started:
                st.info(tr("gradients.train_wait", chunk=train_config.chunk))
                return
            total = G.training_chunks(train_config)
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
                F.training_heatmaps(heat, words(x="heat_x", y="heat_y", colorbar="colorbar_train")),
                name="training-gradients",
                how_to_read=tr("gradients.heat_read"),
                data={n: np.round(v, 8).tolist() for n, v in heat.items()},
            )
            ui.show_figure(
                F.training_loss_figure(
                    state.losses, state.baseline, words("baseline", y="loss_y", x="loss_x")
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
