"""Live training for the "Train live" page, split by concern (see docs/architecture.md):

* ``trainer``: the ``Trainer`` (minGPT style): steps, optimiser, clipping, truncated BPTT,
  callbacks and history; it knows no task and no UI;
* ``specs``: the task, model and settings dataclasses and the budgets;
* ``tasks``: the five tasks (forecast, charlm, adding, copy, tagging) behind one interface;
* ``runs``: ``TaskTrainer`` (a Trainer with validation on a task) and ``Run``, with the tables
  and curves the page draws;
* ``slots``: the server-wide cap on simultaneous training and one refresh's training;
* ``checkpoint_io``: download and upload of a run;
* ``session``: one browser session's runs and budget, the object the page renders.
"""

from explorer.training.checkpoint_io import restore_run, run_checkpoint
from explorer.training.runs import (
    Run,
    TaskTrainer,
    build_model,
    evals_frame,
    keep_run,
    loss_curves,
    new_run,
    probe_hidden,
    progress,
    runs_table,
    session_seconds,
    status,
)
from explorer.training.session import TrainSession
from explorer.training.slots import SLOTS, RunSlots, chunk_seconds, train_tick
from explorer.training.specs import (
    MAX_SECONDS,
    MAX_STEPS,
    REFRESH_SECONDS,
    SESSION_RUNS,
    SESSION_SECONDS,
    TASKS,
    ModelSpec,
    TaskSpec,
    TrainSettings,
)
from explorer.training.tasks import (
    AddingTask,
    CharLMTask,
    CopyTask,
    ForecastTask,
    TaggingTask,
    Task,
    make_task,
)
from explorer.training.trainer import (
    OPTIMIZERS,
    Trainer,
    TrainerConfig,
    detach_state,
    make_optimizer,
)

__all__ = [
    "MAX_SECONDS",
    "MAX_STEPS",
    "OPTIMIZERS",
    "REFRESH_SECONDS",
    "SESSION_RUNS",
    "SESSION_SECONDS",
    "SLOTS",
    "TASKS",
    "AddingTask",
    "CharLMTask",
    "CopyTask",
    "ForecastTask",
    "ModelSpec",
    "Run",
    "RunSlots",
    "TaggingTask",
    "Task",
    "TaskSpec",
    "TaskTrainer",
    "TrainSession",
    "TrainSettings",
    "Trainer",
    "TrainerConfig",
    "build_model",
    "chunk_seconds",
    "detach_state",
    "evals_frame",
    "keep_run",
    "loss_curves",
    "make_optimizer",
    "make_task",
    "new_run",
    "probe_hidden",
    "progress",
    "restore_run",
    "run_checkpoint",
    "runs_table",
    "session_seconds",
    "status",
    "train_tick",
]
