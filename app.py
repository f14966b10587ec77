"""RNN Explorer: the entry point. Navigation, the shared sidebar, lessons, then the chosen page."""

import streamlit as st
import torch

from explorer import heap, presenter, ui, ui_lessons, views
from explorer.i18n import LANGUAGES
from explorer.markdown import escape
from explorer.navigation import HOME, PAGES
from explorer.state import choice_param, int_param

st.set_page_config(page_title="RNN Explorer", page_icon="🔁", layout="wide")


@st.cache_resource
def _server_setup() -> None:
    """Once per server: every session shares two cores, so one op must not grab them all; and
    full garbage collections skip the long-lived heap (explorer/heap.py)."""
    torch.set_num_threads(1)
    heap.install()


_server_setup()

shared = ui.ViewState(
    "app",
    [
        choice_param("lang", "en", list(LANGUAGES)),
        int_param("seed", 0, 0, 2**31 - 1),
        choice_param("export", "png", ["png", "svg"]),
    ],
)
st.session_state["lang"] = shared["lang"]
st.session_state["seed"] = shared["seed"]
st.session_state["export_format"] = shared["export"]


def _pages(lang: str) -> dict:
    """The navigation's pages, made once per session and language: making one resolves its file
    on disk, which every rerun of a hall repeated (~7 % of the server's time under load)."""
    made = st.session_state.setdefault("_nav_pages", {})
    if lang not in made:
        made[lang] = {
            spec.name: st.Page(
                spec.path,
                title=ui.tr(f"nav.{spec.name}"),
                icon=spec.icon,
                default=spec.name == HOME,
                url_path=None if spec.name == HOME else spec.name,
            )
            for spec in PAGES
        }
    return made[lang]


pages = _pages(shared["lang"])
current = st.navigation(list(pages.values()))
name = current.url_path or HOME

# Lessons: a scene change stores the scene's settings in the page's widget state (ui_lessons.apply_scene)
# and switches page here, in the same rerun; the URL is only written, never read mid-session.
found, lesson_errors = ui_lessons.load_lessons()
ui_lessons.start_lessons(found, name)
active = ui_lessons.current_lesson(found)
target = ui_lessons.pending_page()
if active is not None:
    lesson, lesson_state = active
    query = presenter.lesson_query(
        lesson.id, lesson_state["scene"], lesson_state["present"], shared["lang"]
    )
    if target is not None and target != name:
        st.switch_page(pages[target], query_params=query)
    for key, value in query.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    if "present" not in query and "present" in st.query_params:
        del st.query_params["present"]
else:
    for key in ("lesson", "scene", "present"):
        if key in st.query_params:
            del st.query_params[key]

with st.sidebar:
    st.markdown(f"### :material/all_inclusive: {ui.tr('app.title')}")
    st.segmented_control(
        ui.tr("sidebar.language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=shared.key("lang"),
        required=True,
    )
    st.number_input(
        ui.tr("sidebar.seed"),
        min_value=0,
        max_value=2**31 - 1,
        step=1,
        key=shared.key("seed"),
        help=ui.tr("sidebar.seed_help"),
    )
    st.segmented_control(
        ui.tr("sidebar.export"),
        ["png", "svg"],
        format_func=str.upper,
        key=shared.key("export"),
        help=ui.tr("sidebar.export_help"),
        required=True,
    )
    share_slot = st.container()

if unknown := st.session_state.pop("lesson.unknown", None):
    st.warning(ui.tr("lessons.unknown", name=escape(unknown, 40)))

if active is None:
    ui_lessons.mark_scene(None, False)
    ui_lessons.hide_controls(name, ui_lessons.visible_controls(name, None))
    current.run()
else:
    scene = lesson.scenes[lesson_state["scene"]]
    on_scene = scene if scene.page == name else None
    present = lesson_state["present"]
    ui_lessons.mark_scene(on_scene, present)
    main = presenter.anchor(scene.page, scene.figures, scene.controls)
    css = presenter.presenter_css(main) if present else presenter.lesson_css()
    if present and scene.figures and on_scene is not None:
        css += "\n" + presenter.focus_css(scene.page, scene.controls)
    ui_lessons.hide_controls(name, ui_lessons.visible_controls(name, on_scene), css)
    ui_lessons.lesson_bar(lesson, lesson_state)
    if present:
        body, side = st.columns([5, 2], gap="medium")
        with side:
            ui_lessons.lesson_panel(lesson, lesson_state)
        with body, st.container(key="lesson-body"):
            current.run()
    else:
        ui_lessons.lesson_panel(lesson, lesson_state)
        current.run()
shared.sync()

with share_slot:
    st.markdown(f"**{ui.tr('sidebar.share')}**", help=ui.tr("sidebar.share_help"))
    shown = ()
    if name in views.VIEWS:
        shown = st.multiselect(
            ui.tr("sidebar.show"),
            [param.key for param in views.params(name)],
            key="share.show",
            help=ui.tr("sidebar.show_help"),
            placeholder=ui.tr("sidebar.show_placeholder"),
        )
    st.code(ui.share_link(current.url_path, shown), language=None, wrap_lines=True)
