"""explorer.bptt against autograd oracles: every cell, with and without gate clamps, truncated.

The oracles below are the autograd versions the library used before it had one explicit sweep;
they live here so that the library has one implementation and the tests an independent one.
"""

import copy

import numpy as np
import pytest
import torch
from torch import nn

from explorer import bptt
from models.gru import gru_step
from models.lstm import lstm_step
from models.rnn import make_rnn, rnn_step
from models.trace import COUPLED, GateClamp, cell_kind, trace

torch.set_num_threads(1)
KINDS = ["rnn_tanh", "rnn_relu", "rnn_sigmoid", "lstm", "gru"]


def make(kind: str, H: int = 6, layers: int = 1, I: int = 3, seed: int = 1) -> nn.Module:
    torch.manual_seed(seed)
    if kind.startswith("rnn"):
        return make_rnn(I, H, kind.split("_")[1], num_layers=layers)
    return {"lstm": nn.LSTM, "gru": nn.GRU}[kind](I, H, num_layers=layers, batch_first=True)


# ---- oracles -------------------------------------------------------------------------------


def _oracle_force(clamp: dict | None, t: int):
    """Gate clamps written out independently of both models.trace and explorer.bptt."""
    specs = {n: s if isinstance(s, GateClamp) else GateClamp(s) for n, s in (clamp or {}).items()}

    def force(name, activation, forget=None):
        spec = specs.get(name)
        if spec is None or t < spec.start or (spec.stop is not None and t >= spec.stop):
            return activation
        forced = 1 - forget if spec.value == COUPLED else torch.full_like(activation, spec.value)
        if spec.units is None:
            return forced
        mask = torch.zeros(activation.shape[-1], dtype=torch.bool)
        mask[list(spec.units)] = True
        return torch.where(mask, forced, activation)

    return force


def stepped_states(module: nn.Module, x: torch.Tensor, clamp: dict | None = None):
    """The top layer stepped one cell call at a time, every h_t (and c_t) a node of the graph.

    Lower layers come from ``trace`` (held fixed). Returns (hs, cs): lists of T tensors (B, H),
    cs None except for the LSTM; c_t is the cell's own output, so its gradient is the total one.
    """
    kind = cell_kind(module)
    inputs = x if module.num_layers == 1 else trace(module, x, clamp=clamp).hidden[-2].detach()
    top = f"_l{module.num_layers - 1}"
    W_ih, W_hh = getattr(module, "weight_ih" + top), getattr(module, "weight_hh" + top)
    b_ih, b_hh = getattr(module, "bias_ih" + top), getattr(module, "bias_hh" + top)
    h = x.new_zeros(x.shape[0], module.hidden_size)
    c = torch.zeros_like(h)
    hs, cs = [], []
    for t in range(x.shape[1]):
        force = _oracle_force(clamp, t)
        if kind == "rnn":
            h = rnn_step(inputs[:, t], h, W_ih, W_hh, b_ih, b_hh, module.nonlinearity)
        elif kind == "lstm":
            h, c, _ = lstm_step(inputs[:, t], h, c, W_ih, W_hh, b_ih, b_hh, force)
            cs.append(c)
        else:
            h, _ = gru_step(inputs[:, t], h, W_ih, W_hh, b_ih, b_hh, force)
        hs.append(h)
    return hs, (cs if kind == "lstm" else None)


def _norms(grads) -> np.ndarray:
    return np.array([g.double().reshape(g.shape[0], -1).norm(dim=-1).mean().item() for g in grads])


def autograd_flow(module: nn.Module, x: torch.Tensor, clamp: dict | None = None):
    """(||dL/dh_t||, ||dL/dc_t|| or None, ||dL/dx_t||), L = sum of the last h; one backward pass."""
    with torch.enable_grad():
        x = x.detach().clone().requires_grad_(True)
        hs, cs = stepped_states(module, x, clamp)
        wanted = [*hs, *(cs or []), x]
        grads = torch.autograd.grad(hs[-1].sum(), wanted, allow_unused=True)
    T = len(hs)
    grads = [torch.zeros_like(w) if g is None else g for g, w in zip(grads, wanted, strict=True)]
    grad_c = _norms(grads[T : 2 * T]) if cs else None
    return _norms(grads[:T]), grad_c, _norms(list(grads[-1].transpose(0, 1)))


