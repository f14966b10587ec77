"""Home: what RNN Explorer is, the pages in lecture order, and how to use it in a lecture."""

import streamlit as st

from explorer import ui
from explorer.navigation import HOME, PAGES

tr = ui.tr
ui.page_header("home")

st.subheader(tr("home.path"))
for spec in PAGES:
    if spec.name == HOME:
        continue
    with st.container(border=True):
        left, right = st.columns([1, 3])
        left.page_link(spec.path, label=tr(f"nav.{spec.name}"), icon=spec.icon)
        right.markdown(tr(f"home.about.{spec.name}"))
        right.caption(tr(f"home.topics.{spec.name}"))

st.subheader(tr("home.lecture"))
st.markdown(tr("home.lecture_tips"))
