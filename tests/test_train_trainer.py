"""The live trainer: every task learns within a small budget, truncated BPTT, clipping, caps,
callbacks, the server-wide run slots, model download/upload with its refusals, the task-free
Trainer on its own, and one session's runs (add, resume, compare, budget, forgetting, upload)."""

import math
import pickle
import time
from dataclasses import replace

import pytest
import torch

from explorer.checkpoints import checkpoint_bytes, load_checkpoint
from explorer.errors import InputError
from explorer.training import (
    OPTIMIZERS,
    SESSION_RUNS,
    SESSION_SECONDS,
    ModelSpec,
    RunSlots,
    TaskSpec,
    TaskTrainer,
    Trainer,
    TrainerConfig,
    TrainSession,
    TrainSettings,
    make_task,
    new_run,
    restore_run,
    run_checkpoint,
    train_group,
)

torch.set_num_threads(1)


def _run(task_spec, model_spec=None, **settings):
    task = make_task(task_spec)
    defaults = {"lr": 1e-2, "batch_size": 32, "max_steps": 100}
    return new_run(
        task,
        model_spec or ModelSpec("gru", 24),
        TrainSettings(**{**defaults, **settings}),
        "t",
        "#000",
    )


@pytest.mark.parametrize(
    ("spec", "steps", "below"),
    [
        (TaskSpec(task="forecast", source="sine", window=10), 60, "start"),
        (TaskSpec(task="charlm"), 60, "uniform"),
        (TaskSpec(task="adding", length=20), 60, "start"),
        (TaskSpec(task="copy", delay=5, symbols=3), 60, "start"),
        (TaskSpec(task="tagging"), 60, "start"),
    ],
)
def test_training_reduces_validation_loss_on_every_task(spec, steps, below):
    run = _run(spec, max_steps=steps)
    start = run.trainer.last("val_loss")
    run.trainer.run()
    end = run.trainer.last("val_loss")
    assert run.trainer.steps == steps
    assert end < 0.7 * start
    if below == "uniform":
        assert end < run.task.baselines()["uniform"]


def test_memoryless_feed_forward_trains_on_forecasting_only():
    run = _run(TaskSpec(task="forecast", source="ar", window=8), ModelSpec("mlp", 16), max_steps=80)
    start = run.trainer.last("val_loss")
    run.trainer.run()
    assert run.trainer.last("val_loss") < start
    with pytest.raises(InputError):
        _run(TaskSpec(task="adding"), ModelSpec("mlp", 16))


def test_language_model_carries_a_detached_state_between_chunks_and_resets_each_pass():
    run = _run(TaskSpec(task="charlm"), ModelSpec("lstm", 16), batch_size=8, bptt=40)
    trainer, task = run.trainer, run.task
    seen = []
    trainer.add_callback("on_batch_end", lambda t: seen.append(t.state))
    trainer.run(max_steps=3)
    h, c = seen[-1]
    assert h.shape == (1, 8, 16) and not h.requires_grad and not c.requires_grad
    chunks = (task.streams(8, 40).shape[1] - 1) // 40
    assert task.train_batch(0, trainer.settings)[2] and not task.train_batch(1, trainer.settings)[2]
    assert task.train_batch(chunks, trainer.settings)[2]  # wrapped round: start from zero again
    x, y, _ = task.train_batch(1, trainer.settings)
    assert torch.equal(x[:, 1:], y[:, :-1])  # targets are the inputs shifted by one character


def test_bidirectional_is_refused_for_the_language_model_where_it_would_see_the_answer():
    run = _run(TaskSpec(task="charlm"), ModelSpec("gru", 8, bidirectional=True))
    assert not run.trainer.model.config.bidirectional


def test_clipping_caps_the_gradient_norm_and_reports_both_norms():
    run = _run(TaskSpec(task="adding", length=20), ModelSpec("rnn_tanh", 16), clip=0.05, lr=1e-3)
    run.trainer.run(max_steps=10)
    before, after = run.trainer.history["grad_norm"], run.trainer.history["grad_norm_clipped"]
    assert max(before) > 0.05
    assert all(a <= 0.05 + 1e-6 for a in after)
    assert all(
        a == pytest.approx(min(b, 0.05), rel=1e-4) for a, b in zip(after, before, strict=True)
    )
    unclipped = _run(TaskSpec(task="adding", length=20), ModelSpec("rnn_tanh", 16), clip=0.0)
    unclipped.trainer.run(max_steps=3)
    assert unclipped.trainer.history["grad_norm"] == unclipped.trainer.history["grad_norm_clipped"]


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_every_optimiser_takes_steps(optimizer):
    run = _run(TaskSpec(task="adding", length=10), optimizer=optimizer, lr=1e-2)
    before = [p.detach().clone() for p in run.trainer.model.parameters()]
    run.trainer.run(max_steps=2)
    assert any(
        not torch.equal(a, b) for a, b in zip(before, run.trainer.model.parameters(), strict=True)
    )


