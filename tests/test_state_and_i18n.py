"""URL state parsing/clamping and the completeness of the UI strings."""

import ast
import re
import string
from pathlib import Path

import pytest

from explorer.i18n import catalogue, t
from explorer.state import bool_param, choice_param, float_param, int_param, text_param

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "param,raw,expected,problem",
    [
        (int_param("h", 4, 2, 16), "8", 8, False),
        (int_param("h", 4, 2, 16), "99", 16, True),
        (int_param("h", 4, 2, 16), "-3", 2, True),
        (int_param("h", 4, 2, 16), "four", 4, True),
        (int_param("h", 4, 2, 16), "2.5", 4, True),
        (int_param("h", 4, 2, 16), "1e999", 4, True),
        (float_param("s", 1.0, 0.0, 10.0), "nan", 1.0, True),
        (float_param("s", 1.0, 0.0, 10.0), "inf", 1.0, True),
        (float_param("s", 1.0, 0.0, 10.0), "2.5", 2.5, False),
        (choice_param("c", "rnn", ["rnn", "lstm"]), "lstm", "lstm", False),
        (choice_param("c", "rnn", ["rnn", "lstm"]), "transformer", "rnn", True),
        (bool_param("b", False), "1", True, False),
        (bool_param("b", False), "maybe", False, True),
        (text_param("x", "hi", max_len=5), "abcdefgh", "abcde", True),
        (int_param("h", 4, 2, 16), None, 4, False),
    ],
)
def test_url_values_are_parsed_and_clamped(param, raw, expected, problem):
    value, message = param.parse(raw)
    assert value == expected
    assert (message is not None) == problem


@pytest.mark.parametrize(
    "param,value",
    [
        (int_param("h", 4, 2, 16), 7),
        (float_param("s", 1.0, 0.0, 10.0), 0.35),
        (bool_param("b", False), True),
        (choice_param("c", "a", ["a", "b"]), "b"),
        (text_param("x", ""), "i love deep learning"),
    ],
)
def test_url_round_trip(param, value):
    assert param.parse(param.format(value)) == (value, None)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_has_english_and_korean_with_the_same_placeholders():
    for key, (en, ko) in catalogue().items():
        assert en.strip() and ko.strip(), key
        assert _fields(en) == _fields(ko), key
        words = re.findall("[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", "", en))
        if key != "app.title" and len(words) >= 4:
            assert re.search("[가-힣]", ko), f"{key}: Korean text has no Hangul"


def _literal_keys(path: Path) -> set[str]:
    """String keys passed to tr()/t()/InputError()/show_input_error() as literals."""
    keys = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(
            node.func, "id", getattr(node.func, "attr", "")
        ) in ("tr", "t", "InputError"):
            if (
                node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.add(node.args[0].value)
    return keys


def test_every_literal_key_used_in_code_exists():
    known = catalogue()
    files = [*ROOT.glob("app_pages/*.py"), *ROOT.glob("explorer/**/*.py"), ROOT / "app.py"]
    missing = {
        f"{path.name}: {key}"
        for path in files
        for key in _literal_keys(path)
        if "." in key and key not in known
    }
    assert not missing


def test_t_formats_and_switches_language():
    assert t("unroll.warn_truncated", "en", n=80, cap=64).startswith("The input has 80 steps")
    assert "80" in t("unroll.warn_truncated", "ko", n=80, cap=64)
