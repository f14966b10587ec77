"""Translation attention: a live seq2seq translator, its attention, beam search and what-ifs.

Which models and training snapshots exist is read from the shipped checkpoints
(``translation.shipped_attentions``, ``translation.snapshot_attention``, ``translation.snapshot_steps``).
"""

import pandas as pd
import streamlit as st

from explorer import translation, ui, views
from explorer.errors import InputError
from explorer.figures import translation as figures
from explorer.translation import TranslationResult, Translator
from explorer.ui import tr

QUALITY_PAIRS = 300  # held-out pairs translated live for the quality-by-length chart
TABS = views.TRANSLATION_TABS
NO_ATTENTION_TABS = ("beam", "emergence", "quality")  # the "none" model has no attention to show
view = ui.ViewState("translation", views.params("translation"))
ui.page_header("translation")


@st.cache_resource(show_spinner=False)
def model(corpus: str, attention: str, step: int | None = None) -> Translator:
    if step is None:
        return translation.load_translator(corpus, attention)
    return translation.snapshot(corpus, attention, step)


@st.cache_data(max_entries=512, show_spinner=False)
def run(
    corpus: str,
    attention: str,
    text: str,
    beam: int = 1,
    override: tuple[int, int] | None = None,
    uniform: bool = False,
    step: int | None = None,
) -> TranslationResult:
    translator = model(corpus, attention, step)
    return translator.translate(text, beam=beam, override=override, uniform=uniform)


@st.cache_data(max_entries=512, show_spinner=False)
def beams(corpus: str, attention: str, text: str, width: int) -> TranslationResult:
    """Beam search of ``width`` (width 1 keeps the greedy hypothesis alone)."""
    return model(corpus, attention).beam_search(text, width)


quality_by_length = st.cache_data(translation.quality_by_length)


def choose(where, name: str, tokens: list[str], label: str) -> int:
    """One token position, as clickable word pills."""
    if not 0 <= view[name] < len(tokens):
        view.set(name, 0)
    shown = figures.unique_labels(tokens)
    where.pills(
        label,
        list(range(len(tokens))),
        key=view.key(name),
        format_func=shown.__getitem__,
        required=True,
        wrap=True,
    )
    return view[name]


def show(fig, name: str, data=None, how: str | None = None) -> None:
    ui.show_figure(fig, name=name, data=data, how_to_read=how)


def pick_example() -> None:
    view.set("sentence", st.session_state["translation.example"] or view["sentence"])


def attention_tab(res: TranslationResult, key: tuple) -> None:
    src, tgt, att = res.source_tokens, res.target_tokens, res.attention
    left, right = st.columns([3, 2])
    row = choose(right, "att_row", tgt, tr("translation.row"))
    with left:
        labels = ui.labels(title="translation.heatmap_title")
        fig = ui.shared_figure(
            ("attention", *key, row),
            lambda: figures.attention_heatmap(src, tgt, att, labels=labels, highlight_row=row),
        )
        show(fig, "attention", translation.attention_frame(res), tr("translation.heatmap_how"))
    with right:
        labels = {"title": tr("translation.bar_title", word=tgt[row])}
        fig = ui.shared_figure(
            ("bars", *key, row), lambda: figures.attention_bars(src, att[row], labels=labels)
        )
        show(fig, "attention-row", how=tr("translation.bar_how"))


def beam_tab(corpus: str, attention: str, text: str, has_att: bool) -> None:
    st.slider(tr("translation.beam_width"), 1, translation.MAX_BEAM, key=view.key("beam"))
    beam = beams(corpus, attention, text, view["beam"])
    table = translation.beam_table(beam)
    header = ui.labelled_options("translation.beam_table", table.columns)
    st.table(table.rename(columns=header).set_index(header("rank")))
    st.caption(f"ℹ️ {tr('translation.beam_how')}")
    if has_att:
        labels = ui.labels(hypothesis="translation.hyp_label")
        fig = ui.shared_figure(
            ("beam", corpus, attention, text, view["beam"]),
            lambda: figures.beam_heatmaps(beam.source_tokens, beam.hypotheses, labels),
        )
        show(fig, "beam", table)


def override_tab(corpus: str, attention: str, text: str, res: TranslationResult) -> None:
    src, tgt = res.source_tokens, res.target_tokens
    st.markdown(tr("translation.override_intro"))
    a, b = st.columns(2)
    t = choose(a, "ostep", tgt, tr("translation.override_step"))
    j = choose(b, "osrc", src, tr("translation.override_source"))
    forced = run(corpus, attention, text, override=(t, j))
    a.markdown(f"**{tr('translation.override_before')}:** :blue[{res.text}]")
    b.markdown(f"**{tr('translation.override_after')}:** :orange[{forced.text}]")
    changed = translation.changed_words(tgt, forced.target_tokens)
    if changed:
        st.caption(tr("translation.override_changed", n=changed))
    else:
        st.caption(tr("translation.override_same"))
    labels = ui.labels(title="translation.override_title")
    fig = ui.shared_figure(
        ("override", corpus, attention, text, t, j),
        lambda: figures.attention_heatmap(
            src, forced.target_tokens, forced.attention, labels=labels, highlight_row=t
        ),
    )
    show(fig, "override", translation.attention_frame(forced), tr("translation.override_how"))