def test_step_and_second_caps_stop_a_run():
    run = _run(TaskSpec(task="adding", length=10), max_steps=7)
    assert run.trainer.run() == 7 and run.trainer.finished
    assert run.trainer.run() == 0
    timed = _run(TaskSpec(task="adding", length=10), max_steps=10_000, max_seconds=0.3)
    timed.trainer.run()
    assert timed.trainer.finished and 0 < timed.trainer.steps < 10_000
    assert timed.trainer.seconds < 0.6


def test_callbacks_and_history_report_every_step_and_evaluation():
    run = _run(TaskSpec(task="copy", delay=5, symbols=3))
    events = []
    run.trainer.add_callback("on_batch_end", lambda t: events.append(("step", t.steps)))
    run.trainer.add_callback("on_eval", lambda t: events.append(("eval", t.steps)))
    run.trainer.run(max_steps=4)
    assert events == [("step", 1), ("step", 2), ("step", 3), ("step", 4), ("eval", 4)]
    assert run.trainer.evals["step"] == [0, 4]
    assert "copy_accuracy" in run.trainer.evals and run.trainer.steps_per_second > 0


def test_a_non_finite_loss_stops_the_run_as_diverged():
    run = _run(TaskSpec(task="adding", length=10))
    with torch.no_grad():
        run.trainer.model.head.bias.fill_(math.nan)
    run.trainer.run(max_steps=5)
    assert run.trainer.diverged and run.trainer.steps == 1


def test_same_seed_same_run():
    a, b = (_run(TaskSpec(task="tagging", seed=3)) for _ in range(2))
    a.trainer.run(max_steps=5)
    b.trainer.run(max_steps=5)
    assert a.trainer.history["loss"] == b.trainer.history["loss"]


def test_run_slots_let_others_wait_and_expire_abandoned_leases():
    now = [0.0]
    slots = RunSlots(capacity=1, lease_seconds=5.0, clock=lambda: now[0])
    assert slots.acquire("alice") and slots.acquire("alice")
    assert not slots.acquire("bob")
    now[0] = 6.0  # alice closed her tab mid-run
    assert slots.acquire("bob") and not slots.acquire("alice")
    slots.release("bob")
    assert slots.acquire("alice") and slots.busy() == 1


def test_slots_queue_waiting_owners_in_arrival_order():
    now = [0.0]
    slots = RunSlots(capacity=1, lease_seconds=5.0, clock=lambda: now[0])
    assert slots.acquire("alice")
    assert not slots.acquire("bob") and not slots.acquire("carol")
    assert (slots.position("bob"), slots.position("carol"), slots.position("alice")) == (1, 2, 0)
    slots.release("alice")
    assert not slots.acquire("carol")  # bob is first in line
    assert slots.acquire("bob") and slots.position("carol") == 1
    now[0] = 3.0
    slots.acquire("bob")
    assert not slots.acquire("carol")
    now[0] = 9.0  # bob stopped asking (tab closed): his lease expires, carol goes next
    assert slots.acquire("carol") and slots.waiting() == 0


def test_train_group_shares_time_between_compared_runs_and_stops_at_targets():
    runs = [
        _run(TaskSpec(task="adding", length=10), ModelSpec(cell, 8), max_steps=30)
        for cell in ("rnn_tanh", "lstm", "gru")
    ]
    trainers = [r.trainer for r in runs]
    train_group(trainers, 10.0, targets=[7, 7, 7])
    assert [t.steps for t in trainers] == [7, 7, 7]
    train_group(trainers, 0.05)
    assert max(t.steps for t in trainers) - min(t.steps for t in trainers) <= 5  # in step
    while not all(t.finished for t in trainers):
        train_group(trainers, 0.3)
    assert all(t.steps == 30 for t in trainers)
    calls = []
    train_group(
        [_run(TaskSpec(task="adding", length=10)).trainer],
        10.0,
        None,
        lambda: calls.append(1) or len(calls) > 3,
    )
    assert len(calls) == 4  # asked before every step: the fourth answer stopped it


