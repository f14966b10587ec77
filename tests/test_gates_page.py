"""The Gates page: AppTest drives its widgets (incl. bad input); a browser test clicks through it."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from explorer.i18n import t
from tests.conftest import screenshot, wait_for_app
from tests.pages import APP, open_page


def metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_page_shows_model_quality_and_chance_and_a_forget_clamp_breaks_recall():
    at = open_page("gates")
    assert metric(at, "Trained model") == "100.0%"
    assert any("chance: 25.0%" in str(m.proto.delta) for m in at.metric)
    assert len(at.get("plotly_chart")) == 1  # lazy tabs: only the open one is drawn
    at.selectbox(key="gates.mode_forget").set_value("closed").run()
    assert not at.exception
    assert float(metric(at, "With your clamps").rstrip("%")) < 40
    at.selectbox(key="gates.mode_output").set_value("constant").run()
    at.slider(key="gates.value_output").set_value(0.8).run()
    at.slider(key="gates.steps").set_value((2, 9)).run()
    assert not at.exception
    assert at.query_params["steps"] == "2-9" and at.query_params["mode_forget"] == "closed"


TABS = ["states", "prediction", "gradient", "step", "ablation"]  # view setting "tab" (ids)


def test_every_tab_draws_for_lstm_and_gru():
    at = open_page("gates")
    for cell in ("lstm", "gru"):
        at.radio(key="gates.cell").set_value(cell).run()
        for tab in TABS:
            at.session_state["gates.tab"] = tab
            at.run()
            assert not at.exception and at.get("plotly_chart"), (cell, tab)
    at.session_state["gates.tab"] = "step"
    at.run()
    assert len(at.get("latex")) == 4 and any("PyTorch" in m.value for m in at.info)


def test_a_link_opens_a_tab_and_a_language_switch_keeps_it():
    at = open_page("gates", tab="gradient")
    assert at.session_state["gates.tabs"] == "Gradient flow"  # the tab bar shows it open
    assert [c.proto.id for c in at.get("plotly_chart") if "fig-gates-gradient-flow" in c.proto.id]
    at.session_state["app.lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.session_state["gates.tab"] == "gradient" and at.query_params["tab"] == "gradient"
    assert at.session_state["gates.tabs"] == t("gates.tab.gradient", "ko")
    at.session_state["gates.tab"] = "ablation"
    at.run()
    assert at.query_params["tab"] == "ablation" and at.dataframe  # only the open tab is built
    assert len(at.get("plotly_chart")) == 1


def test_tasks_and_custom_sequences_including_bad_ones():
    at = open_page("gates")
    for task in ("count", "adding"):
        at.selectbox(key="gates.task").set_value(task).run()
        assert not at.exception and not at.error
    at.button(key="gates.edit_button").click().run()  # copies the generated sequence to the editor
    assert (
        at.radio(key="gates.source").value == "custom"
        and "*" in at.text_area(key="gates.text").value
    )
    at.selectbox(key="gates.task").set_value("recall").run()
    for text, message in [
        ("", "empty"),
        ("B xyq ?", "Unknown symbol"),
        ("B" + "x" * 80 + "?", "at most 60"),
        ("B xyz", "query mark"),
    ]:
        at.text_area(key="gates.text").input(text).run()
        assert not at.exception
        assert at.error and message in at.error[0].value, (text, [e.value for e in at.error])
        assert at.text_area(key="gates.text").value == text  # what the user typed is kept
    at.selectbox(key="gates.task").set_value("count").run()
    at.text_area(key="gates.text").input("a").run()  # one step: nothing to slide over
    assert not at.exception and not at.error
    at.session_state["gates.tab"] = "step"
    at.run()
    assert not at.exception and at.get("plotly_chart")
    at.selectbox(key="gates.task").set_value("recall").run()
    at.text_area(key="gates.text").input("C xyzyx ?").run()
    assert not at.error and metric(at, "Answer").startswith("C")


def test_a_bad_link_falls_back_with_a_notice():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"steps": "banana", "mode_forget": "sideways", "unit": "999"})
    at.run()
    at.switch_page("app_pages/gates.py").run()
    assert not at.exception
    assert at.selectbox(key="gates.mode_forget").value == "learned"


def test_korean_mode_has_no_english_leftovers_in_the_controls():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "ko"
    at.run()
    at.switch_page("app_pages/gates.py").run()
    assert not at.exception
    assert at.title[0].value.startswith("학습된")
    assert at.selectbox(key="gates.mode_forget").label == "망각 게이트 f"
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "학습된 게이트" in json.dumps(figure["layout"]["annotations"], ensure_ascii=False)


@pytest.mark.browser
def test_browser_toggles_a_gate_and_opens_the_step_diagram(page, app_url):
    page.goto(f"{app_url}/gates")
    wait_for_app(page)
    assert page.locator(".js-plotly-plot").count() >= 1
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="forget gate f")
    box.click()
    page.get_by_role("option", name="closed (0)").click()
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "mode_forget=closed" in page.url
    page.get_by_role("tab", name="One step, in numbers").click()
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    assert page.locator(".katex").count() >= 6
    assert "tab=step" in page.url  # the click is the view setting "tab", mirrored in the link
    page.get_by_text("My own").click()  # the editor starts empty: a message, no charts
    wait_for_app(page, expect_charts=False)
    editor = page.locator("textarea")
    editor.fill("B xyz q ?")
    editor.press("Control+Enter")
    wait_for_app(page, expect_charts=False)
    assert page.locator('[data-testid="stAlert"]').filter(has_text="Unknown symbol").count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "gates-bad-input")
