"""Every page in a real headless Chromium: it renders, draws its charts, raises nothing, and
switches language. Screenshots land in tests/artifacts/ (UPDATE_SCREENSHOTS=1 refreshes the
README's images in docs/)."""

import os
import shutil

import pytest

from explorer.navigation import HOME, PAGES
from tests.conftest import ROOT, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def assert_healthy(page, charts: bool = True):
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()
    assert page.get_by_text("Page not found").count() == 0
    if charts:
        assert page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').count() > 0


@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_page_renders_in_chromium(page, app_url, spec):
    """A direct link to every page: the first one runs on a freshly started server."""
    name = spec.name
    page.goto(app_url if name == HOME else f"{app_url}/{name}")
    wait_for_app(page, expect_charts=spec.has_charts)
    assert_healthy(page, spec.has_charts)
    assert page.locator('[data-testid="stSidebar"]').get_by_text("Random seed").count() == 1
    path = screenshot(page, name)
    if os.environ.get("UPDATE_SCREENSHOTS"):
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copy(path, ROOT / "docs" / f"{name}.png")


def test_language_switch_and_shared_link(page, app_url):
    page.goto(f"{app_url}/unroll?hidden=3&cell=gru")
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("한국어", exact=True).click()
    page.get_by_text("순환 신경망 펼쳐 보기").first.wait_for(timeout=60_000)
    wait_for_app(page)
    assert_healthy(page)
    link = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').inner_text()
    assert "lang=ko" in link and "cell=gru" in link and "hidden=3" in link
    screenshot(page, "unroll-ko")


def test_unroll_next_and_play_advance_the_step(page, app_url):
    page.goto(f"{app_url}/unroll?text=abcd")
    wait_for_app(page)
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Step t = 1 reads").wait_for(timeout=30_000)
    page.get_by_role("button", name="Play").click()
    page.get_by_text("Step t = 3 reads").wait_for(timeout=30_000)
    wait_for_app(page)
    assert_healthy(page)


def test_a_copied_link_reopens_the_same_view(page, app_url):
    page.goto(f"{app_url}/unroll?cell=lstm&t=2&text=hello")
    wait_for_app(page)
    link = (
        page.locator('[data-testid="stSidebar"] [data-testid="stCode"]')
        .inner_text()
        .replace("\n", "")
    )
    fresh = page.context.new_page()
    fresh.goto(link)
    wait_for_app(fresh)
    fresh.get_by_text("Step t = 2 reads").wait_for(timeout=30_000)
    assert fresh.get_by_text("LSTM").count() > 0
    fresh.close()
