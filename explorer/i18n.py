"""UI strings in English and Korean.

Each page keeps its strings in ``explorer/locale/<page>.py`` as ``STRINGS = {key: (en, ko)}``;
this module merges them so a page asks for ``t("unroll.title", lang)`` and a test can check that
every key has both languages.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import explorer.locale as _locale_pkg

LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    """All strings of all locale modules; a key defined twice is an error, not a silent override."""
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(_locale_pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{_locale_pkg.__name__}.{info.name}")
        for key, pair in module.STRINGS.items():
            if key in merged:
                raise KeyError(f"UI string {key!r} is defined twice (again in {info.name})")
            merged[key] = pair
    return merged


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fmt: object) -> str:
    """The string for ``key`` in ``lang``, with ``{placeholders}`` filled from ``fmt``."""
    en, ko = catalogue()[key]
    text = ko if lang == "ko" else en
    return text.format(**fmt) if fmt else text
