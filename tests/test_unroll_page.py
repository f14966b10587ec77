"""AppTest: the app shell and the Unroll page driven through their widgets, bad values included."""

import pytest

from tests.pages import open_page


def test_default_view_renders_every_part():
    at = open_page("unroll")
    assert at.title[0].value == "Unroll a recurrent network"
    assert len(at.get("plotly_chart")) == 3  # lazy sections: graph, bars and heatmap only
    assert len(at.get("arrow_data_frame")) >= 1 or len(at.dataframe) >= 1
    assert any("h_{0}" in latex.value for latex in at.latex)


@pytest.mark.parametrize("section,charts", [("types", 5), ("space", 1), ("anatomy", 0)])
def test_each_section_builds_only_its_own_figures(section, charts):
    at = open_page("unroll")
    at.radio(key="unroll.section").set_value(section).run()
    assert not at.exception and len(at.get("plotly_chart")) == charts
    assert at.query_params["section"] in (section, [section])
    assert not at.latex  # the step equations belong to the first section


def test_one_step_input_survives_next_previous_and_play():
    """Issue 11: with T = 1 no step slider is drawn, Streamlit drops its key, and the buttons'
    callbacks (which run before the script) used to raise KeyError 'unroll.t'."""
    at = open_page("unroll")
    at.text_input(key="unroll.text").set_value("a").run()
    at.run()  # a second run: the undrawn slider's key is gone now
    for label in ("Next", "Previous", "Play", "Reset"):
        labels = [b.label for b in at.button]
        at.button[labels.index(label)].click().run()
        assert not at.exception, (label, at.exception)
    assert at.session_state["unroll.t"] == 0


def test_the_section_survives_a_language_switch():
    at = open_page("unroll", section="space")
    at.session_state["app.lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.radio(key="unroll.section").value == "space" and len(at.get("plotly_chart")) == 1


def test_next_previous_reset_move_the_step_and_the_url():
    at = open_page("unroll")
    labels = [b.label for b in at.button]
    at.button[labels.index("Next")].click().run()
    at.button[labels.index("Next")].click().run()
    assert at.session_state["unroll.t"] == 2 and at.query_params["t"] in ("2", ["2"])
    assert any("h_{2}" in latex.value for latex in at.latex)
    at.button[labels.index("Previous")].click().run()
    assert at.session_state["unroll.t"] == 1
    at.button[labels.index("Reset")].click().run()
    assert at.session_state["unroll.t"] == 0


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_gated_cells_show_their_gates(cell):
    at = open_page("unroll", cell=cell)
    gate = {"lstm": "f_{0}", "gru": "z_{0}"}[cell]
    assert any(gate in latex.value for latex in at.latex)
    assert not at.exception


def test_bad_text_and_urls_are_explained_not_crashed():
    at = open_page("unroll", hidden="999", scale="abc", cell="transformer")
    assert at.session_state["unroll.hidden"] == 16
    assert at.session_state["unroll.cell"] == "rnn"
    at.text_input(key="unroll.text").set_value("").run()
    assert not at.exception and any("empty" in e.value for e in at.error)
    at.text_input(key="unroll.text").set_value("123 456").run()
    assert any("warn" not in w.value for w in at.warning)
    at.text_input(key="unroll.text").set_value("Hello #1").run()
    assert any("#" in w.value for w in at.warning) and not at.exception
    at.text_input(key="unroll.text").set_value("x" * 300).run()
    assert any("64" in w.value for w in at.warning)


def test_exploding_relu_warns_with_the_step():
    at = open_page("unroll", act="relu", init="identity", scale="10", input="sine", len="64")
    assert not at.exception
    assert any("overflowed" in e.value for e in at.error)


def test_language_switch_translates_the_page():
    at = open_page("unroll", lang="ko")
    assert at.title[0].value == "순환 신경망 펼쳐 보기"


def test_anatomy_presets_give_the_lecture_counts():
    at = open_page("unroll", section="anatomy")
    labels = [b.label for b in at.button]
    at.button[
        next(i for i, label in enumerate(labels) if label.startswith("Lecture example 2"))
    ].click().run()
    assert any("28,250" in md.value and "28,230" in md.value for md in at.markdown)
