"""The one place in the library that calls Streamlit: widgets and helpers shared by several pages."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explorer import lessons, presenter, views
from explorer.errors import InputError
from explorer.figures.base import plotly_config
from explorer.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from explorer.markdown import escape
from explorer.state import Param, UrlProblem

_SAVED = "_saved_view"  # survives page switches, when Streamlit drops unrendered widgets' keys
_FIGURES = "_lesson_figures"  # the current scene's figure names (main first), set by app.py
_PRESENTING = "_lesson_presenting"  # True while a lesson is shown in presenter view


def lang() -> str:
    value = st.session_state.get("lang", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def tr(key: str, **fmt: object) -> str:
    """The UI string ``key`` in the language chosen in the sidebar."""
    return t(key, lang(), **fmt)


def labels(**keys: str) -> dict[str, str]:
    """The one mapping a figure builder takes for its text: ``labels(y="gradients.axis_norm")``
    gives ``{"y": <that string in the chosen language>}``. Keys stay literals, so a test can prove
    each one exists in both languages."""
    return {name: tr(key) for name, key in keys.items()}


def seed() -> int:
    return int(st.session_state.get("seed", 0))


class ViewState:
    """Binds a page's widgets to ``st.session_state`` and mirrors them into the URL.

    Call it before drawing widgets and give each widget ``key=view.key(name)`` (and no
    ``value=``/``index=``). On the first run the value comes from the URL (parsed and clamped),
    else from what the user last chose on this page, else the default. ``sync()`` after the
    widgets writes the current values back to ``st.query_params``.
    """

    def __init__(self, page: str, params: Iterable[Param]):
        self.page = page
        self.params = {p.key: p for p in params}
        saved = st.session_state.setdefault(_SAVED, {})
        notices = []
        for name, param in self.params.items():
            key = self.key(name)
            if key in st.session_state:
                continue
            raw = st.query_params.get(name)
            if raw is not None:
                value, problem = param.parse(raw)
                if problem:
                    notices.append(problem)
            else:
                value = saved.get(key, param.default)
            st.session_state[key] = value
        for notice in notices:
            st.caption(f":orange[⚠ {url_notice(notice)}]")

    def key(self, name: str) -> str:
        return f"{self.page}.{name}"

    def __getitem__(self, name: str):
        return st.session_state[self.key(name)]

    def set(self, name: str, value: object) -> None:
        """Change a value before its widget is drawn (buttons such as Next/Reset use this)."""
        st.session_state[self.key(name)] = value

    def sync(self) -> None:
        saved = st.session_state.setdefault(_SAVED, {})
        for name, param in self.params.items():
            value = st.session_state.get(self.key(name), param.default)
            saved[self.key(name)] = value
            text = param.format(value)
            if st.query_params.get(name) != text:
                st.query_params[name] = text


def url_notice(problem: UrlProblem | str) -> str:
    """The fallback notice in the chosen language; the link's own text is escaped."""
    if not isinstance(problem, UrlProblem):
        return f"{tr('common.url_fallback')}: {escape(problem)}"
    return tr(
        f"common.url_{problem.reason}",
        name=escape(problem.key, 40),
        raw=escape(problem.raw, 40),
        used=escape(problem.used, 40),
    )


def share_link(page_path: str | None = None, show: Sequence[str] = ()) -> str:
    """The URL that reopens the current view (page path plus every mirrored setting).

    ``page_path`` is the page's URL path ("" for the home page): the link carries it instead of
    whatever path the browser asked for, so an unknown path never travels on. ``show`` lists the
    settings that stay visible for whoever opens the link (``show=``; empty: all)."""
    base = st.context.url or ""
    if page_path is not None and base:
        parts = urlsplit(base)
        root = (st.get_option("server.baseUrlPath") or "").strip("/")
        path = "/".join(part for part in (root, page_path) if part)
        base = f"{parts.scheme}://{parts.netloc}/{path}"
    query = {k: st.query_params.get(k) for k in st.query_params if k != "show"}
    if show:
        query["show"] = ",".join(show)
    return f"{base}?{urlencode(query)}" if query else base


