"""User text reaches the page escaped: no link, image, heading, directive or math survives."""

import string

import pytest

from explorer.markdown import escape


def _every_punctuation_is_escaped(text: str) -> bool:
    """CommonMark reads a backslash before ASCII punctuation as the character itself."""
    i = 0
    while i < len(text):
        if text[i] == "\\":
            if i + 1 >= len(text) or text[i + 1] not in string.punctuation:
                return False
            i += 2
        elif text[i] in string.punctuation:
            return False
        else:
            i += 1
    return True


@pytest.mark.parametrize(
    "text",
    [
        "![x](http://127.0.0.1:9/t.png)",
        "[a](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "# heading",
        "**bold** _it_ `code`",
        ":red[colour] :smile:",
        "$x^2$",
        "a\\b",
        "한국어 [링크](http://x)",
    ],
)
def test_escaped_text_has_no_markdown_syntax_left(text):
    escaped = escape(text)
    assert _every_punctuation_is_escaped(escaped)
    assert escaped.replace("\\", "") == text.replace("\\", "")


def test_the_check_would_see_raw_markdown():
    assert not _every_punctuation_is_escaped("![x](http://a)")


def test_control_characters_and_newlines_are_dropped_and_long_text_is_cut():
    assert escape("a\x00b\x1bc\nd") == "abc d"
    assert len(escape("x" * 500, max_len=50)) == 50
