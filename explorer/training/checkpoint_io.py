"""Download and upload of a Train-live run: the checkpoint's parts, and a run rebuilt from an
uploaded checkpoint after checking that it fits the task on screen."""

from __future__ import annotations

from dataclasses import asdict

import torch
from torch import nn

from explorer.baselines import FeedForwardConfig, FeedForwardWindow
from explorer.errors import InputError
from explorer.training.runs import Run, TaskTrainer
from explorer.training.specs import ModelSpec, TrainSettings
from explorer.training.tasks import CharLMTask, Task
from models.recurrent import RecurrentConfig, RecurrentNet


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

    Refuses, with a message, a checkpoint for another task, another vocabulary or another input
    shape, and weights whose names or shapes do not match the model its config describes.
    """
    config = payload["config"]
    if config.get("kind") != "rnn-explorer/train" or not isinstance(config.get("model"), dict):
        raise InputError("train.upload_not_ours")
    task_name = config.get("task", {}).get("task")
    if task_name != task.name:
        raise InputError("train.upload_other_task", theirs=str(task_name), ours=task.name)
    if isinstance(task, CharLMTask) and list(config.get("vocab", [])) != list(task.vocab.chars):
        raise InputError("train.upload_vocab")
    values = config["model"]
    try:
        if values.get("cell") == "mlp":
            model: nn.Module = FeedForwardWindow(FeedForwardConfig.from_dict(values))
            spec = ModelSpec("mlp", int(values["hidden_size"]), int(values["num_layers"]))
            if values.get("window") != task.spec.window:
                raise InputError(
                    "train.upload_shapes",
                    detail=f"window {values.get('window')} ≠ {task.spec.window}",
                )
        else:
            model_config = RecurrentConfig.from_dict(values)
            spec = ModelSpec(
                model_config.cell,
                model_config.hidden_size,
                model_config.num_layers,
                model_config.bidirectional,
                model_config.dropout,
            )
            expected = task.model_config(spec)
            for key in ("input_size", "vocab_size", "output_size", "many_to_many"):
                if getattr(model_config, key) != getattr(expected, key):
                    detail = f"{key} {getattr(model_config, key)} ≠ {getattr(expected, key)}"
                    raise InputError("train.upload_shapes", detail=detail)
            model = RecurrentNet(model_config)
    except (TypeError, ValueError, KeyError) as error:
        if isinstance(error, InputError):
            raise
        raise InputError("train.upload_shapes", detail=str(error)[:120]) from error
    own = model.state_dict()
    theirs = payload["state_dict"]
    if set(own) != set(theirs):
        missing = sorted(set(own) ^ set(theirs))[:3]
        raise InputError("train.upload_shapes", detail=f"weights {', '.join(missing)}")
    for key, tensor in own.items():
        if tuple(theirs[key].shape) != tuple(tensor.shape):
            raise InputError(
                "train.upload_shapes",
                detail=f"{key} {tuple(theirs[key].shape)} ≠ {tuple(tensor.shape)}",
            )
        if not torch.isfinite(theirs[key]).all():
            raise InputError("train.upload_shapes", detail=f"{key} has NaN/inf")
    model.load_state_dict(theirs)
    settings = TrainSettings(
        **{
            k: v
            for k, v in config.get("settings", {}).items()
            if k in TrainSettings.__dataclass_fields__
        }
    )
    trainer = TaskTrainer(model, task, settings)
    trainer.evaluate()
    run = Run(label, task.spec, spec, settings, trainer, color, uploaded=True)
    return run
