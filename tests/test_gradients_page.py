"""AppTest: the Gradients page with its main controls, every section and bad values."""

import time

from streamlit.testing.v1 import AppTest

from tests.pages import APP, open_page


def errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error)


def test_default_view_shows_three_curves_and_a_verdict():
    at = open_page("gradients")
    assert at.title[0].value.startswith("Gradients")
    assert len(at.metric) == 4
    assert any("vanishes here" in m.value for m in at.success)
    assert not at.error


def test_every_section_renders_and_its_controls_work():
    at = open_page("gradients", T="60", hidden="16")
    section = at.radio(key="gradients.section")
    for name in ["jacobians", "truncation", "clipping", "training", "connectivity"]:
        section.set_value(name).run()
        assert not at.exception, name
        assert not at.error, name
    section.set_value("truncation").run()
    at.slider(key="gradients.k").set_value(3).run()
    assert any("At k = 3" in m.value for m in at.markdown)
    section.set_value("clipping").run()
    at.select_slider(key="gradients.tau").set_value("5").run()
    assert not at.exception
    assert any("cosine(before, after) = 1.0000" in m.value for m in at.markdown)
    section.set_value("training").run()
    at.slider(key="gradients.steps").set_value(100).run()
    at.slider(key="gradients.addT").set_value(20).run()
    at.button[0].click().run()
    deadline = time.monotonic() + 90  # training runs on a worker: poll as the page's refresh does
    while not any("Test MSE" in m.value for m in at.markdown) and time.monotonic() < deadline:
        time.sleep(0.25)
        at.run()
        assert not at.exception, at.exception
    assert any("Test MSE" in m.value for m in at.markdown)


def test_controls_and_sentence_input():
    at = open_page("gradients")
    at.selectbox(key="gradients.init").set_value("orthogonal").run()
    at.number_input(key="gradients.scale").set_value(0.8).run()
    at.selectbox(key="gradients.act").set_value("sigmoid").run()
    assert any("Vanishing guaranteed" in m.value for m in at.info)
    at.selectbox(key="gradients.input").set_value("sentence").run()
    at.text_input(key="gradients.text").set_value("the dog that barked at the mailman slept").run()
    assert not at.exception and not at.error
    at.text_input(key="gradients.text").set_value("   ").run()
    assert not at.exception
    assert "empty" in errors(at)
    at.text_input(key="gradients.text").set_value("?! ...").run()
    assert "No words" in errors(at)


def test_overflow_is_a_message_not_a_traceback():
    at = open_page("gradients")
    at.selectbox(key="gradients.init").set_value("identity").run()
    at.selectbox(key="gradients.act").set_value("relu").run()
    at.number_input(key="gradients.scale").set_value(1.2).run()
    at.slider(key="gradients.T").set_value(1000).run()
    assert not at.exception
    assert "overflowed at step t" in errors(at)
    assert any("Exploding past float32" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) >= 3  # the finite curves are still drawn


def test_bad_url_values_fall_back_with_a_notice():
    at = open_page("gradients", T="5000", scale="nan", section="nonsense")
    notices = " ".join(c.value for c in at.caption)
    assert "out of range" in notices and "not valid" in notices
    assert at.slider(key="gradients.T").value == 1000


def test_korean_view_renders_every_section():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "ko"
    at.run()
    at.query_params.clear()
    at.switch_page("app_pages/gradients.py").run()
    assert not at.exception
    assert at.title[0].value.startswith("시간을 거스르는 기울기")
    for name in ["connectivity", "jacobians", "truncation", "clipping", "training"]:
        at.radio(key="gradients.section").set_value(name).run()
        assert not at.exception, name