def autograd_hidden_grad_norms(module: nn.Module, x: torch.Tensor) -> np.ndarray:
    """The library's former public ``hidden_grad_norms``: one ``autograd.grad`` over every h_t."""
    with torch.enable_grad():
        hs, _ = stepped_states(module, x)
        grads = torch.autograd.grad(hs[-1].sum(), hs)
    return _norms(grads)


def autograd_recurrent_grad(module: nn.Module, x: torch.Tensor, k: int | None) -> torch.Tensor:
    """d(sum of every step's output)/dW_hh with the state carried into each chunk of k steps
    ``detach()``-ed (pytorch/examples' ``repackage_hidden``), flattened float64."""
    T = x.shape[1]
    k = T if k is None else k
    state, loss = None, 0.0
    with torch.enable_grad():
        for start in range(0, T, k):
            if state is not None:
                detached = tuple(s.detach() for s in state) if isinstance(state, tuple) else None
                state = detached or state.detach()
            output, state = module(x[:, start : start + k], state)
            loss = loss + output.sum()
        (grad,) = torch.autograd.grad(loss, module.weight_hh_l0)
    return grad.double().flatten()


# ---- bptt equals the oracles ---------------------------------------------------------------

CLAMPS = {
    "lstm": [
        {"forget": 1.0},
        {"forget": 0.0, "output": 0.5},
        {"input": COUPLED},
        {"input": GateClamp(COUPLED, 2, 9, (0, 3)), "forget": GateClamp(0.9, 5)},
        {"cell": GateClamp(0.3, 0, 4), "output": GateClamp(1.0, 3, 7, (1,))},
    ],
    "gru": [
        {"update": 1.0},
        {"update": 0.0},
        {"reset": GateClamp(0.0, 3, 10)},
        {"new": GateClamp(0.2, 1, 6, (0, 2, 5)), "update": GateClamp(0.5, 4)},
    ],
}


def _close(ours: np.ndarray, oracle: np.ndarray, rtol: float = 1e-5):
    ok = np.abs(oracle) > 1e-25  # float32 denormals are not comparable
    np.testing.assert_allclose(ours[ok], oracle[ok], rtol=rtol)
    np.testing.assert_array_equal(np.abs(ours[~ok]) <= 1e-20, True)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("layers", [1, 2])
def test_unclamped_sweep_equals_autograd(kind, layers):
    module = make(kind, H=8, layers=layers)
    x = torch.randn(3, 25, 3, generator=torch.Generator().manual_seed(3))
    result = bptt.adjoint(module, x)
    ref_h, ref_c, ref_x = autograd_flow(module, x)
    _close(result.hidden_norms(), ref_h)
    if layers == 1:  # dL/dx_t is the top layer's input: x itself only for one layer
        _close(result.input_norms(), ref_x)
    if kind == "lstm":
        _close(bptt.batch_norms(result.grad_c), ref_c)
    else:
        assert result.grad_c is None


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("layers", [1, 2])
def test_clamped_sweep_equals_autograd(kind, layers):
    module = make(kind, H=6, layers=layers, seed=2)
    x = torch.randn(2, 12, 3, generator=torch.Generator().manual_seed(5))
    for clamp in CLAMPS[kind]:
        flow = bptt.gate_gradient_flow(module, x, clamp)
        ref_h, ref_c, ref_x = autograd_flow(module, x, clamp)
        _close(flow.h, ref_h)
        if kind == "lstm":
            _close(flow.c, ref_c)
        else:
            assert flow.c is None
        if layers == 1:
            _close(bptt.adjoint(module, x, clamp=clamp).input_norms(), ref_x)


def test_oracle_clamps_are_the_clamps_of_trace():
    """The oracle's hand-written clamps run the same forward pass as models.trace."""
    for kind, clamps in CLAMPS.items():
        module = make(kind)
        x = torch.randn(2, 12, 3, generator=torch.Generator().manual_seed(6))
        for clamp in clamps:
            with torch.no_grad():
                hs, _ = stepped_states(module, x, clamp)
                expected = trace(module, x, clamp=clamp).hidden[-1]
            torch.testing.assert_close(torch.stack(hs, dim=1), expected)


