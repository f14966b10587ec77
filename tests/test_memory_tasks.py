"""The memory tasks' generators and their closed-form chance levels."""

import math

import torch
from torch import nn

from explorer.data.memory import (
    ADDING_BASELINE_MSE,
    adding_problem,
    copy_memory,
    copy_memory_baseline,
)
from models.recurrent import RecurrentConfig, RecurrentNet


def test_adding_problem_marks_one_value_in_each_half_and_sums_them():
    batch = adding_problem(200, 30, seed=3)
    markers = batch.x[..., 1]
    assert (markers.sum(dim=1) == 2).all()
    assert (markers[:, :15].sum(dim=1) == 1).all()
    marked_sum = (batch.x[..., 0] * markers).sum(dim=1, keepdim=True)
    torch.testing.assert_close(marked_sum, batch.y)


def test_adding_problem_mean_prediction_scores_one_sixth():
    batch = adding_problem(200_000, 10, seed=0)
    mse_of_mean = ((batch.y - 1.0) ** 2).mean().item()
    assert abs(mse_of_mean - ADDING_BASELINE_MSE) < 0.003


def test_adding_problem_is_deterministic_per_seed():
    a, b, c = adding_problem(5, 20, 1), adding_problem(5, 20, 1), adding_problem(5, 20, 2)
    assert torch.equal(a.x, b.x) and not torch.equal(a.x, c.x)


def test_copy_memory_layout():
    batch = copy_memory(4, delay=7, seed=0, n_symbols=8, copy_length=10)
    assert batch.x.shape == (4, 27)
    assert torch.equal(batch.y[:, -10:], batch.x[:, :10])
    assert (batch.x[:, 16] == 9).all()  # delimiter after delay - 1 blanks
    assert (batch.y[:, :-10] == 8).all()


def test_copy_memory_baseline_is_arjovskys_formula_and_is_achieved_by_the_blind_guess():
    delay = 30
    assert math.isclose(copy_memory_baseline(delay), 10 * math.log(8) / (delay + 20))
    batch = copy_memory(2000, delay, seed=1)
    logits = torch.full((2000, delay + 20, 10), -1e9)
    logits[:, :-10, 8] = 0.0  # blank where the answer is blank
    logits[:, -10:, :8] = 0.0  # uniform over the 8 symbols where it must copy
    loss = nn.functional.cross_entropy(logits.reshape(-1, 10), batch.y.reshape(-1))
    assert math.isclose(loss.item(), copy_memory_baseline(delay), rel_tol=1e-5)


def test_recurrent_net_traced_equals_fused_for_every_cell():
    x = torch.randn(3, 9, 2)
    for cell in ("rnn_tanh", "rnn_relu", "lstm", "gru"):
        for many_to_many, bidirectional in ((False, False), (True, True), (False, True)):
            torch.manual_seed(0)
            net = RecurrentNet(
                RecurrentConfig(
                    cell=cell,
                    input_size=2,
                    hidden_size=6,
                    num_layers=2,
                    bidirectional=bidirectional,
                    many_to_many=many_to_many,
                    output_size=3,
                )
            ).eval()
            fused, _ = net(x)
            traced, _ = net.traced(x)
            torch.testing.assert_close(traced, fused, atol=1e-5, rtol=0)
