"""The Translation attention page: AppTest drives its widgets (incl. bad input), and a browser run."""

import pytest

from tests.pages import open_page


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def open_tab(at, tab: str):
    """Open a tab by its id (view setting "tab"): only the open tab is built."""
    at.session_state["translation.tab"] = tab
    return at.run()


def test_page_translates_the_lecture_example_and_drives_its_controls():
    at = open_page("translation")
    assert "나는 딥러닝을 좋아한다" in _markdown(at)
    at.pills(key="translation.att_row").set_value(2).run()
    open_tab(at, "beam")
    at.slider(key="translation.beam").set_value(6).run()
    assert not at.exception
    open_tab(at, "override")
    at.pills(key="translation.ostep").set_value(2).run()
    at.pills(key="translation.osrc").set_value(0).run()
    assert not at.exception
    open_tab(at, "emergence")
    at.select_slider(key="translation.snap").set_value(
        at.select_slider(key="translation.snap").options[0]
    ).run()
    assert not at.exception
    for kind in ("dot", "general", "none"):
        at.radio(key="translation.attention").set_value(kind).run()
        assert not at.exception
    assert at.info  # "none" explains that it has no heatmap


def chart_ids(at) -> list[str]:
    return [chart.proto.id for chart in at.get("plotly_chart")]


def test_a_link_opens_a_tab_and_only_that_tab_is_built():
    at = open_page("translation", tab="quality", lang="ko")
    assert at.session_state["translation.tabs"] == "길이별 품질"
    assert [i for i in chart_ids(at) if "fig-quality-by-length" in i]
    assert not [i for i in chart_ids(at) if "fig-attention" in i]
    at.session_state["app.lang"] = "en"
    at.run()
    assert at.session_state["translation.tabs"] == "Quality vs length"
    assert at.query_params["tab"] == "quality"


def test_the_no_attention_model_shows_its_first_tab_and_keeps_the_asked_one():
    at = open_page("translation", tab="override", attention="none")
    assert not at.exception and at.session_state["translation.tabs"] == "Beam search"
    assert at.table  # the beam table
    at.radio(key="translation.attention").set_value("additive").run()
    assert at.session_state["translation.tabs"] == "What-if" and at.pills(key="translation.ostep")


def test_bad_text_shows_a_message_and_keeps_the_input():
    at = open_page("translation")
    at.text_input(key="translation.sentence").set_value("i lvoe deep learning").run()
    assert not at.exception
    assert at.error and "love" in at.error[0].value
    assert at.text_input(key="translation.sentence").value == "i lvoe deep learning"
    at.text_input(key="translation.sentence").set_value("   ").run()
    assert not at.exception and at.error


def test_dates_corpus_and_examples():
    at = open_page("translation")
    at.radio(key="translation.corpus").set_value("dates").run()
    assert not at.exception
    assert at.text_input(key="translation.sentence").value == "the 3rd of march 2024"
    assert "2024-03-03" in _markdown(at)
    example = at.selectbox(key="translation.example").options[0]
    at.selectbox(key="translation.example").set_value(example).run()
    assert not at.exception and at.text_input(key="translation.sentence").value == example


def test_bad_url_values_fall_back():
    at = open_page(
        "translation",
        {"beam": "99", "attention": "bogus", "att_row": "-3", "snap": "nan", "tab": "beam"},
    )
    assert at.slider(key="translation.beam").value == 8
    assert at.radio(key="translation.attention").value == "additive"
    at = open_page("translation", {"sentence": "x" * 500})
    assert at.error and len(at.text_input(key="translation.sentence").value) <= 120


@pytest.mark.browser
def test_browser_translation_page(page, app_url):
    from tests.conftest import wait_for_app

    page.goto(f"{app_url}/translation")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".js-plotly-plot").count() >= 1
    box = page.get_by_role("textbox", name="Sentence to translate")
    box.fill("the kind teacher reads a new book in the library")
    box.press("Enter")
    wait_for_app(page)
    assert "도서관에서" in page.inner_text('[data-testid="stMain"]')
    page.get_by_role("tab", name="Beam search").click()
    page.get_by_role("tab", name="What-if").click()
    wait_for_app(page)
    box.fill("the kind teacher raeds a book")
    box.press("Enter")
    page.get_by_text("Unknown word(s): raeds").wait_for(timeout=60_000)
    wait_for_app(page, expect_charts=False)
    assert page.locator('[data-testid="stAlert"]').count() >= 1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.browser
def test_browser_translation_page_in_korean(page, app_url):
    from tests.conftest import screenshot, wait_for_app

    korean = page.context.browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    korean.goto(f"{app_url}/translation?lang=ko&corpus=dates&sentence=March+3,+2024")
    wait_for_app(korean)
    page = korean
    text = page.inner_text('[data-testid="stMain"]')
    assert "번역 어텐션" in text and "2024-03-03" in text
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "translation-ko")
    korean.context.close()


@pytest.mark.parametrize("beam", ["1", "0", "-1"])
def test_beam_width_one_from_a_link_shows_the_greedy_hypothesis(beam):
    """Issue 11: beam 1 (or 0/-1 in a link) left the beam table empty and crashed the page."""
    at = open_page("translation", beam=beam, tab="beam")
    assert not at.exception
    assert at.slider(key="translation.beam").value == 1
    table = at.table[0].value
    assert len(table) == 1 and "나는 딥러닝을 좋아한다" in table.iloc[0].tolist()
    open_tab(at, "override")
    assert not at.exception and at.pills(key="translation.ostep")  # the tabs after it draw too


def test_beam_slider_down_to_one_keeps_every_tab():
    at = open_page("translation", tab="beam")
    at.slider(key="translation.beam").set_value(1).run()
    assert not at.exception and len(at.table[0].value) == 1
    open_tab(at, "emergence")
    assert at.select_slider(key="translation.snap")


@pytest.mark.parametrize("text", ["!!! ??? ...", "\\", "@#$%^&*", "— … ·"])
def test_a_sentence_of_only_symbols_says_no_known_words(text):
    at = open_page("translation")
    at.text_input(key="translation.sentence").set_value(text).run()
    assert not at.exception
    assert at.error and "No known words" in at.error[0].value


def test_attention_labels_say_luong_scores_on_the_previous_state():
    at = open_page("translation")
    radio = at.radio(key="translation.attention")
    shown = radio.options  # AppTest holds the formatted labels
    assert "dot: Luong's score on s_{t−1}" in shown and "general: Luong's score on s_{t−1}" in shown
    assert "s_{t-1}" in radio.help and "Bahdanau-style decoder" in radio.help