def test_clamps_change_the_flow_and_a_bad_gate_is_refused():
    module = make("lstm", H=6)
    x = torch.randn(2, 12, 3, generator=torch.Generator().manual_seed(7))
    free = bptt.gate_gradient_flow(module, x)
    shut = bptt.gate_gradient_flow(module, x, {"forget": 0.0})
    assert shut.c[0] < 0.1 * free.c[0]
    with pytest.raises(ValueError):
        bptt.gate_gradient_flow(module, x, {"reset": 0.0})
    with pytest.raises(ValueError):
        bptt.gate_gradient_flow(make("rnn_tanh"), x, {"forget": 0.0})


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("k", [1, 2, 3, 7, 19, 20, None])
def test_truncated_recurrent_grad_equals_detaching_between_chunks(kind, k):
    module = make(kind, H=5)
    x = torch.randn(2, 20, 3, generator=torch.Generator().manual_seed(4))
    ours = bptt.truncated_recurrent_grad(module, x, k).numpy()
    oracle = autograd_recurrent_grad(module, x, k).numpy()
    np.testing.assert_allclose(ours, oracle, rtol=1e-5, atol=1e-5 * np.abs(oracle).max())


@pytest.mark.parametrize("kind", KINDS)
def test_a_loss_on_the_last_state_is_carried_back(kind):
    """``grad_last`` seeds dL/dh_{T-1} for any loss of the last state (the training recorder)."""
    module = make(kind, H=6)
    x = torch.randn(4, 15, 3, generator=torch.Generator().manual_seed(8))
    head = nn.Linear(6, 1)
    target = torch.randn(4, 1)
    with torch.enable_grad():
        output, _ = module(x)
        h_last = output[:, -1]
        (grad_last,) = torch.autograd.grad(nn.functional.mse_loss(head(h_last), target), [h_last])
        hs, _ = stepped_states(module, x)
        oracle = torch.autograd.grad(nn.functional.mse_loss(head(hs[-1]), target), hs)
    ours = bptt.adjoint(module, x, grad_last=grad_last.numpy(), states=output).hidden_norms()
    _close(ours, _norms(oracle))


def test_hidden_grad_norms_is_the_old_autograd_definition():
    for kind in KINDS:
        module = make(kind, H=7, layers=2)
        x = torch.randn(3, 18, 3, generator=torch.Generator().manual_seed(9))
        _close(bptt.hidden_grad_norms(module, x), autograd_hidden_grad_norms(module, x))


def test_bptt_needs_no_autograd_and_leaves_frozen_weights_alone(monkeypatch):
    module = copy.deepcopy(make("gru")).requires_grad_(False)
    calls = []
    original = torch.autograd.grad
    monkeypatch.setattr(
        torch.autograd, "grad", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    norms = bptt.hidden_grad_norms(module, torch.randn(2, 10, 3))
    assert not calls and norms.shape == (10,) and np.all(norms > 0)


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        bptt.adjoint(make("gru"), torch.randn(2, 0, 3))
    bidirectional = nn.GRU(3, 4, batch_first=True, bidirectional=True)
    with pytest.raises(ValueError):
        bptt.adjoint(bidirectional, torch.randn(2, 5, 3))


@pytest.mark.parametrize("kind", KINDS)
def test_products_of_step_jacobians_give_the_same_gradient(kind):
    """dL/dh_t = 1^T J_{T-1} ... J_{t+1} restricted to h (the Jacobian view's matrices)."""
    from explorer.gradients.jacobians import step_jacobians

    module = make(kind, H=5)
    x = torch.randn(1, 15, 3, generator=torch.Generator().manual_seed(10))
    J = step_jacobians(module, x)  # (T, S, S)
    v = torch.zeros(J.shape[1], dtype=torch.float64)
    v[:5] = 1.0
    norms = []
    for t in range(J.shape[0] - 1, -1, -1):
        norms.append(float(v[:5].norm()))
        v = v @ J[t]
    _close(bptt.hidden_grad_norms(module, x), np.array(norms[::-1]))


def test_contribution_map_rows_are_gradients_of_each_step_loss():
    from explorer.gradients.truncation import contribution_map

    module = make("lstm", H=5)
    x = torch.randn(2, 10, 3, generator=torch.Generator().manual_seed(11))
    C = contribution_map(module, x, window=10, sample=1)
    for s in (0, 4, 9):
        ref_h, _, _ = autograd_flow(module, x[1:2, : s + 1])
        _close(C[s, : s + 1], ref_h)
        assert np.all(C[s, s + 1 :] == 0)
