"""The one place in the library that calls Streamlit: widgets and helpers shared by several pages."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar
from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from explorer import presenter
from explorer.errors import InputError
from explorer.figures.base import plotly_config
from explorer.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from explorer.markdown import escape
from explorer.state import Param, UrlProblem

T = TypeVar("T")

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


class SharedFigure(go.Figure):
    """A figure every session reads and none changes. ``st.plotly_chart`` calls ``to_dict`` on
    every rerun, and Plotly deep-copies the whole figure for it (~1 ms a chart): here it is made
    once. Change a copy (``go.Figure(shared)``), never the shared figure itself."""

    def to_dict(self) -> dict:
        if "_frozen_dict" not in self.__dict__:
            self._frozen_dict = super().to_dict()
        return self._frozen_dict


@st.cache_resource(max_entries=1024, show_spinner=False)
def _shared_figure(key: tuple, _build: Callable[[], go.Figure]) -> SharedFigure:
    return SharedFigure(_build())


@st.cache_resource(max_entries=1024, show_spinner=False)
def _shared_value(key: tuple, _build: Callable[[], object]) -> object:
    return _build()


def shared_value(key: tuple, build: Callable[[], T]) -> T:
    """What ``build()`` returns, made once per ``key`` and language and shared read-only by every
    session (tables a lecture scene shows to the whole hall)."""
    return _shared_value((*key, lang()), build)


def shared_figure(key: tuple, build: Callable[[], go.Figure]) -> SharedFigure:
    """The figure ``build()`` makes, built once per ``key`` (everything it depends on, hashable)
    and language, then shared read-only by every session: a hall following one lecture asks for
    the same figures, and building a Plotly figure costs 5-15 ms where sending it costs ~1 ms."""
    return _shared_figure((*key, lang()), build)


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

    def tabs(self, names: Sequence[str], prefix: str) -> tuple[str, DeltaGenerator]:
        """The open tab and its panel. The tab is the view setting "tab" (an id in ``names``, the
        first when the setting names another), so a link, a lesson scene and a language switch
        keep it; the bar is keyed "<page>.tabs" so presenter view never hides it. Lazy: the page
        builds only the returned panel."""
        tab = self["tab"] if self["tab"] in names else names[0]
        title = labelled_options(prefix, names)
        tab_of = {title(name): name for name in names}
        bar = self.key("tabs")
        st.session_state[bar] = title(tab)
        panels = st.tabs(
            list(tab_of), key=bar, on_change=lambda: self.set("tab", tab_of[st.session_state[bar]])
        )
        return tab, panels[list(names).index(tab)]

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


def download_payload(data: pd.DataFrame | dict) -> bytes:
    """What the download button hands over: a DataFrame as CSV, anything else as JSON."""
    if isinstance(data, pd.DataFrame):
        return data.to_csv(index=False).encode()
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def download_data(data: pd.DataFrame | dict, *, name: str) -> None:
    """A download button whose file is written only when it is clicked: every rerun of every
    student otherwise paid for a CSV nobody asked for, and kept its bytes in memory."""
    mime, ext = (
        ("text/csv", "csv") if isinstance(data, pd.DataFrame) else ("application/json", "json")
    )
    st.download_button(
        f"⬇ {tr('common.download_data')} ({ext.upper()})",
        lambda: download_payload(data),
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
