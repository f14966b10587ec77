"""Transformer: the same sentence through the RNN translator and a Transformer; its heads, why
positions matter, parallel vs sequential speed, and BERT's masked words. Only the chosen
section's figures are built; every number comes from ``explorer.transformer`` (the model) and
``explorer.transformer_analysis`` (measurements and comparisons)."""

import pandas as pd
import streamlit as st

from explorer import transformer, ui, views
from explorer import transformer_analysis as analysis
from explorer.errors import InputError
from explorer.figures import transformer as figures
from explorer.markdown import escape
from explorer.transformer import TransformerResult, TransformerTranslator
from explorer.translation import Translator, load_translator
from explorer.ui import tr

QUALITY_N = 240  # held-out pairs translated live by all three models
view = ui.ViewState("transformer", views.params("transformer"))
ui.page_header("transformer")


# -- library calls, cached ------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def model(corpus: str) -> TransformerTranslator:
    return transformer.load_transformer(corpus)


@st.cache_resource(show_spinner=False)
def rnn(corpus: str) -> Translator:
    return load_translator(corpus, "additive")


@st.cache_data(max_entries=256, show_spinner=False)
def run(corpus: str, text: str) -> TransformerResult:
    return model(corpus).translate(text)


@st.cache_data(max_entries=256, show_spinner=False)
def run_rnn(corpus: str, text: str):
    return rnn(corpus).translate(text)


quality = st.cache_data(show_spinner=False)(analysis.quality_by_length)
shuffles = st.cache_data(max_entries=64, show_spinner=False)(analysis.shuffle_test_cached)
masked = st.cache_data(max_entries=256, show_spinner=False)(analysis.mask_candidates_cached)
SPEED_POLL_SECONDS = 1.0  # the timings section refreshes this often until the worker answers


@st.cache_resource(show_spinner=False)
def speed_timings() -> analysis.WorkerResult:
    """The parallel-vs-sequential timings: measured once per server on a training worker."""
    return analysis.WorkerResult(analysis.speed_comparison)


def show(fig, name: str, how: str, data=None) -> None:
    ui.show_figure(fig, name=name, data=data, how_to_read=how)


def side_by_side(widths: list[int], *charts: tuple) -> None:
    """Charts in columns; each chart is ``show``'s arguments (fig, name, how[, data])."""
    for column, chart in zip(st.columns(widths), charts, strict=True):
        with column:
            show(*chart)


def labelled(name: str, prefix: str) -> dict:
    """A choice widget's key and option labels (``<prefix>.<option>`` strings)."""
    return {"key": view.key(name), "format_func": ui.labelled_options(prefix)}


# -- widgets ----------------------------------------------------------------------------------------
def use_example() -> None:
    view.set("sentence", st.session_state["transformer.example"] or view["sentence"])


def inputs() -> tuple[str, str, str]:
    """Corpus, sentence (typed or an example) and section: (corpus, sentence, section)."""
    left, right = st.columns([1, 3])
    left.radio(
        tr("transformer.corpus"),
        view.params["corpus"].choices,
        on_change=lambda: view.set("sentence", transformer.DEFAULT_TEXT[view["corpus"]]),
        **labelled("corpus", "transformer.corpus"),
    )
    right.text_input(
        tr("transformer.text"), key=view.key("sentence"), help=tr("transformer.text_help")
    )
    examples = transformer.examples(view["corpus"], ui.seed())
    right.selectbox(
        tr("transformer.example"),
        examples,
        index=None,
        key="transformer.example",
        placeholder=tr("transformer.pick"),
        on_change=use_example,
    )
    sections = views.TRANSFORMER_SECTIONS
    picker = labelled("section", "transformer.section")
    st.segmented_control(tr("transformer.section"), sections, required=True, **picker)
    return view["corpus"], view["sentence"], view["section"]


