"""The Unroll page's library: inputs, weights, and numbers that must agree with the equations."""

import numpy as np
import pytest
import torch

from explorer.errors import InputError
from explorer.unroll import (
    MAX_STEPS,
    Play,
    UnrollConfig,
    encode_input,
    run_unroll,
    state_space,
    step_table,
    substituted_equations,
)

ACT = {
    "tanh": np.tanh,
    "relu": lambda a: np.maximum(a, 0),
    "sigmoid": lambda a: 1 / (1 + np.exp(-a)),
}


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_rnn_step_table_recomputes_h_from_its_own_terms(activation):
    result = run_unroll(
        UnrollConfig(activation=activation, text="hello world", hidden_size=5, seed=3)
    )
    for t in range(result.steps):
        rows = step_table(result, t)
        np.testing.assert_allclose(
            rows["a_t"], rows["W_xh x_t"] + rows["W_hh h_{t-1}"] + rows["b"], atol=1e-6
        )
        np.testing.assert_allclose(ACT[activation](rows["a_t"]), rows["h_t"], atol=1e-5)
        np.testing.assert_allclose(rows["h_{t-1}"], result.hidden[t - 1] if t else 0, atol=0)


def test_lstm_step_table_recomputes_the_cell_update():
    result = run_unroll(UnrollConfig(cell="lstm", text="abc", hidden_size=3))
    sig = ACT["sigmoid"]
    for t in range(result.steps):
        rows = step_table(result, t)
        for gate in ("input", "forget", "output"):
            np.testing.assert_allclose(sig(rows[f"pre:{gate}"]), rows[f"gate:{gate}"], atol=1e-5)
        np.testing.assert_allclose(np.tanh(rows["pre:cell"]), rows["gate:cell"], atol=1e-5)
        c = rows["gate:forget"] * rows["c_{t-1}"] + rows["gate:input"] * rows["gate:cell"]
        np.testing.assert_allclose(c, rows["c_t"], atol=1e-5)
        np.testing.assert_allclose(rows["gate:output"] * np.tanh(c), rows["h_t"], atol=1e-5)


def test_gru_new_state_uses_pytorchs_reset_after_the_product():
    result = run_unroll(UnrollConfig(cell="gru", text="abcd", hidden_size=3))
    H = 3
    for t in range(1, result.steps):
        r = result.gates["reset"][t]
        inner = (
            result.input_part[t, 2 * H :]
            + result.bias[2 * H :]
            + r * (result.recurrent_part[t, 2 * H :] + result.gru_bias_hn)
        )
        np.testing.assert_allclose(np.tanh(inner), result.gates["new"][t], atol=1e-5)
        z = result.gates["update"][t]
        np.testing.assert_allclose(
            (1 - z) * result.gates["new"][t] + z * result.hidden[t - 1], result.hidden[t], atol=1e-5
        )


def test_equations_show_the_rounded_numbers_of_the_step():
    result = run_unroll(UnrollConfig(hidden_size=2, text="hi"))
    text = " ".join(substituted_equations(result, 1))
    assert f"{result.hidden[1][0]:.3f}" in text
    assert f"{result.recurrent_part[1][1]:.2f}" in text
    for cell in ("lstm", "gru"):
        lines = substituted_equations(
            run_unroll(UnrollConfig(cell=cell, hidden_size=2, text="hi")), 1
        )
        assert len(lines) == (6 if cell == "lstm" else 4)


def test_one_hot_characters_and_unknown_characters():
    encoded = encode_input(UnrollConfig(text="Hi, 2 you"))
    assert encoded.skipped == ["2"]
    assert "".join(encoded.tokens).replace("␣", " ") == "hi,  you"
    assert encoded.x.shape == (1, 8, 32)
    assert torch.equal(encoded.x.sum(dim=-1), torch.ones(1, 8))


def test_words_are_one_hot_over_the_sentences_own_words():
    encoded = encode_input(UnrollConfig(input_kind="words", text="i love deep learning i"))
    assert encoded.vocabulary == ["deep", "i", "learning", "love"]
    assert encoded.x.shape == (1, 5, 4)
    assert torch.equal(encoded.x[0, 0], encoded.x[0, 4])


@pytest.mark.parametrize(
    "text,key", [("   ", "unroll.err_empty"), ("123 #", "unroll.err_no_known_chars")]
)
def test_unusable_text_is_explained(text, key):
    with pytest.raises(InputError) as caught:
        encode_input(UnrollConfig(text=text.replace(" ", "") if key.endswith("chars") else text))
    assert caught.value.key == key


def test_long_input_is_truncated_to_the_cap_and_says_so():
    encoded = encode_input(UnrollConfig(text="ab" * 100))
    assert encoded.x.shape[1] == MAX_STEPS and encoded.truncated_from == 200


@pytest.mark.parametrize("init,scale", [("identity", 0.7), ("orthogonal", 1.3)])
def test_scale_sets_the_singular_values_of_identity_and_orthogonal_weights(init, scale):
    result = run_unroll(UnrollConfig(init=init, scale=scale, hidden_size=6))
    singular = np.linalg.svd(result.W_hh, compute_uv=False)
    np.testing.assert_allclose(singular, scale, rtol=1e-5)
    assert result.sigma_max == pytest.approx(scale, rel=1e-5)


def test_exploding_relu_reports_the_first_overflowing_step():
    config = UnrollConfig(
        activation="relu", init="identity", scale=10.0, input_kind="sine", sine_length=64
    )
    result = run_unroll(config)
    assert result.overflow_step is not None
    assert np.isfinite(result.hidden[: result.overflow_step]).all()
    assert not np.isfinite(result.hidden[result.overflow_step]).all()


def test_state_space_behaviours():
    small = state_space(UnrollConfig(init="orthogonal", scale=0.5, text="hi"))
    assert small.behaviour in ("decay", "damped")
    assert len(small.fixed_points) <= 1
    runaway = state_space(UnrollConfig(activation="relu", init="identity", scale=3.0, text="hi"))
    assert runaway.behaviour == "growth"
    held = state_space(UnrollConfig(init="identity", scale=2.0, text="hi"))
    assert held.behaviour == "saturation" and len(held.fixed_points) >= 2


# ---- the step controls (Reset, Previous, Play/Pause, Next) ------------------------------------


def test_play_steps_to_the_end_then_stops_and_restarts_from_the_first_step():
    state = Play(t=2, steps=4)
    state.toggle()
    assert state.playing and state.t == 2
    assert not state.tick() and state.t == 3  # one step per rerun
    assert state.tick() and not state.playing and state.t == 3  # stopped at the last step
    assert not state.tick() and state.t == 3  # paused: reruns do not move
    state.toggle()
    assert state.playing and state.t == 0  # Play at the end starts over


def test_previous_next_and_reset_stay_inside_the_sequence():
    state = Play(t=10, steps=5)
    assert state.t == 4  # a step from the URL beyond a shorter sequence
    state.move(1)
    assert state.t == 4
    state.move(-1)
    state.move(-1)
    assert state.t == 2
    state.reset()
    state.move(-1)
    assert state.t == 0 and not state.playing
