"""The Gates library: tasks and chance levels, text codecs, clamps, shipped models, ablation,
gradient flow and the step equations."""

import copy
import math

import numpy as np
import pytest
import torch

from explorer import equations, gates
from explorer.bptt import gate_gradient_flow
from explorer.data import gate_tasks as gt
from explorer.errors import InputError
from explorer.i18n import catalogue
from explorer.state import steps_param
from models.trace import COUPLED, GateClamp, trace

FRESH_SEED = 777_777  # neither a training seed (0..steps-1) nor the stored metrics' EVAL_SEED

# Accuracy each shipped model must keep on fresh data (stated in the checkpoint's metrics too).
MIN_ACCURACY = {"recall": 0.97, "count": 0.97, "adding": 0.9}


@pytest.fixture(scope="module")
def models():
    return {
        (task, cell): gates.load_gate_model(task, cell)
        for task in gates.TASK_NAMES
        for cell in gates.CELL_NAMES
    }


# ---- tasks and chance levels ---------------------------------------------------------------


def test_recall_batch_starts_with_the_answer_and_ends_with_the_query():
    batch = gt.recall_batch(500, delay=12, seed=1)
    assert batch.x.shape == (500, 14)
    assert torch.equal(batch.x[:, 0], batch.y)
    assert (batch.x[:, -1] == gt.RECALL_VOCAB.index("?")).all()
    middle = batch.x[:, 1:-1]
    assert ((middle >= len(gt.RECALL_SYMBOLS)) & (middle < len(gt.RECALL_SYMBOLS) + 3)).all()


def test_recall_chance_is_one_in_four_for_any_constant_guess():
    y = gt.recall_batch(40_000, 5, seed=2).y
    best_constant = torch.bincount(y, minlength=4).max().item() / len(y)
    assert abs(best_constant - gt.RECALL_CHANCE_ACCURACY) < 0.01
    assert math.isclose(gt.RECALL_CHANCE_LOSS, math.log(4))


def test_counting_targets_follow_the_definition_and_never_overflow():
    batch = gt.counting_batch(300, 40, seed=3)
    for x, y in zip(batch.x, batch.y, strict=True):
        assert y.tolist() == gt.count_targets(x.tolist())
    assert batch.y.max() <= gt.MAX_COUNT and (batch.x == 2).any()


def test_majority_baseline_is_the_best_constant_guess():
    y = gt.counting_batch(2000, 30, seed=4).y
    accuracy, loss = gt.majority_baseline(y, gt.COUNT_CLASSES)
    freq = torch.bincount(y.reshape(-1), minlength=gt.COUNT_CLASSES).double() / y.numel()
    for c in range(gt.COUNT_CLASSES):
        assert (y == c).double().mean().item() <= accuracy + 1e-12
    logits = torch.log(freq.clamp_min(1e-12)).float().expand(y.numel(), -1)
    ce = torch.nn.functional.cross_entropy(logits, y.reshape(-1)).item()
    assert math.isclose(ce, loss, rel_tol=1e-4)


def test_adding_chance_accuracy_matches_guessing_one():
    batch = gates.make_batch("adding", 200_000, 10, seed=5)
    hit = ((batch.y - 1.0).abs() < gt.ADDING_TOLERANCE).float().mean().item()
    assert math.isclose(gt.adding_chance_accuracy(), 0.0784)
    assert abs(hit - gt.adding_chance_accuracy()) < 0.003


# ---- text codecs and bad input ---------------------------------------------------------------


@pytest.mark.parametrize("task", gates.TASK_NAMES)
def test_generated_sequences_survive_the_text_round_trip(task):
    batch = gates.make_batch(task, 1, 17, seed=6)
    again = gates.parse_sequence(task, gates.sequence_text(task, batch))
    assert again.x.shape == batch.x.shape
    torch.testing.assert_close(again.y.float(), batch.y.float(), atol=0.006, rtol=0)


