"""Runs kept on disk under a URL token: round trip (weights, history, evaluations, uploaded text),
expiry, the size cap, Compare never dropping finished runs silently, and a reloaded Train live
page restoring the runs of the page it replaces (two AppTest sessions sharing the token)."""

from __future__ import annotations

import time

import torch

from explorer.training import (
    KEPT_RUNS,
    SESSION_RUNS,
    ModelSpec,
    RunSlots,
    RunStore,
    TaskSpec,
    TrainSession,
    TrainSettings,
    make_task,
    valid_token,
)
from tests.pages import open_page

SMALL = ModelSpec("gru", 8)
QUICK = TrainSettings(lr=1e-2, batch_size=8, max_steps=20)


def _session(store):
    return TrainSession(colors=["#a", "#b"], slots=RunSlots(capacity=1), store=store)


def _trained(session, task, n=5, name="GRU", settings=QUICK):
    run = session.add(task, SMALL, settings, name)
    run.trainer.run(max_steps=n)
    session._changed.add(run.key)
    session.save()
    return run


def test_runs_round_trip_with_weights_history_and_the_uploaded_text(tmp_path):
    store = RunStore(tmp_path / "runs.sqlite")
    session = _session(store)
    adding = make_task(TaskSpec(task="adding", length=10))
    text = make_task(TaskSpec(task="charlm"), "the cat sat on the mat. " * 80)
    first, second = _trained(session, adding), _trained(session, text, 3, "LM")
    restored = _session(store)
    assert restored.restore(session.token) == 2 and restored.token != session.token
    a, b = restored.runs
    assert (a.label, b.label, restored.count) == (first.label, second.label, 2)
    assert a.trainer.history == first.trainer.history and a.trainer.steps == 5
    assert dict(a.trainer.evals) == dict(first.trainer.evals)
    assert b.task.text == text.text and b.trainer.steps == 3
    x, _ = adding.val_batch()
    torch.testing.assert_close(a.trainer.model.eval()(x)[0], first.trainer.model.eval()(x)[0])
    a.trainer.run(max_steps=2)  # the optimiser state came back: training goes on
    assert a.trainer.steps == 7 and len(a.view()["model"]) > 0


def test_forgotten_runs_leave_the_store_and_unknown_tokens_give_nothing(tmp_path):
    store = RunStore(tmp_path / "runs.sqlite")
    session = _session(store)
    task = make_task(TaskSpec(task="adding", length=10))
    run = _trained(session, task)
    _trained(session, task)
    session.forget(run)
    session.save()
    assert [r.label for r in store.load(session.token)[0]] == ["#2 GRU"]
    assert store.load("no-such-token-0123456789")[0] == []
    assert valid_token(session.token) and not valid_token("../etc") and not valid_token(None)


def test_sessions_expire_and_the_oldest_go_first_past_the_size_cap(tmp_path):
    now = [1000.0]
    store = RunStore(tmp_path / "runs.sqlite", ttl_seconds=60, clock=lambda: now[0])
    task = make_task(TaskSpec(task="adding", length=10))
    old, mid, new = (_session(store) for _ in range(3))
    _trained(old, task)
    now[0] += 30
    _trained(mid, task)
    now[0] += 40  # old is 70 s old: expired
    _trained(new, task)
    assert store.tokens() == [mid.token, new.token]
    one = store.size() // 2
    store.max_bytes = one + one // 2  # room for one session's run only
    store.prune()
    assert store.tokens() == [new.token] and store.size() <= store.max_bytes


def test_compare_never_drops_finished_runs_and_names_dropped_paused_ones():
    session = _session(None)
    task = make_task(TaskSpec(task="adding", length=10))
    names = {"rnn_tanh": "RNN", "lstm": "LSTM", "gru": "GRU"}
    for _ in range(5):  # five Compare clicks, each group finished
        session.compare(task, SMALL, QUICK, names)
        for run in session.active:
            run.trainer.steps = QUICK.max_steps
        session.active = []
    assert len(session.runs) == 15 and session.dropped == []  # all kept
    paused = session.add(task, SMALL, QUICK, "GRU")
    assert session.dropped == [] and paused in session.runs
    for k in range(KEPT_RUNS):
        session.add(task, SMALL, TrainSettings(lr=0.01 + k / 1000), "GRU")
    assert session.dropped and paused not in session.runs  # paused runs make room, named
    assert sum(r.trainer.finished for r in session.runs) == 15  # finished ones all stay
    assert len(session.runs) == 16 > SESSION_RUNS and len(session.runs) <= KEPT_RUNS


def test_a_reloaded_page_restores_the_runs_of_the_page_it_replaces():
    at = open_page("train", task="adding", length="10", steps="30")
    next(b for b in at.button if b.label.startswith("+10")).click().run()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        table = at.dataframe[0].value if len(at.dataframe) else None
        if (
            table is not None
            and table["steps"].tolist() == [10]
            and table["status"][0] != "running"
        ):
            break
        time.sleep(0.2)
        at.run()
    token = at.query_params["runs"]
    token = token[0] if isinstance(token, list) else token
    assert valid_token(token)
    again = open_page("train", runs=token, task="adding", length="10", steps="30")  # a reload
    table = again.dataframe[0].value
    assert table["steps"].tolist() == [10] and table["run"][0].startswith("#1 ")
    assert not again.exception
    new_token = again.query_params["runs"]
    new_token = new_token[0] if isinstance(new_token, list) else new_token
    assert new_token != token  # a copy under its own token: a shared link never shares runs
