"""The Transformer page: AppTest drives every section in both languages and with bad input; one
browser run in Chromium."""

import time

import pytest

from tests.pages import open_page

SECTIONS = ("compare", "heads", "positions", "speed", "bert")


def _text(at) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def _charts(at) -> int:
    return len(at.get("plotly_chart"))


def test_compare_section_shows_both_translations_and_three_models_by_length():
    at = open_page("transformer")
    assert "나는 딥러닝을 좋아한다" in _text(at)
    assert _charts(at) == 3  # RNN map, Transformer map, quality by length
    assert "ℹ️" in _text(at)  # every chart has its reading note


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_section_runs_in_both_languages(lang):
    at = open_page("transformer", {"lang": lang})
    title = (
        "RNN 어텐션에서 트랜스포머로" if lang == "ko" else "From RNN attention to the Transformer"
    )
    assert at.title[0].value == title
    for section in SECTIONS:
        at.segmented_control(key="transformer.section").set_value(section).run()
        assert not at.exception, (section, at.exception)
        assert not at.error, (section, [e.value for e in at.error])
        assert _charts(at) >= 1, section  # only this section's figures are built
        assert at.caption, section


def test_heads_section_controls():
    at = open_page("transformer", {"section": "heads"})
    assert _charts(at) == 2  # heatmap and head view
    for kind in ("encoder", "decoder", "cross"):
        at.radio(key="transformer.kind").set_value(kind).run()
        for layer in (1, 2):
            at.radio(key="transformer.layer").set_value(layer).run()
            at.segmented_control(key="transformer.head").set_value("3").run()
            assert not at.exception and _charts(at) == 2


def test_positions_and_bert_sections_report_measurements():
    at = open_page(
        "transformer",
        {"section": "positions", "sentence": "the kind teacher reads a new book in the library"},
    )
    assert "Without positions: 5 of 5 shuffles give the same translation" in _text(at)
    at.slider(key="transformer.shuffles").set_value(3).run()
    assert not at.exception
    at.segmented_control(key="transformer.section").set_value("bert").run()
    at.pills(key="transformer.mask").set_value(2).run()
    assert not at.exception
    assert "<mask>" in _text(at)
    assert "held-out sentences with one random word masked" in _text(at)
    assert "always guessing the most frequent word" in _text(at)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "?!...",
        "i lvoe deep learning",
        "**bold** <b>x</b> [a](http://e.vil)",
        "love " * 50,
    ],
)
def test_bad_input_shows_a_message_not_a_traceback(text):
    at = open_page("transformer")
    at.text_input(key="transformer.sentence").set_value(text).run()
    assert not at.exception
    assert at.error
    message = at.error[0].value
    assert "<b>" not in message and "](http" not in message  # user text is escaped
    for section in SECTIONS:
        at.segmented_control(key="transformer.section").set_value(section).run()
        assert not at.exception


def test_speed_is_measured_on_a_worker_and_appears_by_itself():
    at = open_page("transformer", {"section": "speed"})
    assert any("Measuring in a training process" in i.value for i in at.info)
    assert _charts(at) == 1  # the path lengths need no measurement
    deadline = time.monotonic() + 120  # the page's fragment polls; AppTest reruns instead
    while _charts(at) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()
        assert not at.exception, at.exception
    assert _charts(at) == 2 and not at.info
    assert at.get("plotly_chart")[0].proto.id.endswith("fig-speed")  # the measured timings


def test_dates_corpus_and_bad_url_values():
    at = open_page("transformer")
    at.radio(key="transformer.corpus").set_value("dates").run()
    assert at.text_input(key="transformer.sentence").value == "the 3rd of march 2024"
    assert "2024-03-03" in _text(at)
    for section in SECTIONS:
        at.segmented_control(key="transformer.section").set_value(section).run()
        assert not at.exception
    at = open_page("transformer", {"section": "bogus", "layer": "9", "head": "7", "mask": "-4"})
    assert not at.exception
    assert at.segmented_control(key="transformer.section").value == "compare"


@pytest.mark.browser
def test_browser_transformer_page(page, app_url):
    from tests.conftest import screenshot, wait_for_app

    page.goto(f"{app_url}/transformer")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".js-plotly-plot").count() >= 3
    page.get_by_text("Heads", exact=True).click()
    wait_for_app(page)
    assert page.locator(".js-plotly-plot").count() == 2
    box = page.get_by_role("textbox", name="Sentence")
    box.fill("the kind teacher raeds a book")
    box.press("Enter")
    page.get_by_text("Unknown word(s): raeds").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "transformer")
