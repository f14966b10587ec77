"""Shared checks for uploaded files (CSV series, training text), and a memory of parsed uploads.

A page reruns its script on every interaction with the uploaded file still in its uploader;
``remembered`` parses each distinct file once (by its SHA-256) and then answers from memory,
a refusal included, so a bad file costs its parse once, not on every rerun.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from explorer.errors import InputError

Parsed = TypeVar("Parsed")


def decode_utf8(data: bytes) -> str:
    """The upload as text; refuse anything that is not UTF-8 or looks binary (NUL bytes)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError("upload.not_utf8") from error
    if "\x00" in text:
        raise InputError("upload.not_utf8")
    return text


def remembered(size: int) -> Callable[[Callable[..., Parsed]], Callable[..., Parsed]]:
    """Decorate ``parse(data: bytes, *args)`` to remember its last ``size`` answers by the data's
    SHA-256 and ``args``: a result is returned again (the same object: callers must not modify it)
    and an ``InputError`` is raised again, without parsing. Safe to call from several threads."""

    def decorate(parse: Callable[..., Parsed]) -> Callable[..., Parsed]:
        answers: OrderedDict[tuple, tuple[bool, object]] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(parse)
        def parse_once(data: bytes, *args: object) -> Parsed:
            key = (hashlib.sha256(data).digest(), args)
            with lock:
                known = answers.get(key)
                if known is not None:
                    answers.move_to_end(key)
            if known is None:
                try:
                    known = (True, parse(data, *args))
                except InputError as error:
                    known = (False, error)
                with lock:
                    answers[key] = known
                    while len(answers) > size:
                        answers.popitem(last=False)
            ok, value = known
            if not ok:
                raise InputError(value.key, **value.fmt)
            return value

        parse_once.answers = answers  # for tests
        return parse_once

    return decorate
