"""Training on Dask worker processes: same numbers as in-process training, pause within one step,
the queue and its positions, the step limit and the session budget on every path (Start, Step,
Compare, the Gradients page's "train both models"). One embedded cluster serves the whole test
session (``explorer.training.workers.client`` is a per-process singleton, closed at exit)."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest
import torch

from explorer import training
from explorer.gradients import recorder
from explorer.training import (
    SESSION_SECONDS,
    ModelSpec,
    RunSlots,
    SideJob,
    TaskSpec,
    TrainSession,
    TrainSettings,
    make_task,
    new_run,
    slots,
    workers,
)
from tests.pages import open_page

torch.set_num_threads(1)
SMALL = ModelSpec("gru", 8)
QUICK = TrainSettings(lr=1e-2, batch_size=8, max_steps=40)
LONG = replace(QUICK, max_steps=20_000)
HUGE = ModelSpec("lstm", 256, 3, True)  # the largest model the page offers
BIG = replace(QUICK, batch_size=128)


@pytest.fixture(scope="module")
def pool():
    return workers.client()


def _task(length=10):
    return make_task(TaskSpec(task="adding", length=length))


def _session(capacity=1):
    return TrainSession(colors=["#a"], slots=RunSlots(capacity=capacity))


def _wait(session, until=None, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = session.tick()
        if (until is None and result in ("idle", "finished")) or (until and until()):
            return result
        time.sleep(0.05)
    raise AssertionError("the workers did not report in time")


def test_a_worker_trains_to_the_same_losses_as_in_process_training(pool):
    task = _task()
    here = new_run(task, SMALL, QUICK, "here", "#000")
    here.trainer.run(max_steps=30)
    session = _session()
    session.step(task, SMALL, QUICK, "GRU", n=30)
    _wait(session)
    there = session.runs[0].trainer
    assert there.steps == 30 and session.runs[0].saved is not None
    assert there.history["loss"] == pytest.approx(here.trainer.history["loss"], rel=1e-5)
    assert there.evals["step"] == [0, 30]
    assert there.last("val_loss") == pytest.approx(here.trainer.last("val_loss"), rel=1e-5)
    x, _ = task.val_batch()  # the weights came back too
    torch.testing.assert_close(there.model.eval()(x)[0], here.trainer.model.eval()(x)[0])


def test_pause_stops_the_worker_within_one_step_and_brings_the_state_back(pool):
    session, task = _session(), _task()
    session.start(task, SMALL, LONG, "GRU")
    run = session.runs[0]
    _wait(session, until=lambda: run.trainer.steps > 20)
    session.pause()
    steps = run.trainer.steps
    assert session.active == [] and not session.lane.pending and session.slots.busy() == 0
    assert run.saved["counters"]["steps"] == steps  # the worker's own count when it stopped
    time.sleep(0.6)
    assert session.tick() == "idle" and run.trainer.steps == steps
    session.start(task, SMALL, LONG, "GRU")  # resumes the same run on its worker
    assert session.runs == [run]
    _wait(session, until=lambda: run.trainer.steps > steps + 10)
    session.pause()
    assert run.trainer.history["step"] == list(range(1, run.trainer.steps + 1))  # no gap


def test_waiting_sessions_see_their_place_and_submit_nothing(pool):
    shared = RunSlots(capacity=1)
    a, b, c = (TrainSession(colors=["#a"], slots=shared) for _ in range(3))
    for session in (a, b, c):
        session.start(_task(), SMALL, LONG, "GRU")
    assert a.tick() == "running"
    assert (b.tick(), b.position) == ("waiting", 1)
    assert (c.tick(), c.position) == ("waiting", 2)
    assert not b.lane.pending and not c.lane.pending
    a.pause()
    assert c.tick() == "waiting" and b.tick() == "running"  # b was first in line
    assert c.tick() == "waiting" and c.position == 1
    b.pause()
    assert c.tick() == "running"
    c.pause()


@pytest.mark.parametrize("path", ["start", "step", "compare"])
def test_settings_whose_step_is_too_slow_are_refused_on_every_path(path):
    session, task = _session(), make_task(TaskSpec(task="adding", length=200))
    if path == "compare":
        session.compare(task, HUGE, BIG, {"rnn_tanh": "RNN", "lstm": "LSTM", "gru": "GRU"})
    else:
        getattr(session, path)(task, HUGE, BIG, "LSTM")
    assert session.refused > training.STEP_LIMIT and session.runs == [] and not session.active
    session.start(task, SMALL, QUICK, "GRU")  # small settings are accepted again
    assert session.refused == 0 and session.active


def test_the_estimate_refuses_the_largest_settings_and_accepts_the_defaults():
    task = make_task(TaskSpec(task="adding", length=200))
    assert training.estimate_step_seconds(task, HUGE, BIG) > training.STEP_LIMIT
    default = make_task(TaskSpec())
    estimate = training.estimate_step_seconds(default, ModelSpec(), TrainSettings())
    assert 0 < estimate < training.STEP_LIMIT / 10


def test_a_step_measured_over_the_limit_on_the_worker_stops_the_job(monkeypatch):
    monkeypatch.setattr(slots, "STEP_LIMIT", 1e-9)  # every step is "too slow" here
    run = new_run(_task(), SMALL, LONG, "x", "#000")
    model = run.trainer.model
    job = slots.GroupJob(
        [(run.task, run.settings, type(model), model.config, run.trainer.state_dict())]
    )
    report = job.advance(0.3, lambda: False, {})
    assert report["too_slow"] > 0 and report["stopped"] and "state" in report["runs"][0]
    steps = report["runs"][0]["counters"]["steps"]
    assert steps >= 2  # the first step warms up: the verdict needs a second one
    again = job.advance(0.3, lambda: False, {})
    assert again["runs"][0]["counters"]["steps"] == steps  # refused: no more steps
    assert job.advance(0.3, lambda: False, {"resume": True})["runs"][0]["counters"]["steps"] > steps


def test_the_step_limit_counts_the_steps_cpu_time_not_its_waiting(monkeypatch):
    """A worker that waits for the CPU (niced, on a busy machine) is not refused; a step that
    really computes over the limit is."""
    monkeypatch.setattr(slots, "STEP_LIMIT", 0.05)
    run = new_run(_task(), SMALL, LONG, "x", "#000")
    model = run.trainer.model

    def job_whose_step(extra):
        job = slots.GroupJob(
            [(run.task, run.settings, type(model), model.config, run.trainer.state_dict())]
        )
        trainer = job.trainers[0]
        step = trainer.step

        def slow_step():
            extra()
            return step()

        trainer.step = slow_step
        return job

    waiting = job_whose_step(lambda: time.sleep(0.08))
    assert waiting.advance(0.5, lambda: False, {})["too_slow"] == 0
    assert waiting.trainers[0].step_seconds > 0.05 > waiting.trainers[0].step_cpu_seconds

    def compute():
        until = time.thread_time() + 0.08
        while time.thread_time() < until:
            pass

    busy = job_whose_step(compute)
    assert busy.advance(0.5, lambda: False, {})["too_slow"] > 0.05


def test_pool_workers_train_at_a_lower_priority_than_the_pages(pool, monkeypatch):
    assert workers.worker_niceness() == workers.DEFAULT_NICE > 0
    for raw, niceness in (("0", 0), ("25", 19), ("-5", 0), ("x", workers.DEFAULT_NICE)):
        monkeypatch.setenv(workers.ENV_NICE, raw)
        assert workers.worker_niceness() == niceness
    mine = os.nice(0)
    assert set(pool.run(os.nice, 0).values()) == {mine + workers.DEFAULT_NICE}


def test_the_session_budget_stops_runs_and_gradients_training():
    session = _session()
    session.start(_task(), SMALL, LONG, "GRU")
    session.runs[0].trainer.seconds = SESSION_SECONDS
    assert session.tick() == "finished" and session.active == [] and not session.lane.pending
    job = SideJob(partial(recorder.RecorderJob, recorder.TrainingConfig(length=20, steps=100)))
    assert session.tick_job(job) == "exhausted" and not job.lane.pending


def test_gradients_training_goes_through_the_same_slot_and_queue(pool):
    config = recorder.TrainingConfig(length=20, steps=100)
    shared = RunSlots(capacity=1)
    other, session = TrainSession(slots=shared), TrainSession(slots=shared)
    other.start(_task(), SMALL, LONG, "GRU")
    assert other.tick() == "running"
    job = SideJob(partial(recorder.RecorderJob, config))
    assert session.tick_job(job) == "waiting" and session.position == 1 and not job.lane.pending
    other.pause()
    deadline = time.monotonic() + 60
    while session.tick_job(job) != "finished" and time.monotonic() < deadline:
        time.sleep(0.05)
    state = recorder.progress_state(config, job.reports)
    assert state.step == 100 and set(state.test_mse) == {"rnn_tanh", "lstm"}
    assert session.spent > 0 and shared.busy() == 0  # its time counts against the budget
    here = recorder.train_chunk(config, recorder.start_training(config), 100)
    assert state.losses["lstm"] == pytest.approx(here.losses["lstm"], rel=1e-5)
    assert len(state.grad_norms["lstm"]) == 100


def test_gradients_page_trains_both_models_on_a_worker(pool):
    at = open_page("gradients", section="training", steps="100", addT="20")
    at.button[0].click().run()
    deadline = time.monotonic() + 90
    while not any("Test MSE" in m.value for m in at.markdown) and time.monotonic() < deadline:
        time.sleep(0.25)
        at.run()
        assert not at.exception, at.exception
    assert any("Test MSE" in m.value for m in at.markdown)
    assert len(at.get("plotly_chart")) >= 2


def test_replicas_sharing_a_scheduler_share_one_cap_and_one_line(pool):
    """Two replicas (two ``ClusterSlots`` on the same scheduler, as ``make serve`` runs them):
    the cap is the scheduler's worker count, the line and its positions are the same for both."""
    name = f"test-{time.monotonic_ns()}"
    here, there = slots.ClusterSlots(name), slots.ClusterSlots(name)
    capacity = sum(w["nthreads"] for w in pool.scheduler_info()["workers"].values())
    sessions = [TrainSession(colors=["#a"], slots=s) for s in (here, there) * 2]
    for session in sessions:
        session.start(_task(), SMALL, LONG, "GRU")
    results = [session.tick() for session in sessions]
    assert here.capacity == there.capacity == capacity == workers.pool_size() == 2
    assert results == ["running", "running", "waiting", "waiting"]
    assert [s.position for s in sessions] == [0, 0, 1, 2]
    assert here.busy() == there.busy() == 2 and there.waiting() == 2
    sessions[1].pause()  # a slot freed on one replica is kept for the first in line, on the other
    assert sessions[3].tick() == "waiting" and sessions[3].position == 2
    assert sessions[2].tick() == "running"
    assert sessions[3].tick() == "waiting" and sessions[3].position == 1
    for session in sessions:
        session.pause()
    assert here.busy() == 0 and there.waiting() == 0


def test_the_table_is_cluster_wide_only_when_a_scheduler_is_shared():
    assert isinstance(slots.SLOTS, RunSlots)  # make run: this process's own table
    assert slots.SLOTS.capacity == workers.pool_size()


def test_the_shared_pool_gets_the_embedded_pools_worker_settings():
    """deploy/dask.yaml (read by make serve's and compose's scheduler and workers) gives the
    nannies the environment and the profiler setting ``workers.QUIET`` gives the embedded pool."""
    import dask
    from distributed.nanny import _get_env_variables

    deploy = Path(__file__).resolve().parent.parent / "deploy"
    # Loaded the way a process loads it: the file merged over Dask's own defaults.
    shared = dask.config.merge(dask.config.config, dask.config.collect([str(deploy)], env={}))
    with dask.config.set(shared):
        served = _get_env_variables("distributed.nanny.pre-spawn-environ")
        profile = dask.config.get("distributed.worker.profile.enabled")
    with dask.config.set(workers.QUIET):
        embedded = _get_env_variables("distributed.nanny.pre-spawn-environ")
    assert "MALLOC_TRIM_THRESHOLD_" not in served and served == embedded
    assert profile is workers.QUIET["distributed.worker.profile.enabled"] is False
