"""Unroll in Chromium (issue 11): a one-step input survives every step button, and at phone width
(390 px) the equations can be scrolled to their end and the chart titles stay clear of the
modebar. Screenshots of Unroll and Gates in both languages at 1280 and 390 px wide."""

from __future__ import annotations

import pytest

from tests.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.inner_text("body")


def test_one_step_input_survives_next_previous_and_play(page, app_url):
    page.goto(f"{app_url}/unroll?text=a")
    wait_for_app(page)
    for name in ("Next", "Previous", "Play", "Reset"):
        page.get_by_role("button", name=name, exact=True).click()
        wait_for_app(page)
        no_exception(page)
    page.get_by_text("Step t = 0 reads").wait_for(timeout=30_000)


def test_phone_width_equations_scroll_to_their_end(page, app_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/unroll?cell=gru&hidden=4")
    wait_for_app(page)
    first = page.locator('[data-testid="stMarkdownContainer"] .katex-display').first
    first.wait_for()
    reach = first.evaluate(
        """element => {
            let box = element;
            while (box && box !== document.body) {
                const style = getComputedStyle(box);
                if (box.scrollWidth > box.clientWidth + 1 && /(auto|scroll)/.test(style.overflowX)) {
                    box.scrollLeft = box.scrollWidth;
                    return {scrolls: true, right: element.querySelector('.katex').getBoundingClientRect().right};
                }
                box = box.parentElement;
            }
            return {scrolls: false, right: element.querySelector('.katex').getBoundingClientRect().right};
        }"""
    )
    assert reach["right"] <= PHONE["width"] + 1, reach  # the end of the equation can be seen
    no_exception(page)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("path", ["unroll", "unroll?section=space", "gates"])
def test_screenshots_of_unroll_and_gates(page, app_url, path, width, lang):
    page.set_viewport_size(PHONE if width == "phone" else DESKTOP)
    joiner = "&" if "?" in path else "?"
    page.goto(f"{app_url}/{path}{joiner}lang={lang}")
    wait_for_app(page)
    no_exception(page)
    name = path.replace("?section=", "-")
    screenshot(page, f"{name}-{width}-{lang}")
