"""URL <-> view state: each setting that defines a view is a ``Param`` that parses and clamps.

A copied link must reopen the same view, and a hand-edited or stale link must never crash a page:
``Param.parse`` turns any raw URL string into a valid value plus, if it had to change it, a short
reason the page can show.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UrlProblem:
    """Why a URL value was not used as given: ``reason`` is "invalid" or "range"."""

    key: str
    raw: str
    used: object
    reason: str

    def __str__(self) -> str:
        return f"{self.key}={self.raw[:40]!r} is {'not valid' if self.reason == 'invalid' else 'out of range'}; using {self.used!r}"


@dataclass(frozen=True)
class Param:
    """One URL-mirrored setting.

    kind: "int", "float", "choice", "bool" or "text". ``lo``/``hi`` clamp numbers, ``choices``
    lists the allowed values of a choice, ``max_len`` caps text.
    """

    key: str
    default: object
    kind: str = "text"
    lo: float | None = None
    hi: float | None = None
    choices: Sequence[str] = field(default_factory=tuple)
    max_len: int = 200

    def parse(self, raw: str | None) -> tuple[object, UrlProblem | None]:
        """(value, problem): a valid value for ``raw``; ``problem`` says what was wrong, if anything."""
        if raw is None:
            return self.default, None
        try:
            value = self._convert(raw)
        except (ValueError, TypeError):
            return self.default, UrlProblem(self.key, raw, self.default, "invalid")
        clamped = self._clamp(value)
        if clamped != value:
            return clamped, UrlProblem(self.key, raw, clamped, "range")
        return value, None

    def format(self, value: object) -> str:
        if self.kind == "bool":
            return "1" if value else "0"
        if self.kind == "float":
            return f"{float(value):g}"
        return str(value)

    def _convert(self, raw: str) -> object:
        if self.kind == "int":
            number = float(raw)
            if not math.isfinite(number) or number != int(number):
                raise ValueError(raw)
            return int(number)
        if self.kind == "float":
            number = float(raw)
            if not math.isfinite(number):
                raise ValueError(raw)
            return number
        if self.kind == "bool":
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if self.kind == "choice":
            if raw not in self.choices:
                raise ValueError(raw)
            return raw
        return raw

    def _clamp(self, value: object) -> object:
        if self.kind in ("int", "float"):
            if self.lo is not None and value < self.lo:
                value = type(value)(self.lo)
            if self.hi is not None and value > self.hi:
                value = type(value)(self.hi)
            return value
        if self.kind == "text":
            return value[: self.max_len]
        return value


def int_param(key: str, default: int, lo: int, hi: int) -> Param:
    return Param(key, default, "int", lo, hi)


def float_param(key: str, default: float, lo: float, hi: float) -> Param:
    return Param(key, default, "float", lo, hi)


def choice_param(key: str, default: str, choices: Sequence[str]) -> Param:
    return Param(key, default, "choice", choices=tuple(choices))


def bool_param(key: str, default: bool) -> Param:
    return Param(key, default, "bool")


def text_param(key: str, default: str, max_len: int = 200) -> Param:
    return Param(key, default, "text", max_len=max_len)


@dataclass(frozen=True)
class StepsParam(Param):
    """A URL-mirrored step range "a-b" (a range slider's value), clamped to [lo, hi] and sorted."""

    kind: str = "range"

    def format(self, value: object) -> str:
        return f"{value[0]}-{value[1]}"

    def _convert(self, raw: str) -> object:
        first, second = raw.split("-")
        return (int(first), int(second))

    def _clamp(self, value: object) -> object:
        a, b = (min(max(int(v), int(self.lo)), int(self.hi)) for v in value)
        return (min(a, b), max(a, b))


def steps_param(key: str, default: tuple[int, int], hi: int) -> StepsParam:
    return StepsParam(key, default, lo=0, hi=hi)
