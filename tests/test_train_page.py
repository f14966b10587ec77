"""The Train live page: AppTest drives Start/Pause/Step/Compare on every task and bad link values;
the browser test watches the step counter and the loss chart advance, and uploads a bad model.

Training runs on worker processes, so a test reruns the page (as its live fragment does) until
the workers' reports arrive, with a bounded wait."""

import re
import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import screenshot, wait_for_app
from tests.pages import open_page


def _step(at: AppTest) -> int:
    return int(at.metric[0].value.split("/")[0].replace(",", ""))


def _button(at: AppTest, label_start: str):
    return next(b for b in at.button if b.label.startswith(label_start))


def _until(at: AppTest, done, seconds: float = 60.0) -> AppTest:
    """Rerun the page until ``done(at)`` (the workers report between reruns)."""
    deadline = time.monotonic() + seconds
    while not done(at) and time.monotonic() < deadline:
        time.sleep(0.2)
        at.run()
        assert not at.exception, at.exception
    assert done(at), "the workers did not report in time"
    return at


def _steps(at: AppTest) -> list[int]:
    return at.dataframe[0].value["steps"].tolist() if len(at.dataframe) else []


def _settled(at: AppTest) -> bool:
    """Nothing trains: every run is paused, finished or diverged."""
    return len(at.dataframe) > 0 and "running" not in at.dataframe[0].value["status"].tolist()


def _space(at: AppTest) -> list[str]:
    """The labels of the buttons bound to the Space key (lecture mode's play/pause)."""
    return [b.label for b in at.button if b.proto.shortcut == "space"]


def test_start_trains_pause_stops_and_step_adds_ten():
    at = open_page("train")
    assert [label[0] for label in _space(at)] == ["▶"]  # Space starts the race ...
    _button(at, "▶").click().run()
    assert not at.exception
    assert [label[0] for label in _space(at)] == ["⏸"]  # ... and pauses it
    _until(at, lambda at: len(at.metric) and _step(at) > 0)
    _button(at, "⏸").click().run()
    assert [label[0] for label in _space(at)] == ["▶"]
    paused = _step(at)
    time.sleep(0.5)
    at.run()
    assert _step(at) == paused  # paused: no training on a plain rerun
    _button(at, "+10").click().run()
    _until(at, lambda at: _step(at) == paused + 10 and _settled(at))
    time.sleep(0.5)
    at.run()
    assert _step(at) == paused + 10  # a Step stops at its target
    assert len(at.get("plotly_chart")) >= 3 and not at.exception


@pytest.mark.parametrize("task", ["forecast", "charlm", "copy", "tagging"])
def test_every_task_steps_and_shows_its_views(task):
    at = open_page("train", task=task)
    _button(at, "+10").click().run()
    _until(at, lambda at: len(at.metric) and _step(at) == 10 and _settled(at))
    assert not at.exception and _step(at) == 10
    assert len(at.get("plotly_chart")) >= 2


def test_compare_starts_rnn_lstm_gru_on_the_same_budget():
    at = open_page("train", task="adding", length="20", steps="20")
    _button(at, "Compare").click().run()
    _until(at, lambda at: _steps(at) == [20, 20, 20])
    table = at.dataframe[0].value
    assert list(table["model"]) == ["rnn_tanh", "lstm", "gru"]
    assert (table["steps"] == 20).all() and not at.exception


def test_bad_link_values_fall_back_with_a_notice():
    at = open_page("train", task="nonsense", hidden="-5", lr="abc", steps="1e9", cell="transformer")
    assert at.selectbox(key="train.task").value == "adding"
    assert at.session_state["train.steps"] == 20_000
    notices = " ".join(c.value for c in at.caption)
    assert "task" in notices and "lr" in notices


def test_korean_page_renders():
    at = open_page("train", lang="ko")
    assert at.title[0].value == "실시간 학습"


@pytest.mark.browser
def test_browser_step_counter_and_loss_chart_advance(page, app_url, tmp_path):
    page.goto(f"{app_url}/train?task=adding&length=20")
    wait_for_app(page)  # before any run the page shows the baselines to beat
    page.get_by_role("button", name="▶ Start").click()
    metric = page.locator('[data-testid="stMetricValue"]').first
    metric.wait_for(timeout=30_000)

    def steps() -> int:
        return int(re.sub(r"[^\d]", "", metric.inner_text().split("/")[0]))

    first = steps()
    deadline = time.time() + 20
    while steps() <= first and time.time() < deadline:
        time.sleep(0.5)
    assert steps() > first
    assert page.locator(".js-plotly-plot").count() >= 1
    page.get_by_role("button", name="⏸ Pause").click()
    time.sleep(1.5)
    wait_for_app(page)
    bad = tmp_path / "model.pt"
    bad.write_bytes(b"this is not a checkpoint" * 10)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').last.set_input_files(str(bad))
    page.get_by_text("not a checkpoint that can be loaded safely").wait_for(timeout=20_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "train-live-run")


def test_start_after_pause_resumes_every_compared_run():
    at = open_page("train", task="adding", length="20")
    _button(at, "Compare").click().run()
    _until(at, lambda at: len(_steps(at)) == 3 and min(_steps(at)) > 0)
    _button(at, "⏸").click().run()
    before = _steps(at)
    _button(at, "▶").click().run()
    _until(at, lambda at: all(a > b for a, b in zip(_steps(at), before, strict=True)))
    _button(at, "⏸").click().run()
    after = _steps(at)
    assert len(after) == 3 and all(a > b for a, b in zip(after, before, strict=True))