@pytest.mark.parametrize(
    "task,text,key",
    [
        ("recall", "", "gates.err_empty"),
        ("recall", "   ", "gates.err_empty"),
        ("recall", "B xxq ?", "gates.err_unknown"),
        ("recall", "B" + "x" * 70 + "?", "gates.err_too_long"),
        ("recall", "x B y ?", "gates.err_recall_start"),
        ("recall", "B xy", "gates.err_recall_query"),
        ("recall", "B x?y?", "gates.err_recall_query"),
        ("count", "aab|c", "gates.err_unknown"),
        ("count", "a" * 10, "gates.err_count_overflow"),
        ("count", "", "gates.err_empty"),
        ("adding", "0.1 0.2* abc 0.3*", "gates.err_adding_number"),
        ("adding", "0.1 1.5* 0.3*", "gates.err_adding_range"),
        ("adding", "0.1 nan* 0.3*", "gates.err_adding_range"),
        ("adding", "0.1 0.2* 0.3", "gates.err_adding_markers"),
        ("adding", " ".join(["0.5"] * 61), "gates.err_too_long"),
    ],
)
def test_bad_sequences_are_rejected_with_a_translated_message(task, text, key):
    with pytest.raises(InputError) as caught:
        gates.parse_sequence(task, text)
    assert caught.value.key == key
    en, ko = catalogue()[key]
    assert en.format(**caught.value.fmt) and ko.format(**caught.value.fmt)


def test_every_gates_string_has_english_and_korean():
    keys = [k for k in catalogue() if k.startswith("gates.")]
    assert len(keys) > 60
    pairs = [catalogue()[k] for k in keys]
    assert all(en.strip() and ko.strip() for en, ko in pairs)
    translated = [ko for en, ko in pairs if ko != en]
    assert len(translated) >= len(keys) - 5  # only symbols such as "‖∂L/∂h_t‖" stay the same
    assert all(any("가" <= ch <= "힣" for ch in ko) for ko in translated)


def test_count_text_gives_the_running_count():
    batch = gates.parse_sequence("count", "aab|a b a")
    assert batch.y[0].tolist() == [1, 2, 2, 0, 1, 1, 2]


def test_steps_param_parses_sorts_and_clamps():
    param = steps_param("steps", (0, 59), 59)
    assert param.parse("3-9") == ((3, 9), None)
    assert param.parse("9-3")[0] == (3, 9)
    value, problem = param.parse("5-500")
    assert value == (5, 59) and problem
    value, problem = param.parse("nonsense")
    assert value == (0, 59) and problem
    assert param.format((2, 7)) == "2-7"


# ---- clamps: exact on the shipped models ----------------------------------------------------


def test_build_clamp_translates_modes_and_the_inclusive_step_range():
    clamp = gates.build_clamp(
        {
            "forget": gates.GateSetting("closed"),
            "input": gates.GateSetting("open"),
            "output": gates.GateSetting("constant", 0.3),
            "cell": gates.GateSetting("learned"),
        },
        steps=(2, 5),
    )
    assert set(clamp) == {"forget", "input", "output"}
    assert clamp["forget"] == GateClamp(0.0, 2, 6) and clamp["input"].value == 1.0
    assert clamp["output"].value == 0.3
    assert gates.clamped_at(clamp, 5) == {"forget", "input", "output"} and not gates.clamped_at(
        clamp, 6
    )
    with pytest.raises(InputError):
        gates.build_clamp({"forget": gates.GateSetting("sideways")})


def test_forget_one_and_input_zero_freeze_the_cell(models):
    net = models["recall", "lstm"].net
    x = gates.make_batch("recall", 8, 20, seed=FRESH_SEED).x
    _, tr = net.traced(x, clamp={"forget": GateClamp(1.0, 5), "input": GateClamp(0.0, 5)})
    cell = tr.cell[0]  # (B, T, H)
    torch.testing.assert_close(cell[:, 5:], cell[:, 4:5].expand_as(cell[:, 5:]), atol=0, rtol=0)


def test_output_zero_silences_h_and_forget_zero_leaves_only_the_new_write(models):
    net = models["count", "lstm"].net
    x = gates.make_batch("count", 8, 15, seed=FRESH_SEED).x
    _, tr = net.traced(x, clamp={"output": 0.0})
    assert tr.hidden.abs().max().item() == 0.0
    _, tr = net.traced(x, clamp={"forget": 0.0})
    torch.testing.assert_close(tr.cell, tr.gates["input"] * tr.gates["cell"], atol=1e-6, rtol=0)


def test_coupled_input_gate_is_one_minus_forget(models):
    net = models["recall", "lstm"].net
    x = gates.make_batch("recall", 4, 12, seed=FRESH_SEED).x
    _, tr = net.traced(x, clamp={"input": COUPLED})
    torch.testing.assert_close(tr.gates["input"], 1 - tr.gates["forget"])


