"""Presenter view and hide-controls links as data: the CSS and URL pieces, no Streamlit.

Streamlit puts the class ``st-key-<key>`` (every character outside ``[a-zA-Z0-9_-]`` becomes
``-``) on the container of each keyed element; pages key their widgets ``<page>.<name>``
(ui.ViewState), so a style sheet can hide every setting of a page except the ones a scene or a
``show=`` link keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

MAIN_FIGURE_KEY = "lesson-main"  # ui.show_figure puts a scene figure in "lesson-main-<name>"
MAIN_SELECTOR = f'[class*="st-key-{MAIN_FIGURE_KEY}-"]'
FIGURE_HEIGHT = 320  # px: a main figure's cap in presenter view (fits 1280x720 under the bar)
HIDDEN_KEYS = ("lesson-pgdn", "lesson-pgup")  # second shortcut of → and ←: no visible button


def key_class(key: str) -> str:
    """The CSS class Streamlit gives the element keyed ``key``."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def hidden_controls(page: str, names: Iterable[str], visible: Iterable[str]) -> list[str]:
    """The widget keys of ``page`` to hide: every setting in ``names`` not in ``visible``."""
    keep = set(visible)
    return [f"{page}.{name}" for name in names if name not in keep]


def hide_css(keys: Sequence[str]) -> str:
    """A style sheet hiding the elements keyed ``keys`` (empty when there is nothing to hide)."""
    if not keys:
        return ""
    selectors = ",\n".join(f".{key_class(key)}" for key in keys)
    return f"{selectors} {{ display: none !important; }}"


def figure_key(name: str) -> str:
    return f"{MAIN_FIGURE_KEY}-{name}"


def anchor(page: str, figures: Sequence[str], controls: Sequence[str]) -> str | None:
    """The selector of what a scene is about: its figures, else its first control."""
    if figures:
        return MAIN_SELECTOR
    if controls:
        return f".{key_class(f'{page}.{controls[0]}')}"
    return None


def focus_css(page: str, controls: Sequence[str]) -> str:
    """Presenter view of a scene with figures: the page body keeps the scene's figures and
    controls, metrics, buttons and headings; every other element (tables, equations, notes,
    other settings) is hidden so the main figure fits on the projector without scrolling."""
    keep = [
        f"[class*='st-key-{MAIN_FIGURE_KEY}-'] *",
        ":has([data-testid='stMetric'])",
        ":has([data-testid='stButton'])",
        ":has(h4)",
        *[f".{key_class(f'{page}.{name}')}" for name in controls],
    ]
    kept = "".join(f":not({selector})" for selector in keep)
    return f".st-key-lesson-body [data-testid='stElementContainer']{kept} {{ display: none !important; }}"


def presenter_css(main: str | None) -> str:
    """Presenter view: no sidebar or header, large type, tight padding; the tab panel holding
    ``main`` (a selector, see ``anchor``) is shown whichever tab is selected, its siblings hidden."""
    rules = [
        '[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],'
        ' [data-testid="stHeader"], [data-testid="stToolbar"],'
        ' [data-testid="stExpandSidebarButton"] { display: none !important; }',
        '[data-testid="stMainBlockContainer"] { padding: 0.5rem 1.5rem 1rem 1.5rem !important;'
        " max-width: 100% !important; }",
        '[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,'
        ' [data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 21px !important;'
        " line-height: 1.35; }",
        '[data-testid="stMain"] [data-testid="stWidgetLabel"] p { font-size: 18px !important; }',
        '[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 30px !important; }',
        ".st-key-lesson-bar { border-bottom: 1px solid #ddd; padding-bottom: 0.25rem; }",
        hide_css(list(HIDDEN_KEYS)),
    ]
    if main:
        rules += [
            f'[data-testid="stTabs"]:has({main}) [role="tabpanel"]:not(:has({main}))'
            " { display: none !important; }",
            f'[data-testid="stTabs"] [role="tabpanel"]:has({main})'
            " { display: block !important; }",
            f'[data-testid="stTabs"]:has({main}) [role="tablist"] {{ display: none !important; }}',
        ]
    return "\n".join(rule for rule in rules if rule)


def lesson_css() -> str:
    """Lesson mode outside presenter view: only the hidden second shortcuts."""
    return hide_css(list(HIDDEN_KEYS))


def style(css: str) -> str:
    return f"<style>\n{css}\n</style>" if css else ""


def parse_show(raw: str | None, names: Iterable[str]) -> tuple[str, ...]:
    """A ``show=a,b`` value: the known setting names it lists, in the page's order."""
    if not raw:
        return ()
    asked = {part.strip() for part in raw.split(",")}
    return tuple(name for name in names if name in asked)


def lesson_query(lesson_id: str, scene: int, present: bool, lang: str) -> dict[str, str]:
    """The URL of a lesson scene (``scene`` is 0-based here, 1-based in the link)."""
    query = {"lesson": lesson_id, "scene": str(scene + 1)}
    if present:
        query["present"] = "1"
    if lang != "en":
        query["lang"] = lang
    return query
