"""Issue 10 on the Unroll page: every statement a student reads there is checked against what the
code computes (state-space verdicts, the GRU's pre-activation row, parameter formulas, the reading
notes that describe figures)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch

from explorer.anatomy import AnatomySpec, count_layers
from explorer.figures.unroll import SUM_COLOUR, SUM_COLOUR_NAME, step_bars
from explorer.i18n import t
from explorer.unroll import UnrollConfig, build_cell, classify, encode_input, run_unroll, step_table
from explorer.unroll.state_space import derivative
from tests.test_unroll import ACT  # the NumPy reference activations


def rotation(degrees: float, scale: float) -> np.ndarray:
    a = math.radians(degrees)
    return scale * np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])


ZERO = np.zeros(2)


# ---- 1. the state-space verdict comes from the dynamics ----------------------------------------


def test_slow_real_decay_is_decay_not_oscillation():
    dynamics, _ = classify(0.95 * np.eye(2), ZERO, "tanh")
    assert dynamics.behaviour == "decay"
    assert len(dynamics.fixed_points) == 1 and np.allclose(dynamics.fixed_points[0], 0, atol=1e-4)
    assert dynamics.predicted == "decay"


def test_a_damped_rotation_is_a_damped_oscillation_into_one_fixed_point():
    dynamics, paths = classify(rotation(30, 0.9), ZERO, "tanh")
    assert dynamics.behaviour == "damped" and dynamics.predicted == "damped"
    assert len(dynamics.fixed_points) == 1
    angles = np.unwrap(np.arctan2(paths[0, :10, 1], paths[0, :10, 0]))
    assert np.all(np.diff(angles) > 0)  # it really turns on the way in


def test_relu_identity_with_a_positive_bias_drifts_and_is_called_growth():
    dynamics, paths = classify(np.eye(2), np.array([0.1, 0.05]), "relu")
    assert dynamics.behaviour == "growth"
    steps = np.diff(paths[0, -50:], axis=0)
    assert np.allclose(steps, [0.1, 0.05])  # a linear drift, not an explosion
    assert dynamics.predicted == "marginal"


def test_minus_two_identity_with_tanh_flips_forever_with_period_two():
    dynamics, paths = classify(-2 * np.eye(2), ZERO, "tanh")
    assert dynamics.behaviour == "oscillation" and dynamics.period == 2
    assert np.allclose(paths[0, -1], paths[0, -3]) and not np.allclose(paths[0, -1], paths[0, -2])
    assert dynamics.predicted == "flip"


def test_large_positive_weights_saturate_into_several_attractors():
    dynamics, _ = classify(3 * np.eye(2), ZERO, "tanh")
    assert dynamics.behaviour == "saturation" and len(dynamics.fixed_points) == 4
    points = dynamics.fixed_points
    assert np.allclose(np.tanh(3 * points), points) and (np.abs(points) > 0.99).all()
    assert dynamics.slope < 0.02 and dynamics.predicted == "growth"


def test_identity_with_tanh_creeps_to_zero_while_the_eigenvalues_are_marginal():
    dynamics, _ = classify(np.eye(2), ZERO, "tanh")
    assert dynamics.behaviour == "decay" and dynamics.predicted == "marginal"
    assert np.allclose(dynamics.fixed_points, 0, atol=1e-3)


def test_a_growing_rotation_under_tanh_is_a_sustained_cycle():
    dynamics, _ = classify(rotation(30, 1.5), ZERO, "tanh")
    assert dynamics.behaviour == "oscillation" and dynamics.predicted == "spiral"


def test_the_page_config_path_gives_the_same_verdict_as_its_weights():
    from explorer.unroll import state_space

    config = UnrollConfig(init="identity", scale=2.0, text="hi")
    space = state_space(config)
    module = build_cell(UnrollConfig(**{**config.__dict__, "hidden_size": 2}), 32)
    b = (module.bias_ih_l0 + module.bias_hh_l0).detach().double().numpy()
    again, _ = classify(module.weight_hh_l0.detach().double().numpy(), b, "tanh")
    assert space.behaviour == again.behaviour == "saturation"


# ---- 2. the saturation explanation depends on the activation -----------------------------------


def test_relu_identity_without_bias_has_every_non_negative_point_fixed_and_exact_gradients():
    W = np.eye(2)
    dynamics, _ = classify(W, ZERO, "relu")
    assert dynamics.behaviour == "saturation" and len(dynamics.fixed_points) > 2
    for point in np.random.default_rng(0).uniform(0, 1, size=(5, 2)):
        assert np.allclose(np.maximum(W @ point, 0), point)  # fixed
        jacobian = derivative("relu", W @ point)[:, None] * W
        assert np.allclose(jacobian, np.eye(2))  # the gradient passes unchanged
    relu = t("unroll.saturation.relu", "en", slope=1.0, active=1.0)
    assert "IRNN" in relu and "unchanged" in relu and "tanh" not in relu


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_saturation_text_names_the_chosen_activation_and_its_measured_slope(activation):
    text = t(f"unroll.saturation.{activation}", "en", slope=0.123, active=0.5)
    others = {"tanh": "tanh′", "sigmoid": "σ′", "relu": "ReLU′"}
    assert others[activation] in text
    assert all(word not in text for name, word in others.items() if name != activation)
    assert "0.123" in text or "50%" in text


# ---- 4. the GRU's pre-activation row is what enters tanh ---------------------------------------


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_every_pre_row_through_its_activation_gives_the_gate_row(cell):
    result = run_unroll(UnrollConfig(cell=cell, hidden_size=3, text="hello world", scale=1.7))
    for t_step in range(result.steps):
        rows = step_table(result, t_step)
        if cell == "rnn":
            assert np.allclose(ACT["tanh"](rows["a_t"]), rows["h_t"], atol=1e-5)
            continue
        for name in result.gates:
            squash = np.tanh if name in ("cell", "new") else ACT["sigmoid"]
            assert np.allclose(squash(rows[f"pre:{name}"]), rows[f"gate:{name}"], atol=1e-5), (
                cell,
                name,
                t_step,
            )


# ---- 12. the numbers come from models.trace on the module's weights, equal to the module -------


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_unroll_numbers_equal_the_pytorch_module_they_claim_to_come_from(cell):
    config = UnrollConfig(cell=cell, text="truth")
    result = run_unroll(config)
    module = build_cell(config, encode_input(config).x.shape[-1])
    with torch.no_grad():
        out, _ = module(encode_input(config).x)
    assert np.allclose(result.hidden, out[0].numpy(), atol=1e-5)
    intro = t("unroll.intro", "en")
    assert "models.trace" in intro and "computed by the real PyTorch module" not in intro


# ---- 13. every anatomy formula is the one computed ----------------------------------------------


def evaluate(formula: str) -> int:
    right = formula.split("=")[-1].replace("·", "*")
    assert re.fullmatch(r"[0-9*+() ]+", right), formula
    return eval(right)  # noqa: S307 - digits, +, * and brackets only (checked above)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("layers", [1, 3])
def test_every_formula_evaluates_to_its_count(cell, bidirectional, layers):
    spec = AnatomySpec(12, 7, cell, 5, layers, bidirectional, dense_units=4)
    for row in count_layers(spec):
        assert evaluate(row.formula_pytorch) == row.pytorch, row
        assert evaluate(row.formula_keras) == row.keras, row
    dense = count_layers(spec)[-1]
    assert dense.formula_pytorch.startswith("K·2H + K" if bidirectional else "K·H + K")


# ---- the stacked-bar note describes the figure it sits under -----------------------------------


def test_the_bars_note_names_the_colour_the_sum_is_drawn_in():
    result = run_unroll(UnrollConfig())
    labels = {"bars_title": "", "unit": "unit {i}", "sum_legend": "a_t (sum)"}
    fig = step_bars(step_table(result, 0), "rnn", labels)
    mark = next(trace for trace in fig.data if trace.name == "a_t (sum)")
    assert mark.marker.color == SUM_COLOUR  # an open symbol is stroked in marker.color
    colour = t(f"unroll.colour.{SUM_COLOUR_NAME}", "en")
    note = t("unroll.bars_read_rnn", "en", sum_colour=colour)
    assert f"the {colour} line marks the sum" in note and "bar marks" not in note


def test_korean_figure_words_have_no_english_left():
    for key in ("unroll.unit", "unroll.sum_legend", "unroll.anatomy.directions"):
        korean = t(key, "ko", i=0, n=1)
        assert not re.search(r"\b(unit|sum|directions?)\b", korean), (key, korean)
