"""One way for AppTest tests to open a page of the app, as a student arriving from a link would."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(page: str, query: dict | None = None, *, timeout: float = 90, **params) -> AppTest:
    """Run app.py with ``query`` (and ``params``) as the link's query string, then switch to
    ``app_pages/<page>.py``; fails the test if either run raised."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in {**(query or {}), **params}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at
