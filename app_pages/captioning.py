"""Captioning attention: Show, Attend and Tell on generated scenes, the attention map of every word."""

import pandas as pd
import streamlit as st

from explorer import captioning as lib
from explorer import ui
from explorer.data import scenes as sc
from explorer.errors import InputError
from explorer.figures import captioning as figs
from explorer.state import bool_param, choice_param, float_param, int_param

tr = ui.tr
SOURCES, GALLERY = ("gallery", "compose", "upload"), 6
DEFAULT_OBJECTS = [
    ("circle", "red", "large", "middle-left"),
    ("square", "blue", "small", "middle-right"),
    ("triangle", "green", "large", "middle-center"),
]
obj_params = [
    p
    for k, (sh, co, sz, po) in enumerate(DEFAULT_OBJECTS)
    for p in (
        choice_param(f"o{k}_shape", sh, sc.SHAPES),
        choice_param(f"o{k}_colour", co, list(sc.COLOURS)),
        choice_param(f"o{k}_size", sz, list(sc.SIZES)),
        choice_param(f"o{k}_pos", po, list(sc.POSITIONS)),
    )
]
view = ui.ViewState(
    "captioning",
    [
        choice_param("source", "gallery", SOURCES),
        int_param("batch", 0, 0, 10_000),
        int_param("scene", 0, 0, GALLERY - 1),
        int_param("n_obj", 2, 1, sc.MAX_OBJECTS),
        choice_param("model", "plain", list(lib.VARIANTS)),
        int_param("beam", 1, 1, 5),
        int_param("word", 0, 0, 30),
        bool_param("smooth", True),
        float_param("opacity", 0.75, 0.0, 1.0),
        int_param("o_step", 0, 0, 30),
        int_param("o_row", 0, 0, 7),
        int_param("o_col", 0, 0, 7),
        int_param("o_size", 2, 1, 8),
        *obj_params,
    ],
)
ui.page_header("captioning")


@st.cache_data(max_entries=32, show_spinner=False)
def gallery(seed, batch):
    return sc.make_scenes(GALLERY * (batch + 1), seed=seed)[-GALLERY:]


@st.cache_data(max_entries=128, show_spinner=False)
def run(variant, image, beam):
    return lib.load_captioner(variant).caption(image, beam=beam)


def name(word):  # shape/colour/size/position names, translated
    return tr(f"captioning.v.{word}")


