"""explorer.gradients: per-step gradient norms against independent autograd, the Pascanu-Mikolov-
Bengio bound, exploding configurations, Jacobians, truncated BPTT, clipping and initialisations."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from explorer import bptt
from explorer.data.memory import ADDING_BASELINE_MSE
from explorer.errors import InputError
from explorer.gradients import (
    analysis,
    cells,
    clipping,
    hidden_grad_norms,
    jacobians,
    recorder,
    theory,
    truncation,
)
from models.init import init_recurrent_
from models.rnn import make_rnn
from tests.test_bptt import autograd_flow, autograd_recurrent_grad, stepped_states

torch.set_num_threads(1)


def make(kind: str, H: int = 6, layers: int = 1, I: int = 3) -> nn.Module:
    torch.manual_seed(1)
    if kind.startswith("rnn"):
        return make_rnn(I, H, kind.split("_")[1], num_layers=layers)
    return {"lstm": nn.LSTM, "gru": nn.GRU}[kind](I, H, num_layers=layers, batch_first=True)


def reference_norms(module: nn.Module, x: torch.Tensor) -> np.ndarray:
    """dL/dh_t by T separate backward passes through the fused module: restart it at step t+1
    from a leaf copy of the top layer's h_t (other layers' and the LSTM's c_t held fixed)."""
    B, T, _ = x.shape
    norms = []
    with torch.no_grad():
        states = []  # the module's full state after each step
        state = None
        for t in range(T):
            _, state = module(x[:, t : t + 1], state)
            states.append(state)
    for t in range(T):
        if t == T - 1:
            grad = torch.ones(B, module.hidden_size)
        else:
            state = states[t]
            if isinstance(state, tuple):
                h = state[0].clone()
                h_top = h[-1].clone().requires_grad_(True)
                h = torch.cat([h[:-1], h_top[None]])
                state = (h, state[1])
            else:
                h_top = state[-1].clone().requires_grad_(True)
                state = torch.cat([state[:-1], h_top[None]])
            out, _ = module(x[:, t + 1 :], state)
            (grad,) = torch.autograd.grad(out[:, -1].sum(), h_top)
        norms.append(grad.double().norm(dim=-1).mean().item())
    return np.array(norms)


@pytest.mark.parametrize("kind", ["rnn_tanh", "rnn_relu", "rnn_sigmoid", "lstm", "gru"])
@pytest.mark.parametrize("layers", [1, 2])
def test_hidden_grad_norms_match_independent_autograd(kind, layers):
    module = make(kind, layers=layers)
    x = torch.randn(3, 9, 3, generator=torch.Generator().manual_seed(0))
    ours = hidden_grad_norms(module, x)
    assert ours.shape == (9,)
    np.testing.assert_allclose(ours, reference_norms(module, x), rtol=1e-4)


