"""``make serve`` end to end: the stack scripts/serve.sh starts (two replicas behind nginx, one
Dask scheduler and its training workers) takes a short classroom load from benchmarks/load.py,
with one student training on Train live, without an error; the training runs on the shared
workers; the proxy routes to every replica, keeps a browser on one replica, shows the busy page
when the seats are taken, and everything stops cleanly.

nginx is installed by scripts/ensure_nginx.sh when missing; where that is impossible (not root,
no apt-get) the test fails and says so, it is never skipped."""

from __future__ import annotations

import asyncio
import importlib.util
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEATS = 12
STUDENTS = 10
SECONDS = 20.0

_spec = importlib.util.spec_from_file_location("rnnx_load", ROOT / "benchmarks" / "load.py")
load = importlib.util.module_from_spec(_spec)
sys.modules["rnnx_load"] = load
_spec.loader.exec_module(load)


def run_async(coroutine):
    """``asyncio.run`` in a thread of its own: the browser tests that may run before these in the
    same pytest process leave Playwright's event loop running in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _get(url: str, cookie: str = "") -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()), exc.read().decode()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    installed = subprocess.run(
        ["bash", "scripts/ensure_nginx.sh"], cwd=ROOT, capture_output=True, text=True
    )
    if installed.returncode != 0:
        pytest.fail(f"make serve needs nginx: {installed.stderr.strip()}")
    log_dir = tmp_path_factory.mktemp("serve")
    port = load.free_port()
    process, replica_ports = load.launch_serve(port, 2, log_dir, max_sessions=SEATS)
    try:
        yield f"http://127.0.0.1:{port}", replica_ports, process, log_dir
    finally:
        load.stop(process)


def _scheduler(log_dir: Path) -> str:
    return (log_dir / "scheduler-address").read_text().strip()


def _on_scheduler(address: str, function):
    """``function(dask_scheduler=...)`` run inside the scheduler. Nested functions only: they are
    sent by value (a module-level one would make the scheduler import this test module)."""
    from distributed import Client

    with Client(address, timeout="10s") as client:
        return client.run_on_scheduler(function)


def _pool(address: str) -> dict:
    """The scheduler's workers, and the seconds its workers spent training (chunk tasks)."""

    def state(dask_scheduler=None) -> dict:
        chunks = dask_scheduler.task_prefixes.get("chunk")  # len() 0 once its tasks are gone
        durations = chunks.all_durations if chunks is not None else {}
        return {
            "workers": len(dask_scheduler.workers),
            "trained_seconds": durations.get("compute", 0.0),
            "erred": chunks.states.get("erred", 0) if chunks is not None else 0,
        }

    return _on_scheduler(address, state)


def test_classroom_load_through_the_proxy_has_no_errors_and_reaches_every_replica(stack):
    url, replica_ports, _, log_dir = stack
    assert _pool(_scheduler(log_dir))["workers"] >= 1  # serve.sh waits for them
    tally = run_async(load.run_load(url, "free", STUDENTS, SECONDS, trainers=1, seed=3))
    problems = [f"{s.page}: {s.error}" for s in tally.samples if s.error]
    assert problems == [], f"errors under load (logs in {log_dir}): {problems[:5]}"
    assert tally.sessions == STUDENTS and tally.busy == 0
    assert sum(1 for s in tally.samples if not s.first and not s.trainer) >= STUDENTS
    # The trainer's Start went to the shared pool: its chunks ran on the scheduler's workers
    # while its live fragment refreshed.
    refreshes = sum(1 for s in tally.samples if s.trainer and not s.first)
    pool = _pool(_scheduler(log_dir))
    assert refreshes >= 3 and pool["trained_seconds"] >= 1.0 and pool["erred"] == 0, (
        refreshes,
        pool,
    )
    for port in replica_ports:
        assert _answers(f"http://127.0.0.1:{port}/_stcore/health"), f"replica {port} is down"
    # Fresh browsers (no route cookie) are spread over the replicas by the proxy.
    seen = set(tally.upstreams)
    for _ in range(40):
        if len(seen) == len(replica_ports):
            break
        seen.add(_get(url + "/")[1]["X-RNNX-Upstream"])
    assert seen == {f"127.0.0.1:{port}" for port in replica_ports}


