"""The Captioning attention page: AppTest drives its widgets (good and bad values); a browser test
clicks through it in Chromium."""

from __future__ import annotations

import pytest

from tests.conftest import screenshot, wait_for_app
from tests.pages import open_page


def _by_key(widgets, key):
    return next(w for w in widgets if w.key == key)


def test_page_captions_a_gallery_scene_and_scrubs_words():
    at = open_page("captioning")
    heading = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert heading and "“a " in heading[0]
    metrics = [m.value for m in at.metric]
    assert len(metrics) == 2 and all(v.endswith("%") for v in metrics)
    word = _by_key(at.select_slider, "captioning.word")
    word.set_value(2).run()
    assert not at.exception
    _by_key(at.segmented_control, "captioning.scene").set_value(3).run()
    _by_key(at.toggle, "captioning.smooth").set_value(False).run()
    _by_key(at.slider, "captioning.beam").set_value(3).run()
    _by_key(at.radio, "captioning.model").set_value("ds").run()
    assert not at.exception
    _by_key(at.button, "captioning.new").click().run()
    assert not at.exception
    assert at.session_state["captioning.batch"] == 1


def test_page_override_and_compose_modes():
    at = open_page("captioning", tab="override")
    _by_key(at.slider, "captioning.o_step").set_value(1).run()
    _by_key(at.slider, "captioning.o_col").set_value(5).run()
    assert not at.exception
    assert any("**" in m.value for m in at.markdown if "**" in m.value)
    _by_key(at.segmented_control, "captioning.source").set_value("compose").run()
    assert not at.exception
    _by_key(at.slider, "captioning.n_obj").set_value(3).run()
    assert not at.exception
    # two shapes on the same spot: a clear message, no traceback
    _by_key(at.selectbox, "captioning.o1_pos").set_value("middle-left").run()
    assert not at.exception
    assert any("overlap" in e.value for e in at.error)


def test_a_link_opens_a_tab_and_only_that_tab_is_built():
    at = open_page("captioning", tab="override", lang="ko")
    assert at.session_state["captioning.tabs"] == "어텐션 바꾸기"
    ids = [chart.proto.id for chart in at.get("plotly_chart")]
    assert [i for i in ids if "fig-caption-override" in i]
    assert not [i for i in ids if "fig-caption-attention" in i]
    at = open_page("captioning", tab="nonsense")
    assert at.session_state["captioning.tab"] == "word"  # a bad value falls back to the first tab
    assert any("tab=nonsense" in c.value for c in at.caption)


def test_bad_url_values_fall_back_with_a_notice():
    at = open_page(
        "captioning", {"word": "999", "model": "nonsense", "opacity": "nan", "o_step": "25"}
    )
    assert at.session_state["captioning.model"] == "plain"
    assert at.session_state["captioning.o_step"] <= 20  # clamped to the caption's length
    assert sum("The link's value" in c.value for c in at.caption) >= 3  # one notice per bad value
    at = open_page("captioning", {"source": "upload", "scene": "-3", "beam": "abc"})
    assert not at.exception
    assert at.session_state["captioning.model"] == "plain"
    # upload mode without a file: a hint instead of a figure
    assert any("Upload" in i.value for i in at.info)


@pytest.mark.browser
def test_browser_scrub_words_switch_tabs_and_refuse_a_bad_upload(page, app_url, tmp_path):
    page.goto(f"{app_url}/captioning")
    wait_for_app(page)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0
    page.get_by_role("button", name="New scenes").click()
    wait_for_app(page)
    page.get_by_role("radio", name="4", exact=True).click()
    wait_for_app(page)
    assert errors.count() == 0
    caption = page.locator('[data-testid="stMain"] h3').first.inner_text()
    assert caption.startswith("“a ")
    # a tab click reruns the page, which builds only that tab: wait for the chart in its panel
    for tab, setting in (
        ("All words", "all"),
        ("Override the attention", "override"),
        ("With vs without regulariser", "ds"),
    ):
        page.get_by_role("tab", name=tab).click()
        page.locator('[role="tabpanel"]:visible .js-plotly-plot').first.wait_for(timeout=30_000)
        page.wait_for_url(f"**tab={setting}**", timeout=30_000)  # the link reopens this tab
    assert errors.count() == 0
    screenshot(page, "captioning-regulariser")
    page.get_by_role("radio", name="Upload").click()
    wait_for_app(page, expect_charts=False)
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"this is text, not a picture")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(fake))
    page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=30_000)
    assert (
        "not a PNG or JPEG"
        in page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    )
    assert errors.count() == 0