def test_hidden_grad_norms_needs_no_backward_pass(monkeypatch):
    """Formerly one autograd pass; now the explicit sweep of explorer.bptt needs none."""
    calls = []
    original = torch.autograd.grad
    monkeypatch.setattr(
        torch.autograd, "grad", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    hidden_grad_norms(make("lstm"), torch.randn(2, 30, 3))
    assert len(calls) == 0


@pytest.mark.parametrize("kind", ["rnn_tanh", "rnn_relu", "rnn_sigmoid", "lstm", "gru"])
def test_adjoint_sweep_equals_autograd(kind):
    """The fast hand-written backward sweep gives the same dL/dh_t and dL/dx_t as autograd."""
    module = make(kind, H=8)
    x = torch.randn(2, 25, 3, generator=torch.Generator().manual_seed(3))
    result = bptt.adjoint(module, x)
    grad_h, grad_x = result.grad_h, result.grad_x
    ref_h, _, ref_x = autograd_flow(module, x)
    ok_h, ok_x = ref_h > 1e-25, ref_x > 1e-25  # float32 denormals are not comparable
    np.testing.assert_allclose(bptt.batch_norms(grad_h)[ok_h], ref_h[ok_h], rtol=1e-4)
    np.testing.assert_allclose(bptt.batch_norms(grad_x)[ok_x], ref_x[ok_x], rtol=1e-4)


@pytest.mark.parametrize(
    "activation, init, scale",
    [
        ("tanh", "orthogonal", 0.9),
        ("tanh", "gaussian", 0.4),
        ("relu", "default", 0.8),
        ("sigmoid", "orthogonal", 3.5),
    ],
)
def test_pascanu_bound_holds_below_one_over_gamma(activation, init, scale):
    config = cells.GradientConfig(
        length=80, hidden_size=24, activation=activation, init=init, scale=scale
    )
    result = analysis.analyse(config)
    assert result.gamma * result.sigma_max < 1
    assert result.verdict == "vanishing"
    norms = result.cells["rnn"].norms
    ok = np.isfinite(result.bound)
    assert ok.sum() > 10
    assert np.all(norms[ok] <= result.bound[ok] * (1 + 1e-4))
    assert norms[0] < norms[-1]  # it vanished


def test_linear_regime_grows_exactly_like_sigma_power():
    """Zero input and zero biases keep tanh at 0, where f' = 1: dL/dh_t = 1^T W^(T-1-t) and for an
    orthogonal W scaled by s its norm is sqrt(H) s^(T-1-t)."""
    config = cells.GradientConfig(
        length=40, hidden_size=16, init="orthogonal", scale=1.5, input_kind="zeros"
    )
    module = cells.build_module("rnn", config)
    with torch.no_grad():
        module.bias_ih_l0.zero_()
        module.bias_hh_l0.zero_()
    norms = hidden_grad_norms(module, cells.make_input(config)[0])
    expected = 4.0 * 1.5 ** np.arange(39, -1, -1)
    np.testing.assert_allclose(norms, expected, rtol=1e-4)


def test_identity_relu_explodes_and_forward_overflow_is_reported():
    small = analysis.analyse(
        cells.GradientConfig(
            length=60, hidden_size=16, init="identity", activation="relu", scale=1.1
        )
    )
    assert small.verdict == "exploding"
    assert small.cells["rnn"].rate > 1.02
    huge = analysis.analyse(
        cells.GradientConfig(
            length=1000, hidden_size=16, init="identity", activation="relu", scale=1.2
        )
    )
    rnn = huge.cells["rnn"]
    # h grows like 1.2^t and leaves float32 range (3.4e38) near t = 487
    assert 400 < rnn.forward_overflow_step < 520
    assert huge.verdict == "overflow"
    assert np.isnan(rnn.norms).all()  # backprop starts from an inf state: nothing to show
    assert np.isfinite(huge.cells["lstm"].norms).all()  # the other curves are still drawn


def test_gradient_overflow_is_located_and_the_finite_part_kept():
    config = cells.GradientConfig(
        length=1000, hidden_size=16, init="orthogonal", scale=1.5, input_kind="zeros"
    )
    module = cells.build_module("rnn", config)
    with torch.no_grad():  # linear regime: h stays 0, the gradient grows 1.5 per step back
        module.bias_ih_l0.zero_()
        module.bias_hh_l0.zero_()
    norms = bptt.batch_norms(bptt.adjoint(module, cells.make_input(config)[0]).grad_h)
    step = theory.first_overflow(norms)
    # 4 * 1.5^(999 - t) > 3.4e38 once 999 - t > 215
    assert step is not None and 770 < step < 790
    assert np.isfinite(norms[step + 1 :]).all() and not np.isfinite(norms[: step + 1]).any()


def test_default_init_tanh_vanishes_although_sigma_exceeds_one():
    result = analysis.analyse(cells.GradientConfig(length=100, hidden_size=32))
    assert result.sigma_max > 1  # PyTorch's default U(-1/sqrt(H), 1/sqrt(H)) gives ~2/sqrt(3)
    assert result.spectral_radius < 1
    assert result.verdict == "vanishes_anyway"


def test_jacobian_products_reproduce_the_gradient():
    config = cells.GradientConfig(length=30, hidden_size=8, scale=1.2)
    x, _ = cells.make_input(config)
    for cell in cells.CELLS:
        module = cells.build_module(cell, config)
        analysis = jacobians.jacobian_analysis(module, x)
        direct = hidden_grad_norms(module, x[:1])
        np.testing.assert_allclose(analysis.hidden_grad, direct, rtol=1e-4)
        # ||1^T P|| <= ||1|| ||P||_2
        assert np.all(direct <= math.sqrt(8) * analysis.product_norms * (1 + 1e-6))
        assert analysis.singular_values.shape == (30, 16 if cell == "lstm" else 8)
    rnn = cells.build_module("rnn", config)
    sigma = theory.spectral_norm(rnn.weight_hh_l0)
    # J_t = diag(tanh') W_hh with |tanh'| <= 1
    assert jacobians.jacobian_analysis(rnn, x).singular_values.max() <= sigma * (1 + 1e-6)


def test_jacobian_refuses_large_hidden():
    config = cells.GradientConfig(length=5, hidden_size=jacobians.JACOBIAN_MAX_HIDDEN + 1)
    with pytest.raises(InputError):
        jacobians.jacobian_analysis(cells.build_module("rnn", config), cells.make_input(config)[0])


def test_contribution_map_and_cut_mask():
    config = cells.GradientConfig(length=12, hidden_size=6)
    module = cells.build_module("rnn", config)
    x, _ = cells.make_input(config)
    C = truncation.contribution_map(module, x, window=12)
    assert np.allclose(np.diag(C), math.sqrt(6))
    assert np.all(np.triu(C, 1) == 0)
    # the last row is the gradient of L = sum(h_11) (docs/architecture.md, public API)
    np.testing.assert_allclose(C[-1], hidden_grad_norms(module, x[:1]), rtol=1e-4)
    cut = truncation.cut_mask(12, 4)
    assert not cut[5, 4] and cut[4, 3] and not cut[3, 0] and not cut[2, 5]


def test_truncation_full_k_is_exact_and_k1_keeps_only_local_terms():
    config = cells.GradientConfig(length=30, hidden_size=6)
    module = cells.build_module("rnn", config)
    x, _ = cells.make_input(config)
    study = truncation.truncation_study(module, x, ks=(1, 5, 10))
    assert study["k"] == [1, 5, 10, 30]
    assert study["cosine"][-1] == pytest.approx(1.0) and study["relative_norm"][
        -1
    ] == pytest.approx(1.0)
    assert all(c <= 1 + 1e-9 for c in study["cosine"])
    # k = 1: each step's loss reaches only its own W_hh h_{t-1}: sum_t (1 - h_t^2) h_{t-1}^T
    with torch.no_grad():
        h = module(x)[0]  # (B, T, H)
    h_prev = torch.cat([torch.zeros_like(h[:, :1]), h[:, :-1]], dim=1)
    local = torch.einsum("bti,btj->ij", (1 - h**2), h_prev).double().flatten()
    full = autograd_recurrent_grad(module, x, None)
    expected = torch.nn.functional.cosine_similarity(local, full, dim=0).item()
    assert study["cosine"][0] == pytest.approx(expected, rel=1e-4)


def test_clipping_by_norm_keeps_direction_and_by_value_does_not():
    result = clipping.clipping_demo(cells.GradientConfig(length=50), threshold=1.0)
    assert result.used_preset  # the default tanh RNN vanishes, so the exploding preset is used
    assert result.norm_before > 100
    assert result.norm_after == pytest.approx(1.0, rel=1e-5)
    assert result.cosine_norm_clip == pytest.approx(1.0, abs=1e-6)
    assert result.cosine_value_clip < 0.99
    with pytest.raises(InputError):
        clipping.clipping_demo(cells.GradientConfig(), threshold=float("nan"))


def test_initialisations():
    gen = torch.Generator().manual_seed(0)
    W = torch.empty(64, 64)
    init_recurrent_(W, "orthogonal", 0.7, gen)
    assert torch.allclose(torch.linalg.svdvals(W), torch.full((64,), 0.7), atol=1e-5)
    init_recurrent_(W, "identity", 1.3, gen)
    assert torch.equal(W, 1.3 * torch.eye(64))
    init_recurrent_(W, "default", 2.0, gen)
    assert W.abs().max() <= 2.0 / 8 and W.abs().max() > 1.5 / 8
    W = torch.empty(200, 200)
    init_recurrent_(W, "gaussian", 0.5, gen)
    radius = torch.linalg.eigvals(W).abs().max().item()
    assert radius == pytest.approx(
        0.5, rel=0.15
    )  # circular law: eigenvalues fill the disc of radius scale
    lstm = cells.build_module("lstm", cells.GradientConfig(hidden_size=5, forget_bias=2.5))
    assert torch.allclose(lstm.bias_ih_l0[5:10] + lstm.bias_hh_l0[5:10], torch.full((5,), 2.5))


def test_sentence_input_is_deterministic_and_bad_text_is_explained():
    config = cells.GradientConfig(input_kind="sentence", text="The cat sat, the cat ran")
    x, tokens = cells.make_input(config)
    assert tokens == ["the", "cat", "sat", "the", "cat", "ran"]
    assert torch.equal(x[0, 0], x[0, 3]) and not torch.equal(x[0, 0], x[0, 1])
    assert torch.equal(x, cells.make_input(config)[0])
    for text, key in [
        ("   ", "gradients.err_empty_text"),
        ("!!! ...", "gradients.err_no_tokens"),
        ("hi", "gradients.err_short_text"),
        ("w " * 100, "gradients.err_many_tokens"),
    ]:
        with pytest.raises(InputError) as error:
            cells.make_input(cells.GradientConfig(input_kind="sentence", text=text))
        assert error.value.key == key
    result = analysis.analyse(config)
    assert result.T == 6 and result.tokens == tokens
    assert np.all(result.cells["lstm"].connectivity > 0)


@pytest.mark.parametrize(
    "field, value", [("length", 5000), ("length", 1), ("scale", float("nan")), ("hidden_size", 0)]
)
def test_bad_config_values_raise_input_error(field, value):
    with pytest.raises(InputError):
        analysis.analyse(cells.GradientConfig(**{field: value}))


def test_training_recorder_is_chunkable_and_records_every_step():
    config = recorder.TrainingConfig(length=12, hidden_size=6, steps=6, batch=8, chunk=3)
    whole = recorder.train_chunk(config, recorder.start_training(config), n=6)
    parts = recorder.train_chunk(
        config, recorder.train_chunk(config, recorder.start_training(config))
    )
    assert parts.step == whole.step == 6
    for cell in config.models:
        assert len(whole.grad_norms[cell]) == 6 and whole.grad_norms[cell][0].shape == (12,)
        np.testing.assert_allclose(parts.losses[cell], whole.losses[cell], rtol=1e-5)
        assert whole.test_mse[cell] > 0
    assert whole.baseline == ADDING_BASELINE_MSE
    with pytest.raises(InputError):
        recorder.start_training(recorder.TrainingConfig(steps=recorder.MAX_TRAINING_STEPS + 1))


def test_recorded_training_gradients_match_autograd():
    """The recorder's ||dLoss/dh_t|| (fused training + explicit sweep) equals retain_grad on the
    explicitly stepped hidden states, for the first training step of each model."""
    config = recorder.TrainingConfig(length=15, hidden_size=6, steps=1, batch=8)
    recorded = recorder.train_chunk(config, recorder.start_training(config), n=1)
    x, y = recorder.training_batch(config, 0)
    for cell in config.models:
        net = recorder.build_net(config, cell)
        hs, _ = stepped_states(net.rnn, x)
        for h in hs:
            h.retain_grad()
        torch.nn.functional.mse_loss(net.head(hs[-1]), y).backward()
        expected = np.array([h.grad.double().norm(dim=-1).mean().item() for h in hs])
        np.testing.assert_allclose(recorded.grad_norms[cell][0], expected, rtol=1e-4)


@pytest.mark.parametrize("kind", ["rnn_tanh", "rnn_relu", "lstm", "gru"])
@pytest.mark.parametrize("k", [1, 3, 7, None])
def test_sweep_truncation_equals_detaching_between_chunks(kind, k):
    """The explicit sweep's truncated W_hh gradient equals running the fused module chunk by chunk
    with the carried state detached (the way truncated BPTT is done in practice)."""
    module = make(kind, H=5)
    x = torch.randn(2, 20, 3, generator=torch.Generator().manual_seed(4))
    with torch.enable_grad():
        practice = autograd_recurrent_grad(module, x, k)
    np.testing.assert_allclose(
        bptt.truncated_recurrent_grad(module, x, k).numpy(), practice.numpy(), rtol=1e-4, atol=1e-6
    )


def test_recorded_trainings_start_once_and_share_a_finished_training():
    from explorer.gradients import live, recorder
    from explorer.training import TrainSession

    config = recorder.TrainingConfig(length=20, steps=100, seed=12345)
    state: dict = {}
    trainings = live.browser_trainings(state)
    assert live.browser_trainings(state) is trainings
    session = TrainSession()
    assert trainings.tick(session, config).status == "idle"  # nothing pressed yet
    assert trainings.start(config) and not trainings.start(config)  # one job per setting
    assert trainings.live(config)
    done = recorder.TrainingState(100, {}, {"rnn_tanh": []}, {"rnn_tanh": []}, {"rnn_tanh": 0.1})
    recorder.remember(config, done)  # another session finished the same settings
    assert not trainings.live(config)
    progress = trainings.tick(session, config)
    assert progress.status == "finished" and progress.state is done and not progress.just_finished
