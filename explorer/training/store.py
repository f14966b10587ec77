"""Train-live runs kept on disk, so reloading the page mid-training loses nothing.

A session's runs are filed under a random token that the page keeps in its URL (``?runs=``).
The store is one SQLite file (``RNN_EXPLORER_STORE``, default in the temp directory), shared by
every server process on the machine; rows expire after ``ttl_seconds`` and the oldest sessions
go first when the file passes ``max_bytes``. A run is saved with ``torch.save`` of plain values
and tensors, read back with ``weights_only=True``.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch

from explorer.training.runs import Run, TaskTrainer, build_model
from explorer.training.specs import ModelSpec, TaskSpec, TrainSettings
from explorer.training.tasks import CharLMTask, ForecastTask, Task, make_task

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
ENV_PATH = "RNN_EXPLORER_STORE"
TTL_SECONDS = 7 * 24 * 3600.0
MAX_BYTES = 256 * 2**20

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    token TEXT NOT NULL, key TEXT NOT NULL, position INTEGER NOT NULL, updated REAL NOT NULL,
    size INTEGER NOT NULL, blob BLOB NOT NULL, PRIMARY KEY (token, key));
CREATE TABLE IF NOT EXISTS sessions (
    token TEXT PRIMARY KEY, updated REAL NOT NULL, count INTEGER NOT NULL, spent REAL NOT NULL);
"""


def new_token() -> str:
    return secrets.token_urlsafe(18)


def valid_token(text: object) -> bool:
    return isinstance(text, str) and TOKEN.fullmatch(text) is not None


def task_data(task: Task) -> object:
    """What rebuilds ``task`` beyond its spec: an uploaded text or CSV column, else None."""
    if isinstance(task, CharLMTask) and task.spec.task == "charlm":
        from explorer.data import text

        return None if task.text == text.DEFAULT_TEXT else task.text
    if isinstance(task, ForecastTask) and task.spec.source == "csv":
        data = task.data
        return torch.from_numpy(np.asarray(data.series) * data.std + data.mean)
    return None


def pack(run: Run) -> bytes:
    data = task_data(run.task)
    payload = {
        "label": run.label,
        "color": run.color,
        "uploaded": run.uploaded,
        "task": asdict(run.task_spec),
        "task_data": data,
        "model": asdict(run.model_spec),
        "settings": asdict(run.settings),
        "trainer": run.saved if run.saved is not None else run.trainer.state_dict(),
    }
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return buffer.getvalue()


def unpack(blob: bytes, tasks: Callable[[TaskSpec, object], Task] | None = None) -> Run:
    """A run from ``pack``'s bytes; ``tasks(spec, data)`` may share the page's task objects."""
    payload = torch.load(io.BytesIO(blob), weights_only=True)
    spec = TaskSpec(**payload["task"])
    data = payload["task_data"]
    if isinstance(data, torch.Tensor):
        data = data.numpy()
    task = tasks(spec, data) if tasks else make_task(spec, data)
    model_spec = ModelSpec(**payload["model"])
    settings = TrainSettings(**payload["settings"])
    trainer = TaskTrainer(build_model(task, model_spec, spec.seed), task, settings)
    trainer.load_state_dict(payload["trainer"])
    run = Run(payload["label"], spec, model_spec, settings, trainer, payload["color"])
    run.uploaded, run.saved = payload["uploaded"], payload["trainer"]
    return run


class RunStore:
    def __init__(
        self,
        path: str | Path | None = None,
        ttl_seconds: float = TTL_SECONDS,
        max_bytes: int = MAX_BYTES,
        clock: Callable[[], float] = time.time,
    ):
        default = Path(tempfile.gettempdir()) / "rnn-explorer" / "runs.sqlite"
        self.path = Path(path or os.environ.get(ENV_PATH) or default)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.ttl_seconds, self.max_bytes, self.clock = ttl_seconds, max_bytes, clock
        with self._connect() as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def save(
        self,
        token: str,
        runs: list[Run],
        count: int,
        spent: float,
        changed: set[str] | None = None,
    ) -> None:
        """File ``runs`` (in order) under ``token``: the ``changed`` ones (by key; default all)
        are written again, the others only keep their place; runs not listed are deleted."""
        now = self.clock()
        keys = [run.key for run in runs]
        fresh = [
            (token, run.key, i, now, *self._blob(run))
            for i, run in enumerate(runs)
            if changed is None or run.key in changed
        ]
        with self._connect() as db:
            marks = ",".join("?" * len(keys))
            db.execute(f"DELETE FROM runs WHERE token = ? AND key NOT IN ({marks})", [token, *keys])
            db.executemany(
                "UPDATE runs SET position = ?, updated = ? WHERE token = ? AND key = ?",
                [(i, now, token, key) for i, key in enumerate(keys)],
            )
            db.executemany("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?)", fresh)
            db.execute(
                "INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?)", (token, now, count, spent)
            )
        self.prune()

    @staticmethod
    def _blob(run: Run) -> tuple[int, bytes]:
        blob = pack(run)
        return len(blob), blob

    def load(
        self, token: str, tasks: Callable[[TaskSpec, object], Task] | None = None
    ) -> tuple[list[Run], int, float]:
        """(runs, run count, spent seconds) filed under ``token``; nothing for an unknown one."""
        self.prune()
        with self._connect() as db:
            session = db.execute(
                "SELECT count, spent FROM sessions WHERE token = ?", (token,)
            ).fetchone()
            rows = db.execute(
                "SELECT blob FROM runs WHERE token = ? ORDER BY position", (token,)
            ).fetchall()
        if session is None:
            return [], 0, 0.0
        return [unpack(blob, tasks) for (blob,) in rows], int(session[0]), float(session[1])

    def size(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COALESCE(SUM(size), 0) FROM runs").fetchone()[0])

    def tokens(self) -> list[str]:
        with self._connect() as db:
            return [t for (t,) in db.execute("SELECT token FROM sessions ORDER BY updated")]

    def prune(self) -> None:
        """Drop expired sessions, then the least recently saved ones until under ``max_bytes``."""
        old = self.clock() - self.ttl_seconds
        with self._connect() as db:
            db.execute(
                "DELETE FROM runs WHERE token IN (SELECT token FROM sessions WHERE updated < ?)",
                (old,),
            )
            db.execute("DELETE FROM sessions WHERE updated < ?", (old,))
            total = int(db.execute("SELECT COALESCE(SUM(size), 0) FROM runs").fetchone()[0])
            sizes = db.execute(
                "SELECT s.token, COALESCE(SUM(r.size), 0) FROM sessions s "
                "LEFT JOIN runs r ON r.token = s.token GROUP BY s.token ORDER BY s.updated"
            ).fetchall()
            for token, size in sizes:
                if total <= self.max_bytes:
                    break
                db.execute("DELETE FROM runs WHERE token = ?", (token,))
                db.execute("DELETE FROM sessions WHERE token = ?", (token,))
                total -= size


_default: dict[str, RunStore] = {}


def default_store() -> RunStore:
    """The store of this machine (one per process, made on first use)."""
    if "store" not in _default:
        _default["store"] = RunStore()
    return _default["store"]
