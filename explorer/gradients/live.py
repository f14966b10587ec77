"""The Gradients page's "train both models" as one object the page renders.

``RecordedTrainings`` keeps a browser session's jobs (one per ``TrainingConfig``). A job trains on
a worker as a ``explorer.training.SideJob`` through the session's slot, queue and time budget
(the same as Train live's runs); a finished training is kept by ``recorder.remember`` for every
session of the server that asks for the same settings.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from functools import partial

from explorer.gradients import recorder
from explorer.gradients.recorder import TrainingConfig, TrainingState
from explorer.training import SideJob, TrainSession

STATE_KEY = "gradients_trainings"  # where a browser session keeps its RecordedTrainings


@dataclass
class Progress:
    """What the page draws for one configuration.

    ``status``: "idle" (not started in this session), "running", "waiting" (no training slot:
    see ``position``), "exhausted" (the session's budget is spent) or "finished" (``state`` holds
    the whole training). ``just_finished``: it finished in this refresh (the page reruns once)."""

    status: str
    state: TrainingState | None = None
    position: int = 0
    just_finished: bool = False


@dataclass(eq=False)
class RecordedTrainings:
    jobs: dict[TrainingConfig, SideJob] = field(default_factory=dict)

    def start(self, config: TrainingConfig) -> bool:
        """Train ``config`` (the button); False when this session already started it."""
        if config in self.jobs:
            return False
        self.jobs[config] = SideJob(partial(recorder.RecorderJob, config))
        return True

    def live(self, config: TrainingConfig) -> bool:
        """A job of ``config`` is training (the page refreshes while it is)."""
        job = self.jobs.get(config)
        return job is not None and not job.done and recorder.finished(config) is None

    def tick(self, session: TrainSession, config: TrainingConfig) -> Progress:
        """One refresh: collect what the worker reported, keep it fed. May raise ``InputError``
        (the worker was lost too often)."""
        job = self.jobs.get(config)
        if job is None:
            return Progress("idle")
        state = recorder.finished(config)
        if state is not None:
            return Progress("finished", state)
        result = session.tick_job(job)
        progress = recorder.progress_state(config, job.reports)
        if result == "finished":
            return Progress("finished", recorder.remember(config, progress), just_finished=True)
        return Progress(result, progress, position=session.position)


def browser_trainings(state: MutableMapping) -> RecordedTrainings:
    """The browser session's ``RecordedTrainings`` (made on first use)."""
    trainings = state.get(STATE_KEY)
    if trainings is None:
        trainings = state[STATE_KEY] = RecordedTrainings()
    return trainings
