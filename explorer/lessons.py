"""Lessons: TOML files a lecturer writes (``lessons/*.toml``), parsed and validated here.

A lesson is a list of scenes; a scene is one page's view (the same setting names and values as that
page's URL parameters, explorer/views.py), a short narration, "what to notice" bullets, the controls
students may use, optionally the names of the scene's main figures and a predict-then-reveal
question. Every text is given in every language of explorer.i18n.

``load_all`` never raises for a bad file: it returns the good lessons and one ``LessonError`` per
bad file, naming the file, the scene and the field, so one broken lesson leaves the others usable.
Importable without Streamlit.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from explorer import views
from explorer.i18n import LANGUAGES
from explorer.state import Param

LESSONS_DIR = Path(__file__).resolve().parent.parent / "lessons"
MAX_SCENES = 60
MAX_OPTIONS = 6

Text = Mapping[str, str]  # language -> text


@dataclass(frozen=True)
class Question:
    prompt: Text
    options: Mapping[str, tuple[str, ...]]  # language -> options, same length in every language
    answer: int  # 0-based index into options
    why: Text


@dataclass(frozen=True)
class Scene:
    page: str
    settings: Mapping[str, object]  # parsed values, only the names the file gave
    title: Text
    narration: Text
    notice: Mapping[str, tuple[str, ...]]
    controls: tuple[str, ...]
    figures: tuple[str, ...] = ()  # names given to ui.show_figure; the first is the main one
    question: Question | None = None

    def view(self) -> dict[str, object]:
        """Every setting of the page: the scene's values, the page's defaults for the rest."""
        return {p.key: self.settings.get(p.key, p.default) for p in views.params(self.page)}

    def query(self) -> dict[str, str]:
        """The scene's settings as URL values (what a copied link would carry)."""
        params = {p.key: p for p in views.params(self.page)}
        return {name: params[name].format(value) for name, value in self.settings.items()}


@dataclass(frozen=True)
class Lesson:
    id: str
    title: Text
    audience: Text
    scenes: tuple[Scene, ...]
    path: Path | None = None

    @property
    def questions(self) -> int:
        return sum(scene.question is not None for scene in self.scenes)


@dataclass
class LessonError(Exception):
    """A lesson file that cannot be used: ``where`` is "scene 3" or "" for the file itself."""

    file: str
    field: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        place = f"{self.file}, {self.where}" if self.where else self.file
        return f"{place}, field '{self.field}': {self.message}"


@dataclass
class _Reader:
    """Reads one file's fields, raising a LessonError that names file, scene and field."""

    file: str
    where: str = ""

    def fail(self, name: str, message: str) -> LessonError:
        return LessonError(self.file, name, message, self.where)

    def text(self, table: Mapping, name: str, prefix: str = "") -> dict[str, str]:
        value = table.get(name)
        label = f"{prefix}{name}"
        if not isinstance(value, Mapping):
            raise self.fail(label, f"needs a table with {_languages()} text")
        result = {}
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{label}.{language}", "is missing or empty")
            result[language] = text
        return result

    def texts(self, table: Mapping, name: str, prefix: str = "") -> dict[str, tuple[str, ...]]:
        value = table.get(name)
        label = f"{prefix}{name}"
        if not isinstance(value, Mapping):
            raise self.fail(label, f"needs a table with {_languages()} lists")
        result, length = {}, None
        for language in LANGUAGES:
            items = value.get(language)
            if not isinstance(items, list) or not items:
                raise self.fail(f"{label}.{language}", "is missing or empty")
            if not all(isinstance(item, str) and item.strip() for item in items):
                raise self.fail(f"{label}.{language}", "must list non-empty strings")
            if length is not None and len(items) != length:
                raise self.fail(f"{label}.{language}", "has a different number of items")
            length = len(items)
            result[language] = tuple(items)
        return result


def _languages() -> str:
    return "/".join(LANGUAGES)