def show_figure(
    fig: go.Figure,
    *,
    name: str,
    data: pd.DataFrame | dict | None = None,
    key: str | None = None,
    how_to_read: str | None = None,
) -> None:
    """Draw ``fig`` with the export modebar, an optional data download and a reading note."""
    export = st.session_state.get("export_format", "png")
    scene_figures = st.session_state.get(_FIGURES, ())
    presenting = bool(scene_figures) and st.session_state.get(_PRESENTING, False)
    if presenting and name not in scene_figures:
        return  # presenter view shows the scene's figures only
    if name in scene_figures:
        if presenting and (fig.layout.height or 450) > presenter.FIGURE_HEIGHT:
            fig = go.Figure(fig).update_layout(height=presenter.FIGURE_HEIGHT)
        with st.container(key=presenter.figure_key(name)):
            st.plotly_chart(
                fig, config=plotly_config(export, name), key=key or f"fig-{name}", theme=None
            )
    else:
        st.plotly_chart(
            fig, config=plotly_config(export, name), key=key or f"fig-{name}", theme=None
        )
    if presenting:
        return
    if how_to_read:
        st.caption(f"ℹ️ {how_to_read}")
    if data is not None:
        download_data(data, name=name)


def download_data(data: pd.DataFrame | dict, *, name: str) -> None:
    if isinstance(data, pd.DataFrame):
        payload, mime, ext = data.to_csv(index=False).encode(), "text/csv", "csv"
    else:
        payload, mime, ext = (
            json.dumps(data, ensure_ascii=False, indent=1).encode(),
            "application/json",
            "json",
        )
    st.download_button(
        f"⬇ {tr('common.download_data')} ({ext.upper()})",
        payload,
        file_name=f"{name}.{ext}",
        mime=mime,
        key=f"dl-{name}",
        on_click="ignore",
    )


def show_input_error(error: InputError) -> None:
    """The error's message; every value filled into it came from the user, so it is escaped."""
    st.error(tr(error.key, **{name: escape(value) for name, value in error.fmt.items()}), icon="⚠️")


def page_header(prefix: str) -> None:
    """Title and one-paragraph introduction from ``<prefix>.title`` and ``<prefix>.intro``
    (presenter view shows the scene's title in its bar instead)."""
    if st.session_state.get(_PRESENTING, False):
        return
    st.title(tr(f"{prefix}.title"))
    st.markdown(tr(f"{prefix}.intro"))


def labelled_options(prefix: str, options: Sequence[str] = ()):
    """A ``format_func`` that shows option ``o`` as the UI string ``<prefix>.<o>``.

    The language is bound now: Streamlit may call a format_func outside the script run (AppTest
    does), where session state, and so the chosen language, cannot be read.
    """
    language = lang()
    return lambda option: t(f"{prefix}.{option}", language)


# Lessons (lessons/*.toml): app.py drives them with the functions below.

_LESSON = "_lesson"  # {"id", "scene" (0-based), "present", "revealed"}
_GOTO = "_lesson_goto"  # the page a scene change must switch to
_SHOW = "view.show"  # {page: the settings a show= link keeps visible}
PLAYING = ("unroll",)  # pages whose Play state ("<page>.playing") Space toggles


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_lessons(directory: str, signature: tuple) -> tuple[list, list]:
    return lessons.load_all(Path(directory))


def load_lessons() -> tuple[list[lessons.Lesson], list[lessons.LessonError]]:
    """Every lesson file, validated once per change of the folder (RNN_LESSONS_DIR overrides it)."""
    directory = Path(os.environ.get("RNN_LESSONS_DIR") or lessons.LESSONS_DIR)
    files = sorted(directory.glob("*.toml")) if directory.is_dir() else []
    signature = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    return _load_lessons(str(directory), signature)


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
            columns[4].button(
                "▶ ⏸",
                key="lesson-play",
                shortcut="Space",
                help=tr("lesson.play"),
                on_click=toggle_play,
                args=(scene.page,),
            )
        last = columns[-1]
        if present:
            last.button(
                "✕",
                key="lesson-exit",
                shortcut="Esc",
                help=tr("lesson.exit"),
                on_click=set_presenting,
                args=(False,),
            )
        else:
            left, right = last.columns(2)
            left.button(
                "",
                icon=":material/slideshow:",
                key="lesson-present",
                help=tr("lesson.present"),
                on_click=set_presenting,
                args=(True,),
            )
            right.button(
                "",
                icon=":material/close:",
                key="lesson-leave",
                help=tr("lesson.leave"),
                on_click=leave_lesson,
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
