"""Every shipped lesson walked in headless Chromium in presenter view at 1280x720 with the keyboard
only: no exception, each scene's main element inside the viewport, the counter advances, → reveals
the answer before moving on, Esc leaves presenter view; every scene, in English and in Korean.
Screenshots land in tests/artifacts/lessons/ (UPDATE_SCREENSHOTS=1 refreshes docs/presenter.png).
"""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from explorer import lessons, presenter
from tests.conftest import ARTIFACTS, ROOT, settle

pytestmark = pytest.mark.browser

SHIPPED, _ = lessons.load_all()
SHOTS = ARTIFACTS / "lessons"
COUNTER = {"en": "scene {n} / {m}", "ko": "장면 {n} / {m}"}
ANSWER = {"en": "Answer:", "ko": "답:"}


@pytest.fixture(scope="module")
def projector(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def healthy(page, where: str) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, f"{where}: {errors.first.inner_text()}"


def anchor_in_view(page, lesson: lessons.Lesson, index: int, size: tuple[int, int]) -> None:
    scene = lesson.scenes[index]
    selector = presenter.anchor(scene.page, scene.figures, scene.controls)
    where = f"{lesson.id} scene {index + 1}"
    if selector is None:
        return
    target = page.locator(selector).first
    try:
        target.wait_for(state="visible", timeout=60_000)
    except PlaywrightTimeout:  # say what the projector showed instead
        page.screenshot(path=str(SHOTS / f"{lesson.id}-missing-{index + 1}.png"))
        tab = page.locator('[role="tab"][aria-selected="true"]')
        shown = tab.first.inner_text() if tab.count() else "no tab"
        raise AssertionError(
            f"{where}: {selector} not visible (drawn: {page.locator(selector).count()}, "
            f"open tab: {shown})"
        ) from None
    box = target.bounding_box()
    assert box is not None, f"{where}: main element not drawn"
    width, height = size
    assert box["y"] >= 0 and box["y"] + box["height"] <= height + 1, f"{where}: {box} vs {size}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"{where}: {box} vs {size}"


def counter(page, lang: str, n: int, m: int) -> None:
    page.get_by_text(COUNTER[lang].format(n=n, m=m), exact=True).wait_for(timeout=60_000)


def walk(page, app_url: str, lesson: lessons.Lesson, lang: str, scenes: int) -> None:
    query = f"lesson={lesson.id}&present=1" + ("&lang=ko" if lang == "ko" else "")
    page.goto(f"{app_url}/?{query}")
    total = len(lesson.scenes)
    for index in range(scenes):
        counter(page, lang, index + 1, total)
        settle(page)
        healthy(page, f"{lesson.id} scene {index + 1} ({lang})")
        page.locator('[data-testid="stSidebar"]').wait_for(state="hidden", timeout=10_000)
        page.screenshot(path=str(SHOTS / f"{lesson.id}-{lang}-{index + 1}.png"))
        anchor_in_view(page, lesson, index, (1280, 720))
        if index + 1 == scenes:
            break
        if lesson.scenes[index].question is not None:
            page.keyboard.press("ArrowRight")
            page.get_by_text(ANSWER[lang]).first.wait_for(timeout=30_000)
            counter(page, lang, index + 1, total)  # the reveal does not move on
        page.keyboard.press("PageDown" if index % 2 else "ArrowRight")
    page.keyboard.press("Escape")
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=30_000)
    settle(page)
    healthy(page, f"{lesson.id} after Esc ({lang})")
    assert "present=1" not in page.url


@pytest.mark.parametrize("lesson", SHIPPED, ids=[lesson.id for lesson in SHIPPED])
def test_lesson_walks_with_the_keyboard_in_english(projector, app_url, lesson):
    SHOTS.mkdir(parents=True, exist_ok=True)
    walk(projector, app_url, lesson, "en", len(lesson.scenes))


@pytest.mark.parametrize("lesson", SHIPPED, ids=[lesson.id for lesson in SHIPPED])
def test_lesson_walks_with_the_keyboard_in_korean(projector, app_url, lesson):
    SHOTS.mkdir(parents=True, exist_ok=True)
    walk(projector, app_url, lesson, "ko", len(lesson.scenes))


def test_back_keys_and_big_screens(browser, app_url):
    """← and PageUp go back; the main figure also fits at 1920x1080; body text is >= 20 px."""
    lesson = SHIPPED[1]
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{app_url}/?lesson={lesson.id}&scene=3&present=1")
    counter(page, "en", 3, len(lesson.scenes))
    settle(page)
    anchor_in_view(page, lesson, 2, (1920, 1080))
    size = page.locator('.st-key-lesson-panel [data-testid="stMarkdownContainer"] p').first
    assert float(size.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 20
    page.screenshot(path=str(SHOTS / "presenter-1920.png"))
    page.keyboard.press("ArrowLeft")
    counter(page, "en", 2, len(lesson.scenes))
    page.keyboard.press("PageUp")
    counter(page, "en", 1, len(lesson.scenes))
    settle(page)
    healthy(page, "after ← and PageUp")
    context.close()


def test_student_link_on_a_phone(browser, app_url):
    """A student link at 390 px: the scene's text and its one control, no presenter bar keys."""
    lesson = next(item for item in SHIPPED if item.id == "lstm-conveyor-belt")
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{app_url}/?lesson={lesson.id}&scene=2&lang=ko")
    counter(page, "ko", 2, len(lesson.scenes))
    # the hide-controls style applies once the page's charts arrive (Plotly loads after the run)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot', timeout=90_000)
    settle(page)
    healthy(page, "student link")
    assert page.locator(".st-key-gates-mode_forget").is_visible()
    page.locator(".st-key-gates-cell").wait_for(state="hidden", timeout=30_000)
    page.screenshot(path=str(SHOTS / "student-390-ko.png"), full_page=True)
    context.close()


def test_presenter_screenshot_for_the_readme(projector, app_url):
    lesson = next(item for item in SHIPPED if item.id == "lstm-conveyor-belt")
    projector.goto(f"{app_url}/?lesson={lesson.id}&scene=2&present=1")
    counter(projector, "en", 2, len(lesson.scenes))
    settle(projector)
    projector.keyboard.press("ArrowRight")
    projector.get_by_text(ANSWER["en"]).first.wait_for(timeout=30_000)
    settle(projector)
    path = SHOTS / "presenter.png"
    projector.screenshot(path=str(path))
    if os.environ.get("UPDATE_SCREENSHOTS"):
        shutil.copy(path, ROOT / "docs" / "presenter.png")
