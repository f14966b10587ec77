"""Translation attention: a live seq2seq translator, its attention, beam search and what-ifs."""

import pandas as pd
import streamlit as st

from explorer import translation as T
from explorer import ui
from explorer.errors import InputError
from explorer.figures import translation as F
from explorer.state import choice_param, int_param, text_param
from models.seq2seq import ATTENTIONS


def S(key, **fmt):  # this page's UI strings
    return ui.tr(f"translation.{key}", **fmt)


PARAMS = [
    choice_param("corpus", "en-ko", T.CORPORA),
    choice_param("attention", "additive", ATTENTIONS),
    text_param("sentence", T.DEFAULT_TEXT["en-ko"], max_len=120),
    int_param("att_row", 0, 0, 80),
    int_param("beam", 4, 1, 8),
    int_param("ostep", 0, 0, 80),
    int_param("osrc", 0, 0, 80),
    int_param("snap", 2000, 0, 10**6),
]
view = ui.ViewState("translation", PARAMS)
ui.page_header("translation")


@st.cache_resource(show_spinner=False)
def model(corpus, attention, step=None):
    return (
        T.load_translator(corpus, attention)
        if step is None
        else T.snapshot(corpus, attention, step)
    )


@st.cache_data(max_entries=512, show_spinner=False)
def run(corpus, attention, text, beam=1, override=None, uniform=False, step=None):
    return model(corpus, attention, step).translate(
        text, beam=beam, override=override, uniform=uniform
    )


def choose(where, name, tokens, label):  # one token position, as clickable word pills
    if not 0 <= view[name] < len(tokens):
        view.set(name, 0)
    shown = F.unique_labels(tokens)
    where.pills(
        S(label),
        list(range(len(tokens))),
        key=view.key(name),
        format_func=shown.__getitem__,
        required=True,
        wrap=True,
    )
    return view[name]


def show(fig, name, data=None, how=None):
    ui.show_figure(fig, name=name, data=data, how_to_read=S(how) if how else None)


c1, c2, c3 = st.columns([1.1, 1.3, 3])
c1.radio(
    S("corpus"),
    T.CORPORA,
    key=view.key("corpus"),
    format_func=lambda c: S(f"corpus_{c}"),
    on_change=lambda: view.set("sentence", T.DEFAULT_TEXT[view["corpus"]]),
)
corpus = view["corpus"]
kinds = list(ATTENTIONS) if corpus == "en-ko" else ["additive"]
if view["attention"] not in kinds:
    view.set("attention", "additive")
c2.radio(S("attention"), kinds, key=view.key("attention"), format_func=lambda a: S(f"att_{a}"))
if corpus == "dates":
    c2.caption(S("dates_additive_only"))
c3.text_input(S("text"), key=view.key("sentence"), max_chars=120, help=S("text_help"))
c3.selectbox(
    S("example"),
    T.examples(corpus, ui.seed()),
    index=None,
    key="translation.example",
    placeholder=S("pick"),
    on_change=lambda: view.set(
        "sentence", st.session_state["translation.example"] or view["sentence"]
    ),
)
attention, text = view["attention"], view["sentence"]
try:
    res = run(corpus, attention, text)
except InputError as error:
    ui.show_input_error(error)
    res = None