def test_a_browser_stays_on_one_replica(stack):
    url = stack[0]
    status, headers, _ = _get(url + "/unroll")
    assert status == 200
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    assert cookie.startswith("rnnx_route=")
    replicas = {_get(url + path, cookie)[1]["X-RNNX-Upstream"] for path in ("/", "/gates") * 3}

    async def websocket_upstream() -> set[str]:
        session = load.Session(url)
        session.cookie = cookie
        await session.open("unroll")
        result = await session.rerun("unroll")
        await session.close()
        assert result.error is None
        return session.upstreams

    assert len(replicas) == 1
    assert run_async(websocket_upstream()) == replicas


def test_the_proxy_serves_the_whole_script_bundle(stack):
    url, replica_ports, _, _ = stack
    index = _get(url + "/")[2]
    bundle = re.search(r'src="\.?(/static/js/[^"]+\.js)"', index).group(1)
    status, _, through_proxy = _get(url + bundle)
    direct = _get(f"http://127.0.0.1:{replica_ports[0]}{bundle}")[2]
    assert status == 200 and len(through_proxy) == len(direct) > 100_000


def test_a_full_class_gets_the_busy_page_and_a_freed_seat_is_given_again(stack):
    url = stack[0]

    async def scenario() -> None:
        seated = []
        for _ in range(SEATS):
            session = load.Session(url)
            status, _ = await session.open("")
            assert status == 200
            seated.append(session)
        try:
            status, headers, body = await asyncio.to_thread(_get, url + "/unroll")
            assert status == 503 and "Server busy" in body and "서버가 가득" in body
            assert headers.get("Retry-After") == "20"
            # The Streamlit client pings /_stcore/health before it connects and shows this text.
            status, _, body = await asyncio.to_thread(_get, url + "/_stcore/health")
            assert status == 503 and body.startswith("Server busy")
            # Seated students' own requests (assets, APIs, media) are never refused.
            assert (await asyncio.to_thread(_get, url + "/_stcore/host-config"))[0] == 200
            await seated.pop().close()
            deadline = time.monotonic() + 10
            while (await asyncio.to_thread(_get, url + "/unroll"))[0] != 200:
                assert time.monotonic() < deadline, "a freed seat was not given again"
                await asyncio.sleep(0.2)
        finally:
            for session in seated:
                await session.close()

    run_async(scenario())


def _listening(address: str) -> bool:
    host, port = address.removeprefix("tcp://").rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


def test_stopping_the_stack_stops_nginx_every_replica_and_the_training_pool(stack):
    url, replica_ports, process, log_dir = stack
    scheduler = _scheduler(log_dir)
    workers = _on_scheduler(scheduler, lambda dask_scheduler: list(dask_scheduler.workers))
    assert workers
    load.stop(process)
    assert process.returncode is not None
    deadline = time.monotonic() + 10
    urls = [url + "/_stcore/health"] + [
        f"http://127.0.0.1:{port}/_stcore/health" for port in replica_ports
    ]
    while any(_answers(u) for u in urls) or any(map(_listening, [scheduler, *workers])):
        assert time.monotonic() < deadline, "something still answers after the stack stopped"
        time.sleep(0.2)


def test_capacity_is_the_most_students_before_the_first_failing_count():
    def cell(target, students, p95, errors=0, busy=0):
        tally = load.Tally(busy=busy)
        tally.samples += [load.Sample("unroll", 0.1, None, True)]
        tally.samples += [load.Sample("unroll", 0.05, None, False)] * 18
        tally.samples += [load.Sample("unroll", p95, "boom" if errors else None, False)] * 2
        return (target, "lecture", students, tally, "")

    results = [
        cell("after-1", 20, 0.3),
        cell("after-1", 40, 0.9),
        cell("after-1", 60, 1.4),
        cell("after-1", 80, 0.5),  # passing again after a failure does not count
        cell("serve2", 20, 0.2),
        cell("serve2", 40, 0.4),
        cell("serve2", 60, 0.5, busy=3),  # students turned away
        cell("before-1", 20, 2.0),
        cell("after-1", 10, 0.2, errors=1),  # an error at the fewest students fails them all
    ]
    found = load.capacities(results)
    assert found[("after-1", "lecture")] == 0  # the fewest (10) had an error
    assert found[("serve2", "lecture")] == 40 and found[("before-1", "lecture")] == 0
    assert load.capacities(results[:4])[("after-1", "lecture")] == 40
