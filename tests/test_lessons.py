"""Lecture mode: lesson files parse and validate with clear messages, the shipped lessons are valid
and their questions are true for the shipped models, and the app walks a lesson scene by scene."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer import lessons, presenter, views
from explorer.i18n import LANGUAGES, t
from tests.pages import APP
from tests.test_glossary import RULES

GOOD = textwrap.dedent(
    """
    id = "tiny"
    title = { en = "Tiny", ko = "작은 수업" }
    audience = { en = "Anyone.", ko = "누구나." }

    [[scenes]]
    page = "gates"
    figures = ["gates-activations"]
    controls = ["mode_forget"]
    title = { en = "Forget", ko = "망각" }
    narration = { en = "Close it.", ko = "닫습니다." }
    notice = { en = ["One"], ko = ["하나"] }
    [scenes.settings]
    cell = "lstm"
    mode_forget = "closed"
    steps = [0, 10]
    [scenes.question]
    prompt = { en = "Accuracy?", ko = "정확도는?" }
    options = { en = ["high", "low"], ko = ["높음", "낮음"] }
    answer = 2
    why = { en = "No memory.", ko = "기억이 없습니다." }

    [[scenes]]
    page = "unroll"
    controls = ["t"]
    title = { en = "Unroll", ko = "펼치기" }
    narration = { en = "Step.", ko = "시점." }
    notice = { en = ["Two"], ko = ["둘"] }
    [scenes.settings]
    hidden = 3
    a_bi = true
    """
)


def test_a_good_lesson_parses():
    lesson = lessons.parse(GOOD, "tiny.toml")
    assert lesson.id == "tiny" and len(lesson.scenes) == 2 and lesson.questions == 1
    first, second = lesson.scenes
    assert first.settings == {"cell": "lstm", "mode_forget": "closed", "steps": (0, 10)}
    assert first.question.answer == 1 and first.question.options["ko"] == ("높음", "낮음")
    assert first.view()["mode_input"] == "learned"  # unspecified settings are the page's defaults
    assert second.settings == {"hidden": 3, "a_bi": True}
    assert second.query() == {"hidden": "3", "a_bi": "1"}


def broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


@pytest.mark.parametrize(
    "text,where,field,words",
    [
        (broken('page = "gates"', 'page = "nowhere"'), "scene 1", "page", "not a page"),
        (broken('cell = "lstm"', 'colour = "lstm"'), "scene 1", "settings.colour", "not a setting"),
        (broken('cell = "lstm"', 'cell = "tree"'), "scene 1", "settings.cell", "not valid"),
        (broken("hidden = 3", "hidden = 99"), "scene 2", "settings.hidden", "out of range"),
        (broken("steps = [0, 10]", "steps = [0, 999]"), "scene 1", "settings.steps", "range"),
        (
            broken('narration = { en = "Step.", ko = "시점." }', 'narration = { en = "Step." }'),
            "scene 2",
            "narration.ko",
            "missing",
        ),
        (
            broken(
                'title = { en = "Tiny", ko = "작은 수업" }', 'title = { en = "Tiny", ko = " " }'
            ),
            "",
            "title.ko",
            "missing or empty",
        ),
        (
            broken(
                'notice = { en = ["One"], ko = ["하나"] }',
                'notice = { en = ["One"], ko = ["하나", "둘"] }',
            ),
            "scene 1",
            "notice.ko",
            "different number",
        ),
        (broken('controls = ["t"]', 'controls = ["tt"]'), "scene 2", "controls", "'tt'"),
        (broken("answer = 2", "answer = 3"), "scene 1", "question.answer", "from 1 to 2"),
        (
            broken('why = { en = "No memory.", ko = "기억이 없습니다." }', ""),
            "scene 1",
            "question.why",
            "needs",
        ),
        (broken('id = "tiny"', 'id = "tiny lesson!"'), "", "id", "letters"),
        (GOOD + "\n[[scenes]\n", "", "toml", "not valid TOML"),
    ],
    ids=[
        "unknown-page",
        "unknown-setting",
        "bad-choice",
        "out-of-range",
        "range-slider",
        "missing-korean",
        "empty-korean-title",
        "uneven-bullets",
        "unknown-control",
        "answer-out-of-options",
        "missing-why",
        "bad-id",
        "malformed-toml",
    ],
)
def test_each_validation_error_names_file_scene_and_field(text, where, field, words):
    with pytest.raises(lessons.LessonError) as caught:
        lessons.parse(text, "bad.toml")
    error = caught.value
    assert (error.file, error.where, error.field) == ("bad.toml", where, field)
    message = str(error)
    assert message.startswith("bad.toml") and f"'{field}'" in message and words in message
    if where:
        assert where in message


def test_a_broken_file_leaves_the_other_lessons_usable(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(broken('page = "gates"', 'page = "x"'), encoding="utf-8")
    (tmp_path / "c.toml").write_text(GOOD, encoding="utf-8")  # same id: refused
    (tmp_path / "d.toml").write_bytes(b"\xff\xfe not utf-8")
    found, errors = lessons.load_all(tmp_path)
    assert [lesson.id for lesson in found] == ["tiny"]
    assert [(e.file, e.field) for e in errors] == [
        ("b.toml", "page"),
        ("c.toml", "id"),
        ("d.toml", "toml"),
    ]


# -- the shipped lessons ---------------------------------------------------------------------------
SHIPPED, SHIPPED_ERRORS = lessons.load_all()
BY_ID = {lesson.id: lesson for lesson in SHIPPED}


def test_every_shipped_lesson_is_valid_and_long_enough():
    assert not SHIPPED_ERRORS, [str(e) for e in SHIPPED_ERRORS]
    assert len(SHIPPED) >= 7
    for lesson in SHIPPED:
        assert len(lesson.scenes) >= 5, lesson.id
        assert lesson.questions >= 2, lesson.id
        for scene in lesson.scenes:
            assert scene.figures or scene.controls, (lesson.id, scene.title["en"])


def korean_texts(lesson: lessons.Lesson):
    yield "title", lesson.title["ko"]
    yield "audience", lesson.audience["ko"]
    for number, scene in enumerate(lesson.scenes, start=1):
        yield f"scene {number} title", scene.title["ko"]
        yield f"scene {number} narration", scene.narration["ko"]
        for item in scene.notice["ko"]:
            yield f"scene {number} notice", item
        if scene.question:
            q = scene.question
            for text in (q.prompt["ko"], q.why["ko"], *q.options["ko"]):
                yield f"scene {number} question", text


@pytest.mark.parametrize("lesson", SHIPPED, ids=[lesson.id for lesson in SHIPPED])
def test_shipped_korean_follows_the_glossary(lesson):
    found = [
        f"{where}: {term} (not {match.group(0)})"
        for where, text in korean_texts(lesson)
        for _, term, variants in RULES
        if (match := re.search(variants, text))
    ]
    assert not found, found


# -- the questions are true for the shipped models -------------------------------------------------
def answer_of(lesson_id: str, scene_number: int) -> str:
    question = BY_ID[lesson_id].scenes[scene_number - 1].question
    return question.options["en"][question.answer]


def test_lesson1_answers_parameter_counts():
    from explorer.anatomy import LECTURE_EXAMPLES, count_layers, totals

    assert totals(count_layers(LECTURE_EXAMPLES["example1"])) == (80, 77)
    assert totals(count_layers(LECTURE_EXAMPLES["example2"]))[1] == 28_230
    assert answer_of("cell-through-time", 5) == "80"
    scene = BY_ID["cell-through-time"].scenes[5]
    assert (scene.settings["a_vocab"], scene.settings["a_embed"], scene.settings["a_hidden"]) == (
        256,
        100,
        20,
    )


def test_lesson2_answers_hold_for_the_gradient_curves():
    from explorer.gradients import analysis, cells

    def ratio(**config):
        curves = analysis.analyse(cells.GradientConfig(**config))
        return {name: cell.norms[0] / cell.norms[-1] for name, cell in curves.cells.items()}

    default = ratio()
    assert default["rnn"] < 1e-20 and answer_of("why-rnns-forget", 1).startswith("Smaller by more")
    assert max(default, key=default.get) == "lstm" and answer_of("why-rnns-forget", 4) == "LSTM"
    irnn = ratio(activation="relu", init="identity")
    assert 0.1 <= irnn["rnn"] <= 10 and answer_of("why-rnns-forget", 3).startswith("Same order")


def test_lesson3_answers_hold_for_the_gate_models():
    from explorer import gates

    def accuracy(cell: str, **modes: str) -> float:
        model = gates.load_gate_model("recall", cell)
        settings = {name: gates.GateSetting(mode, 0.5) for name, mode in modes.items()}
        clamp = gates.build_clamp(settings, (0, 39)) if settings else {}
        return gates.evaluate(model, clamp, n=300)["accuracy"]

    assert accuracy("lstm") > 0.95 and answer_of("lstm-conveyor-belt", 1) == "Above 95 %"
    assert accuracy("lstm", forget="closed") < 0.40
    assert answer_of("lstm-conveyor-belt", 2).startswith("Falls below 40 %")
    assert accuracy("lstm", output="open") > 0.90
    assert answer_of("lstm-conveyor-belt", 3) == "Stays above 90 %"
    assert accuracy("gru", update="open") < 0.40  # scene 5's narration: memory breaks
    assert 0.60 < accuracy("gru", update="closed") < 0.85  # scene 5: "closed ... about 74 %"


def test_lesson4_and_7_answers_hold_for_the_task_baselines():
    from explorer import training

    forecast = training.make_task(training.TaskSpec("forecast", "sines_noise", 20, 50, 10, 4, 0))
    levels = forecast.baselines()
    assert levels["ar"] < levels["last_value"]
    assert answer_of("time-series", 1).startswith("AR")
    adding = training.make_task(training.TaskSpec("adding", "sines_noise", 20, 50, 10, 4, 0))
    assert adding.baselines()["mean"] == pytest.approx(1 / 6, abs=0.01)
    assert answer_of("the-race", 1) == "About 0.17"


def test_lesson5_answers_hold_for_the_translators():
    from explorer import translation

    table = translation.metrics_table("en-ko").set_index("attention")
    assert table.loc["none", "long_exact"] < 20 and table.loc["additive", "long_exact"] > 90
    assert answer_of("seq2seq-bottleneck", 3) == "Below 20 %"


def test_lesson6_answers_hold_for_the_captioner():
    from explorer import captioning

    metrics = captioning.load_captioner("plain").metrics
    assert metrics["peak_on_object"] >= 0.95
    assert answer_of("show-attend-tell", 1).startswith("Almost always")
    assert metrics["exact_accuracy"] > 0.95 and answer_of("show-attend-tell", 5) == "Above 95 %"


def test_lesson6_override_and_regulariser_scenes_show_what_they_say():
    from explorer import captioning
    from explorer.data import scenes

    lesson = BY_ID["show-attend-tell"]
    override, regulariser = lesson.scenes[2].view(), lesson.scenes[3].view()
    image = scenes.make_scenes(6, seed=0, start=0)[override["scene"]].image  # gallery, seed 0
    cap = captioning.load_captioner(override["model"])
    words = cap.caption(image).words
    assert words[override["o_step"]] in ("red", "green", "blue", "yellow", "purple", "orange")
    row, col, size = override["o_row"], override["o_col"], override["o_size"]
    region = (row, col, row + size - 1, col + size - 1)
    own, _ = cap.next_word(image, words[: override["o_step"]], None)
    forced, _ = cap.next_word(image, words[: override["o_step"]], region)
    assert own[0][0] == words[override["o_step"]] and forced[0][0] != own[0][0]
    assert answer_of("show-attend-tell", 3).startswith("The word can change")
    image = scenes.make_scenes(6, seed=0, start=0)[regulariser["scene"]].image
    ignored = {
        variant: captioning.coverage_stats(
            captioning.load_captioner(variant).caption(image).attention
        )["ignored_cells"]
        for variant in captioning.VARIANTS
    }
    assert ignored["ds"] < ignored["plain"]  # "the regularised model spreads its attention"


# -- scenes open the tab they talk about ------------------------------------------------------------
TABBED = {page for page in views.VIEWS if any(p.key == "tab" for p in views.params(page))}
ON_TABS = [lesson for lesson in SHIPPED if any(s.page in TABBED for s in lesson.scenes)]


def test_no_scene_tells_students_to_open_a_tab():
    for lesson in SHIPPED:
        for number, scene in enumerate(lesson.scenes, start=1):
            english = " ".join([scene.narration["en"], *scene.notice["en"]])
            korean = " ".join([scene.narration["ko"], *scene.notice["ko"]])
            assert not re.search(r"\btabs?\b", english, re.IGNORECASE), (lesson.id, number)
            assert "탭" not in korean, (lesson.id, number)


def check_scene(at: AppTest, lesson: lessons.Lesson, index: int) -> None:
    """The scene's tab is one of its page's tabs, it is the open one, and the scene's figures are
    drawn on it."""
    scene, where = lesson.scenes[index], f"{lesson.id} scene {index + 1}"
    if scene.page not in TABBED:
        return
    choices = next(p.choices for p in views.params(scene.page) if p.key == "tab")
    assert scene.settings.get("tab") in choices, f"{where}: no valid tab setting"
    shown = at.session_state[f"{scene.page}.tabs"]
    assert shown == t(f"{scene.page}.tab.{scene.settings['tab']}", "en"), (where, shown)
    drawn = [chart.proto.id for chart in at.get("plotly_chart")]
    for name in scene.figures:
        assert any(i.endswith(f"-fig-{name}") for i in drawn), (where, name, drawn)


@pytest.mark.parametrize("lesson", ON_TABS, ids=[lesson.id for lesson in ON_TABS])
def test_every_scene_opens_its_tab_going_forward_and_back(lesson):
    at = app({"lesson": lesson.id})
    last = len(lesson.scenes) - 1
    for index in range(last + 1):
        check_scene(at, lesson, index)
        if index < last:
            if lesson.scenes[index].question is not None:
                click(at, "lesson-next")  # reveals the answer first
            click(at, "lesson-next")
    for index in range(last - 1, -1, -1):  # ← from a scene on another tab (or model) restores it
        click(at, "lesson-prev")
        check_scene(at, lesson, index)


# -- presenter pieces ------------------------------------------------------------------------------
def test_hide_css_hides_exactly_the_other_settings():
    hidden = presenter.hidden_controls("gates", ["cell", "task", "mode_forget"], ["mode_forget"])
    assert hidden == ["gates.cell", "gates.task"]
    css = presenter.hide_css(hidden)
    assert ".st-key-gates-cell" in css and ".st-key-gates-task" in css
    assert "mode_forget" not in css and presenter.hide_css([]) == ""
    assert presenter.parse_show("t, text,nope", ["text", "t", "cell"]) == ("text", "t")


# -- the app ---------------------------------------------------------------------------------------
def app(query: dict | None = None, lessons_dir: Path | None = None, monkeypatch=None) -> AppTest:
    if lessons_dir is not None:
        monkeypatch.setenv("RNN_LESSONS_DIR", str(lessons_dir))
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, key: str) -> AppTest:
    next(button for button in at.button if button.key == key).click().run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption, *at.success])


def test_lessons_page_lists_good_lessons_and_names_the_broken_file(tmp_path, monkeypatch):
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.toml").write_text(broken("hidden = 3", "hidden = 99"), encoding="utf-8")
    at = app(lessons_dir=tmp_path, monkeypatch=monkeypatch)
    at.switch_page("app_pages/lessons.py").run()
    assert not at.exception, at.exception
    errors = [e.value.replace("\\", "") for e in at.error]  # the message is Markdown-escaped
    assert len(errors) == 1 and "broken.toml" in errors[0] and "scene 2" in errors[0]
    assert "settings.hidden" in errors[0]
    shown = texts(at)
    assert "Tiny" in shown and "lesson=tiny" in shown and "scene=2" in shown
    assert any(button.key == "present-tiny" for button in at.button)


def test_a_lesson_link_opens_presenter_view_reveals_then_moves_on(tmp_path, monkeypatch):
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    at = app({"lesson": "tiny", "present": "1"}, tmp_path, monkeypatch)
    assert at.session_state["gates.mode_forget"] == "closed"
    assert "scene 1 / 2" in texts(at) and "Press → to reveal" in texts(at)
    assert not [s for s in at.success if "Answer" in s.value]
    click(at, "lesson-next")
    assert [s for s in at.success if "Answer: 2. low" in s.value]
    assert "scene 1 / 2" in texts(at)
    click(at, "lesson-pgdn")  # PageDown does what → does
    assert "scene 2 / 2" in texts(at)
    assert at.session_state["unroll.hidden"] == 3 and at.session_state["unroll.a_bi"] is True
    assert at.query_params["lesson"] == "tiny" and at.query_params["scene"] == "2"
    click(at, "lesson-prev")
    assert "scene 1 / 2" in texts(at) and at.session_state["gates.mode_forget"] == "closed"
    click(at, "lesson-exit")
    assert "present" not in at.query_params and any(b.key == "lesson-present" for b in at.button)


def test_a_student_link_shows_the_scene_with_a_reveal_button(tmp_path, monkeypatch):
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    at = app({"lesson": "tiny", "scene": "1", "lang": "ko"}, tmp_path, monkeypatch)
    assert "장면 1 / 2" in texts(at) and "닫습니다." in texts(at)
    click(at, "lesson-reveal")
    assert [s for s in at.success if "답: 2. 낮음" in s.value]


def test_an_unknown_lesson_is_a_notice_not_an_error(tmp_path, monkeypatch):
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    at = app({"lesson": "[nope](http://x)"}, tmp_path, monkeypatch)
    warnings = [w.value for w in at.warning]
    assert any("There is no lesson" in w and "](http" not in w for w in warnings)


def test_a_show_link_hides_the_other_settings_and_the_share_link_keeps_show():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["show"] = "mode_forget"
    at.run()
    at.switch_page("app_pages/gates.py").run()
    assert not at.exception, at.exception
    at.multiselect(key="share.show").set_value(["mode_forget", "cell"]).run()
    link = at.sidebar.code[0].value
    assert "show=cell%2Cmode_forget" in link or "show=mode_forget%2Ccell" in link


def test_every_language_has_every_lesson_text():
    for lesson in SHIPPED:
        assert set(lesson.title) == set(LANGUAGES)