controls, main = st.columns([1.25, 2], gap="large")
scene = None
with controls:
    source = st.segmented_control(
        tr("captioning.source"),
        SOURCES,
        key=view.key("source"),
        required=True,
        format_func=ui.labelled_options("captioning.source", SOURCES),
    )
    if source == "gallery":
        scenes = gallery(ui.seed(), view["batch"])
        for i, col in enumerate(st.columns(GALLERY // 2) * 2):
            col.image(scenes[i].image, caption=str(i + 1), width="stretch")
        st.segmented_control(
            tr("captioning.scene"),
            range(GALLERY),
            key=view.key("scene"),
            required=True,
            format_func=lambda i: str(i + 1),
        )
        if st.button(tr("captioning.new_scenes"), icon=":material/refresh:", key="captioning.new"):
            view.set("batch", view["batch"] + 1)
            st.rerun()
        scene = scenes[view["scene"]]
    elif source == "compose":
        n_obj = st.slider(tr("captioning.n_objects"), 1, sc.MAX_OBJECTS, key=view.key("n_obj"))
        st.caption(tr("captioning.compose_note"))
        for k in range(n_obj):
            cols = st.columns(2) + st.columns(2)
            for col, (field, options) in zip(
                cols,
                [
                    ("shape", sc.SHAPES),
                    ("colour", sc.COLOURS),
                    ("size", sc.SIZES),
                    ("pos", sc.POSITIONS),
                ],
                strict=True,
            ):
                col.selectbox(
                    tr(f"captioning.{field}", k=k + 1),
                    list(options),
                    key=view.key(f"o{k}_{field}"),
                    format_func=name,
                )
        try:
            scene = sc.compose_scene(
                [
                    {
                        "shape": view[f"o{k}_shape"],
                        "colour": view[f"o{k}_colour"],
                        "size": view[f"o{k}_size"],
                        "position": view[f"o{k}_pos"],
                    }
                    for k in range(n_obj)
                ],
                seed=ui.seed(),
            )
        except InputError as error:
            ui.show_input_error(error)
    else:
        st.info(tr("captioning.upload_note"), icon=":material/warning:")
        upload = st.file_uploader(
            tr("captioning.upload"), type=["png", "jpg", "jpeg"], key="captioning.upload_file"
        )
        if upload is not None:
            try:
                st.session_state["captioning.uploaded"] = lib.read_upload(upload.getvalue())
            except InputError as error:
                ui.show_input_error(error)
        if st.session_state.get("captioning.uploaded") is not None:
            st.image(
                st.session_state["captioning.uploaded"],
                width=128,
                caption=tr("captioning.upload_used"),
            )
    st.divider()
    variant = st.radio(
        tr("captioning.model"),
        list(lib.VARIANTS),
        key=view.key("model"),
        format_func=ui.labelled_options("captioning.model", lib.VARIANTS),
    )
    st.slider(tr("captioning.beam"), 1, 5, key=view.key("beam"), help=tr("captioning.beam_help"))
    st.toggle(tr("captioning.smooth"), key=view.key("smooth"))
    st.slider(tr("captioning.opacity"), 0.0, 1.0, step=0.05, key=view.key("opacity"))
    metrics = lib.load_captioner(variant).metrics
    st.metric(
        tr("captioning.exact"),
        f"{metrics.get('exact_accuracy', 0):.1%}",
        help=tr("captioning.exact_help", n=metrics.get("n_scenes", 0)),
    )
    st.metric(
        tr("captioning.peak"),
        f"{metrics.get('peak_on_object', 0):.1%}",
        help=tr(
            "captioning.peak_help",
            n=metrics.get("n_shape_words", 0),
            strict=metrics.get("peak_on_object_strict", 0),
        ),
    )

image = (
    scene.image
    if scene is not None
    else (st.session_state.get("captioning.uploaded") if source == "upload" else None)
)
with main:
    if image is None:
        st.info(tr("captioning.no_image"), icon=":material/image:")
    else:
        res = run(variant, image, view["beam"])
        truth = f" · {tr('captioning.truth')}: *{scene.caption}*" if scene is not None else ""
        st.markdown(
            f"### “{res.text}”" + (" ✅" if scene is not None and res.text == scene.caption else "")
        )
        st.caption(tr("captioning.caption_note", p=res.end_prob) + truth)
        if lib.attention_is_degenerate(res.attention, res.words):
            st.warning(tr("captioning.degenerate"), icon=":material/report:")
        n = max(1, len(res.words))
        if view["word"] >= n:
            view.set("word", 0)
        word = (
            st.select_slider(
                tr("captioning.word"),
                range(n),
                key=view.key("word"),
                format_func=lambda i: f"{i + 1}. {res.words[i]}" if res.words else "—",
            )
            if n > 1
            else 0
        )
        tab_word, tab_all, tab_override, tab_ds = st.tabs(
            [tr(f"captioning.tab_{t}") for t in ("word", "all", "override", "ds")]
        )
        smooth, opacity = view["smooth"], view["opacity"]
        boxes = [(o.label, o.box) for o in scene.objects] if scene is not None else []
        with tab_word:
            if res.words:
                left, right = st.columns([1.2, 1])
                with left:
                    ui.show_figure(
                        figs.attention_figure(
                            image,
                            res.attention[word],
                            smooth=smooth,
                            opacity=opacity,
                            boxes=boxes,
                            title=f"“{res.words[word]}”  β = {res.beta[word]:.2f}",
                        ),
                        name="caption-attention",
                        data={
                            "word": res.words[word],
                            "attention": res.attention[word].round(4).tolist(),
                        },
                        how_to_read=tr("captioning.read_word"),
                    )
                with right:
                    st.markdown(
                        tr("captioning.alternatives", word=res.words[word], p=res.probs[word])
                    )
                    ui.show_figure(
                        figs.alternatives_figure(res.top[word], chosen=res.words[word]),
                        name="caption-alternatives",
                        data=pd.DataFrame(res.top[word], columns=["word", "probability"]),
                        how_to_read=tr("captioning.read_alternatives"),
                    )
        with tab_all:
            if res.words:
                ui.show_figure(
                    figs.word_grid_figure(
                        image,
                        res.words,
                        res.attention,
                        res.probs,
                        smooth=smooth,
                        opacity=opacity,
                        selected=word,
                    ),
                    name="caption-all-words",
                    data={
                        "words": res.words,
                        "probs": res.probs,
                        "attention": res.attention.round(4).tolist(),
                    },
                    how_to_read=tr("captioning.read_all"),
                )
        with tab_override:
            st.markdown(tr("captioning.override_intro"))
            oc1, oc2, oc3, oc4 = st.columns(4)
            view.set("o_step", min(view["o_step"], len(res.words)))
            step = (
                oc1.slider(tr("captioning.o_step"), 0, len(res.words), key=view.key("o_step"))
                if res.words
                else 0
            )
            size = oc4.slider(tr("captioning.o_size"), 1, 8, key=view.key("o_size"))
            row, col = (
                oc2.slider(tr("captioning.o_row"), 0, 7, key=view.key("o_row")),
                oc3.slider(tr("captioning.o_col"), 0, 7, key=view.key("o_col")),
            )
            region = (row, col, min(7, row + size - 1), min(7, col + size - 1))
            cap = lib.load_captioner(variant)
            own, _ = cap.next_word(image, res.words[:step], None)
            forced, forced_map = cap.next_word(image, res.words[:step], region)
            prefix = " ".join(res.words[:step]) or "<sos>"
            left, right = st.columns([1.2, 1])
            with left:
                ui.show_figure(
                    figs.attention_figure(
                        image,
                        forced_map,
                        smooth=False,
                        opacity=opacity,
                        region=region,
                        title=tr("captioning.o_title", prefix=prefix),
                    ),
                    name="caption-override",
                    how_to_read=tr("captioning.read_override"),
                )
            with right:
                st.markdown(tr("captioning.o_result", own=own[0][0], forced=forced[0][0]))
                ui.show_figure(
                    figs.alternatives_figure(forced, chosen=forced[0][0]),
                    name="caption-override-words",
                    data=pd.DataFrame(forced, columns=["word", "probability"]),
                    how_to_read=tr("captioning.read_override_words"),
                )
        with tab_ds:
            st.markdown(tr("captioning.ds_intro"))
            results = {v: run(v, image, view["beam"]) for v in lib.VARIANTS}
            totals = {v: lib.region_totals(r.attention) for v, r in results.items()}
            titles = {v: tr(f"captioning.model.{v}") for v in results}
            st.markdown("  \n".join(f"**{titles[v]}:** “{r.text}”" for v, r in results.items()))
            st.dataframe(
                pd.DataFrame(
                    {
                        titles[v]: {
                            tr(f"captioning.stat.{k}"): round(x, 2)
                            for k, x in lib.coverage_stats(r.attention).items()
                        }
                        for v, r in results.items()
                    }
                )
            )
            ui.show_figure(
                figs.coverage_figure(totals, titles=titles),
                name="caption-coverage",
                data={v: t.round(3).tolist() for v, t in totals.items()},
                how_to_read=tr("captioning.read_ds"),
            )

with st.expander(tr("captioning.about_title")):
    st.markdown(tr("captioning.about"))
view.sync()
