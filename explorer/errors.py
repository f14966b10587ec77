"""Errors that carry a user-facing message key, so pages can explain bad input in either language."""

from __future__ import annotations


class InputError(ValueError):
    """Bad user input (text, upload, URL value, setting) that the page should explain, not crash on.

    ``key`` names a string in ``explorer.i18n``; ``fmt`` fills its placeholders.
    """

    def __init__(self, key: str, **fmt: object) -> None:
        super().__init__(f"{key} {fmt}")
        self.key = key
        self.fmt = fmt