# --- download and upload --------------------------------------------------------------------------


def test_downloaded_model_uploads_back_with_the_same_predictions():
    run = _run(TaskSpec(task="charlm"), ModelSpec("lstm", 12))
    run.trainer.run(max_steps=3)
    payload = load_checkpoint(checkpoint_bytes(*run_checkpoint(run)))
    restored = restore_run(payload, make_task(TaskSpec(task="charlm")), "up", "#111")
    x, _ = run.task.val_batch()
    torch.testing.assert_close(restored.trainer.model(x)[0], run.trainer.model.eval()(x)[0])
    assert restored.uploaded and restored.trainer.last("val_loss") == pytest.approx(
        run.trainer.evaluate()["val_loss"]
    )


def _payload(run):
    return load_checkpoint(checkpoint_bytes(*run_checkpoint(run)))


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
def test_upload_refuses_files_that_are_not_weights():
    with pytest.raises(InputError, match="upload.empty"):
        load_checkpoint(b"")
    with pytest.raises(InputError, match="upload.not_checkpoint"):
        load_checkpoint(bytes(range(256)) * 10)
    with pytest.raises(InputError, match="upload.not_checkpoint"):
        load_checkpoint(pickle.dumps(TaskSpec()))  # a pickle of an arbitrary object, not weights


def test_upload_refuses_wrong_shapes_other_tasks_and_foreign_configs():
    run = _run(TaskSpec(task="adding", length=10), ModelSpec("gru", 8))
    adding = make_task(TaskSpec(task="adding", length=10))
    payload = _payload(run)
    payload["state_dict"]["head.weight"] = torch.zeros(1, 9)
    with pytest.raises(InputError) as caught:
        restore_run(payload, adding, "x", "#000")
    assert caught.value.key == "train.upload_shapes" and "head.weight" in caught.value.fmt["detail"]
    with pytest.raises(InputError) as caught:
        restore_run(_payload(run), make_task(TaskSpec(task="tagging")), "x", "#000")
    assert caught.value.key == "train.upload_other_task"
    foreign = _payload(run)
    foreign["config"] = {"hidden": 3}
    with pytest.raises(InputError) as caught:
        restore_run(foreign, adding, "x", "#000")
    assert caught.value.key == "train.upload_not_ours"
    lm = _run(TaskSpec(task="charlm"), ModelSpec("gru", 8))
    other_text = make_task(TaskSpec(task="charlm"), "completely different text! " * 20)
    with pytest.raises(InputError) as caught:
        restore_run(_payload(lm), other_text, "x", "#000")
    assert caught.value.key == "train.upload_vocab"


def test_copy_task_accuracy_is_measured_on_the_copied_symbols():
    run = _run(TaskSpec(task="copy", delay=5, symbols=3))
    x, y = run.task.val_batch()
    perfect = torch.nn.functional.one_hot(y, run.task.output_size).float() * 50
    assert run.task.metrics(perfect, y)["copy_accuracy"] == 1.0


