"""Seeded fuzzing of every page: malformed links and random widget values (issue 11).

Each page must survive every action with no exception and no traceback, show no user text as a
Markdown link, and keep one rerun within the cost a shared lecture-hall server can afford.
``make fuzz`` runs the same with FUZZ_SCALE=20 for a longer soak.
"""

from __future__ import annotations

import os

import pytest

from explorer.navigation import HOME, PAGES
from tests.fuzz import fuzz_links, fuzz_widgets

SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
CPU_SECONDS = 2.5  # one rerun; ~2 s on a quiet machine, with slack for a loaded CI runner
PEAK_MEMORY_MB = 200
FUZZED = [spec.name for spec in PAGES if spec.name != HOME]


def _check(outcome, page: str, what: str) -> None:
    print(
        f"{page} {what}: {outcome.runs} runs, {len(outcome.failures)} failures, "
        f"worst CPU {outcome.worst_cpu:.2f} s ({outcome.worst_cpu_action[:120]}), "
        f"worst peak-memory growth {outcome.worst_rss_mb:.0f} MB ({outcome.worst_rss_action[:120]})"
    )
    assert outcome.runs > 0
    assert not outcome.failures, "\n".join(outcome.failures[:10])
    assert outcome.worst_cpu <= CPU_SECONDS, outcome.worst_cpu_action
    assert outcome.worst_rss_mb <= PEAK_MEMORY_MB, outcome.worst_rss_action


@pytest.mark.parametrize("page", FUZZED)
def test_malformed_links_never_crash_a_page(page):
    _check(fuzz_links(page, runs=6 * SCALE, seed=11), page, "links")


@pytest.mark.parametrize("page", FUZZED)
def test_random_widget_values_never_crash_a_page(page):
    _check(fuzz_widgets(page, runs=30 * SCALE, seed=7), page, "widgets")
