"""The server's garbage-collection policy (explorer/heap.py): survivors of a full collection are
frozen, frozen cycles wait for the sweep, and the sweep frees them."""

from __future__ import annotations

import gc
import time
import weakref

import pytest

from explorer import heap


class Node:
    """A container that can point at itself: a reference cycle only the collector frees."""


@pytest.fixture
def policy():
    made = heap.HeapPolicy(sweep_seconds=0, slow_seconds=0.0)  # every full collection is slow
    made.start()
    yield made
    made.stop()


def test_a_full_collection_freezes_what_survived_it(policy):
    gc.unfreeze()
    survivor = Node()
    gc.collect()
    assert policy.stats.freezes >= 1
    assert gc.get_freeze_count() > 0
    assert any(obj is survivor for obj in gc.get_objects()) is False  # frozen: not tracked in gens
    newer = Node()
    assert any(obj is newer for obj in gc.get_objects())


def test_a_frozen_cycle_outlives_full_collections_until_the_sweep(policy):
    cycle = Node()
    cycle.self = cycle
    ref = weakref.ref(cycle)
    gc.collect()  # the cycle is alive: frozen with the survivors
    del cycle
    gc.collect()
    assert ref() is not None  # what is frozen is not walked by a full collection
    freed = policy.sweep()
    assert ref() is None
    assert freed >= 1
    assert policy.stats.sweeps == 1
    assert gc.get_freeze_count() > 0  # frozen again after the sweep


def test_an_unfrozen_cycle_is_still_freed_by_the_next_collection(policy):
    gc.collect()
    cycle = Node()
    cycle.self = cycle
    ref = weakref.ref(cycle)
    del cycle
    gc.collect()
    assert ref() is None


def test_a_quick_full_collection_freezes_nothing():
    made = heap.HeapPolicy(sweep_seconds=0, slow_seconds=60.0)
    made.start()
    try:
        gc.collect()
        assert made.stats.freezes == 0
        assert gc.get_freeze_count() == 0
    finally:
        made.stop()


def test_the_sweep_thread_sweeps_on_its_own():
    made = heap.HeapPolicy(sweep_seconds=0.05)
    made.start()
    try:
        deadline = time.monotonic() + 10
        while made.stats.sweeps == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert made.stats.sweeps >= 1
    finally:
        made.stop()
    assert gc.get_freeze_count() == 0
    assert made._after_collection not in gc.callbacks


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [
        ("", heap.DEFAULT_SWEEP_SECONDS),
        ("60", 60.0),
        ("off", -1.0),
        ("OFF ", -1.0),
        ("abc", heap.DEFAULT_SWEEP_SECONDS),
        ("-5", heap.DEFAULT_SWEEP_SECONDS),
        ("0", heap.DEFAULT_SWEEP_SECONDS),
    ],
)
def test_sweep_seconds_come_from_the_environment(monkeypatch, raw, seconds):
    monkeypatch.setenv(heap.ENV_SWEEP, raw)
    assert heap.sweep_seconds_from_env() == seconds


def test_the_test_suite_keeps_pythons_collector():
    """conftest.py asks for it, so AppTests running app.py here install nothing."""
    assert heap.install() is None
