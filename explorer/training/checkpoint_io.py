"""Download and upload of a Train-live run: the checkpoint's parts, and a run rebuilt from an
uploaded checkpoint after checking that it fits the task on screen.

An upload is checked in this order, and nothing is allocated before the last step: the file loads
with ``weights_only=True``; its config passes ``schema.validate_config`` (every field, type and
range); it is for the task on screen; its weights have the names, shapes and dtype the validated
config implies (computed on the meta device); only then is the model built and the weights copied.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import asdict

from explorer.checkpoints import load_checkpoint
from explorer.errors import InputError
from explorer.training import schema
from explorer.training.runs import Run, TaskTrainer
from explorer.training.specs import ModelSpec, TrainSettings
from explorer.training.tasks import CharLMTask, Task

# load_checkpoint's reasons for refusing a file -> this page's message
LOAD_MESSAGES = {
    "objects": "train.pt_objects",
    "pickle": "train.pt_pickle",
    "zip": "train.pt_zip",
    "not_torch": "train.pt_not_torch",
}
REMEMBERED_FAILURES = 64  # uploads whose refusal is remembered (by content and task)


def run_checkpoint(run: Run) -> tuple[dict, dict, dict]:
    """(config, state_dict, metrics) for ``explorer.checkpoints.checkpoint_bytes``."""
    model = run.trainer.model
    config = {
        "kind": "rnn-explorer/train",
        "task": asdict(run.task_spec),
        "model": model.config.to_dict(),
        "settings": asdict(run.settings),
    }
    if isinstance(run.task, CharLMTask):
        config["vocab"] = list(run.task.vocab.chars)
    metrics = {"steps": run.trainer.steps, "val_loss": run.trainer.last("val_loss")}
    return config, {k: v.detach().clone() for k, v in model.state_dict().items()}, metrics


def restore_run(payload: dict, task: Task, label: str, color: str) -> Run:
    """A run from an uploaded checkpoint (see ``explorer.checkpoints.load_checkpoint``), for ``task``.

    Refuses, with an ``InputError`` naming the problem, a config that breaks the schema (a missing,
    extra, mistyped or out-of-range field), a checkpoint for another task, another vocabulary or
    another input shape, and weights whose names, shapes or dtype do not match the model its
    config describes, all before any model is built.
    """
    config = schema.validate_config(payload.get("config"))
    if config["task"]["task"] != task.name:
        raise InputError("train.upload_other_task", theirs=config["task"]["task"], ours=task.name)
    if isinstance(task, CharLMTask) and config.get("vocab") != list(task.vocab.chars):
        raise InputError("train.upload_vocab")
    values = config["model"]
    if values["cell"] == "mlp":
        if task.name != "forecast":
            raise InputError("train.mlp_forecast_only")
        spec = ModelSpec(
            "mlp", values["hidden_size"], values["num_layers"], False, values["dropout"]
        )
        if values["window"] != task.spec.window:
            raise InputError(
                "train.upload_shapes", detail=f"window {values['window']} ≠ {task.spec.window}"
            )
    else:
        spec = ModelSpec(
            values["cell"],
            values["hidden_size"],
            values["num_layers"],
            values["bidirectional"],
            values["dropout"],
        )
        expected = task.model_config(spec)
        for key in ("input_size", "vocab_size", "embedding_dim", "output_size", "many_to_many"):
            if values[key] != getattr(expected, key):
                detail = f"{key} {values[key]} ≠ {getattr(expected, key)}"
                raise InputError("train.upload_shapes", detail=detail)
        if values["bidirectional"] and not task.allows_bidirectional:
            raise InputError("train.upload_shapes", detail="bidirectional ≠ False")
    schema.check_state_dict(payload.get("state_dict", {}), schema.expected_shapes(values))
    model = schema.model_from_config(values)
    model.load_state_dict(payload["state_dict"])
    settings = TrainSettings(**config["settings"])
    trainer = TaskTrainer(model, task, settings)
    trainer.evaluate()
    return Run(label, task.spec, spec, settings, trainer, color, uploaded=True)


class Uploads:
    """Turns uploaded checkpoint files into runs, remembering the files it refused.

    A refused file is refused again from memory (its SHA-256 and the task it was tried on), so a
    page that reruns with the same file still in its uploader neither loads nor checks it again.
    """

    def __init__(self, size: int = REMEMBERED_FAILURES):
        self.size = size
        self.failures: OrderedDict[tuple, InputError] = OrderedDict()

    @staticmethod
    def task_key(task: Task) -> tuple:
        vocab = task.vocab.chars if isinstance(task, CharLMTask) else ()
        return (task.name, repr(task.spec), hash(vocab))

    def restore(self, data: bytes, task: Task, label: str, color: str) -> Run:
        """``restore_run`` on the uploaded bytes; raises the remembered ``InputError`` for a file
        refused before on this task."""
        key = (hashlib.sha256(data).hexdigest(), self.task_key(task))
        if key in self.failures:
            self.failures.move_to_end(key)
            known = self.failures[key]
            raise InputError(known.key, **known.fmt)
        try:
            return restore_run(load_upload(data), task, label, color)
        except InputError as error:
            self.failures[key] = error
            while len(self.failures) > self.size:
                self.failures.popitem(last=False)
            raise


def load_upload(data: bytes) -> dict:
    """``load_checkpoint`` for an uploaded file, with this page's words for a file that is not a
    checkpoint at all (never torch's advice to load it unsafely)."""
    try:
        return load_checkpoint(data)
    except InputError as error:
        reason = error.fmt.get("reason")
        if reason in LOAD_MESSAGES:
            raise InputError(LOAD_MESSAGES[reason]) from error
        raise


UPLOADS = Uploads()  # one per server process: a refusal depends only on the file and the task