if res is not None:
    st.markdown(f"#### {S('output')}: &nbsp; :blue[{res.text}]")
    src, tgt, att = res.source_tokens, res.target_tokens, res.attention
    has_att = att is not None and len(tgt) > 0
    names = (
        ["attention", "beam", "override", "emergence", "sanity", "quality"]
        if has_att
        else ["beam", "emergence", "quality"]
    )
    tabs = dict(zip(names, st.tabs([S(f"tab_{n}") for n in names]), strict=True))
    if not has_att:
        st.info(S("no_attention"))  # the "none" model: no attention tabs
    else:
        with tabs["attention"]:
            left, right = st.columns([3, 2])
            row = choose(right, "att_row", tgt, "row")
            with left:
                fig = F.attention_heatmap(
                    src, tgt, att, title=S("heatmap_title"), highlight_row=row
                )
                show(fig, "attention", T.attention_frame(res), "heatmap_how")
            with right:
                show(
                    F.attention_bars(src, att[row], title=S("bar_title", word=tgt[row])),
                    "attention-row",
                    how="bar_how",
                )
    with tabs["beam"]:
        st.slider(S("beam_width"), 1, 8, key=view.key("beam"))
        beam = run(corpus, attention, text, beam=view["beam"])
        st.table(
            T.beam_table(beam)
            .rename(columns=lambda c: S(f"beam_table_{c}"))
            .set_index(S("beam_table_rank"))
        )
        st.caption(f"ℹ️ {S('beam_how')}")
        if has_att:
            labels = [
                S("hyp_label", rank=k + 1, text=h.text, score=h.score)
                for k, h in enumerate(beam.hypotheses)
            ]
            show(F.beam_heatmaps(src, beam.hypotheses, labels), "beam", T.beam_table(beam))
    if has_att:
        with tabs["override"]:
            st.markdown(S("override_intro"))
            a, b = st.columns(2)
            t = choose(a, "ostep", tgt, "override_step")
            forced = run(
                corpus, attention, text, override=(t, choose(b, "osrc", src, "override_source"))
            )
            a.markdown(f"**{S('override_before')}:** :blue[{res.text}]")
            b.markdown(f"**{S('override_after')}:** :orange[{forced.text}]")
            changed = T.changed_words(tgt, forced.target_tokens)
            st.caption(S("override_changed", n=changed) if changed else S("override_same"))
            fig = F.attention_heatmap(
                src,
                forced.target_tokens,
                forced.attention,
                title=S("override_title"),
                highlight_row=t,
            )
            show(fig, "override", T.attention_frame(forced), "override_how")
    with tabs["emergence"]:
        steps = T.snapshot_steps("en-ko", "additive") if corpus == "en-ko" else []
        if not steps:
            st.info(S("emergence_en_ko"))
        else:
            st.markdown(S("emergence_intro"))
            if view["snap"] not in steps:
                view.set("snap", steps[-1])
            st.select_slider(S("snapshot"), steps, key=view.key("snap"))
            snap = run(corpus, "additive", text, step=view["snap"])
            left, right = st.columns([3, 2])
            with left:
                fig = F.attention_heatmap(
                    src,
                    snap.target_tokens,
                    snap.attention,
                    title=S("emergence_title", step=view["snap"], text=snap.text),
                )
                show(fig, "emergence", T.attention_frame(snap))
            with right:
                exact = [model("en-ko", "additive", s).metrics["exact"] for s in steps]
                fig = F.emergence_curve(
                    steps,
                    exact,
                    view["snap"],
                    x_title=S("emergence_curve_x"),
                    y_title=S("emergence_curve_y"),
                )
                show(
                    fig,
                    "emergence-curve",
                    pd.DataFrame({"step": steps, "exact": exact}),
                    "emergence_how",
                )
    if has_att:
        with tabs["sanity"]:
            left, right = st.columns([3, 2])
            entropy = T.row_entropy(att)
            with left:
                fig = F.entropy_bars(
                    tgt,
                    entropy,
                    len(src),
                    title=S("entropy_title"),
                    uniform_label=S("entropy_uniform"),
                )
                show(
                    fig,
                    "entropy",
                    pd.DataFrame({"target": tgt, "entropy_bits": entropy.round(4)}),
                    "entropy_how",
                )
            with right:
                bad = T.is_degenerate(att)  # every row nearly the same: it ignores the step
                (st.warning if bad else st.success)(
                    S("degenerate" if bad else "not_degenerate", tv=T.max_row_distance(att))
                )
                st.markdown(
                    f"{S('uniform_output')}:\n\n:orange[{run(corpus, attention, text, uniform=True).text}]"
                )
                st.caption(f"ℹ️ {S('uniform_how')}")
    with tabs["quality"]:
        table = T.metrics_table(corpus)
        st.markdown(S("stored_metrics", **T.stored_metrics(corpus)[0]))
        st.dataframe(
            table.rename(columns=lambda c: S(f"col_{c}")), hide_index=True, width="stretch"
        )
        if corpus == "en-ko":
            rows = st.cache_data(T.quality_by_length)(
                corpus, tuple(table["attention"]), 300, ui.seed()
            )
            fig = F.quality_by_length(
                rows,
                names={a: S(f"att_{a}") for a in ATTENTIONS},
                x_title=S("quality_x"),
                exact_title=S("quality_exact"),
                bleu_title=S("quality_bleu"),
            )
            st.caption(S("quality_live", n=300))
            show(fig, "quality-by-length", pd.DataFrame(rows), "quality_how")
view.sync()
