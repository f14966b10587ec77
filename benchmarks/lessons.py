"""Scene changes per shipped lesson: each lesson is opened in presenter view (AppTest) and walked
with →, one press per reveal or scene; prints every scene change's wall time and the slowest per
lesson. A scene change is the run the → press triggers plus the page switch it asks for.

    .venv/bin/python -m benchmarks.lessons [lesson-id ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from explorer import lessons

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def walk(lesson: lessons.Lesson, lang: str = "en") -> list[tuple[int, float]]:
    """(scene number, seconds) for each → that changed the scene; raises on any app exception."""
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update({"lesson": lesson.id, "present": "1", "lang": lang})
    at.run()
    if at.exception:
        raise RuntimeError(f"{lesson.id} scene 1: {at.exception[0].message}")
    times = []
    for index, scene in enumerate(lesson.scenes[:-1]):
        if scene.question is not None:  # the first → reveals the answer
            next(b for b in at.button if b.key == "lesson-next").click().run()
        started = time.perf_counter()
        next(b for b in at.button if b.key == "lesson-next").click().run()
        times.append((index + 2, time.perf_counter() - started))
        if at.exception:
            raise RuntimeError(f"{lesson.id} scene {index + 2}: {at.exception[0].message}")
        if at.session_state["_lesson"]["scene"] != index + 1:
            raise RuntimeError(f"{lesson.id}: → did not reach scene {index + 2}")
    return times


def main(ids: list[str]) -> None:
    found, errors = lessons.load_all()
    for error in errors:
        print(f"invalid: {error}")
    for lesson in found:
        if ids and lesson.id not in ids:
            continue
        try:
            walk(lesson)  # first pass fills the caches a rehearsal would fill
            times = walk(lesson)
        except RuntimeError as error:
            print(f"{lesson.id:22s} FAILED: {error}")
            continue
        detail = ", ".join(f"{n}: {s:.2f}" for n, s in times)
        slowest = max(times, key=lambda item: item[1])
        print(
            f"{lesson.id:22s} slowest scene change {slowest[1]:.2f} s (scene {slowest[0]})  [{detail}]"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