# -- sections ---------------------------------------------------------------------------------------
def attention_map(slug: str, name: str, result, title_key: str) -> None:
    st.markdown(f"**{name}** &nbsp; :blue[{result.text or '∅'}]")
    if not result.target_tokens:
        st.info(tr("transformer.empty_output"))
        return
    labels = ui.labels(x="transformer.axis_source", y="transformer.axis_target", title=title_key)
    fig = figures.attention_heatmap(
        result.target_tokens, result.source_tokens, result.attention, labels
    )
    show(fig, f"{slug}-attention", tr("transformer.compare_how"))


def compare_section(corpus: str, text: str, res: TransformerResult) -> None:
    left, right = st.columns(2)
    with left:
        attention_map(
            "rnn", tr("transformer.rnn"), run_rnn(corpus, text), "transformer.rnn_map_title"
        )
    with right:
        attention_map("transformer", tr("transformer.transformer"), res, "transformer.tf_map_title")
    stored = analysis.compare_metrics(rnn(corpus).metrics, model(corpus).metrics)
    st.markdown(tr("transformer.stored", **stored))
    if corpus != "en-ko":
        st.caption(tr("transformer.quality_dates"))
        return
    rows = quality(corpus, QUALITY_N, ui.seed())
    st.markdown(f"##### {tr('transformer.quality_title', n=QUALITY_N)}")
    names = ui.labels(
        none="transformer.model_none",
        additive="transformer.model_additive",
        transformer="transformer.model_transformer",
    )
    labels = ui.labels(
        x="transformer.quality_x",
        exact="transformer.quality_exact",
        bleu="transformer.quality_bleu",
    )
    fig = figures.quality_by_length(rows, names, labels)
    show(fig, "quality-by-length", tr("transformer.quality_how"), pd.DataFrame(rows))


def head_label(head: str) -> str:
    return tr("transformer.head_mean") if head == "mean" else head


def heads_section(res: TransformerResult) -> None:
    a, b, c = st.columns([2, 1, 2])
    kinds = transformer.ATTENTION_KINDS
    kind = a.radio(tr("transformer.kind"), kinds, **labelled("kind", "transformer.kind"))
    layers = tuple(range(1, int(view.params["layer"].hi) + 1))
    layer = b.radio(tr("transformer.layer"), layers, key=view.key("layer"), horizontal=True)
    head = c.segmented_control(
        tr("transformer.head"),
        view.params["head"].choices,
        key=view.key("head"),
        required=True,
        format_func=head_label,
    )
    queries, keys, weights = analysis.head_matrix(res, kind, layer, head)
    if weights.size == 0:
        st.info(tr("transformer.empty_output"))
        return
    kind_name = ui.labelled_options("transformer.kind")(kind)
    title = tr("transformer.heads_title", kind=kind_name, layer=layer, head=head_label(head))
    how = {
        "encoder": tr("transformer.heads_how_encoder"),
        "decoder": tr("transformer.heads_how_decoder"),
        "cross": tr("transformer.heads_how_cross"),
    }[kind]
    labels = ui.labels(x="transformer.axis_key", y="transformer.axis_query") | {"title": title}
    heatmap = figures.attention_heatmap(queries, keys, weights, labels, causal=kind == "decoder")
    labels = ui.labels(
        title="transformer.head_view_title",
        left="transformer.axis_query",
        right="transformer.axis_key",
    )
    lines = figures.head_view(queries, keys, weights, labels)
    side_by_side(
        [3, 2],
        (heatmap, f"heads-{kind}", how, analysis.matrix_frame(queries, keys, weights)),
        (lines, "head-view", tr("transformer.head_view_how")),
    )


def positions_section(corpus: str, res: TransformerResult) -> None:
    st.markdown(tr("transformer.positions_intro"))
    if len(set(res.source_tokens)) < 2:
        st.info(tr("transformer.one_word"))
        return
    st.slider(tr("transformer.shuffles"), 1, 10, key=view.key("shuffles"))
    rows = shuffles(corpus, tuple(res.source_tokens), view["shuffles"], ui.seed())
    st.markdown(tr("transformer.positions_result", **analysis.shuffle_summary(rows)))
    labels = ui.labels(
        with_positions="transformer.with_positions",
        without_positions="transformer.without_positions",
        x="transformer.shuffle_x",
        y="transformer.shuffle_y",
    )
    fig = figures.shuffle_distances(rows, labels)
    show(fig, "shuffle", tr("transformer.shuffle_how"), pd.DataFrame(rows))
    columns = ui.labels(
        sentence="transformer.col_sentence",
        with_positions="transformer.col_with",
        without_positions="transformer.col_without",
    )
    st.dataframe(analysis.shuffle_table(rows).rename(columns=columns), width="stretch")
    st.caption(f"ℹ️ {tr('transformer.positions_table_how')}")