def emergence_tab(corpus: str, text: str) -> None:
    attention = translation.snapshot_attention(corpus)
    steps = translation.snapshot_steps(corpus, attention) if attention else []
    if not steps:
        st.info(tr("translation.emergence_en_ko"))
        return
    st.markdown(tr("translation.emergence_intro"))
    if view["snap"] not in steps:
        view.set("snap", steps[-1])
    st.select_slider(tr("translation.snapshot"), steps, key=view.key("snap"))
    step = view["snap"]
    snap = run(corpus, attention, text, step=step)
    left, right = st.columns([3, 2])
    with left:
        labels = {"title": tr("translation.emergence_title", step=step, text=snap.text)}
        fig = ui.shared_figure(
            ("emergence", corpus, attention, text, step),
            lambda: figures.attention_heatmap(
                snap.source_tokens, snap.target_tokens, snap.attention, labels=labels
            ),
        )
        show(fig, "emergence", translation.attention_frame(snap))
    with right:
        exact = [model(corpus, attention, s).metrics["exact"] for s in steps]
        labels = ui.labels(x="translation.emergence_curve_x", y="translation.emergence_curve_y")
        fig = ui.shared_figure(
            ("curve", corpus, attention, step),
            lambda: figures.emergence_curve(steps, exact, step, labels=labels),
        )
        data = pd.DataFrame({"step": steps, "exact": exact})
        show(fig, "emergence-curve", data, tr("translation.emergence_how"))


def sanity_tab(corpus: str, attention: str, text: str, res: TranslationResult) -> None:
    tgt, att = res.target_tokens, res.attention
    left, right = st.columns([3, 2])
    entropy = translation.row_entropy(att)
    with left:
        labels = ui.labels(title="translation.entropy_title", uniform="translation.entropy_uniform")
        fig = ui.shared_figure(
            ("entropy", corpus, attention, text),
            lambda: figures.entropy_bars(tgt, entropy, len(res.source_tokens), labels=labels),
        )
        data = pd.DataFrame({"target": tgt, "entropy_bits": entropy.round(4)})
        show(fig, "entropy", data, tr("translation.entropy_how"))
    with right:
        tv = translation.max_row_distance(att)
        if translation.is_degenerate(att):  # every row nearly the same: it ignores the step
            st.warning(tr("translation.degenerate", tv=tv))
        else:
            st.success(tr("translation.not_degenerate", tv=tv))
        uniform = run(corpus, attention, text, uniform=True)
        st.markdown(f"{tr('translation.uniform_output')}:\n\n:orange[{uniform.text}]")
        st.caption(f"ℹ️ {tr('translation.uniform_how')}")


def quality_tab(corpus: str) -> None:
    table = translation.metrics_table(corpus)
    st.markdown(tr("translation.stored_metrics", **translation.stored_metrics(corpus)[0]))
    columns = ui.labelled_options("translation.col", table.columns)
    st.dataframe(table.rename(columns=columns), hide_index=True, width="stretch")
    attentions = tuple(table["attention"])
    if len(attentions) < 2:  # one model: nothing to compare by length
        return
    rows = quality_by_length(corpus, attentions, QUALITY_PAIRS, ui.seed())
    names = ui.labelled_options("translation.att", attentions)
    labels = ui.labels(
        x="translation.quality_x",
        exact="translation.quality_exact",
        bleu="translation.quality_bleu",
    )
    fig = ui.shared_figure(
        ("quality", corpus, attentions, ui.seed()),
        lambda: figures.quality_by_length(
            rows, names={a: names(a) for a in attentions}, labels=labels
        ),
    )
    st.caption(tr("translation.quality_live", n=QUALITY_PAIRS))
    show(fig, "quality-by-length", pd.DataFrame(rows), tr("translation.quality_how"))


c1, c2, c3 = st.columns([1.1, 1.3, 3])
c1.radio(
    tr("translation.corpus"),
    translation.CORPORA,
    key=view.key("corpus"),
    format_func=ui.labelled_options("translation.corpus", translation.CORPORA),
    on_change=lambda: view.set("sentence", translation.DEFAULT_TEXT[view["corpus"]]),
)
corpus = view["corpus"]
kinds = translation.shipped_attentions(corpus)
if view["attention"] not in kinds:
    view.set("attention", kinds[0] if "additive" not in kinds else "additive")
c2.radio(
    tr("translation.attention"),
    kinds,
    key=view.key("attention"),
    format_func=ui.labelled_options("translation.att", kinds),
    help=tr("translation.att_note"),
)
if len(kinds) == 1:
    c2.caption(tr("translation.dates_additive_only"))
c3.text_input(
    tr("translation.text"),
    key=view.key("sentence"),
    max_chars=120,
    help=tr("translation.text_help"),
)
c3.selectbox(
    tr("translation.example"),
    translation.examples(corpus, ui.seed()),
    index=None,
    key="translation.example",
    placeholder=tr("translation.pick"),
    on_change=pick_example,
)
attention, text = view["attention"], view["sentence"]
try:
    res = run(corpus, attention, text)
except InputError as error:
    ui.show_input_error(error)
    res = None

if res is not None:
    st.markdown(f"#### {tr('translation.output')}: &nbsp; :blue[{res.text}]")
    has_att = res.attention is not None and len(res.target_tokens) > 0
    if not has_att:
        st.info(tr("translation.no_attention"))  # the "none" model: no attention tabs
    tab, panel = view.tabs(TABS if has_att else NO_ATTENTION_TABS, "translation.tab")
    with panel:
        if tab == "attention":
            attention_tab(res, (corpus, attention, text))
        elif tab == "beam":
            beam_tab(corpus, attention, text, has_att)
        elif tab == "override":
            override_tab(corpus, attention, text, res)
        elif tab == "emergence":
            emergence_tab(corpus, text)
        elif tab == "sanity":
            sanity_tab(corpus, attention, text, res)
        else:
            quality_tab(corpus)
view.sync()
