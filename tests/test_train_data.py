"""The Train-live tasks' generators, upload validators and baselines (closed forms checked)."""

import math

import numpy as np
import pytest
import torch

from explorer.baselines import (
    FeedForwardConfig,
    FeedForwardWindow,
    ar_predict,
    fit_ar,
    last_value_predict,
    mse,
)
from explorer.data import series, tagging, text
from explorer.errors import InputError

# --- series --------------------------------------------------------------------------------------


def test_sine_repeats_after_its_period():
    x = series.sine(200, period=40)
    np.testing.assert_allclose(x[:160], x[40:200], atol=1e-12)


def test_noisy_sines_are_reproducible_per_seed_and_noisy():
    a, b, c = (
        series.sines_with_noise(300, 1),
        series.sines_with_noise(300, 1),
        series.sines_with_noise(300, 2),
    )
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_least_squares_ar_recovers_the_generating_coefficients_and_noise_level():
    x = series.ar_process(20_000, seed=0)
    windows, targets = series.make_windows(x, 3)
    coefficients = fit_ar(windows, targets, p=3)
    np.testing.assert_allclose(coefficients[1:], series.AR_COEFFICIENTS, atol=0.03)
    assert abs(coefficients[0]) < 0.05
    # The one-step error of the true model is the innovation variance, 1.
    assert mse(ar_predict(windows, coefficients), targets) == pytest.approx(1.0, abs=0.05)


def test_last_value_is_the_best_forecast_of_a_random_walk_and_scores_the_step_variance():
    walk = np.cumsum(np.random.default_rng(0).standard_normal(50_000) * 0.5)
    windows, targets = series.make_windows(walk, 5)
    assert mse(last_value_predict(windows), targets) == pytest.approx(0.25, rel=0.03)


def test_windows_hold_the_previous_values_and_the_next_one_as_target():
    windows, targets = series.make_windows(np.arange(10.0), 3)
    assert windows.shape == (7, 3)
    np.testing.assert_array_equal(windows[0], [0, 1, 2])
    np.testing.assert_array_equal(targets, np.arange(3.0, 10.0))


def test_forecast_data_standardises_with_training_part_and_validates_on_the_future():
    data = series.ForecastData.build(np.arange(200.0) ** 1.5, window=10)
    assert abs(data.series[: data.split].mean()) < 1e-9
    _, vy = data.val_windows()
    assert len(vy) == 200 - data.split
    np.testing.assert_allclose(vy, data.series[data.split :])


def test_real_series_ship_with_statsmodels_and_are_complete():
    spots, carbon = series.sunspots(), series.co2()
    assert len(spots) == 309 and np.isfinite(spots).all() and spots.min() >= 0
    assert len(carbon) == 526 and np.isfinite(carbon).all()
    assert 310 < carbon[0] < 320 and carbon[-1] > 360  # ppm, 1958 and 2001


def _csv(body: str) -> bytes:
    return body.encode()


def test_csv_column_is_read_and_numeric_columns_are_offered():
    rows = "\n".join(f"2020-01-{i % 28 + 1:02d},{math.sin(i / 5):.4f},x{i}" for i in range(100))
    frame = series.read_csv(_csv("date,value,label\n" + rows))
    assert series.numeric_columns(frame) == ["value"]
    values = series.csv_column(frame, "value", window=10)
    assert values.shape == (100,) and values[1] == pytest.approx(math.sin(0.2), abs=1e-4)


def test_semicolon_separated_csv_is_understood():
    frame = series.read_csv(_csv("a;b\n" + "\n".join(f"{i};{i * 2}" for i in range(80))))
    assert list(frame.columns) == ["a", "b"]


@pytest.mark.parametrize(
    ("body", "column", "key", "fmt"),
    [
        ("v\n1\n2\nabc\n4\n", "v", "train.csv_non_numeric", {"row": 4, "value": "abc"}),
        ("v\n1\n\n3\n" + "5\n" * 80, "v", "train.csv_nan", {"row": 3, "count": 1}),
        ("v\n" + "1.5\n" * 20, "v", "train.csv_too_few", {"rows": 20}),
        ("v\n" + "2\n" * 100, "v", "train.csv_constant", {}),
        ("v\n1\n2\n", "w", "train.csv_no_column", {"column": "w"}),
    ],
)
def test_bad_csv_columns_are_explained(body, column, key, fmt):
    frame = series.read_csv(_csv(body))
    with pytest.raises(InputError) as caught:
        series.csv_column(frame, column, window=10)
    assert caught.value.key == key
    for name, value in fmt.items():
        assert caught.value.fmt[name] == value


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "upload.empty"),
        (b"\xff\xfe\x00\x01garbage\x00", "upload.not_utf8"),
        (b"x" * (2 * 1024 * 1024), "upload.too_big"),
    ],
)
def test_unusable_csv_files_are_refused(data, key):
    with pytest.raises(InputError) as caught:
        series.read_csv(data)
    assert caught.value.key == key


