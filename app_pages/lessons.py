"""Lessons: every lesson file with its scenes, a Present button and a student link per scene."""

from urllib.parse import urlencode, urlsplit

import streamlit as st

from explorer import presenter, ui, ui_lessons
from explorer.markdown import escape
from explorer.ui import tr

ui.page_header("lessons")
found, errors = ui_lessons.load_lessons()
for error in errors:
    st.error(tr("lessons.bad_file", error=escape(str(error), 400)), icon="⚠️")
if not found:
    st.info(tr("lessons.none"))


def link(query: dict[str, str]) -> str:
    """An absolute link to the app's root with ``query`` (the app opens the scene's page)."""
    parts = urlsplit(st.context.url or "")
    root = (st.get_option("server.baseUrlPath") or "").strip("/")
    base = f"{parts.scheme}://{parts.netloc}/{root}" if parts.netloc else f"/{root}"
    return f"{base.rstrip('/')}/?{urlencode(query)}"


for lesson in found:
    with st.container(border=True, key=f"lesson-card-{lesson.id}"):
        head, button = st.columns([5, 1], vertical_alignment="center")
        head.markdown(f"### {escape(ui_lessons.text(lesson.title))}")
        head.caption(
            f"{escape(ui_lessons.text(lesson.audience))} · "
            + tr("lessons.scenes", n=len(lesson.scenes), q=lesson.questions)
        )
        button.button(
            tr("lessons.present"),
            key=f"present-{lesson.id}",
            type="primary",
            icon=":material/slideshow:",
            on_click=ui_lessons.open_lesson,
            args=(lesson, 0, True),
            width="stretch",
        )
        lines = []
        for index, scene in enumerate(lesson.scenes):
            url = link(presenter.lesson_query(lesson.id, index, False, ui.lang()))
            page = tr(f"nav.{scene.page}")
            mark = " ❓" if scene.question else ""
            lines.append(
                f"{index + 1}. {escape(ui_lessons.text(scene.title))}{mark} "
                f"— *{escape(page)}* · [{tr('lessons.student_link')}]({url})"
            )
        st.markdown("\n".join(lines))
st.caption(tr("lessons.write_your_own"))