def speed_section() -> None:
    st.markdown(tr("transformer.speed_intro"))
    names = ui.labels(rnn="transformer.model_rnn", transformer="transformer.model_transformer")
    timing = speed_timings()
    try:
        pending = timing.result() is None
    except InputError as error:
        ui.show_input_error(error)
        pending = False

    @st.fragment(run_every=SPEED_POLL_SECONDS if pending else None)
    def timings() -> None:
        try:
            rows = timing.result()
        except InputError as error:
            ui.show_input_error(error)
            return
        if rows is None:
            st.info(tr("transformer.speed_measuring"), icon="⏳")
            return
        if pending:
            st.rerun()  # measured: the whole page draws it, and the refresh stops
        labels = ui.labels(
            encode="transformer.speed_encode",
            train="transformer.speed_train",
            x="transformer.speed_x",
            y="transformer.speed_y",
        )
        fig = figures.speed(rows, names, labels)
        show(fig, "speed", tr("transformer.speed_how"), pd.DataFrame(rows))

    left, right = st.columns([2, 1])
    with left:
        timings()
    with right:
        labels = ui.labels(
            title="transformer.path_title", x="transformer.speed_x", y="transformer.path_y"
        )
        path = figures.path_length(analysis.path_rows(), names, labels)
        show(path, "path-length", tr("transformer.path_how"))


def bert_section(corpus: str, res: TransformerResult) -> None:
    if corpus != "en-ko":
        st.info(tr("transformer.bert_en_ko"))
        return
    st.markdown(tr("transformer.bert_intro"))
    tokens = res.source_tokens
    if not 0 <= view["mask"] < len(tokens):
        view.set("mask", 0)
    shown = figures.unique_labels(tokens)
    st.pills(
        tr("transformer.mask_word"),
        list(range(len(tokens))),
        key=view.key("mask"),
        format_func=shown.__getitem__,
        required=True,
    )
    j = view["mask"]
    out = masked(corpus, tuple(tokens), j)
    st.markdown(f"**{tr('transformer.masked_sentence')}:** `{' '.join(out['tokens'])}`")
    if out["right"]:
        st.success(tr("transformer.bert_right"))
    else:
        st.warning(tr("transformer.bert_wrong", word=escape(out["hidden"])))
    labels = ui.labels(
        title="transformer.bert_title",
        model="transformer.bert_model",
        unigram="transformer.bert_unigram",
        x="transformer.bert_x",
    )
    guesses = figures.mask_guesses(out["model"], out["unigram"], labels)
    labels = ui.labels(title="transformer.bert_attention_title", layer="transformer.bert_layer")
    reads = figures.mask_attention(out["tokens"], j, out["attention"], labels)
    side_by_side(
        [1, 1],
        (guesses, "mask-guesses", tr("transformer.bert_how")),
        (reads, "mask-attention", tr("transformer.bert_attention_how")),
    )
    stored = model(corpus).metrics.get("mlm")
    if stored:
        st.caption(tr("transformer.bert_stored", **stored))


# -- the page ---------------------------------------------------------------------------------------
corpus, text, section = inputs()
try:
    res = run(corpus, text)
except InputError as error:
    ui.show_input_error(error)
    res = None
if section == "speed":  # the only section that does not read the sentence
    speed_section()
elif res is not None and section == "compare":
    compare_section(corpus, text, res)
elif res is not None and section == "heads":
    heads_section(res)
elif res is not None and section == "positions":
    positions_section(corpus, res)
elif res is not None and section == "bert":
    bert_section(corpus, res)
view.sync()