def test_trainer_accepts_any_model_with_the_recurrent_signature():
    task = make_task(TaskSpec(task="adding", length=10))

    class Mean(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bias = torch.nn.Parameter(torch.zeros(1))

        def forward(self, x, state=None):
            return self.bias.expand(x.shape[0], 1), None

    trainer = TaskTrainer(Mean(), task, TrainSettings(lr=0.1, max_steps=300))
    trainer.run()
    assert trainer.model.bias.item() == pytest.approx(1.0, abs=0.1)  # the mean of u1 + u2
    assert trainer.evaluate()["val_loss"] == pytest.approx(1 / 6, abs=0.03)


def test_bidirectional_tagger_beats_the_left_to_right_limit_a_unidirectional_one_cannot():
    results = {}
    for bidirectional in (False, True):
        spec = ModelSpec("gru", 16, bidirectional=bidirectional)
        run = _run(TaskSpec(task="tagging"), spec, lr=0.03, max_steps=150)
        run.trainer.run()
        results[bidirectional] = run.trainer.evaluate()
    floor = make_task(TaskSpec(task="tagging")).baselines()["left_to_right"]
    assert results[True]["ambiguous_accuracy"] > 0.9
    assert results[False]["ambiguous_accuracy"] < 0.7
    assert results[True]["val_loss"] < floor < results[False]["val_loss"]


# --- the task-free Trainer ------------------------------------------------------------------------


def test_trainer_fits_a_line_from_a_batch_function_without_any_task():
    generator = torch.Generator().manual_seed(0)
    xs = torch.randn(256, 1, generator=generator)

    def batch(step):
        rows = torch.arange(step * 16, step * 16 + 16) % 256
        return xs[rows], 3 * xs[rows] - 1

    model = torch.nn.Linear(1, 1)
    trainer = Trainer(
        model,
        batch,
        torch.nn.functional.mse_loss,
        TrainerConfig("sgd", lr=0.1, clip=0.0, max_steps=200),
        forward=lambda m, x, state: (m(x), None),
    )
    seen, weights, initial = [], [], model.weight.item()
    trainer.add_callback("on_batch_end", lambda t: seen.append(t.loss.item()))
    trainer.add_callback("on_after_backward", lambda t: weights.append(t.model.weight.item()))
    assert trainer.run() == 200 and trainer.finished
    assert weights[0] == initial and weights[1] != initial  # before each optimiser step
    assert model.weight.item() == pytest.approx(3.0, abs=1e-3)
    assert model.bias.item() == pytest.approx(-1.0, abs=1e-3)
    assert seen == trainer.history["loss"] and trainer.history["step"][-1] == 200
    with pytest.raises(ValueError):
        trainer.add_callback("on_typo", print)


def test_trainer_state_dict_continues_a_run_exactly_where_it_stopped():
    """What a worker process needs: train 6 steps here, 6 in a fresh trainer from the state."""
    whole = _run(TaskSpec(task="charlm"), ModelSpec("lstm", 8), batch_size=4, bptt=16)
    whole.trainer.run(max_steps=12)
    first = _run(TaskSpec(task="charlm"), ModelSpec("lstm", 8), batch_size=4, bptt=16)
    first.trainer.run(max_steps=6)
    saved = pickle.loads(pickle.dumps(first.trainer.state_dict()))  # plain enough to ship
    second = _run(TaskSpec(task="charlm"), ModelSpec("lstm", 8), batch_size=4, bptt=16)
    second.trainer.load_state_dict(saved)
    second.trainer.run(max_steps=6)
    assert second.trainer.steps == 12
    assert second.trainer.history["loss"] == pytest.approx(whole.trainer.history["loss"])


# --- one browser session's runs -------------------------------------------------------------------


COLORS = ["#a", "#b", "#c"]


def _session(**kwargs):
    return TrainSession(colors=COLORS, slots=RunSlots(capacity=1), **kwargs)


def _wait(session, seconds=60.0):
    """Tick (as the page's live charts do) until nothing trains; the runs train on workers."""
    deadline = time.monotonic() + seconds
    while (result := session.tick()) in ("running", "waiting") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert result in ("idle", "finished"), result
    return result


def _adding(length=10):
    return make_task(TaskSpec(task="adding", length=length))


SMALL = ModelSpec("gru", 8)
QUICK = TrainSettings(lr=1e-2, batch_size=8, max_steps=40)


def test_session_numbers_and_colours_its_runs_and_steps_a_new_run_paused():
    session, task = _session(), _adding()
    session.step(task, SMALL, QUICK, "GRU", n=10)
    _wait(session)
    run = session.runs[0]
    assert (run.label, run.color) == ("#1 GRU", "#b") and run.trainer.steps == 10
    assert session.group == [run] and session.active == [] and session.shown() is run
    assert session.status(run) == "paused"


def test_start_resumes_the_last_group_only_when_nothing_changed():
    session, task = _session(), _adding()
    session.start(task, SMALL, QUICK, "GRU")
    first = session.runs[0]
    session.pause()
    session.start(task, SMALL, QUICK, "GRU")
    assert session.runs == [first] and session.active == [first]  # resumed
    session.start(task, SMALL, replace(QUICK, lr=3e-2), "GRU")
    assert len(session.runs) == 2 and session.active == [session.runs[1]]  # new settings: new run
    session.start(_adding(length=12), SMALL, replace(QUICK, lr=3e-2), "GRU")
    assert len(session.runs) == 3  # another task: new run


def test_compare_trains_one_run_per_cell_and_start_resumes_them_all_whatever_cell_is_chosen():
    session, task = _session(), _adding()
    long = replace(QUICK, max_steps=10_000)  # one refresh cannot finish them
    session.compare(task, SMALL, long, {"rnn_tanh": "RNN", "lstm": "LSTM", "gru": "GRU"})
    assert [r.model_spec.cell for r in session.runs] == ["rnn_tanh", "lstm", "gru"]
    assert [r.label for r in session.runs] == ["#1 RNN", "#2 LSTM", "#3 GRU"]
    assert session.active == session.group == session.runs
    deadline = time.monotonic() + 60
    while min(r.trainer.steps for r in session.runs) == 0 and time.monotonic() < deadline:
        assert session.tick() == "running"
        time.sleep(0.05)
    session.pause()
    steps = [r.trainer.steps for r in session.runs]
    assert min(steps) > 0 and max(steps) - min(steps) <= 5  # trained in step
    time.sleep(0.3)
    assert session.tick() == "idle" and [r.trainer.steps for r in session.runs] == steps
    assert session.active == [] and session.slots.busy() == 0
    session.start(task, replace(SMALL, cell="lstm"), long, "LSTM")
    assert session.active == session.runs and len(session.runs) == 3


def test_tick_waits_for_a_slot_and_clears_the_active_runs_when_they_finish():
    session, task = _session(), _adding()
    assert session.tick() == "idle"
    session.start(task, SMALL, replace(QUICK, max_steps=5), "GRU")
    session.slots.acquire("another session")
    assert session.tick() == "waiting" and session.runs[0].trainer.steps == 0
    assert session.position == 1 and not session.lane.pending  # nothing submitted while queued
    session.slots.release("another session")
    result = _wait(session)
    assert result == "finished" and session.active == [] and session.runs[0].trainer.steps == 5
    assert session.status(session.runs[0]) == "finished" and session.slots.busy() == 0


def test_the_session_budget_counts_forgotten_runs_and_stops_new_training():
    session, task = _session(), _adding()
    for k in range(SESSION_RUNS):
        session.add(task, SMALL, replace(QUICK, lr=0.01 + k / 100), "GRU")  # paused runs
        session.runs[-1].trainer.seconds = 10.0
    assert len(session.runs) == SESSION_RUNS and session.seconds_used == pytest.approx(120.0)
    first, second = session.runs[:2]
    session.start(task, SMALL, replace(QUICK, lr=0.5), "GRU")  # one run too many: the oldest goes
    assert first not in session.runs and second in session.runs
    assert session.dropped == [first.label]  # said, not silent
    assert len(session.runs) == SESSION_RUNS and session.spent == pytest.approx(10.0)
    assert not session.exhausted
    session.active[0].trainer.seconds = SESSION_SECONDS
    assert session.exhausted
    assert session.tick() == "finished" and session.active == []  # the budget stops training
    session.reset()
    assert session.runs == session.active == session.group == [] and session.exhausted


def test_training_runs_are_never_forgotten_to_make_room():
    session, task = _session(), _adding()
    session.compare(task, SMALL, QUICK, {c: c for c in ("rnn_tanh", "lstm", "gru")})
    training = list(session.active)
    for k in range(SESSION_RUNS):
        session.add(task, SMALL, replace(QUICK, lr=0.01 + k / 100), "GRU")
    assert all(run in session.runs for run in training) and len(session.runs) == SESSION_RUNS


def test_an_upload_becomes_the_next_numbered_run_and_a_refused_one_uses_no_number():
    session, task = _session(), _adding()
    session.step(task, SMALL, QUICK, "GRU", n=2)
    _wait(session)
    payload = _payload(session.runs[0])
    with pytest.raises(InputError):
        session.upload(_payload(_run(TaskSpec(task="tagging"))), task, "bad-file")
    assert session.count == 1 and session.loaded is None
    loaded = session.upload(payload, task, "file-1")
    assert loaded.label == "#2 ⬆" and loaded.uploaded and session.loaded == "file-1"
    assert session.group == [loaded] and session.runs[-1] is loaded
    session.start(task, ModelSpec("lstm", 64), QUICK, "LSTM")
    assert session.active == [loaded]  # an uploaded run resumes whatever the settings
