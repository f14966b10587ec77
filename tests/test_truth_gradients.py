"""Issue 10 (truth pass), Gradients page: the verdict and its explanation follow from what is true
for the configuration, and the bound is worded the right way round."""

import pytest

from explorer.gradients import analysis, cells, theory
from explorer.i18n import catalogue
from tests.pages import open_page


def analyse(**settings) -> analysis.GradientCurves:
    return analysis.analyse(cells.GradientConfig(**settings))


def test_sigma_within_float_rounding_of_one_over_gamma_is_the_boundary():
    # orthogonal x 1 in float32: sigma_max = 0.99999998 must not read "vanishing guaranteed"
    assert theory.regime(1.0, 0.99999998) == "boundary"
    assert theory.regime(1.0, 1.0000003) == "boundary"
    assert theory.regime(0.25, 4.0000001) == "boundary"
    assert theory.regime(1.0, 0.999) == "vanishing"
    assert theory.regime(1.0, 1.001) == "may_explode"
    assert theory.verdict(1.0, 0.99999998, rate=0.82) == "boundary_vanishes"


def test_orthogonal_matrix_whose_float_sigma_is_below_one_is_not_called_vanishing():
    curves = analyse(init="orthogonal", hidden_size=4, seed=3, length=60)
    assert curves.sigma_max < 1  # 0.99999998...
    assert curves.verdict != "vanishing"


@pytest.mark.parametrize("init", ["orthogonal", "identity"])
def test_tanh_at_scale_one_decays_because_tanh_slope_is_below_one(init):
    curves = analyse(init=init, scale=1.0)
    assert abs(curves.gamma * curves.sigma_max - 1) < 1e-5
    assert curves.spectral_radius == pytest.approx(curves.sigma_max, abs=1e-4)
    assert curves.verdict == "boundary_vanishes"
    assert curves.cells["rnn"].rate < 0.9  # about x0.82 (orthogonal), x0.86 (identity)
    assert curves.reasons == ["rho_equals_sigma", "slope"]  # not saturation, not rho < sigma
    assert curves.slopes.mean < 0.85
    assert curves.slopes.saturated < theory.SATURATED_SHARE


@pytest.mark.parametrize("init", ["orthogonal", "identity"])
def test_relu_at_scale_one_blames_inactive_units(init):
    curves = analyse(init=init, scale=1.0, activation="relu")
    assert "dead" in curves.reasons and "slope" not in curves.reasons
    assert "saturated" not in curves.reasons
    assert curves.slopes.dead > 0.1
    assert curves.slopes.mean == pytest.approx(1 - curves.slopes.dead)


def test_orthogonal_relu_vanishes_about_0_63_per_step():
    curves = analyse(init="orthogonal", scale=1.0, activation="relu")
    assert curves.verdict == "boundary_vanishes"
    assert curves.cells["rnn"].rate == pytest.approx(0.63, abs=0.05)


def test_default_init_names_small_eigenvalues_and_the_slope():
    curves = analyse()
    assert curves.verdict == "vanishes_anyway"
    assert curves.gamma * curves.spectral_radius < 1 < curves.gamma * curves.sigma_max
    assert curves.reasons == ["rho_inside", "slope"]


def test_gaussian_with_rho_above_one_does_not_claim_the_eigenvalues_shrink_it():
    curves = analyse(init="gaussian", scale=1.0)
    assert curves.spectral_radius > 1
    assert curves.verdict == "vanishes_anyway"
    assert curves.reasons[0] == "rho_between"


def test_saturated_sigmoid_names_saturation():
    curves = analyse(init="orthogonal", scale=4.0, activation="sigmoid")
    assert curves.verdict == "boundary_vanishes"
    assert "saturated" in curves.reasons and curves.slopes.saturated > 0.05


def test_the_bound_is_worded_as_at_most_in_both_languages():
    en, ko = catalogue()["gradients.verdict.vanishing"]
    assert "multiplied by at most γ·σ_max" in en and "at least" not in en
    assert "많아야 γ·σ_max" in ko and "적어도" not in ko


def test_page_explains_the_decay_with_the_measured_numbers():
    at = open_page("gradients", init="orthogonal", scale="1.0")
    curves = analyse(init="orthogonal", scale=1.0)
    text = " ".join(s.value for s in at.success)
    assert "On the boundary" in text
    assert f"averages {curves.slopes.mean:.2f}" in text
    assert f"ρ = σ_max = {curves.spectral_radius:.3f}" in text
    assert "saturated units have f′ ≈ 0" not in text  # the old fixed explanation
    at = open_page("gradients", init="orthogonal", scale="1.0", act="relu")
    text = " ".join(s.value for s in at.success)
    curves = analyse(init="orthogonal", scale=1.0, activation="relu")
    assert f"{curves.slopes.dead:.0%} of the unit-steps are inactive" in text
