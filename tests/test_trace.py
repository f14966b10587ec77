"""The transparent cells against torch.nn, forward and backward (micrograd's test style)."""

import itertools

import pytest
import torch
from torch import nn

from models import COUPLED, GateClamp, trace
from models.rnn import make_rnn

B, T, I, H = 3, 7, 4, 5

CASES = [
    (kind, layers, bidirectional, with_state)
    for kind, layers, bidirectional, with_state in itertools.product(
        ["rnn_tanh", "rnn_relu", "lstm", "gru"], [1, 2], [False, True], [False, True]
    )
]


def make(kind: str, layers: int, bidirectional: bool, bias: bool = True) -> nn.Module:
    torch.manual_seed(0)
    common = dict(num_layers=layers, bidirectional=bidirectional, batch_first=True, bias=bias)
    if kind.startswith("rnn"):
        return nn.RNN(I, H, nonlinearity=kind.split("_")[1], **common)
    return {"lstm": nn.LSTM, "gru": nn.GRU}[kind](I, H, **common)


def initial_state(kind, layers, bidirectional):
    shape = (layers * (2 if bidirectional else 1), B, H)
    if kind == "lstm":
        return (torch.randn(shape, requires_grad=True), torch.randn(shape, requires_grad=True))
    return torch.randn(shape, requires_grad=True)


def flat(state):
    return list(state) if isinstance(state, tuple) else [state]


@pytest.mark.parametrize("kind,layers,bidirectional,with_state", CASES)
def test_trace_matches_torch_forward_and_backward(kind, layers, bidirectional, with_state):
    module = make(kind, layers, bidirectional)
    torch.manual_seed(1)
    x = torch.randn(B, T, I, requires_grad=True)
    state = initial_state(kind, layers, bidirectional) if with_state else None

    out_ref, final_ref = module(x, state)
    loss_ref = out_ref.pow(2).sum() + sum(f.sum() for f in flat(final_ref))
    grads_ref = torch.autograd.grad(loss_ref, [x, *module.parameters()])

    tr = trace(module, x, state)
    loss = tr.output.pow(2).sum() + sum(f.sum() for f in flat(tr.final))
    grads = torch.autograd.grad(loss, [x, *module.parameters()])

    torch.testing.assert_close(tr.output, out_ref, atol=1e-5, rtol=0)
    for mine, ref in zip(flat(tr.final), flat(final_ref), strict=True):
        torch.testing.assert_close(mine, ref, atol=1e-5, rtol=0)
    for mine, ref in zip(grads, grads_ref, strict=True):
        torch.testing.assert_close(mine, ref, atol=1e-4, rtol=0)


@pytest.mark.parametrize("kind", ["rnn_tanh", "lstm", "gru"])
def test_trace_shapes_follow_the_design(kind):
    module = make(kind, 2, True)
    tr = trace(module, torch.randn(B, T, I))
    assert tr.output.shape == (B, T, 2 * H)
    assert tr.hidden.shape == (4, B, T, H)
    expected_gates = {
        "rnn_tanh": set(),
        "lstm": {"input", "forget", "cell", "output"},
        "gru": {"reset", "update", "new"},
    }
    assert set(tr.gates) == expected_gates[kind]
    for gate in tr.gates.values():
        assert gate.shape == (4, B, T, H)
    assert (tr.cell is not None) == (kind == "lstm")
    # the reverse direction's h at input position 0 is its last step, i.e. h_n
    h_n = tr.final[0] if kind == "lstm" else tr.final
    torch.testing.assert_close(h_n[1], tr.hidden[1, :, 0])
    torch.testing.assert_close(h_n[0], tr.hidden[0, :, -1])


def test_trace_without_bias_matches_torch():
    module = make("gru", 1, False, bias=False)
    x = torch.randn(B, T, I)
    torch.testing.assert_close(trace(module, x).output, module(x)[0], atol=1e-5, rtol=0)


def test_sigmoid_rnn_runs_through_trace_and_uses_sigmoid():
    module = make_rnn(I, H, "sigmoid")
    x = torch.randn(B, T, I)
    out, h_n = module(x)
    assert out.shape == (B, T, H)
    assert (out > 0).all() and (out < 1).all()
    W_ih, W_hh = module.weight_ih_l0, module.weight_hh_l0
    h1 = torch.sigmoid(x[:, 0] @ W_ih.T + module.bias_ih_l0 + module.bias_hh_l0)
    torch.testing.assert_close(out[:, 0], h1)
    h2 = torch.sigmoid(x[:, 1] @ W_ih.T + h1 @ W_hh.T + module.bias_ih_l0 + module.bias_hh_l0)
    torch.testing.assert_close(out[:, 1], h2)


def lstm_and_input():
    module = make("lstm", 1, False)
    torch.manual_seed(2)
    return module, torch.randn(B, T, I)


def test_forget_open_and_input_closed_freezes_the_cell():
    module, x = lstm_and_input()
    c0 = torch.randn(1, B, H)
    tr = trace(module, x, (torch.zeros(1, B, H), c0), clamp={"forget": 1.0, "input": 0.0})
    for t in range(T):
        torch.testing.assert_close(tr.cell[0, :, t], c0[0])


def test_output_gate_closed_silences_h():
    module, x = lstm_and_input()
    tr = trace(module, x, clamp={"output": 0.0})
    assert tr.hidden.abs().max() == 0


def test_forget_closed_leaves_only_the_new_write():
    module, x = lstm_and_input()
    tr = trace(module, x, clamp={"forget": 0.0})
    expected = tr.gates["input"] * tr.gates["cell"]
    torch.testing.assert_close(tr.cell, expected)


def test_coupled_input_gate_is_one_minus_forget():
    module, x = lstm_and_input()
    tr = trace(module, x, clamp={"input": COUPLED})
    torch.testing.assert_close(tr.gates["input"], 1 - tr.gates["forget"])


def test_clamp_over_a_time_range_and_units_only():
    module, x = lstm_and_input()
    free = trace(module, x)
    tr = trace(module, x, clamp={"forget": GateClamp(0.0, start=2, stop=4, units=(1,))})
    forget = tr.gates["forget"][0]
    assert (forget[:, 2:4, 1] == 0).all()
    assert (forget[:, :2] > 0).all() and (forget[:, 4:, 1] > 0).all()
    torch.testing.assert_close(tr.hidden[:, :, :2], free.hidden[:, :, :2])
    assert not torch.allclose(tr.hidden[:, :, 2:], free.hidden[:, :, 2:])


def test_clamped_trace_stays_differentiable():
    module, x = lstm_and_input()
    x.requires_grad_(True)
    tr = trace(module, x, clamp={"forget": 1.0})
    tr.output.sum().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all() and x.grad.abs().sum() > 0
    assert module.weight_hh_l0.grad.abs().sum() > 0


def test_gru_update_gate_one_keeps_the_old_state():
    module = make("gru", 1, False)
    x = torch.randn(B, T, I)
    h0 = torch.randn(1, B, H)
    tr = trace(module, x, h0, clamp={"update": 1.0})
    for t in range(T):
        torch.testing.assert_close(tr.hidden[0, :, t], h0[0])


def test_unknown_gate_is_refused():
    module, x = lstm_and_input()
    with pytest.raises(ValueError, match="no gate"):
        trace(module, x, clamp={"reset": 0.0})
