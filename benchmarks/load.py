"""Classroom load: simulated students that speak Streamlit's own websocket protocol.

Each student is one real session, as a browser tab opens it: GET the page (the proxy's route
cookie and, behind ``make serve``, the replica that answered), then a websocket to
``/_stcore/stream`` that sends ``BackMsg.rerun_script`` (a ``ClientState`` with the page name,
the link's query string on the first run and the widget states afterwards) and reads
``ForwardMsg`` until the run's ``script_finished``. A rerun's latency is the time from sending
the ``BackMsg`` to that ``script_finished``; it counts as an error when the socket fails, the run
times out, no element arrives, the page that ran is not the page asked for, or an exception
element is drawn. Between reruns a student thinks for 2-5 s, then moves one control (the
widget state a browser sends after a click).

Scenarios: ``lecture`` (most students on the lecturer's scene, stepping the same control in step
with the lecturer, a few moving another control), ``free`` (random controls on random pages,
sometimes switching page). ``--trainers 0,2`` runs every cell without and with K trainer sessions
that press Start on Train live and then keep its live fragment refreshing every 0.5 s, as the
browser does (``auto_rerun``), so the worker pool is really busy; the students' rows ("all")
never include the trainers' own runs (row "train*").

    python benchmarks/load.py --url http://127.0.0.1:8501 --scenario lecture --students 20
    python benchmarks/load.py                # side by side: one process vs make serve (launched)
    python benchmarks/load.py --before /tmp/before   # ... and one process of another checkout
    python benchmarks/load.py --validate     # compare one page load with Chromium's frames

Loopback only: every target must be 127.0.0.1 or localhost.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explorer.navigation import PAGES  # noqa: E402

CHART_PAGES = [spec.name for spec in PAGES if spec.has_charts]
# The lecturer's scene: a page, its link, and the one control the lecturer steps through.
LECTURE = {"page": "unroll", "query": "cell=lstm&hidden=8&text=hello+world", "control": "unroll.t"}
LECTURE_STEP_S = 4.0  # the lecturer moves the control every few seconds
FOLLOWERS = 0.8  # share of lecture students who follow the lecturer; the others explore
SWITCH_PAGE = 0.2  # free scenario: chance that a student's next action opens another page
RUN_TIMEOUT_S = 120.0
HEADER_UPSTREAM = "X-RNNX-Upstream"  # set by deploy/nginx.conf.template
ROUTE_COOKIE = "rnnx_route"
WIDGET_ID = re.compile(r"^\$\$ID-[0-9a-f]+-(.+)$")
WIDGET_KINDS = {
    "selectbox",
    "radio",
    "slider",
    "number_input",
    "checkbox",
    "button_group",
    "text_input",
    "button",
}


def _check_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"refusing {url}: the load generator only targets 127.0.0.1/localhost")


# --- the protocol --------------------------------------------------------------------------


@dataclass
class Widget:
    """One widget as the server described it in a ``new_element`` delta."""

    id: str
    kind: str
    label: str
    options: list[str] = field(default_factory=list)
    lo: float = 0.0
    hi: float = 0.0
    step: float = 1.0
    is_int: bool = False
    value: object = None
    select_slider: bool = False

    @property
    def key(self) -> str:
        match = WIDGET_ID.match(self.id)
        return match.group(1) if match else ""

    @property
    def movable(self) -> bool:
        """A control a student moves: the page's own settings (not the shared sidebar), no free
        text, uploads or one-shot buttons."""
        return (
            self.kind not in ("text_input", "button")
            and not self.key.startswith("app.")
            and self.key not in ("", "None")
        )

    def values(self) -> list[object]:
        """The values a student can pick (numbers: the first few steps from the minimum)."""
        if self.kind == "checkbox":
            return [True, False]
        if self.options:
            return list(self.options)
        count = int(round((self.hi - self.lo) / self.step)) + 1 if self.step else 1
        picks = [self.lo + i * self.step for i in range(min(count, 20))]
        return [int(v) if self.is_int else round(v, 6) for v in picks]

    def state(self, value: object) -> WidgetState:
        """The ``WidgetState`` a browser sends for ``value`` (see each widget's ``value_type``)."""
        ws = WidgetState(id=self.id)
        if self.kind == "checkbox":
            ws.bool_value = bool(value)
        elif self.kind in ("selectbox", "radio"):
            ws.string_value = str(value)
        elif self.kind == "button_group" or (self.kind == "slider" and self.select_slider):
            ws.string_array_value.data.append(str(value))
        elif self.kind == "slider":
            ws.double_array_value.data.append(float(value))
        elif self.kind == "number_input":
            ws.double_value = float(value)
        elif self.kind == "button":
            ws.trigger_value = True
        return ws


def _widget(kind: str, element) -> Widget:
    w = Widget(id=element.id, kind=kind, label=getattr(element, "label", ""))
    if kind in ("selectbox", "radio"):
        w.options = list(element.options)
    elif kind == "button_group":
        w.options = [o.content for o in element.options]
    elif kind == "slider":
        w.select_slider = bool(element.options)
        w.options = list(element.options)
        w.lo, w.hi, w.step = element.min, element.max, element.step or 1.0
        w.is_int = element.data_type in (element.INT, element.DATETIME, element.DATE)
        w.value = list(element.value)
    elif kind == "number_input":
        w.lo = element.min if element.has_min else 0.0
        w.hi = element.max if element.has_max else w.lo + 100 * (element.step or 1)
        w.step = element.step or 1.0
        w.is_int = element.data_type == element.INT
        w.value = element.value
    elif kind == "checkbox":
        w.value = element.value
    return w


@dataclass
class RunResult:
    page: str
    seconds: float
    error: str | None
    deltas: int
    charts: int
    widgets: dict[str, Widget]


class Session:
    """One student's browser tab: an HTTP page load, then the websocket session."""

    def __init__(self, base_url: str, timeout: float = RUN_TIMEOUT_S):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.ws = None
        self.cookie = ""
        self.upstreams: set[str] = set()
        self.pages: dict[str, str] = {}  # url path -> page_script_hash, from the navigation msg
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.states: dict[str, WidgetState] = {}  # what this tab would send: every touched widget
        self._run: dict | None = None
        self._reader: asyncio.Task | None = None
        self.closed_reason: str | None = None
        self.auto_rerun: dict[str, float] = {}  # fragment id -> interval the page asked for

    def _get(self, path: str) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base_url + path)
        if self.cookie:
            request.add_header("Cookie", self.cookie)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers.items()), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers.items()), exc.read()

    async def open(self, page: str) -> tuple[int, bytes]:
        """Load the page's HTML as a browser would; on 200 open the websocket. Returns the HTTP
        status and body (503 with the busy page when the proxy is full)."""
        status, headers, body = await asyncio.to_thread(self._get, "/" + page)
        for name, value in headers.items():
            low = name.lower()
            if low == "set-cookie" and value.startswith(ROUTE_COOKIE + "="):
                self.cookie = value.split(";", 1)[0]
            elif low == HEADER_UPSTREAM.lower():
                self.upstreams.add(value)
        if status != 200:
            return status, body
        ws_url = "ws" + self.base_url[len("http") :] + "/_stcore/stream"
        extra = {"Cookie": self.cookie} if self.cookie else {}
        self.ws = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            additional_headers=extra,
            max_size=None,
            open_timeout=30,
        )
        upstream = self.ws.response.headers.get(HEADER_UPSTREAM)
        if upstream:
            self.upstreams.add(upstream)
        self._reader = asyncio.create_task(self._read())
        return status, body

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()

    async def _read(self) -> None:
        try:
            async for data in self.ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._on_message(msg)
        except websockets.ConnectionClosed as exc:
            self.closed_reason = f"socket closed ({exc.rcvd.code if exc.rcvd else 'no code'})"
        finally:
            self.closed_reason = self.closed_reason or "socket closed"
            if self._run and not self._run["done"].done():
                self._run["done"].set_result(self.closed_reason)

    def _on_message(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        run = self._run
        if kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
        elif kind == "auto_rerun":
            self.auto_rerun[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment in msg.stop_auto_rerun.fragment_ids:
                self.auto_rerun.pop(fragment, None)
        if run is None or run["done"].done():
            return
        if kind == "delta":
            run["deltas"] += 1
            run["scripts"].add(msg.metadata.active_script_hash)
            if msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                el_kind = element.WhichOneof("type")
                if el_kind == "plotly_chart":
                    run["charts"] += 1
                elif el_kind == "exception":
                    run["errors"].append(f"exception: {element.exception.message[:80]}")
                elif el_kind in WIDGET_KINDS:
                    inner = getattr(element, el_kind)
                    if inner.id:
                        widget = _widget(el_kind, inner)
                        run["widgets"][widget.key] = widget
        elif kind == "page_not_found":
            run["errors"].append(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "script_finished":
            status = msg.script_finished
            if status in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ):
                run["done"].set_result(None)
            elif status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                run["done"].set_result("compile error")

    async def rerun(
        self,
        page: str,
        query: str = "",
        change: tuple[Widget, object] | None = None,
        fragment: str = "",
    ) -> RunResult:
        """One script run of ``page``: the first run carries the link's query string, later
        runs the widget states (the server ignores a changed query string mid-session).
        ``fragment``: rerun only that fragment, as the browser's ``run_every`` timer does."""
        state = BackMsg()
        client = state.rerun_script
        client.query_string = query
        if fragment:
            client.fragment_id = fragment
            client.is_auto_rerun = True
        if page in self.pages:
            client.page_script_hash = self.pages[page]
        else:
            client.page_name = page
        if change is not None:
            widget, value = change
            self.states[widget.id] = widget.state(value)
        for ws in self.states.values():
            client.widget_states.widgets.append(ws)
        loop = asyncio.get_running_loop()
        self._run = {
            "done": loop.create_future(),
            "deltas": 0,
            "charts": 0,
            "errors": [],
            "widgets": {},
            "scripts": set(),
        }
        run = self._run
        started = time.perf_counter()
        if self.closed_reason:
            return RunResult(page, 0.0, self.closed_reason, 0, 0, {})
        await self.ws.send(state.SerializeToString())
        try:
            failure = await asyncio.wait_for(asyncio.shield(run["done"]), self.timeout)
        except TimeoutError:
            failure = f"timeout after {self.timeout:.0f} s"
        seconds = time.perf_counter() - started
        errors = list(run["errors"]) + ([failure] if failure else [])
        if not failure and run["deltas"] == 0:
            errors.append("no deltas")
        expected = self.pages.get(page)
        if not failure and expected and expected not in run["scripts"]:
            errors.append(f"ran another page than {page}")
        if run["widgets"] and not fragment:
            self.widgets = run["widgets"]
            self.states = {k: v for k, v in self.states.items() if self._alive(k)}
        return RunResult(
            page, seconds, errors[0] if errors else None, run["deltas"], run["charts"], self.widgets
        )

    def _alive(self, widget_id: str) -> bool:
        return any(w.id == widget_id for w in self.widgets.values())


async def press_start(session: Session) -> RunResult | None:
    """Hook for the training scenario: press Train live's Start button (by its label in either
    language). The training backend is moving out of the web process; this stays the one place
    that knows how a student starts a run."""
    for widget in session.widgets.values():
        if widget.kind == "button" and widget.label.endswith(("Start", "시작")):
            return await session.rerun("train", change=(widget, True))
    return None


# --- students ----------------------------------------------------------------------------


@dataclass
class Sample:
    page: str
    seconds: float
    error: str | None
    first: bool
    trainer: bool = False  # a trainer's own run (its Start, its live fragment): not a student's


@dataclass
class Tally:
    samples: list[Sample] = field(default_factory=list)
    busy: int = 0
    upstreams: set[str] = field(default_factory=set)
    sessions: int = 0


def _lecture_value(widget: Widget) -> object:
    values = widget.values()
    return values[int(time.time() / LECTURE_STEP_S) % len(values)]


async def student(
    base_url: str,
    scenario: str,
    rng: random.Random,
    stop_at: float,
    tally: Tally,
    pages: list[str] = CHART_PAGES,
) -> None:
    if scenario == "lecture":
        page, query = LECTURE["page"], LECTURE["query"]
        follower = rng.random() < FOLLOWERS
    else:
        page, query, follower = rng.choice(pages), "", False
    await asyncio.sleep(rng.uniform(0, 2))  # a hall does not click at the same millisecond
    session = Session(base_url)
    try:
        while time.monotonic() < stop_at:
            status, _ = await session.open(page)
            tally.upstreams |= session.upstreams
            if status == 200:
                break
            if status == 503:
                tally.busy += 1
                await asyncio.sleep(10)  # the busy page refreshes itself
                continue
            tally.samples.append(Sample(page, 0.0, f"HTTP {status}", True))
            return
        else:
            return
        tally.sessions += 1
        result = await session.rerun(page, query)
        tally.samples.append(Sample(page, result.seconds, result.error, True))
        while time.monotonic() < stop_at and session.closed_reason is None:
            await asyncio.sleep(rng.uniform(2.0, 5.0))
            if time.monotonic() >= stop_at:
                break
            change = None
            if scenario == "free" and rng.random() < SWITCH_PAGE:
                page = rng.choice([p for p in pages if p != page])
            else:
                movable = [w for w in session.widgets.values() if w.movable]
                lecture = session.widgets.get(LECTURE["control"])
                if follower and lecture is not None:
                    change = (lecture, _lecture_value(lecture))
                elif movable:
                    widget = rng.choice(movable)
                    change = (widget, rng.choice(widget.values()))
            result = await session.rerun(page, change=change)
            tally.samples.append(Sample(page, result.seconds, result.error, False))
        tally.upstreams |= session.upstreams
    except (OSError, websockets.WebSocketException) as exc:
        tally.samples.append(Sample(page, 0.0, f"{type(exc).__name__}: {exc}"[:100], False))
    finally:
        await session.close()


TRAIN_REFRESH_S = 0.5  # Train live's fragment: st.fragment(run_every=0.5 s) while training


async def trainer(base_url: str, stop_at: float, tally: Tally) -> None:
    """Press Start on Train live, then rerun its live fragment every 0.5 s for the whole cell
    (or as often as the server asks, while queued), as an open browser tab does."""
    session = Session(base_url)
    try:
        await session.open("train")
        await session.rerun("train")
        result = await press_start(session)
        if result is None:
            tally.samples.append(Sample("train*", 0.0, "no Start button on Train live", True, True))
            return
        tally.samples.append(Sample("train*", result.seconds, result.error, True, True))
        while time.monotonic() < stop_at and session.closed_reason is None:
            fragment, interval = next(iter(session.auto_rerun.items()), ("", TRAIN_REFRESH_S))
            await asyncio.sleep(interval)
            if time.monotonic() >= stop_at:
                break
            result = await session.rerun("train", fragment=fragment)
            tally.samples.append(Sample("train*", result.seconds, result.error, False, True))
    except (OSError, websockets.WebSocketException) as exc:
        error = f"{type(exc).__name__}: {exc}"[:100]
        tally.samples.append(Sample("train*", 0.0, error, False, True))
    finally:
        await session.close()


async def run_load(
    base_url: str,
    scenario: str,
    students: int,
    seconds: float,
    trainers: int = 0,
    seed: int = 0,
    pages: list[str] = CHART_PAGES,
) -> Tally:
    _check_loopback(base_url)
    rng = random.Random(seed)
    tally = Tally()
    stop_at = time.monotonic() + seconds
    tasks = [
        student(base_url, scenario, random.Random(rng.random()), stop_at, tally, pages)
        for _ in range(students)
    ]
    tasks += [trainer(base_url, stop_at, tally) for _ in range(trainers)]
    await asyncio.gather(*tasks)
    return tally


async def served_pages(base_url: str) -> list[str]:
    """The chart pages this server has (an older checkout may lack some)."""
    session = Session(base_url)
    try:
        await session.open("")
        await session.rerun("")
        return [page for page in CHART_PAGES if page in session.pages]
    finally:
        await session.close()


async def warm(base_url: str, pages: list[str] = CHART_PAGES) -> list[str]:
    """Open every chart page once so no measurement starts with a cold import; returns the
    problems seen."""
    problems = []
    for page in pages:
        session = Session(base_url)
        try:
            status, _ = await session.open(page)
            result = await session.rerun(page) if status == 200 else None
            if result is None or result.error:
                problems.append(f"{page}: {result.error if result else status}")
        finally:
            await session.close()
    return problems


# --- report ------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def rows(tally: Tally) -> list[tuple[str, int, float, float, float, int]]:
    """(page, reruns, p50, p95, max, errors) per page and for all the students' pages ("all":
    the trainers' own runs, row "train*", are not in it); first runs excluded from the
    latencies (they are page loads), counted in the errors."""
    by_page: dict[str, list[Sample]] = defaultdict(list)
    for sample in tally.samples:
        by_page[sample.page].append(sample)
    students = [s for s in tally.samples if not s.trainer]
    out = []
    for page in sorted(by_page) + ["all"]:
        samples = students if page == "all" else by_page[page]
        reruns = [s.seconds for s in samples if not s.first and s.error is None]
        errors = sum(1 for s in samples if s.error)
        if reruns:
            p50, p95, top = percentile(reruns, 0.5), percentile(reruns, 0.95), max(reruns)
        else:
            p50 = p95 = top = float("nan")
        out.append((page, len(reruns), p50, p95, top, errors))
    return out


def print_table(results: list[tuple[str, str, int, Tally, str]]) -> None:
    print(
        f"{'target':<12} {'scenario':<11} {'students':>8} {'page':<12} {'reruns':>6} "
        f"{'p50 s':>6} {'p95 s':>6} {'max s':>6} {'errors':>6} {'busy':>4}  load"
    )
    for target, scenario, students, tally, load in results:
        for page, n, p50, p95, top, errors in rows(tally):
            busy = tally.busy if page == "all" else ""
            print(
                f"{target:<12} {scenario:<11} {students:>8} {page:<12} {n:>6} {p50:>6.2f} "
                f"{p95:>6.2f} {top:>6.2f} {errors:>6} {busy!s:>4}  {load if page == 'all' else ''}"
            )
        problems = defaultdict(int)
        for sample in tally.samples:
            if sample.error:
                problems[sample.error] += 1
        for problem, count in sorted(problems.items(), key=lambda kv: -kv[1])[:3]:
            print(f"{'':<12} ! {count} x {problem}")


P95_TARGET_S = 1.0  # issue 14: a rerun's p95 a student can live with


def capacities(results: list[tuple[str, str, int, Tally, str]]) -> dict[tuple[str, str], int]:
    """(target, scenario) -> the most students measured with zero errors, nobody turned away
    and every page's p95 <= P95_TARGET_S, counting only up to the first count that failed
    (0: even the fewest failed)."""
    verdicts: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)
    for target, scenario, students, tally, _ in results:
        pages = [r for r in rows(tally) if r[0] != "train*"]
        ok = tally.busy == 0 and all(
            errors == 0 and p95 <= P95_TARGET_S for _, _, _, p95, _, errors in pages
        )
        verdicts[(target, scenario)].append((students, ok))
    found = {}
    for key, cells in verdicts.items():
        best = 0
        for students, ok in sorted(cells):
            if not ok:
                break
            best = students
        found[key] = best
    return found


def print_capacities(results: list[tuple[str, str, int, Tally, str]]) -> None:
    found = capacities(results)
    print(f"\ncapacity (students with every page's p95 <= {P95_TARGET_S:.0f} s, no errors):")
    for (target, scenario), best in found.items():
        print(f"  {target:<12} {scenario:<11} {best:>4}")
    for scenario in sorted({s for _, s in found}):
        ones = [n for (t, s), n in found.items() if s == scenario and t in ("one", "after-1")]
        serves = [n for (t, s), n in found.items() if s == scenario and "serve" in t]
        if ones and serves and ones[0]:
            print(f"  {scenario}: replicas / one process = {serves[0] / ones[0]:.2f}x")


# --- launching targets (also used by tests/test_serving.py) --------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, seconds: float = 90.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode} before {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def launch_one(
    port: int, log_dir: Path, extra: list[str] = (), app_dir: Path = ROOT
) -> subprocess.Popen:
    """``make run``'s single process (headless, loopback); ``extra`` adds Streamlit flags."""
    log = open(log_dir / f"one-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true", *extra],
        cwd=app_dir,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_http(f"http://127.0.0.1:{port}/_stcore/health", process=process)
    return process


