"""Live training for the "Train live" page, split by concern (see docs/architecture.md):

* ``trainer``: the ``Trainer`` (minGPT style): steps, optimiser, clipping, truncated BPTT,
  callbacks and history; it knows no task and no UI;
* ``specs``: the task, model and settings dataclasses and the budgets;
* ``tasks``: the five tasks (forecast, charlm, adding, copy, tagging) behind one interface;
* ``runs``: ``TaskTrainer`` (a Trainer with validation on a task) and ``Run``, with the tables
  and curves the page draws;
* ``slots``: the server-wide cap on simultaneous training (with its queue) and one chunk of a
  session's runs on a worker (``GroupJob``);
* ``workers``: the Dask worker processes that train, and the page's handle on a job (``Lane``);
* ``store``: runs kept on disk under a token in the page's URL, restored after a reload;
* ``checkpoint_io``: download and upload of a run;
* ``session``: one browser session's runs and budget, the object the page renders.
"""

from explorer.training.checkpoint_io import restore_run, run_checkpoint
from explorer.training.runs import (
    Run,
    TaskTrainer,
    build_model,
    estimate_step_seconds,
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
from explorer.training.session import SideJob, TrainSession, browser_session
from explorer.training.slots import SLOTS, GroupJob, RunSlots, train_group
from explorer.training.specs import (
    KEPT_RUNS,
    MAX_SECONDS,
    MAX_STEPS,
    REFRESH_SECONDS,
    SESSION_RUNS,
    SESSION_SECONDS,
    STEP_LIMIT,
    TASKS,
    WAIT_SECONDS,
    ModelSpec,
    TaskSpec,
    TrainSettings,
)
from explorer.training.store import RunStore, default_store, new_token, valid_token
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
    "KEPT_RUNS",
    "MAX_SECONDS",
    "MAX_STEPS",
    "OPTIMIZERS",
    "REFRESH_SECONDS",
    "SESSION_RUNS",
    "SESSION_SECONDS",
    "SLOTS",
    "STEP_LIMIT",
    "TASKS",
    "WAIT_SECONDS",
    "AddingTask",
    "CharLMTask",
    "CopyTask",
    "ForecastTask",
    "GroupJob",
    "ModelSpec",
    "Run",
    "RunSlots",
    "RunStore",
    "SideJob",
    "TaggingTask",
    "Task",
    "TaskSpec",
    "TaskTrainer",
    "TrainSession",
    "TrainSettings",
    "Trainer",
    "TrainerConfig",
    "browser_session",
    "build_model",
    "default_store",
    "detach_state",
    "estimate_step_seconds",
    "evals_frame",
    "keep_run",
    "loss_curves",
    "make_optimizer",
    "make_task",
    "new_run",
    "new_token",
    "probe_hidden",
    "progress",
    "restore_run",
    "run_checkpoint",
    "runs_table",
    "session_seconds",
    "status",
    "train_group",
    "valid_token",
]
