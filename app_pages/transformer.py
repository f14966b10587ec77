"""Transformer: the same sentence through the RNN translator and a Transformer; its heads, why
positions matter, parallel vs sequential speed, and BERT's masked words. Only the chosen
section's figures are built."""

import pandas as pd
import streamlit as st

from explorer import transformer as T
from explorer import transformer_analysis as analysis
from explorer import ui
from explorer.errors import InputError
from explorer.figures import transformer as figures
from explorer.state import choice_param, int_param, text_param
from explorer.translation import load_translator
from explorer.ui import tr

SECTIONS = ("compare", "heads", "positions", "speed", "bert")
KINDS = ("encoder", "decoder", "cross")
HEADS = ("mean", "1", "2", "3", "4")
QUALITY_N = 240

view = ui.ViewState(
    "transformer",
    [
        choice_param("corpus", "en-ko", ("en-ko", "dates")),
        text_param("sentence", T.DEFAULT_TEXT["en-ko"], max_len=200),
        choice_param("section", "compare", SECTIONS),
        choice_param("kind", "encoder", KINDS),
        int_param("layer", 2, 1, 2),
        choice_param("head", "mean", HEADS),
        int_param("shuffles", 5, 1, 10),
        int_param("mask", 1, 0, 60),
    ],
)
ui.page_header("transformer")


@st.cache_resource(show_spinner=False)
def transformer(corpus):
    return T.load_transformer(corpus)


@st.cache_resource(show_spinner=False)
def rnn(corpus):
    return load_translator(corpus, "additive")


@st.cache_data(max_entries=256, show_spinner=False)
def run_transformer(corpus, text, positions=True):
    return transformer(corpus).translate(text, positions=positions)


@st.cache_data(max_entries=256, show_spinner=False)
def run_rnn(corpus, text):
    return rnn(corpus).translate(text)


quality = st.cache_data(show_spinner=False)(analysis.quality_by_length)
shuffles = st.cache_data(max_entries=64, show_spinner=False)(analysis.shuffle_test_cached)
masked = st.cache_data(max_entries=256, show_spinner=False)(analysis.mask_candidates_cached)
speed = st.cache_resource(show_spinner=False)(analysis.speed_comparison)


def show(fig, name, how, data=None):
    ui.show_figure(fig, name=name, data=data, how_to_read=how)


c1, c2 = st.columns([1, 3])
c1.radio(
    tr("transformer.corpus"),
    ("en-ko", "dates"),
    key=view.key("corpus"),
    format_func=ui.labelled_options("transformer.corpus"),
    on_change=lambda: view.set("sentence", T.DEFAULT_TEXT[view["corpus"]]),
)
corpus = view["corpus"]
c2.text_input(tr("transformer.text"), key=view.key("sentence"), help=tr("transformer.text_help"))
c2.selectbox(
    tr("transformer.example"),
    T.examples(corpus, ui.seed()),
    index=None,
    key="transformer.example",
    placeholder=tr("transformer.pick"),
    on_change=lambda: view.set(
        "sentence", st.session_state["transformer.example"] or view["sentence"]
    ),
)
section = st.segmented_control(
    tr("transformer.section"),
    SECTIONS,
    key=view.key("section"),
    format_func=ui.labelled_options("transformer.section"),
    required=True,
)
try:
    res = run_transformer(corpus, view["sentence"])
except InputError as error:
    ui.show_input_error(error)
    res = None

if res is not None and section == "compare":
    base = run_rnn(corpus, view["sentence"])
    axes = ui.labels(x="transformer.axis_source", y="transformer.axis_target")
    left, right = st.columns(2)
    for col, slug, name, out, labels in (
        (left, "rnn", tr("transformer.rnn"), base, ui.labels(title="transformer.rnn_map_title")),
        (
            right,
            "transformer",
            tr("transformer.transformer"),
            res,
            ui.labels(title="transformer.tf_map_title"),
        ),
    ):
        with col:
            st.markdown(f"**{name}** &nbsp; :blue[{out.text or '∅'}]")
            if out.target_tokens:
                fig = figures.attention_heatmap(
                    out.target_tokens, out.source_tokens, out.attention, {**axes, **labels}
                )
                show(fig, f"{slug}-attention", tr("transformer.compare_how"))
            else:
                st.info(tr("transformer.empty_output"))
    m_rnn, m_tf = rnn(corpus).metrics, transformer(corpus).metrics
    st.markdown(
        tr(
            "transformer.stored",
            n=m_tf["eval_n"],
            seed=m_tf["eval_seed"],
            rnn_exact=m_rnn["exact"],
            rnn_bleu=m_rnn["bleu"],
            tf_exact=m_tf["exact"],
            tf_bleu=m_tf["bleu"],
        )
    )
    if corpus == "en-ko":
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
    else:
        st.caption(tr("transformer.quality_dates"))

