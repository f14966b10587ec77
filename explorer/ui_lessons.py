"""Streamlit helpers of lecture mode: app.py drives lessons (lessons/*.toml) with these.

A scene change writes the scene's settings into the target page's widget state and asks app.py
to switch page in the same rerun; the URL is written, never read mid-session.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from explorer import lessons, presenter, views
from explorer.markdown import escape
from explorer.state import Param
from explorer.ui import _FIGURES, _PRESENTING, _SAVED, lang, tr

_LESSON = "_lesson"  # {"id", "scene" (0-based), "present", "revealed"}
_GOTO = "_lesson_goto"  # the page a scene change must switch to
_SHOW = "view.show"  # {page: the settings a show= link keeps visible}
PLAYING = ("unroll",)  # pages whose Play state ("<page>.playing") Space toggles


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_lessons(directory: str, signature: tuple) -> tuple[list, list]:
    return lessons.load_all(Path(directory))


_CHECKED: dict[str, tuple[float, tuple]] = {}  # folder -> (when it was last listed, signature)
RECHECK_SECONDS = 2.0  # an edited lesson file shows within this; a hall's reruns skip the listing


def load_lessons() -> tuple[list[lessons.Lesson], list[lessons.LessonError]]:
    """Every lesson file, validated once per change of the folder (RNN_LESSONS_DIR overrides it).
    The folder is listed at most every RECHECK_SECONDS: with a hall rerunning, listing and
    stat-ing every file on every rerun was ~4 % of the server's time."""
    directory = str(Path(os.environ.get("RNN_LESSONS_DIR") or lessons.LESSONS_DIR))
    now = time.monotonic()
    checked = _CHECKED.get(directory)
    if checked is None or now - checked[0] > RECHECK_SECONDS:
        folder = Path(directory)
        files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        signature = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        checked = _CHECKED[directory] = (now, signature)
    return _load_lessons(directory, checked[1])


def text(value: dict, **fmt: object) -> str:
    """A lesson text (language -> text) in the chosen language."""
    return value.get(lang()) or next(iter(value.values()))


def start_lessons(found: Sequence[lessons.Lesson], page: str) -> None:
    """Once per session: ``?lesson=ID&scene=N&present=1`` opens a lesson, ``show=`` is read."""
    if st.session_state.get("lesson.started"):
        return
    st.session_state["lesson.started"] = True
    shown = st.query_params.get("show")
    if shown is not None and page in _page_names():
        names = [p.key for p in _params(page)]
        st.session_state[_SHOW] = {page: presenter.parse_show(shown, names)}
    lesson_id = st.query_params.get("lesson")
    if lesson_id is None:
        return
    lesson = next((item for item in found if item.id == lesson_id), None)
    if lesson is None:
        st.session_state["lesson.unknown"] = lesson_id
        return
    raw = st.query_params.get("scene", "1")
    number = int(raw) if raw.isdigit() else 1
    present = st.query_params.get("present", "0").lower() in ("1", "true", "yes", "on")
    open_lesson(lesson, min(max(number, 1), len(lesson.scenes)) - 1, present)


def open_lesson(lesson: lessons.Lesson, index: int = 0, present: bool = False) -> None:
    """Show ``lesson`` at scene ``index``: its settings go into the page's widget state."""
    state = {"id": lesson.id, "scene": index, "present": present, "revealed": False}
    st.session_state[_LESSON] = state
    apply_scene(lesson.scenes[index])


def apply_scene(scene: lessons.Scene) -> None:
    """Every setting of the scene's page (the scene's values, defaults for the rest), stored where
    ui.ViewState reads them, and the page to switch to; no URL is involved."""
    saved = st.session_state.setdefault(_SAVED, {})
    for name, value in scene.view().items():
        key = f"{scene.page}.{name}"
        st.session_state[key] = value
        saved[key] = value
    if scene.page in PLAYING:
        st.session_state[f"{scene.page}.playing"] = False
    st.session_state[_GOTO] = scene.page


def current_lesson(found: Sequence[lessons.Lesson]) -> tuple[lessons.Lesson, dict] | None:
    state = st.session_state.get(_LESSON)
    if not state:
        return None
    lesson = next((item for item in found if item.id == state["id"]), None)
    if lesson is None or state["scene"] >= len(lesson.scenes):
        st.session_state.pop(_LESSON, None)
        return None
    return lesson, state


def pending_page() -> str | None:
    """The page a scene change asked for (read once)."""
    return st.session_state.pop(_GOTO, None)


def step_lesson(lesson: lessons.Lesson, forward: bool) -> None:
    """→: reveal the scene's answer first, then the next scene; ←: the previous scene."""
    state = st.session_state[_LESSON]
    scene = lesson.scenes[state["scene"]]
    if forward and scene.question is not None and not state["revealed"]:
        state["revealed"] = True
        return
    index = state["scene"] + (1 if forward else -1)
    if 0 <= index < len(lesson.scenes):
        state["scene"], state["revealed"] = index, False
        apply_scene(lesson.scenes[index])