# --- text ------------------------------------------------------------------------------------------


def test_default_text_is_a_few_kilobytes_of_english():
    assert 3000 < len(text.DEFAULT_TEXT) < 8000
    assert text.decode_upload(text.DEFAULT_TEXT.encode()) == text.DEFAULT_TEXT


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "upload.empty"),
        ("é".encode("latin-1") * 400, "upload.not_utf8"),
        (bytes(range(256)) * 4, "upload.not_utf8"),
        (b"short text", "train.text_too_short"),
        (b"a" * 300_000, "train.text_too_big"),
        ("".join(chr(0x4E00 + i) for i in range(400)).encode(), "train.text_vocab"),
    ],
)
def test_bad_text_uploads_are_explained(data, key):
    with pytest.raises(InputError) as caught:
        text.decode_upload(data)
    assert caught.value.key == key


def test_char_vocab_round_trips():
    vocab = text.CharVocab.from_text("hello world")
    assert len(vocab) == 8
    assert vocab.decode(vocab.encode("world hello")) == "world hello"


def test_unigram_cross_entropy_matches_the_add_k_formula():
    train, val = np.array([0, 0, 0, 1]), np.array([0, 1])
    k, v = 0.1, 3
    expected = -(math.log((3 + k) / (4 + k * v)) + math.log((1 + k) / (4 + k * v))) / 2
    assert text.ngram_cross_entropy(train, val, 1, v, k) == pytest.approx(expected)


def test_ngram_perplexity_is_the_vocabulary_size_on_random_text_and_one_on_periodic_text():
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 10, 60_000)
    assert math.exp(
        text.ngram_cross_entropy(noise[:50_000], noise[50_000:], 2, 10)
    ) == pytest.approx(10, rel=0.02)
    cycle = np.tile(np.arange(7), 500)
    assert math.exp(
        text.ngram_cross_entropy(cycle[:3000], cycle[3000:], 2, 7, k=1e-6)
    ) == pytest.approx(1.0, abs=1e-3)
    assert text.best_ngram(cycle[:3000], cycle[3000:], 7)[0] >= 2


# --- tagging -------------------------------------------------------------------------------------


def test_ambiguous_names_are_tagged_by_the_verb_that_follows_them():
    batch = tagging.tagging_batch(2000, seed=0)
    per, loc = tagging.TAGS.index("PER"), tagging.TAGS.index("LOC")
    person_verbs = {p[0] for p in tagging.PERSON_VERBS}
    classes = []
    for words, tags, amb in zip(
        batch.sentences(2000), batch.y.tolist(), batch.ambiguous.tolist(), strict=True
    ):
        position = amb.index(True) if True in amb else None
        if position is None:
            continue
        assert words[position] in tagging.AMBIGUOUS
        verb = next(
            w
            for w in words[position + 1 :]
            if w in person_verbs or w in {p[0] for p in tagging.PLACE_VERBS}
        )
        assert tags[position] == (per if verb in person_verbs else loc)
        classes.append((tuple(words[:position]), tags[position] == per))
    # Nothing to the left of the name tells its class: about half are people after every prefix.
    for prefix in {c[0] for c in classes}:
        share = np.mean([is_person for p, is_person in classes if p == prefix])
        assert 0.4 < share < 0.6


def test_left_to_right_floor_is_ln2_on_ambiguous_names_over_all_tagged_words():
    batch = tagging.tagging_batch(500, seed=1)
    logits = torch.full((*batch.y.shape, 3), -30.0)
    known = batch.y.clamp(min=0)
    logits.scatter_(2, known.unsqueeze(-1), 0.0)
    logits[batch.ambiguous] = torch.tensor(
        [-30.0, 0.0, 0.0]
    )  # the best a left-to-right reader can say
    loss = torch.nn.functional.cross_entropy(
        logits.reshape(-1, 3), batch.y.reshape(-1), ignore_index=tagging.IGNORE
    )
    assert loss.item() == pytest.approx(tagging.left_to_right_floor(batch), rel=1e-4)
    assert 0.03 < tagging.left_to_right_floor(batch) < 0.15


def test_feed_forward_window_sees_the_whole_window_and_keeps_no_state():
    model = FeedForwardWindow(FeedForwardConfig(window=12, hidden_size=8))
    x = torch.randn(5, 12, 1)
    prediction, state = model(x)
    assert prediction.shape == (5, 1) and state is None
    x2 = x.clone()
    x2[:, 0] += 1.0
    assert not torch.allclose(model(x2)[0], prediction)
