"""Captioning attention: Show, Attend and Tell on generated scenes, the attention map of every word.

The attention grid (gh x gw cells) is read from the shipped model, never assumed.
"""

import hashlib
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explorer import captioning, ui, views
from explorer.captioning import CaptionResult
from explorer.data import scenes
from explorer.data.scenes import Scene
from explorer.errors import InputError
from explorer.figures import captioning as figures
from explorer.ui import tr

GRID_ROWS, GRID_COLS = captioning.load_captioner().grid  # the model's attention grid (gh, gw)
SOURCES, GALLERY, OBJECT_FIELDS = views.CAPTION_SOURCES, views.GALLERY, views.OBJECT_FIELDS
TABS = views.CAPTION_TABS
view = ui.ViewState("captioning", views.params("captioning"))
ui.page_header("captioning")


@st.cache_data(max_entries=32, show_spinner=False)
def gallery(seed: int, batch: int) -> list[Scene]:
    return scenes.make_scenes(GALLERY, seed=seed, start=GALLERY * batch)


@st.cache_data(max_entries=128, show_spinner=False)
def run(variant: str, image: np.ndarray, beam: int) -> CaptionResult:
    return captioning.load_captioner(variant).caption(image, beam=beam)


def shared(key: tuple, image: np.ndarray, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure ``build()`` makes for ``image``, built once per ``key`` (everything else it
    depends on), image and language, and shared read-only by every session."""
    digest = hashlib.sha1(np.ascontiguousarray(image).tobytes()).hexdigest()
    return ui.shared_figure((*key, digest), build)


def gallery_scene() -> Scene:
    shown = gallery(ui.seed(), view["batch"])
    for i, col in enumerate(st.columns(GALLERY // 2) * 2):
        col.image(shown[i].image, caption=str(i + 1), width="stretch")
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
    return shown[view["scene"]]


def object_labels(k: int) -> dict[str, str]:
    """The compose widgets' labels for object number ``k`` (from 1)."""
    return {
        "shape": tr("captioning.shape", k=k),
        "colour": tr("captioning.colour", k=k),
        "size": tr("captioning.size", k=k),
        "pos": tr("captioning.pos", k=k),
    }


def composed_scene() -> Scene | None:
    n_obj = st.slider(tr("captioning.n_objects"), 1, scenes.MAX_OBJECTS, key=view.key("n_obj"))
    st.caption(tr("captioning.compose_note"))
    value_name = ui.labelled_options("captioning.v")
    for k in range(n_obj):
        labels = object_labels(k + 1)
        cols = st.columns(2) + st.columns(2)
        for col, (field, options) in zip(cols, OBJECT_FIELDS.items(), strict=True):
            key = view.key(f"o{k}_{field}")
            col.selectbox(labels[field], list(options), key=key, format_func=value_name)
    fields = {"shape": "shape", "colour": "colour", "size": "size", "position": "pos"}
    objects = [
        {name: view[f"o{k}_{field}"] for name, field in fields.items()} for k in range(n_obj)
    ]
    try:
        return scenes.compose_scene(objects, seed=ui.seed())
    except InputError as error:
        ui.show_input_error(error)
        return None


def uploaded_image() -> np.ndarray | None:
    st.info(tr("captioning.upload_note"), icon=":material/warning:")
    upload = st.file_uploader(
        tr("captioning.upload"), type=["png", "jpg", "jpeg"], key="captioning.upload_file"
    )
    if upload is not None:
        try:
            st.session_state["captioning.uploaded"] = captioning.read_upload(upload.getvalue())
        except InputError as error:
            ui.show_input_error(error)
    image = st.session_state.get("captioning.uploaded")
    if image is not None:
        st.image(image, width=128, caption=tr("captioning.upload_used"))
    return image


def model_controls() -> str:
    variant = st.radio(
        tr("captioning.model"),
        list(captioning.VARIANTS),
        key=view.key("model"),
        format_func=ui.labelled_options("captioning.model", captioning.VARIANTS),
    )
    st.slider(tr("captioning.beam"), 1, 5, key=view.key("beam"), help=tr("captioning.beam_help"))
    st.toggle(tr("captioning.smooth"), key=view.key("smooth"))
    st.slider(tr("captioning.opacity"), 0.0, 1.0, step=0.05, key=view.key("opacity"))
    metrics = captioning.load_captioner(variant).metrics
    st.metric(
        tr("captioning.exact"),
        f"{metrics.get('exact_accuracy', 0):.1%}",
        help=tr("captioning.exact_help", n=metrics.get("n_scenes", 0)),
    )
    peak_help = tr(
        "captioning.peak_help",
        n=metrics.get("n_shape_words", 0),
        strict=metrics.get("peak_on_object_strict", 0),
        gh=GRID_ROWS,
        gw=GRID_COLS,
    )
    st.metric(tr("captioning.peak"), f"{metrics.get('peak_on_object', 0):.1%}", help=peak_help)
    return variant


def caption_heading(res: CaptionResult, scene: Scene | None) -> None:
    correct = scene is not None and res.text == scene.caption
    st.markdown(f"### “{res.text}”" + (" ✅" if correct else ""))
    truth = f" · {tr('captioning.truth')}: *{scene.caption}*" if scene is not None else ""
    st.caption(tr("captioning.caption_note", p=res.end_prob) + truth)
    if captioning.attention_is_degenerate(res.attention, res.words):
        st.warning(tr("captioning.degenerate"), icon=":material/report:")


def choose_word(res: CaptionResult) -> int:
    n = max(1, len(res.words))
    if view["word"] >= n:
        view.set("word", 0)
    if n == 1:
        return 0
    return st.select_slider(
        tr("captioning.word"),
        range(n),
        key=view.key("word"),
        format_func=lambda i: f"{i + 1}. {res.words[i]}" if res.words else "—",
    )


def word_tab(image: np.ndarray, res: CaptionResult, word: int, boxes: list) -> None:
    said, att = res.words[word], res.attention[word]
    left, right = st.columns([1.2, 1])
    with left:
        labels = {"title": f"“{said}”  β = {res.beta[word]:.2f}"}
        smooth, opacity = view["smooth"], view["opacity"]
        fig = shared(
            ("word", view["model"], view["beam"], word, smooth, opacity, tuple(boxes)),
            image,
            lambda: figures.attention_figure(
                image, att, smooth=smooth, opacity=opacity, boxes=boxes, labels=labels
            ),
        )
        data = {"word": said, "attention": att.round(4).tolist()}
        ui.show_figure(
            fig, name="caption-attention", data=data, how_to_read=tr("captioning.read_word")
        )
    with right:
        st.markdown(tr("captioning.alternatives", word=said, p=res.probs[word]))
        ui.show_figure(
            shared(
                ("alternatives", view["model"], view["beam"], word),
                image,
                lambda: figures.alternatives_figure(res.top[word], chosen=said),
            ),
            name="caption-alternatives",
            data=pd.DataFrame(res.top[word], columns=["word", "probability"]),
            how_to_read=tr("captioning.read_alternatives"),
        )


def all_words_tab(image: np.ndarray, res: CaptionResult, word: int) -> None:
    smooth, opacity = view["smooth"], view["opacity"]
    fig = shared(
        ("all", view["model"], view["beam"], word, smooth, opacity),
        image,
        lambda: figures.word_grid_figure(
            image,
            res.words,
            res.attention,
            res.probs,
            smooth=smooth,
            opacity=opacity,
            selected=word,
        ),
    )
    data = {"words": res.words, "probs": res.probs, "attention": res.attention.round(4).tolist()}
    ui.show_figure(fig, name="caption-all-words", data=data, how_to_read=tr("captioning.read_all"))


def override_tab(image: np.ndarray, res: CaptionResult, variant: str) -> None:
    st.markdown(tr("captioning.override_intro"))
    cap = captioning.load_captioner(variant)
    gh, gw = cap.grid
    oc1, oc2, oc3, oc4 = st.columns(4)
    step = 0
    if res.words:
        step = oc1.slider(tr("captioning.o_step"), 0, len(res.words), key=view.key("o_step"))
    size = oc4.slider(tr("captioning.o_size"), 1, max(gh, gw), key=view.key("o_size"))
    row = oc2.slider(tr("captioning.o_row"), 0, gh - 1, key=view.key("o_row"))
    col = oc3.slider(tr("captioning.o_col"), 0, gw - 1, key=view.key("o_col"))
    region = (row, col, min(gh - 1, row + size - 1), min(gw - 1, col + size - 1))
    prefix = res.words[:step]
    own, _ = cap.next_word(image, prefix, None)
    forced, forced_map = cap.next_word(image, prefix, region)
    left, right = st.columns([1.2, 1])
    with left:
        labels = {"title": tr("captioning.o_title", prefix=" ".join(prefix) or "<sos>")}
        opacity = view["opacity"]
        fig = shared(
            ("override", variant, tuple(prefix), region, opacity),
            image,
            lambda: figures.attention_figure(
                image, forced_map, smooth=False, opacity=opacity, region=region, labels=labels
            ),
        )
        ui.show_figure(fig, name="caption-override", how_to_read=tr("captioning.read_override"))
    with right:
        st.markdown(tr("captioning.o_result", own=own[0][0], forced=forced[0][0]))
        ui.show_figure(
            shared(
                ("forced", variant, tuple(prefix), region),
                image,
                lambda: figures.alternatives_figure(forced, chosen=forced[0][0]),
            ),
            name="caption-override-words",
            data=pd.DataFrame(forced, columns=["word", "probability"]),
            how_to_read=tr("captioning.read_override_words"),
        )


def regulariser_tab(image: np.ndarray) -> None:
    st.markdown(tr("captioning.ds_intro", **captioning.coverage_limits()))
    results = {v: run(v, image, view["beam"]) for v in captioning.VARIANTS}
    totals = {v: captioning.region_totals(r.attention) for v, r in results.items()}
    model_name = ui.labelled_options("captioning.model", captioning.VARIANTS)
    titles = {v: model_name(v) for v in captioning.VARIANTS}
    st.markdown("  \n".join(f"**{titles[v]}:** “{r.text}”" for v, r in results.items()))
    stat_name = ui.labelled_options("captioning.stat")
    stats = {
        titles[v]: {
            stat_name(k): round(x, 2) for k, x in captioning.coverage_stats(r.attention).items()
        }
        for v, r in results.items()
    }
    st.dataframe(pd.DataFrame(stats))
    ui.show_figure(
        shared(
            ("coverage", view["beam"]),
            image,
            lambda: figures.coverage_figure(totals, labels=titles),
        ),
        name="caption-coverage",
        data={v: t.round(3).tolist() for v, t in totals.items()},
        how_to_read=tr("captioning.read_ds"),
    )


controls, main = st.columns([1.25, 2], gap="large")
scene, image = None, None
with controls:
    source = st.segmented_control(
        tr("captioning.source"),
        SOURCES,
        key=view.key("source"),
        required=True,
        format_func=ui.labelled_options("captioning.source", SOURCES),
    )
    if source == "gallery":
        scene = gallery_scene()
    elif source == "compose":
        scene = composed_scene()
    else:
        image = uploaded_image()
    st.divider()
    variant = model_controls()

if scene is not None:
    image = scene.image
with main:
    if image is None:
        st.info(tr("captioning.no_image"), icon=":material/image:")
    else:
        res = run(variant, image, view["beam"])
        caption_heading(res, scene)
        word = choose_word(res)
        view.set("o_step", min(view["o_step"], len(res.words)))  # whichever tab is open
        boxes = [(o.label, o.box) for o in scene.objects] if scene is not None else []
        tab, panel = view.tabs(TABS, "captioning.tab")
        with panel:
            if tab == "word" and res.words:
                word_tab(image, res, word, boxes)
            elif tab == "all" and res.words:
                all_words_tab(image, res, word)
            elif tab == "override":
                override_tab(image, res, variant)
            elif tab == "ds":
                regulariser_tab(image)

with st.expander(tr("captioning.about_title")):
    st.markdown(tr("captioning.about", gh=GRID_ROWS, gw=GRID_COLS))
view.sync()
