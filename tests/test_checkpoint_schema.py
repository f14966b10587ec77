"""Uploaded Train-live checkpoints that are well-shaped files but carry a malformed config or
weights (issue 11): each is refused with a message key before any model is built, or its
settings are clamped to the page's ranges. Every bad checkpoint is generated here."""

from __future__ import annotations

import copy
import math

import pytest
import torch

from explorer import views
from explorer.checkpoints import checkpoint_bytes, load_checkpoint
from explorer.errors import InputError
from explorer.training import (
    ModelSpec,
    TaskSpec,
    TrainSettings,
    make_task,
    new_run,
    restore_run,
    run_checkpoint,
    schema,
)

ADDING = TaskSpec(task="adding", length=10)


@pytest.fixture(scope="module")
def good() -> dict:
    run = new_run(make_task(ADDING), ModelSpec("gru", 8), TrainSettings(batch_size=8), "t", "#000")
    return load_checkpoint(checkpoint_bytes(*run_checkpoint(run)))


def _restore(payload):
    return restore_run(payload, make_task(ADDING), "up", "#111")


def _with(good: dict, path: str, value, delete: bool = False) -> dict:
    payload = copy.deepcopy(good)
    *parents, last = path.split(".")
    node = payload["config"]
    for name in parents:
        node = node[name]
    if delete:
        del node[last]
    else:
        node[last] = value
    return payload


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        ("task", "adding", "train.upload_type"),  # the task section a string
        ("settings", [1, 2], "train.upload_type"),
        ("settings.optimizer", "adagrad", "train.upload_choice"),
        ("settings.optimizer", 3, "train.upload_choice"),
        ("settings.lr", "abc", "train.upload_type"),
        ("settings.lr", math.nan, "train.upload_range"),
        ("settings.lr", math.inf, "train.upload_range"),
        ("settings.clip", "x", "train.upload_type"),
        ("settings.batch_size", 32.0, "train.upload_type"),
        ("settings.batch_size", True, "train.upload_type"),
        ("settings.momentum", 0.9, "train.upload_extra"),
        ("model.hidden_size", 8_000, "train.upload_range"),
        ("model.hidden_size", 100_000, "train.upload_range"),
        ("model.hidden_size", "8", "train.upload_type"),
        ("model.num_layers", 4, "train.upload_range"),
        ("model.num_layers", 1.0, "train.upload_type"),
        ("model.bidirectional", 1, "train.upload_type"),
        ("model.dropout", 0.9, "train.upload_range"),
        ("model.cell", "transformer", "train.upload_choice"),
        ("model.vocab_size", 10**9, "train.upload_range"),
        ("model.input_size", 5, "train.upload_range"),
        ("model.extra", {}, "train.upload_extra"),
        ("task.window", "20", "train.upload_type"),
        ("task.seed", -1, "train.upload_range"),
        ("task.task", "chess", "train.upload_choice"),
        ("vocab", "abc", "train.upload_type"),
        ("shipped_by", "someone", "train.upload_extra"),
    ],
)
def test_malformed_configs_are_refused_with_the_field_named(good, path, value, key):
    with pytest.raises(InputError) as caught:
        _restore(_with(good, path, value))
    assert caught.value.key == key
    if "field" in caught.value.fmt:
        assert caught.value.fmt["field"].startswith(path.split(".")[0])


@pytest.mark.parametrize(
    "path", ["settings", "settings.bptt", "model.hidden_size", "task.length", "task"]
)
def test_missing_entries_are_named(good, path):
    with pytest.raises(InputError) as caught:
        _restore(_with(good, path, None, delete=True))
    assert caught.value.key == "train.upload_missing" and caught.value.fmt["field"] == path


@pytest.mark.parametrize(
    ("name", "value", "clamped"),
    [
        ("batch_size", 20_000, 128),
        ("batch_size", 100_000, 128),
        ("batch_size", -5, 4),
        ("lr", -1.0, 3e-4),
        ("lr", 50.0, 1.0),
        ("clip", 1e9, 10.0),
        ("bptt", 10**6, 128),
        ("max_steps", 10**9, 20_000),
        ("max_seconds", 1e12, 300.0),
    ],
)
def test_settings_outside_the_pages_ranges_are_clamped_into_them(good, name, value, clamped):
    run = _restore(_with(good, f"settings.{name}", value))
    assert getattr(run.settings, name) == pytest.approx(clamped)
    assert run.trainer.settings is run.settings


