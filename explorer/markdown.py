"""User text shown inside Markdown: escaped, so it reads as typed and never becomes a link,
an image, a heading, a colour directive or LaTeX (issue 11: a link must not make the browser fetch
a URL from a notice)."""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation; Streamlit's own syntax (":red[...]",
# ":emoji:", "$math$") is built from the same characters.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape(text: object, max_len: int = 200) -> str:
    """``text`` as literal characters in Markdown, on one line, cut to ``max_len`` characters."""
    plain = _CONTROL.sub("", str(text)).replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if len(plain) > max_len:
        plain = plain[: max_len - 1] + "…"
    return _PUNCTUATION.sub(r"\\\1", plain)
