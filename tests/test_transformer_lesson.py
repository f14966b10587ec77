"""Lesson 8 (lessons/08-transformer.toml): valid, and every question's answer and every measured
claim in its scenes holds for the shipped models at the scene's own settings."""

import numpy as np
import pytest

from explorer import lessons
from explorer import transformer_analysis as analysis
from explorer.transformer import load_transformer
from explorer.translation import load_translator

FOUND, ERRORS = lessons.load_all()
LESSON = next(lesson for lesson in FOUND if lesson.id == "transformer")


def scene(number: int) -> lessons.Scene:
    return LESSON.scenes[number - 1]


def answer(number: int) -> str:
    question = scene(number).question
    return question.options["en"][question.answer]


def test_the_lesson_is_valid_with_five_scenes_and_two_questions():
    assert not [e for e in ERRORS if e.file == "08-transformer.toml"]
    assert len(LESSON.scenes) >= 5 and LESSON.questions >= 2
    assert all(s.page == "transformer" for s in LESSON.scenes)


def test_scene1_both_models_write_the_same_korean():
    text = scene(1).settings["sentence"]
    for res in (
        load_transformer("en-ko").translate(text),
        load_translator("en-ko").translate(text),
    ):
        assert res.text == "나는 딥러닝을 좋아한다"  # i love deep learning
        read = res.attention.argmax(axis=1)  # the English word each Korean word reads most
        assert read[0] == 0 and read[1] in (2, 3) and read[2] == 1


def test_scene2_long_sentences_stay_exact_with_attention_only():
    longest = {
        name: metrics["bins"][-1]["exact"]
        for name, metrics in (
            ("none", load_translator("en-ko", "none").metrics),
            ("additive", load_translator("en-ko", "additive").metrics),
            ("transformer", load_transformer("en-ko").metrics),
        )
    }
    assert longest["none"] < 0.20 and longest["additive"] > 0.95
    assert longest["transformer"] > 0.95
    assert answer(2) == "Above 95 %"


def test_scene4_no_weight_on_later_words_in_any_head():
    settings = scene(4).settings
    res = load_transformer("en-ko").translate(settings["sentence"])
    T = len(res.target_tokens)
    later = np.triu(np.ones((T, T), dtype=bool), k=1)
    assert T > 2 and (res.decoder_attention[:, :, later] == 0).all()
    assert (res.decoder_attention[:, :, ~later] > 0).any()
    _, _, first_row = analysis.head_matrix(res, "decoder", settings["layer"], settings["head"])
    assert first_row[0, 0] == pytest.approx(1.0)  # <sos> reads only itself
    assert answer(4) == "Exactly 0"


def test_scene5_without_positions_every_shuffle_keeps_the_translation():
    settings = scene(5).settings
    tokens = tuple(settings["sentence"].split())
    rows = analysis.shuffle_test_cached("en-ko", tokens, settings["shuffles"], 0)  # page seed 0
    summary = analysis.shuffle_summary(rows)
    assert summary == {"same": 5, "same_with": 0, "n": 5}
    assert max(r["set_distance"] for r in rows if not r["positions"]) < 1e-4
    assert answer(5) == "All 5"


def test_scene6_names_the_longest_sequence_the_page_times():
    narration = next(s for s in LESSON.scenes if "speed" in s.figures).narration
    longest = f"{max(analysis.SPEED_LENGTHS)}"
    assert longest in narration["en"] and longest in narration["ko"]


def test_scene7_masked_word_guesses_and_the_stored_accuracy():
    settings = scene(7).settings
    tokens = tuple(settings["sentence"].split())
    out = analysis.mask_candidates_cached("en-ko", tokens, settings["mask"])
    assert out["hidden"] == "teacher" and out["unigram"][0][0] == "the"
    people = {"officer", "woman", "scientist", "artist", "chef", "teacher", "doctor", "man"}
    assert {word for word, _ in out["model"]} <= people  # "all five guesses are people"
    mlm = load_transformer("en-ko").metrics["mlm"]
    assert 0.05 <= mlm["unigram"] <= 0.15 and mlm["unigram_word"] == "the"
    assert 0.25 <= mlm["model"] <= 0.45 and mlm["model"] >= 3 * mlm["unigram"]
    assert 0.6 <= mlm["top5"] <= 0.7
    assert answer(7).startswith("About 3 times")
