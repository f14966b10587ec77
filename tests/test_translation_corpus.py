"""The toy translation corpora: deterministic, in range, Korean grammar and real reordering."""

import datetime as dt

import pytest

from explorer.data.translation_corpus import (
    DATE_FORMATS,
    MAX_WORDS,
    MIN_WORDS,
    TRAIN_SEED_BASE,
    has_batchim,
    make_pairs,
    ordinal,
    particle,
    tokenize,
    vocabulary,
)


def test_make_pairs_is_deterministic_per_seed_and_differs_across_seeds():
    assert make_pairs("en-ko", 50, seed=3) == make_pairs("en-ko", 50, seed=3)
    assert make_pairs("en-ko", 50, seed=3) != make_pairs("en-ko", 50, seed=4)
    assert make_pairs("dates", 20, seed=3) == make_pairs("dates", 20, seed=3)


def test_unknown_corpus_is_rejected():
    with pytest.raises(ValueError):
        make_pairs("fr-de", 3, seed=0)


def test_english_lengths_span_the_stated_range():
    lengths = [len(en.split()) for en, _ in make_pairs("en-ko", 3000, seed=11)]
    assert min(lengths) == MIN_WORDS
    assert max(lengths) >= 22 and max(lengths) <= MAX_WORDS


def test_korean_particles_follow_the_final_consonant():
    assert has_batchim("딥러닝") and not has_batchim("사과")
    assert particle("딥러닝", "을", "를") == "딥러닝을"
    assert particle("사과", "을", "를") == "사과를"
    assert particle("선생님", "은", "는") == "선생님은"


def test_korean_is_verb_final_and_english_verb_is_not():
    """SOV vs SVO: every Korean sentence ends with a declarative verb (…다); for single clauses
    with an object the English verb comes before the object, so the alignment must reorder."""
    pairs = make_pairs("en-ko", 2000, seed=12)
    assert all(ko.split()[-1].endswith("다") for _, ko in pairs)
    reordered = 0
    for en, ko in pairs:
        words = ko.split()
        if len(words) >= 3 and words[-2].endswith(("을", "를")) and " and " not in en:
            reordered += 1
    assert reordered > 200


def test_because_clause_moves_to_the_front_in_korean():
    pairs = [(en, ko) for en, ko in make_pairs("en-ko", 2000, seed=13) if " because " in en]
    assert len(pairs) > 50
    for _, ko in pairs:
        words = ko.split()
        cause = next(i for i, w in enumerate(words) if w == "때문에")
        assert cause < len(words) - 2  # the reason comes first, the main verb last


def test_lecture_example_is_in_the_corpus_language():
    source, target = vocabulary("en-ko")
    assert {"i", "love", "deep", "learning"} <= set(source)
    assert {"나는", "딥러닝을", "좋아한다"} <= set(target)


def test_vocabulary_covers_fresh_draws():
    source, target = map(set, vocabulary("en-ko"))
    for en, ko in make_pairs("en-ko", 1500, seed=TRAIN_SEED_BASE + 17):
        assert set(en.split()) <= source and set(ko.split()) <= target
    chars, digits = map(set, vocabulary("dates"))
    for text, iso in make_pairs("dates", 2000, seed=5):
        assert set(text) <= chars and set(iso) <= digits


def test_dates_targets_are_the_iso_form_of_the_source():
    parsers = {
        "{mm}/{dd}/{yy}": "%m/%d/%y",
        "{yyyy}.{mm}.{dd}": "%Y.%m.%d",
        "{dd}.{mm}.{yyyy}": "%d.%m.%Y",
        "{month} {d}, {yyyy}": "%B %d, %Y",
        "{d} {month} {yyyy}": "%d %B %Y",
    }
    day = dt.date(2024, 3, 3)
    for name, fmt in parsers.items():
        assert dt.datetime.strptime(DATE_FORMATS[name](day), fmt).date() == day
    assert DATE_FORMATS["the {ord} of {month} {yyyy}"](day) == "the 3rd of march 2024"
    for text, iso in make_pairs("dates", 500, seed=6):
        date = dt.date.fromisoformat(iso)
        assert dt.date(1950, 1, 1) <= date <= dt.date(2049, 12, 31)
        assert str(date.day) in text


def test_ordinals():
    assert [ordinal(d) for d in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "31st",
    ]


def test_tokenize_matches_training_data():
    assert tokenize("I love Deep Learning!", "en-ko") == ["i", "love", "deep", "learning"]
    assert tokenize("March  3, 2024", "dates") == list("march 3, 2024")
