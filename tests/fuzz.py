"""A seeded fuzzer for any page: malformed links and random widget values, driven through AppTest.

It knows nothing of the page it drives: the URL parameters are the ones the page itself writes
back into the query string, and the widgets are whatever the page draws. Every run is checked for
an exception, traceback text on the page, and its cost (CPU seconds and growth of peak memory).
"""

from __future__ import annotations

import random
import re
import resource
import time
from dataclasses import dataclass, field

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import TESTING_KEY

from tests.pages import APP

# Values a link may carry: empty, non-numbers, extremes, injection attempts, control characters,
# other scripts, and a long value.
BAD_URL_VALUES = [
    "",
    "nan",
    "-inf",
    "1e309",
    "-1",
    "0",
    "999999999",
    "2.5",
    "abc",
    "가나다",
    "<script>alert(1)</script>",
    "![x](http://127.0.0.1:9/t.png)",
    "[link](javascript:alert(1))",
    "**bold** _it_ `code` $x^2$",
    "\x00\x01\x1b[31m",
    "%ZZ",
    "x" * 5000,
]

# Text a student may type: the same classes, as sentences.
BAD_TEXT = [
    "",
    " ",
    "a",
    "!!! ??? ...",
    "\\",
    "<b>bold</b> & <script>x</script>",
    "![x](http://127.0.0.1:9/t.png) [a](javascript:alert(1))",
    "# heading\n- list",
    "안녕하세요 세계",
    "emoji 🔁🔥",
    "\x00\x07\t\r\n",
    "word " * 400,
    "i love deep learning",
]

# A Markdown link or image target that reached the page unescaped.
INJECTED = re.compile(r"(?<!\\)\]\((?:http|javascript)")

APP_KEYS = ("lang", "seed", "export")  # the shared sidebar's parameters


@dataclass
class Outcome:
    runs: int = 0
    failures: list[str] = field(default_factory=list)
    worst_cpu: float = 0.0
    worst_cpu_action: str = ""
    worst_rss_mb: float = 0.0
    worst_rss_action: str = ""

    def record(self, action: str, cpu: float, rss_mb: float, problem: str | None) -> None:
        self.runs += 1
        if problem:
            self.failures.append(f"{action}: {problem}")
        if cpu > self.worst_cpu:
            self.worst_cpu, self.worst_cpu_action = cpu, action
        if rss_mb > self.worst_rss_mb:
            self.worst_rss_mb, self.worst_rss_action = rss_mb, action


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _problem(at: AppTest) -> str | None:
    if at.exception:
        return "; ".join(e.message for e in at.exception)[:400]
    shown = " ".join(
        str(e.value) for kind in ("error", "warning", "markdown", "caption") for e in at.get(kind)
    )
    if "Traceback (most recent call last)" in shown:
        return "traceback text on the page"
    if INJECTED.search(shown):
        return "user text rendered as a Markdown link or image"
    return None


def _run(at: AppTest, action: str, outcome: Outcome, step) -> AppTest:
    """Run one user action and record what it cost."""
    cpu, rss = time.process_time(), _peak_rss_mb()
    try:
        at = step() or at
        problem = _problem(at)
    except Exception as error:  # AppTest itself failing (e.g. a timeout) is a finding too
        problem = f"{type(error).__name__}: {error}"[:400]
    outcome.record(action, time.process_time() - cpu, _peak_rss_mb() - rss, problem)
    return at


def open_page(page: str, query: dict[str, str], timeout: float) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    return at.switch_page(f"app_pages/{page}.py").run()


def page_params(page: str, timeout: float = 120) -> list[str]:
    """The URL parameters ``page`` reads: the ones it writes back after a clean first run."""
    at = open_page(page, {}, timeout)
    return [name for name in at.query_params if name not in APP_KEYS]


def fuzz_links(page: str, runs: int, seed: int, timeout: float = 120) -> Outcome:
    """Open ``page`` from ``runs`` links in which every parameter has a random bad value."""
    rng = random.Random(seed)
    outcome = Outcome()
    names = page_params(page, timeout)
    for i in range(runs):
        query = {name: rng.choice(BAD_URL_VALUES) for name in names}
        if i % 3 == 0:
            query["lang"] = "ko"
        _run(None, f"link {query!r}"[:300], outcome, lambda q=query: open_page(page, q, timeout))
    return outcome


def _pick(rng: random.Random, widget) -> tuple[str, object] | None:
    """A random action on ``widget`` (boundary values twice as likely), or None to skip it."""
    kind = widget.type
    if kind in ("slider", "number_input"):
        lo, hi = widget.proto.min, widget.proto.max
        value = widget.value
        if isinstance(value, tuple):
            a, b = sorted(rng.choice([lo, hi, rng.uniform(lo, hi)]) for _ in range(2))
            return "range", (_like(value[0], a), _like(value[1], b))
        if not (hi > lo):
            return None
        return "value", _like(value, rng.choice([lo, hi, lo, hi, rng.uniform(lo, hi)]))
    if kind in ("selectbox", "radio"):
        return ("index", rng.randrange(len(widget.options))) if widget.options else None
    if kind in ("text_input", "text_area"):
        return "text", rng.choice(BAD_TEXT)
    if kind in ("checkbox", "toggle"):
        return "value", rng.random() < 0.5
    if kind == "button":
        return "click", None
    return None


def _like(example, value):
    return int(round(value)) if isinstance(example, int) else float(value)


def _apply(widget, how: str, value) -> None:
    if how == "click":
        widget.click()
    elif how == "index" and widget.type == "selectbox":
        widget.select_index(value)
    elif how == "index":
        # Radio has no select_index: choose by the label the page shows, as a browser does.
        widget.root.session_state[TESTING_KEY][widget.id] = str
        widget.set_value(widget.options[value])
    elif how == "range":
        widget.set_range(*value)
    else:
        widget.set_value(value)


WIDGET_KINDS = (
    "slider",
    "number_input",
    "selectbox",
    "radio",
    "text_input",
    "text_area",
    "checkbox",
    "toggle",
    "button",
)


def fuzz_widgets(page: str, runs: int, seed: int, timeout: float = 120) -> Outcome:
    """Open ``page`` and take ``runs`` random widget actions in a row, as a restless student."""
    rng = random.Random(seed)
    outcome = Outcome()
    at = open_page(page, {}, timeout)
    for _ in range(runs):
        widgets = [
            w
            for kind in WIDGET_KINDS
            for w in at.get(kind)
            if not getattr(w.proto, "disabled", False) and not str(w.key or "").startswith("app.")
        ]
        if not widgets:
            break
        widget = rng.choice(widgets)
        action = _pick(rng, widget)
        if action is None:
            continue
        how, value = action
        label = f"{widget.type} {widget.key or widget.label!r} {how} {value!r}"[:200]

        def step(widget=widget, how=how, value=value):
            _apply(widget, how, value)
            return widget.run()

        at = _run(at, label, outcome, step)
    return outcome
