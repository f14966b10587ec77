"""The Gradients page in headless Chromium: controls, sections and a bad sentence."""

import pytest

from tests.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

NO_ERROR = '[data-testid="stException"]'


def test_gradients_page_controls_in_the_browser(page, app_url):
    page.goto(f"{app_url}/gradients?T=60&hidden=16")
    wait_for_app(page)
    assert page.locator(NO_ERROR).count() == 0
    assert page.locator(".js-plotly-plot").count() >= 3  # curves, eigenvalues, connectivity

    # a slider moved by keyboard: T 60 -> 61
    page.get_by_role("slider", name="Sequence length T").focus()
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    assert page.locator(NO_ERROR).count() == 0

    # the input kind: a typed sentence colours its words
    selectbox = page.locator('[data-testid="stSelectbox"]').filter(
        has=page.get_by_text("Input", exact=True)
    )
    selectbox.click()
    page.get_by_role("option", name="A typed sentence").click()
    wait_for_app(page)
    box = page.get_by_label("Sentence", exact=True)
    box.fill("the keys to the old cabinet are on the table")
    box.press("Enter")
    wait_for_app(page)
    assert page.locator(NO_ERROR).count() == 0
    assert page.locator(".js-plotly-plot").count() >= 3

    # an empty sentence is explained, not a traceback (and draws no chart: waiting for one raced
    # the removal of the previous run's charts)
    box.fill("")
    box.press("Enter")
    wait_for_app(page, expect_charts=False)
    assert page.get_by_text("The sentence is empty").count() == 1
    assert page.locator(NO_ERROR).count() == 0

    # the truncated-BPTT section draws its two charts
    box.fill("a b c d e f g h i j k l")
    box.press("Enter")
    wait_for_app(page)
    page.get_by_text("Truncated BPTT", exact=True).click()
    wait_for_app(page)
    assert page.locator(NO_ERROR).count() == 0
    assert page.get_by_text("In practice").count() >= 1
    assert page.locator(".js-plotly-plot").count() >= 4
    screenshot(page, "gradients-truncation")