def set_presenting(present: bool) -> None:
    state = st.session_state.get(_LESSON)
    if state:
        state["present"] = present


def leave_lesson() -> None:
    st.session_state.pop(_LESSON, None)


def reveal() -> None:
    st.session_state[_LESSON]["revealed"] = True


def toggle_play(page: str) -> None:
    key = f"{page}.playing"
    st.session_state[key] = not st.session_state.get(key, False)


def mark_scene(scene: lessons.Scene | None, present: bool) -> None:
    """Tell ui.show_figure and ui.page_header what this run shows."""
    st.session_state[_FIGURES] = scene.figures if scene is not None else ()
    st.session_state[_PRESENTING] = present and scene is not None


def visible_controls(page: str, scene: lessons.Scene | None) -> tuple[str, ...] | None:
    """The settings of ``page`` left visible: a scene's controls, a show= link's, or all (None)."""
    if scene is not None and scene.page == page:
        return scene.controls
    shown = st.session_state.get(_SHOW, {})
    return shown.get(page)


def hide_controls(page: str, visible: Sequence[str] | None, extra_css: str = "") -> None:
    """One style element hiding the page's other settings (and ``extra_css``)."""
    css = extra_css
    if visible is not None and page in _page_names():
        names = [p.key for p in _params(page)]
        css += "\n" + presenter.hide_css(presenter.hidden_controls(page, names, visible))
    if css.strip():
        st.html(presenter.style(css))


def _page_names() -> set[str]:
    return set(views.VIEWS)


def _params(page: str) -> list[Param]:
    return views.params(page)


def lesson_bar(lesson: lessons.Lesson, state: dict) -> None:
    """Title, "scene N / M", ← and → (also PageUp/PageDown), Space where the scene plays, and Esc
    (presenter view) or Present / Leave (a student's view)."""
    index, present = state["scene"], state["present"]
    scene = lesson.scenes[index]
    playable = scene.page in PLAYING
    widths = [5, 1.6, 0.9, 0.9] + ([1.1] if playable else []) + ([1.6] if not present else [1.2])
    with st.container(key="lesson-bar"):
        columns = st.columns(widths, vertical_alignment="center")
        columns[0].markdown(f"**{escape(text(lesson.title))}** · {escape(text(scene.title))}")
        columns[1].markdown(tr("lesson.counter", n=index + 1, m=len(lesson.scenes)))
        back = {"on_click": step_lesson, "args": (lesson, False)}
        ahead = {"on_click": step_lesson, "args": (lesson, True)}
        columns[2].button("←", key="lesson-prev", shortcut="Left", help=tr("lesson.prev"), **back)
        columns[3].button("→", key="lesson-next", shortcut="Right", help=tr("lesson.next"), **ahead)
        columns[2].button("PageUp", key="lesson-pgup", shortcut="PageUp", **back)
        columns[3].button("PageDown", key="lesson-pgdn", shortcut="PageDown", **ahead)
        if playable:
            play = {"on_click": toggle_play, "args": (scene.page,)}
            columns[4].button(
                "▶ ⏸", key="lesson-play", shortcut="Space", help=tr("lesson.play"), **play
            )
        last = columns[-1]
        if present:
            leave = {"on_click": set_presenting, "args": (False,)}
            last.button("✕", key="lesson-exit", shortcut="Esc", help=tr("lesson.exit"), **leave)
        else:
            left, right = last.columns(2)
            enter = {"on_click": set_presenting, "args": (True,)}
            close = {"on_click": leave_lesson}
            left.button(
                "",
                icon=":material/slideshow:",
                key="lesson-present",
                help=tr("lesson.present"),
                **enter,
            )
            right.button(
                "", icon=":material/close:", key="lesson-leave", help=tr("lesson.leave"), **close
            )


def lesson_panel(lesson: lessons.Lesson, state: dict) -> None:
    """The scene's narration, what to notice, and its question (the answer once revealed)."""
    scene = lesson.scenes[state["scene"]]
    with st.container(key="lesson-panel"):
        if not state["present"]:
            st.markdown(f"#### {escape(text(scene.title))}")
        st.markdown(text(scene.narration))
        bullets = "\n".join(f"- {item}" for item in scene.notice[lang()])
        st.markdown(f"**{tr('lesson.notice')}**\n\n{bullets}")
        question = scene.question
        if question is None:
            return
        with st.container(border=True, key="lesson-question"):
            st.markdown(f"**{tr('lesson.question')}:** {text(question.prompt)}")
            options = question.options[lang()]
            st.markdown("\n".join(f"{i + 1}. {option}" for i, option in enumerate(options)))
            if state["revealed"]:
                answer = f"{question.answer + 1}. {options[question.answer]}"
                st.success(f"**{tr('lesson.answer', option=answer)}** — {text(question.why)}")
            elif state["present"]:
                st.caption(tr("lesson.press_to_reveal"))
            else:
                st.button(tr("lesson.reveal"), key="lesson-reveal", on_click=reveal)
