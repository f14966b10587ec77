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


KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_.]+$")


def _source_files() -> list[Path]:
    return [*ROOT.glob("app_pages/*.py"), *ROOT.glob("explorer/**/*.py"), ROOT / "app.py"]


def _state_keys(tree: ast.AST) -> set[int]:
    """ids of literals used as session-state keys (``key=...``, ``state[...]``, ``.get(...)``,
    ``... in state``) or as option prefixes: widget keys share the page's namespace but are not
    UI strings."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "key":
            ids.add(id(node.value))
        elif isinstance(node, ast.Subscript):
            ids.add(id(node.slice))
        elif isinstance(node, ast.Compare):
            ids.update(id(side) for side in [node.left, *node.comparators])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") in FIRST_ARG_NOT_A_KEY:
            ids.update(id(arg) for arg in node.args[:1])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") in PREFIX_CALLS:
            ids.update(id(arg) for arg in node.args)
    return ids


# state look-ups, and labelled_options, whose first argument is a prefix of option keys
FIRST_ARG_NOT_A_KEY = ("get", "setdefault", "pop", "set", "key", "labelled_options")
PREFIX_CALLS = ("tabs",)  # ViewState.tabs(names, prefix): option keys are "<prefix>.<name>"


def _key_like_literals(path: Path, namespaces: set[str]) -> set[str]:
    """Every complete string literal in ``path`` that has the shape of a UI key in a known
    namespace (prefixes such as ``"train.col_"``, composed with an option name, are left to the
    AppTest runs that draw every option).

    This does not depend on how the key reaches the catalogue (``tr``, ``t``, ``ui.labels``,
    ``InputError`` or any helper a page defines), so a renamed key cannot hide behind an alias.
    """
    tree = ast.parse(path.read_text())
    skip = _state_keys(tree)
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            value = node.value
            if KEY.match(value) and value.split(".")[0] in namespaces and value[-1] not in "._":
                keys.add(value)
    return keys


def test_every_key_written_in_code_exists_in_both_languages():
    known = catalogue()
    namespaces = {key.split(".")[0] for key in known}
    missing = {
        f"{path.relative_to(ROOT)}: {key}"
        for path in _source_files()
        for key in _key_like_literals(path, namespaces)
        if key not in known and not key.endswith(".py")
    }
    assert not missing


def test_the_key_check_sees_keys_behind_aliases(tmp_path):
    """The blind spot of a check that only reads ``tr("...")``: a key passed through ``S(...)``."""
    page = tmp_path / "page.py"
    page.write_text('def S(key):\n    return key\n\nS("gradients.no_such_key")\n')
    namespaces = {key.split(".")[0] for key in catalogue()}
    assert _key_like_literals(page, namespaces) == {"gradients.no_such_key"}


def test_t_formats_and_switches_language():
    assert t("unroll.warn_truncated", "en", n=80, cap=64).startswith("The input has 80 steps")
    assert "80" in t("unroll.warn_truncated", "ko", n=80, cap=64)
