"""RNN Explorer: the entry point. Navigation, the shared sidebar, then the chosen page."""

import streamlit as st
import torch

from explorer import ui
from explorer.i18n import LANGUAGES
from explorer.navigation import HOME, PAGES
from explorer.state import choice_param, int_param

st.set_page_config(page_title="RNN Explorer", page_icon="🔁", layout="wide")


@st.cache_resource
def _limit_threads() -> int:
    """Once per server: every session shares two cores, so one op must not grab them all."""
    torch.set_num_threads(1)
    return 1


_limit_threads()

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

pages = [
    st.Page(
        spec.path,
        title=ui.tr(f"nav.{spec.name}"),
        icon=spec.icon,
        default=spec.name == HOME,
        url_path=None if spec.name == HOME else spec.name,
    )
    for spec in PAGES
]
current = st.navigation(pages)

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

current.run()
shared.sync()

with share_slot:
    st.markdown(f"**{ui.tr('sidebar.share')}**", help=ui.tr("sidebar.share_help"))
    st.code(ui.share_link(), language=None, wrap_lines=True)