def test_gru_update_one_keeps_h_unchanged(models):
    net = models["count", "gru"].net
    x = gates.make_batch("count", 4, 12, seed=FRESH_SEED).x
    _, tr = net.traced(x, clamp={"update": GateClamp(1.0, 3)})
    h = tr.hidden[0]
    torch.testing.assert_close(h[:, 3:], h[:, 2:3].expand_as(h[:, 3:]), atol=0, rtol=0)


# ---- shipped checkpoints --------------------------------------------------------------------


@pytest.mark.parametrize("task", gates.TASK_NAMES)
@pytest.mark.parametrize("cell", gates.CELL_NAMES)
def test_shipped_checkpoint_is_small_and_beats_chance_on_fresh_data(models, task, cell):
    model = models[task, cell]
    assert gates.checkpoint_path(task, cell).stat().st_size < 1_000_000
    scores = gates.evaluate(model, n=400, seed=FRESH_SEED)
    chance = gates.chance(task)
    assert scores["accuracy"] >= MIN_ACCURACY[task], scores
    assert scores["accuracy"] > chance["accuracy"] + 0.5
    assert scores["loss"] < 0.2 * chance["loss"]
    stored = model.metrics
    assert stored["accuracy"] >= MIN_ACCURACY[task]
    assert math.isclose(stored["chance_accuracy"], chance["accuracy"], rel_tol=0.05)


@pytest.mark.parametrize("task", gates.TASK_NAMES)
def test_coupled_lstm_retrained_with_i_one_minus_f_still_solves_the_task(task):
    """Greff et al. (2017): coupling the input and forget gates (CIFG) costs little when trained so."""
    model = gates.load_gate_model(task, "lstm", coupled=True)
    assert model.coupled and gates.checkpoint_path(task, "lstm", True).stat().st_size < 1_000_000
    scores = gates.evaluate(model, n=300, seed=FRESH_SEED)
    assert scores["accuracy"] >= MIN_ACCURACY[task] - 0.05, scores
    batch = gates.make_batch(task, 2, 10, seed=FRESH_SEED)
    _, tr = model.net.traced(batch.x, clamp=model.base_clamp)
    torch.testing.assert_close(tr.gates["input"], 1 - tr.gates["forget"])


def test_ablation_on_recall_shows_the_forget_gate_mattering(models):
    table = gates.ablation_table(models["recall", "lstm"], n=300, seed=FRESH_SEED)
    row = table.set_index(["gate", "setting"])["accuracy"]
    assert row["-", "learned"] >= 0.97
    assert row["forget", "closed"] < gt.RECALL_CHANCE_ACCURACY + 0.1  # memory erased every step
    assert row["forget", "closed"] < row["-", "learned"] - 0.6
    assert ("input", "coupled") in row.index
    assert list(table.columns) == ["gate", "setting", "accuracy", "loss", "accuracy_drop"]


# ---- gradient flow --------------------------------------------------------------------------


def test_grad_norms_match_a_restart_from_each_state(models):
    """||dL/dh_t|| equals the gradient of the same L when the run restarts at t+1 from h_t, c_t."""
    model = models["recall", "lstm"]
    batch = gates.make_batch("recall", 3, 10, seed=FRESH_SEED)
    features = model.net.embed(batch.x).detach()
    clamp = {"forget": GateClamp(1.0, 4, 8)}
    flow = gate_gradient_flow(model.net.rnn, features, clamp).h
    _, tr = model.net.traced(batch.x, clamp=clamp)
    for t in (2, 6):
        h = tr.hidden[:, :, t].detach().clone().requires_grad_(True)
        c = tr.cell[:, :, t].detach().clone()
        later = {"forget": GateClamp(1.0, 4 - (t + 1), 8 - (t + 1))}
        rest = trace(model.net.rnn, features[:, t + 1 :], (h, c), later)
        rest.hidden[-1, :, -1].sum().backward()
        assert math.isclose(flow[t], h.grad[-1].norm(dim=-1).mean().item(), rel_tol=1e-4)


def _autograd_hidden_norms(module, x):
    """Oracle: batch-mean ||dL/dh_t|| by autograd, L = sum of the top layer's last h_T, each h_t a
    node of the recurrence (one ``trace`` step at a time; for the LSTM c_t is a separate node)."""
    state, hs = None, []
    with torch.enable_grad():
        for t in range(x.shape[1]):
            state = trace(module, x[:, t : t + 1], state).final
            hs.append(state[0] if isinstance(state, tuple) else state)
        grads = torch.autograd.grad(hs[-1][-1].sum(), hs)
    return np.array([g[-1].norm(dim=-1).mean().item() for g in grads])