if res is not None and section == "heads":
    a, b, c = st.columns([2, 1, 2])
    kind = a.radio(
        tr("transformer.kind"),
        KINDS,
        key=view.key("kind"),
        format_func=ui.labelled_options("transformer.kind"),
    )
    layer = b.radio(tr("transformer.layer"), (1, 2), key=view.key("layer"), horizontal=True)
    head = c.segmented_control(
        tr("transformer.head"),
        HEADS,
        key=view.key("head"),
        required=True,
        format_func=lambda h: tr("transformer.head_mean") if h == "mean" else h,
    )
    queries, keys, weights = analysis.head_matrix(res, kind, layer, head)
    if weights.size == 0:
        st.info(tr("transformer.empty_output"))
    else:
        title = tr(
            "transformer.heads_title",
            kind=ui.labelled_options("transformer.kind")(kind),
            layer=layer,
            head=tr("transformer.head_mean") if head == "mean" else head,
        )
        axes = ui.labels(x="transformer.axis_key", y="transformer.axis_query")
        how = {
            "encoder": tr("transformer.heads_how_encoder"),
            "decoder": tr("transformer.heads_how_decoder"),
            "cross": tr("transformer.heads_how_cross"),
        }[kind]
        left, right = st.columns([3, 2])
        with left:
            fig = figures.attention_heatmap(
                queries, keys, weights, {**axes, "title": title}, causal=kind == "decoder"
            )
            show(fig, f"heads-{kind}", how, analysis.matrix_frame(queries, keys, weights))
        with right:
            labels = ui.labels(
                title="transformer.head_view_title",
                left="transformer.axis_query",
                right="transformer.axis_key",
            )
            show(
                figures.head_view(queries, keys, weights, labels),
                "head-view",
                tr("transformer.head_view_how"),
            )

if res is not None and section == "positions":
    st.markdown(tr("transformer.positions_intro"))
    if len(set(res.source_tokens)) < 2:
        st.info(tr("transformer.one_word"))
    else:
        st.slider(tr("transformer.shuffles"), 1, 10, key=view.key("shuffles"))
        rows = shuffles(corpus, tuple(res.source_tokens), view["shuffles"], ui.seed())
        labels = ui.labels(
            with_positions="transformer.with_positions",
            without_positions="transformer.without_positions",
            x="transformer.shuffle_x",
            y="transformer.shuffle_y",
        )
        summary = analysis.shuffle_summary(rows)
        st.markdown(tr("transformer.positions_result", **summary))
        show(
            figures.shuffle_distances(rows, labels),
            "shuffle",
            tr("transformer.shuffle_how"),
            pd.DataFrame(rows),
        )
        table = analysis.shuffle_table(rows).rename(
            columns=ui.labels(
                sentence="transformer.col_sentence",
                with_positions="transformer.col_with",
                without_positions="transformer.col_without",
            )
        )
        st.dataframe(table, width="stretch")
        st.caption(f"ℹ️ {tr('transformer.positions_table_how')}")

if section == "speed":
    st.markdown(tr("transformer.speed_intro"))
    with st.spinner(tr("transformer.speed_measuring")):
        rows = speed()
    names = ui.labels(rnn="transformer.model_rnn", transformer="transformer.model_transformer")
    left, right = st.columns([2, 1])
    with left:
        labels = ui.labels(
            encode="transformer.speed_encode",
            train="transformer.speed_train",
            x="transformer.speed_x",
            y="transformer.speed_y",
        )
        show(
            figures.speed(rows, names, labels),
            "speed",
            tr("transformer.speed_how"),
            pd.DataFrame(rows),
        )
    with right:
        labels = ui.labels(
            title="transformer.path_title", x="transformer.speed_x", y="transformer.path_y"
        )
        show(figures.path_length(rows, names, labels), "path-length", tr("transformer.path_how"))

if res is not None and section == "bert":
    if corpus != "en-ko":
        st.info(tr("transformer.bert_en_ko"))
    else:
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
        right = out["model"][0][0] == tokens[j]
        (st.success if right else st.warning)(
            tr("transformer.bert_right") if right else tr("transformer.bert_wrong", word=tokens[j])
        )
        left, right_col = st.columns(2)
        with left:
            labels = ui.labels(
                title="transformer.bert_title",
                model="transformer.bert_model",
                unigram="transformer.bert_unigram",
                x="transformer.bert_x",
            )
            show(
                figures.mask_guesses(out["model"], out["unigram"], labels),
                "mask-guesses",
                tr("transformer.bert_how"),
            )
        with right_col:
            labels = ui.labels(
                title="transformer.bert_attention_title", layer="transformer.bert_layer"
            )
            fig = figures.mask_attention(out["tokens"], j, out["attention"], labels)
            show(fig, "mask-attention", tr("transformer.bert_attention_how"))
        stored = transformer(corpus).metrics.get("mlm")
        if stored:
            st.caption(
                tr(
                    "transformer.bert_stored",
                    n=stored["n"],
                    model=stored["model"],
                    top5=stored["top5"],
                    word=stored["unigram_word"],
                    unigram=stored["unigram"],
                )
            )
view.sync()