def launch_serve(
    port: int, replicas: int, log_dir: Path, max_sessions: int = 0, app_dir: Path = ROOT
) -> tuple[subprocess.Popen, list[int]]:
    """``make serve``'s stack (scripts/serve.sh) on loopback; returns it and its replica ports."""
    replica_ports = [free_port() for _ in range(replicas)]
    env = dict(
        os.environ,
        PORT=str(port),
        BIND="127.0.0.1",
        REPLICAS=str(replicas),
        REPLICA_PORTS=",".join(map(str, replica_ports)),
        MAX_SESSIONS=str(max_sessions),
        LOG_DIR=str(log_dir),
        SCHEDULER_PORT=str(free_port()),
    )
    env.pop("RNN_EXPLORER_SCHEDULER", None)  # serve.sh starts its own pool
    log = open(log_dir / "serve.log", "w")
    process = subprocess.Popen(
        ["bash", "scripts/serve.sh", sys.executable],
        cwd=app_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_http(f"http://127.0.0.1:{port}/_stcore/health", seconds=180, process=process)
    return process, replica_ports


def stop(process: subprocess.Popen, seconds: float = 20.0) -> None:
    """SIGTERM (serve.sh traps it and stops its children), then SIGKILL the group if needed."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def server_rss_mb(process: subprocess.Popen) -> list[float]:
    """Resident memory of the Streamlit processes a launched target runs (itself or its
    children, for serve.sh)."""

    def cmdline(pid: int) -> str:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()

    def rss(pid: int) -> float:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    try:
        if "streamlit" in cmdline(process.pid):
            return [rss(process.pid)]
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        return [rss(int(c)) for c in children if "streamlit" in cmdline(int(c))]
    except OSError:
        return []


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def wait_quiet(max_seconds: float = 60.0, busy_cores: float = 0.3) -> float:
    """Wait until the machine uses under ``busy_cores`` cores for a second (a server still
    draining the last cell's reruns would slow the next cell's target); returns seconds waited."""
    started = time.monotonic()
    cores = os.cpu_count() or 1
    while time.monotonic() - started < max_seconds:
        busy0, total0 = _cpu_ticks()
        time.sleep(1.0)
        busy1, total1 = _cpu_ticks()
        if total1 > total0 and (busy1 - busy0) / (total1 - total0) * cores < busy_cores:
            break
    return time.monotonic() - started


def machine_load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


# --- validation against Chromium ----------------------------------------------------------


def validate(base_url: str, page: str, query: str) -> None:
    """Open ``page?query`` once in Chromium and once with this client; print both runs'
    elements (from the same ForwardMsgs) and timings so a measured rerun is shown to be the
    script run a browser gets."""
    from playwright.sync_api import sync_playwright

    async def ours() -> RunResult:
        session = Session(base_url)
        await session.open(page)
        result = await session.rerun(page, query)
        await session.close()
        return result

    asyncio.run(ours())  # warm: both measured loads below find the page imported
    frames: list[tuple[float, ForwardMsg]] = []
    sent: list[float] = []
    with sync_playwright() as pw:
        path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        browser = pw.chromium.launch(
            executable_path=None if path == "playwright" else path, args=["--no-sandbox"]
        )
        tab = browser.new_page()

        def on_ws(ws) -> None:
            def on_frame(payload) -> None:
                if isinstance(payload, bytes):
                    msg = ForwardMsg()
                    msg.ParseFromString(payload)
                    frames.append((time.perf_counter(), msg))

            ws.on("framereceived", on_frame)
            ws.on("framesent", lambda payload: sent.append(time.perf_counter()))

        tab.on("websocket", on_ws)
        started = time.perf_counter()
        tab.goto(f"{base_url}/{page}?{query}")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(
            m.WhichOneof("type") == "script_finished" for _, m in frames
        ):
            tab.wait_for_timeout(50)
        browser.close()
    finished = next(t for t, m in frames if m.WhichOneof("type") == "script_finished")
    elements = [
        m.delta.new_element
        for _, m in frames
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element"
    ]
    browser_widgets = {
        getattr(e, e.WhichOneof("type")).id
        for e in elements
        if e.WhichOneof("type") in WIDGET_KINDS
    }
    browser_charts = sum(1 for e in elements if e.WhichOneof("type") == "plotly_chart")
    deltas = sum(1 for _, m in frames if m.WhichOneof("type") == "delta")
    result = asyncio.run(ours())
    keyed = {w for w in browser_widgets if not w.endswith("-None")}
    ours_widgets = {w.id for w in result.widgets.values() if not w.id.endswith("-None")}
    print(
        f"chromium: page load to script_finished {finished - started:.2f} s (rerun BackMsg sent "
        f"to script_finished {finished - sent[0]:.2f} s), {deltas} deltas, "
        f"{browser_charts} charts, {len(browser_widgets)} widgets"
    )
    print(
        f"load.py : first run {result.seconds:.2f} s, {result.deltas} deltas, "
        f"{result.charts} charts, {len(result.widgets)} widgets, error={result.error}"
    )
    print(f"same keyed widget ids: {keyed == ours_widgets} ({len(keyed)})")


# --- command line ------------------------------------------------------------------------


def _run_matrix(
    targets: list[tuple[str, str, subprocess.Popen | None]],
    scenarios: list[str],
    counts: list[int],
    seconds: float,
    trainers: list[int],
    pages: list[str] = CHART_PAGES,
    ladder: bool = False,
) -> list:
    """Every target at every (scenario, students, trainers) cell, the targets one after the
    other within a cell. ``ladder``: a target that failed a count (see ``capacities``) skips the
    larger counts of that scenario, which cannot change its capacity."""
    results = []
    failed: set[tuple[str, str]] = set()
    for scenario, count, k in ((s, c, k) for s in scenarios for c in counts for k in trainers):
        for name, url, process in targets:
            label = f"{scenario}+{k}T" if k else scenario
            if (name, label) in failed:
                continue
            wait_quiet()
            before = resource.getrusage(resource.RUSAGE_SELF)
            busy_before, _ = _cpu_ticks()
            started = time.perf_counter()
            tally = asyncio.run(run_load(url, scenario, count, seconds, k, pages=pages))
            busy_after, _ = _cpu_ticks()
            after = resource.getrusage(resource.RUSAGE_SELF)
            client = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            cpu = client / (time.perf_counter() - started)
            server = (busy_after - busy_before) / os.sysconf("SC_CLK_TCK") - client
            note = f"{machine_load()}, client cpu {100 * cpu:.0f}%"
            if tally.samples:
                note += f", server cpu {1000 * server / len(tally.samples):.0f} ms/rerun"
            if len(tally.upstreams) > 1:
                note += f", {len(tally.upstreams)} replicas"
            if process is not None:
                note += ", rss " + "+".join(f"{mb:.0f}" for mb in server_rss_mb(process)) + " MB"
            results.append((name, label, count, tally, note))
            print_table(results[-1:])
            if ladder and capacities(results[-1:])[(name, label)] == 0:
                failed.add((name, label))
            sys.stdout.flush()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", action="append", help="target (repeat: name=url or url)")
    parser.add_argument("--scenario", default="lecture,free")
    parser.add_argument("--students", default="10,20,40")
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument(
        "--trainers", default="0", help="sessions that press Start and keep refreshing: 0,2,4"
    )
    parser.add_argument("--before", type=Path, help="also one process of this checkout")
    parser.add_argument(
        "--ladder", action="store_true", help="a target stops climbing at its first failed count"
    )
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--validate", action="store_true", help="compare with Chromium once")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="a checkout to serve")
    parser.add_argument("--flag", action="append", default=[], help="Streamlit flag for 'one'")
    parser.add_argument("--page", default=LECTURE["page"])
    parser.add_argument("--query", default=LECTURE["query"])
    args = parser.parse_args()
    scenarios = args.scenario.split(",")
    counts = [int(c) for c in args.students.split(",")]
    log_dir = Path(tempfile.mkdtemp(prefix="rnnx-load-"))
    processes: list[subprocess.Popen] = []
    warm_urls: list[str] = []
    try:
        if args.url:
            targets = [(*u.split("=", 1), None) if "=" in u else (u, u, None) for u in args.url]
        else:
            targets = []
            if args.before:
                old = free_port()
                processes.append(launch_one(old, log_dir, args.flag, args.before))
                warm_urls.append(f"http://127.0.0.1:{old}")
                targets.append(("before-1", warm_urls[-1], processes[-1]))
            one = free_port()
            processes.append(launch_one(one, log_dir, args.flag, args.app_dir))
            warm_urls.append(f"http://127.0.0.1:{one}")
            targets.append(("after-1" if args.before else "one", warm_urls[-1], processes[-1]))
            proxy = free_port()
            stack, replica_ports = launch_serve(proxy, args.replicas, log_dir, app_dir=args.app_dir)
            warm_urls += [f"http://127.0.0.1:{port}" for port in replica_ports]
            processes.append(stack)
            name = f"{'after-' if args.before else ''}serve{args.replicas}"
            targets.append((name, f"http://127.0.0.1:{proxy}", stack))
            print(f"launched: {', '.join(t[0] for t in targets)}; logs {log_dir}")
        for _, url, _ in targets:
            _check_loopback(url)
        if args.validate:
            validate(targets[0][1], args.page, args.query)
            return
        # Only the pages every target has (an older checkout may lack some): a fair comparison.
        pages = list(CHART_PAGES)
        for _, url, _ in targets:
            pages = [p for p in asyncio.run(served_pages(url)) if p in pages]
        # Warm every page once in every process (behind the proxy a page reaches one replica).
        for url in warm_urls or [url for _, url, _ in targets]:
            for problem in asyncio.run(warm(url, pages)):
                print(f"warm-up problem: {problem}")
        trainers = [int(k) for k in args.trainers.split(",")]
        print(
            f"{len(scenarios)} scenarios x {counts} students x trainers {trainers} x "
            f"{args.seconds:.0f} s per target; pages {', '.join(pages)}; {machine_load()}"
        )
        results = _run_matrix(
            targets, scenarios, sorted(counts), args.seconds, trainers, pages, args.ladder
        )
        print("\nside by side:")
        print_table(results)
        print_capacities(results)
        print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout}")
    finally:
        for process in processes:
            stop(process)


if __name__ == "__main__":
    main()
