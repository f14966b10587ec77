"""Shared checks for uploaded text files (CSV series, training text)."""

from __future__ import annotations

from explorer.errors import InputError


def decode_utf8(data: bytes) -> str:
    """The upload as text; refuse anything that is not UTF-8 or looks binary (NUL bytes)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError("upload.not_utf8") from error
    if "\x00" in text:
        raise InputError("upload.not_utf8")
    return text
