"""Shared fixtures: a live ``streamlit run app.py`` server and a headless Chromium page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from explorer import heap

# AppTests run app.py in this process; its servers (below, tests/test_serving.py) use the policy.
heap.keep_python_collector()

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def app_url():
    """Start the real app once for all browser tests and stop it at the end."""
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "streamlit-server.log", "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("streamlit did not start within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=20)


def _chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH")
    if path == "playwright":
        return None  # Playwright's own download
    if path:
        return path
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    pytest.fail(
        "No Chromium for the browser tests: run them through `make test`, or set CHROMIUM_PATH"
    )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def wait_for_app(page, timeout_ms: int = 90_000, expect_charts: bool = True) -> None:
    """Wait until Streamlit has finished the script run and every Plotly chart has been drawn.

    Elements can arrive a moment after the script state flips, so a page with charts first waits
    for one; then `settle` waits for the run (and any rerun it triggered) to be over.
    """
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_ms)
    if expect_charts:
        page.wait_for_selector(
            '[data-testid="stPlotlyChart"] .js-plotly-plot', timeout=timeout_ms, state="attached"
        )
    settle(page, timeout_ms, quiet_seconds=1.0)


def settle(page, timeout_ms: int = 90_000, quiet_seconds: float = 0.8) -> None:
    """The script run is over and every chart drawn, for a quiet spell of `quiet_seconds`.

    The app root carries ``data-test-script-state``; "notRunning" with an unchanged number of
    drawn charts for a quiet spell means the run (and any rerun it triggered) is over.
    """
    deadline = time.time() + timeout_ms / 1000
    quiet_since, last = None, None
    while time.time() < deadline:
        state = page.get_attribute('[data-testid="stApp"]', "data-test-script-state")
        charts = page.locator('[data-testid="stPlotlyChart"]').count()
        drawn = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').count()
        if state == "notRunning" and drawn >= charts and (drawn, charts) == last:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > quiet_seconds:
                return
        else:
            quiet_since = None
        last = (drawn, charts)
        time.sleep(0.1)
    raise TimeoutError(f"the app did not settle within {timeout_ms / 1000:.0f} s")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