def test_flow_without_clamps_matches_autograd(models):
    for task, cell in (("count", "gru"), ("recall", "lstm")):
        model = models[task, cell]
        features = model.net.embed(gates.make_batch(task, 2, 12, seed=FRESH_SEED).x).detach()
        ours = gate_gradient_flow(model.net.rnn, features).h
        module = copy.deepcopy(model.net.rnn).requires_grad_(True)  # autograd needs a graph
        shared = _autograd_hidden_norms(module, features)
        np.testing.assert_allclose(ours, shared, rtol=1e-4, atol=1e-7)


def test_forget_gate_one_keeps_the_gradient_alive_and_zero_kills_it(models):
    model = models["recall", "lstm"]
    batch = gates.make_batch("recall", 1, 30, seed=0)  # the page's first generated example
    open_flow = gates.gradient_flow(model, batch, {"forget": 1.0})
    shut_flow = gates.gradient_flow(model, batch, {"forget": 0.0})
    assert open_flow["c"][0] > 0.5 * open_flow["c"][-1]  # carried 30 steps along the belt
    assert shut_flow["c"][0] < 0.01 * shut_flow["c"][-1]  # only the h path is left: it vanishes
    assert open_flow["h"][0] > 10 * shut_flow["h"][0]


def test_gru_update_gate_one_passes_the_gradient_unchanged(models):
    model = models["recall", "gru"]
    batch = gates.make_batch("recall", 1, 25, seed=0)
    kept = gates.gradient_flow(model, batch, {"update": 1.0})["h"]
    np.testing.assert_allclose(kept, kept[-1], rtol=1e-5)  # h_t = h_{t-1}: the identity Jacobian
    assert gates.gradient_flow(model, batch, {"update": 0.0})["c"] is None


# ---- one step in numbers --------------------------------------------------------------------


def test_step_values_satisfy_the_lstm_equations_even_with_a_clamp(models):
    model = models["recall", "lstm"]
    batch = gates.parse_sequence("recall", "A xyzzy ?")
    result = gates.run(
        model, batch, gates.build_clamp({"forget": gates.GateSetting("constant", 0.3)})
    )
    v = gates.step_values(model, result, 3, 2)
    g = v["gates"]
    assert g["forget"] == pytest.approx(0.3)
    assert v["c"] == pytest.approx(g["forget"] * v["c_prev"] + g["input"] * g["cell"], abs=1e-5)
    assert v["h"] == pytest.approx(g["output"] * math.tanh(v["c"]), abs=1e-5)
    z_i = v["from_x"]["input"] + v["from_h"]["input"] + v["bias"]["input"]
    assert g["input"] == pytest.approx(1 / (1 + math.exp(-z_i)), abs=1e-5)
    lines = equations.unit_equations("lstm", v, {"forget"})
    assert len(lines) == 6 and "clamped" in lines[0] and f"{v['c']:.2f}" in lines[4]


def test_step_values_follow_pytorchs_gru_convention(models):
    model = models["count", "gru"]
    result = gates.run(model, gates.parse_sequence("count", "ab|aab"))
    v = gates.step_values(model, result, 4, 5)
    r, z, n = v["gates"]["reset"], v["gates"]["update"], v["gates"]["new"]
    assert v["h"] == pytest.approx(
        (1 - z) * n + z * v["h_prev"], abs=1e-5
    )  # z weights the old state
    pre = (
        v["from_x"]["new"] + v["b_in"] + r * (v["from_h"]["new"] + v["b_hn"])
    )  # r after W_hn h + b_hn
    assert n == pytest.approx(math.tanh(pre), abs=1e-5)
    assert len(equations.unit_equations("gru", v)) == 4


def test_run_table_and_answers_describe_both_runs(models):
    model = models["count", "lstm"]
    batch = gates.parse_sequence("count", "aab|ab")
    learned, clamped = gates.run(model, batch), gates.run(model, batch, {"forget": 0.0})
    table = gates.run_table(learned, clamped)
    assert set(table["run"]) == {"learned", "clamped"}
    assert len(table) == 2 * 6 * 16 * 6  # runs x (4 gates + c + h) x units x steps
    assert gates.answers("count", learned, learned)["target"] == "6/6"