def _url_text(value: object) -> str | None:
    """A TOML value as the text a URL would carry (None: not a scalar a URL can hold)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return f"{value[0]}-{value[1]}"  # a range slider's (a, b)
    return None


def _setting(reader: _Reader, param: Param, value: object) -> object:
    raw = _url_text(value)
    label = f"settings.{param.key}"
    if raw is None:
        raise reader.fail(label, f"{value!r} is not a value this setting takes")
    parsed, problem = param.parse(raw)
    if problem is not None and problem.reason == "invalid":
        allowed = f" (one of {', '.join(param.choices)})" if param.choices else ""
        raise reader.fail(label, f"{value!r} is not valid{allowed}")
    if problem is not None:
        raise reader.fail(label, f"{value!r} is out of range [{param.lo:g}, {param.hi:g}]")
    if param.kind == "text" and len(raw) > param.max_len:
        raise reader.fail(label, f"is longer than {param.max_len} characters")
    return parsed


def _question(reader: _Reader, table: object) -> Question:
    if not isinstance(table, Mapping):
        raise reader.fail("question", "must be a table")
    prompt = reader.text(table, "prompt", "question.")
    options = reader.texts(table, "options", "question.")
    count = len(next(iter(options.values())))
    if not 2 <= count <= MAX_OPTIONS:
        raise reader.fail("question.options", f"needs 2 to {MAX_OPTIONS} options")
    answer = table.get("answer")
    if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= count:
        raise reader.fail("question.answer", f"must be an option number from 1 to {count}")
    why = reader.text(table, "why", "question.")
    return Question(prompt, options, answer - 1, why)


def _scene(reader: _Reader, table: object) -> Scene:
    if not isinstance(table, Mapping):
        raise reader.fail("scenes", "each scene must be a table ([[scenes]])")
    page = table.get("page")
    if page not in views.VIEWS:
        raise reader.fail("page", f"{page!r} is not a page with views ({', '.join(views.VIEWS)})")
    params = {p.key: p for p in views.params(page)}
    settings = table.get("settings", {})
    if not isinstance(settings, Mapping):
        raise reader.fail("settings", "must be a table")
    parsed = {}
    for name, value in settings.items():
        if name not in params:
            raise reader.fail(f"settings.{name}", f"is not a setting of the {page} page")
        parsed[name] = _setting(reader, params[name], value)
    controls = table.get("controls", [])
    if not isinstance(controls, list) or not all(isinstance(c, str) for c in controls):
        raise reader.fail("controls", "must be a list of setting names")
    for name in controls:
        if name not in params:
            raise reader.fail("controls", f"{name!r} is not a setting of the {page} page")
    figures = table.get("figures", [])
    if not isinstance(figures, list) or not all(isinstance(f, str) and f for f in figures):
        raise reader.fail("figures", "must be a list of figure names")
    question = table.get("question")
    return Scene(
        page=page,
        settings=parsed,
        title=reader.text(table, "title"),
        narration=reader.text(table, "narration"),
        notice=reader.texts(table, "notice"),
        controls=tuple(controls),
        figures=tuple(figures),
        question=None if question is None else _question(reader, question),
    )


def parse(text: str, file: str = "<lesson>") -> Lesson:
    """One lesson from TOML text; raises LessonError (file, scene, field) when it is not usable."""
    reader = _Reader(file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise reader.fail("toml", f"is not valid TOML ({error})") from None
    lesson_id = data.get("id")
    if not isinstance(lesson_id, str) or not lesson_id.replace("-", "").isalnum():
        raise reader.fail("id", "needs letters, digits and '-' only")
    title = reader.text(data, "title")
    audience = reader.text(data, "audience")
    scenes = data.get("scenes")
    if not isinstance(scenes, list) or not scenes:
        raise reader.fail("scenes", "needs at least one [[scenes]] table")
    if len(scenes) > MAX_SCENES:
        raise reader.fail("scenes", f"has more than {MAX_SCENES} scenes")
    parsed = []
    for number, table in enumerate(scenes, start=1):
        scene_reader = _Reader(file, f"scene {number}")
        parsed.append(_scene(scene_reader, table))
    return Lesson(lesson_id, title, audience, tuple(parsed))


def load_all(directory: Path = LESSONS_DIR) -> tuple[list[Lesson], list[LessonError]]:
    """Every ``*.toml`` in ``directory`` (sorted by file name): the usable lessons and the errors."""
    lessons, errors, seen = [], [], set()
    for path in sorted(directory.glob("*.toml")):
        try:
            lesson = parse(path.read_text(encoding="utf-8"), path.name)
        except UnicodeDecodeError:
            errors.append(LessonError(path.name, "toml", "is not UTF-8 text"))
            continue
        except LessonError as error:
            errors.append(error)
            continue
        if lesson.id in seen:
            errors.append(LessonError(path.name, "id", f"{lesson.id!r} is used by another lesson"))
            continue
        seen.add(lesson.id)
        lessons.append(Lesson(lesson.id, lesson.title, lesson.audience, lesson.scenes, path))
    return lessons, errors