def test_weights_that_do_not_fit_are_refused_before_any_model_is_built(good, monkeypatch):
    built_on = []
    original = schema.model_from_config

    def spy(values):
        built_on.append(str(torch.get_default_device()))
        return original(values)

    monkeypatch.setattr(schema, "model_from_config", spy)
    # the largest model the page allows, with the weights of a tiny one
    payload = _with(good, "model.hidden_size", 256)
    payload["config"]["model"]["num_layers"] = 3
    with pytest.raises(InputError) as caught:
        _restore(payload)
    assert caught.value.key == "train.upload_shapes"
    assert built_on == ["meta"]  # the expected shapes only; no real model


def _with_weight(good: dict, name: str, tensor) -> dict:
    payload = copy.deepcopy(good)
    payload["state_dict"][name] = tensor
    return payload


@pytest.mark.parametrize(
    ("make", "detail"),
    [
        (lambda t: t.double(), "float64"),
        (lambda t: t.to(torch.int64), "int64"),
        (lambda t: t[:, :1], "head.weight (1, 1)"),
        (lambda t: torch.zeros(1).expand(100_000, 100_000), "(100000, 100000)"),  # no storage
        (lambda t: torch.full_like(t, math.nan), "NaN"),
        (lambda t: t.to_sparse(), "dense"),
    ],
)
def test_weights_of_the_wrong_shape_dtype_or_value_are_refused(good, make, detail):
    tensor = good["state_dict"]["head.weight"]
    with pytest.raises(InputError) as caught:
        _restore(_with_weight(good, "head.weight", make(tensor)))
    assert caught.value.key == "train.upload_shapes" and detail in caught.value.fmt["detail"]


def test_missing_and_extra_weights_are_refused(good):
    payload = copy.deepcopy(good)
    del payload["state_dict"]["head.bias"]
    payload["state_dict"]["spare"] = torch.zeros(2)
    with pytest.raises(InputError) as caught:
        _restore(payload)
    assert caught.value.key == "train.upload_shapes"
    assert "head.bias" in caught.value.fmt["detail"]


def test_a_feed_forward_checkpoint_for_a_recurrent_only_task_is_refused(good):
    payload = copy.deepcopy(good)
    payload["config"]["model"] = {
        "cell": "mlp",
        "window": 20,
        "hidden_size": 8,
        "num_layers": 1,
        "dropout": 0.0,
    }
    with pytest.raises(InputError) as caught:
        _restore(payload)
    assert caught.value.key == "train.mlp_forecast_only"


def test_a_good_checkpoint_still_loads(good):
    run = _restore(copy.deepcopy(good))
    assert run.uploaded and run.settings.batch_size == 8


# The schema's ranges are the page's: a link or a widget cannot ask for more than an upload can.
PAGE_NAMES = {
    ("task", "window"): "window",
    ("task", "length"): "length",
    ("task", "delay"): "delay",
    ("task", "symbols"): "symbols",
    ("model", "hidden_size"): "hidden",
    ("model", "num_layers"): "layers",
    ("model", "dropout"): "dropout",
    ("settings", "batch_size"): "batch",
    ("settings", "clip"): "clip",
    ("settings", "bptt"): "bptt",
    ("settings", "max_steps"): "steps",
}


@pytest.mark.parametrize(("where", "page_name"), PAGE_NAMES.items())
def test_schema_ranges_are_the_pages_ranges(where, page_name):
    section = {"task": schema.TASK, "model": schema.RECURRENT, "settings": schema.SETTINGS}
    rule = section[where[0]][where[1]]
    param = next(p for p in views.train() if p.key == page_name)
    assert (rule.low, rule.high) == (param.lo, param.hi)


def test_schema_choices_are_the_pages_choices():
    params = {p.key: p for p in views.train()}
    assert set(schema.RECURRENT["cell"].choices) | {"mlp"} == set(params["cell"].choices)
    assert schema.SETTINGS["optimizer"].choices == tuple(params["opt"].choices)
    assert schema.TASK["task"].choices == tuple(params["task"].choices)
    lrs = [float(v) for v in params["lr"].choices]
    assert (schema.SETTINGS["lr"].low, schema.SETTINGS["lr"].high) == (min(lrs), max(lrs))
