"""Bad uploads on Train live (issue 11), all generated here: junk checkpoint files, CSV files that
are empty, use a decimal comma or hold extreme values, empty text files, and the memory that
keeps a refused file from being parsed again on every rerun."""

from __future__ import annotations

import io
import os
import pickle
import zipfile

import numpy as np
import pytest
import torch

from explorer.checkpoints import checkpoint_bytes, load_checkpoint
from explorer.data import series, text
from explorer.errors import InputError
from explorer.i18n import t
from explorer.markdown import escape
from explorer.training import ModelSpec, TaskSpec, TrainSettings, checkpoint_io, make_task, new_run
from explorer.training.checkpoint_io import Uploads, load_upload, run_checkpoint

# --- junk .pt files ------------------------------------------------------------------------------


def _zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes/readme.txt", "not weights")
    return buffer.getvalue()


def _torch_file_with_objects() -> bytes:
    buffer = io.BytesIO()
    torch.save({"config": TaskSpec(), "state_dict": {}}, buffer)  # a dataclass: a pickled global
    return buffer.getvalue()


JUNK = {
    "random bytes": (lambda: os.urandom(4096), "train.pt_not_torch"),
    "text": (lambda: b"hello, this is not a model\n" * 20, "train.pt_not_torch"),
    "zip, not torch": (_zip_of_text, "train.pt_zip"),
    "plain pickle with a global": (lambda: pickle.dumps(TaskSpec()), "train.pt_pickle"),
    "plain pickle of a dict": (lambda: pickle.dumps({"a": 1}), "train.pt_pickle"),
    "torch file with objects": (_torch_file_with_objects, "train.pt_objects"),
    "truncated torch file": (lambda: _torch_file_with_objects()[:300], "train.pt_zip"),
}


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("name", JUNK)
def test_junk_checkpoints_get_a_clear_message_without_torchs_unsafe_advice(name):
    make, key = JUNK[name]
    with pytest.raises(InputError) as caught:
        load_upload(make())
    assert caught.value.key == key
    for language in ("en", "ko"):
        shown = t(caught.value.key, language, **caught.value.fmt)
        assert "weights_only" not in shown and "Re-running" not in shown


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
def test_the_generic_loader_keeps_its_key_but_not_torchs_advice():
    with pytest.raises(InputError) as caught:
        load_checkpoint(os.urandom(2048))
    assert caught.value.key == "upload.not_checkpoint"
    assert "weights_only" not in caught.value.fmt["detail"]


# --- a refused checkpoint is not loaded again ----------------------------------------------------


def _checkpoint(hidden_size: int = 8) -> bytes:
    run = new_run(
        make_task(TaskSpec(task="adding", length=10)),
        ModelSpec("gru", 8),
        TrainSettings(batch_size=8),
        "t",
        "#000",
    )
    config, weights, metrics = run_checkpoint(run)
    config["model"]["hidden_size"] = hidden_size
    return checkpoint_bytes(config, weights, metrics)


def test_a_refused_upload_is_refused_from_memory_on_the_next_rerun(monkeypatch):
    loads = []
    real = checkpoint_io.load_checkpoint
    monkeypatch.setattr(
        checkpoint_io, "load_checkpoint", lambda data: loads.append(1) or real(data)
    )
    uploads, task = Uploads(), make_task(TaskSpec(task="adding", length=10))
    bad = _checkpoint(hidden_size=8_000)
    for _ in range(3):  # three reruns with the file still in the uploader
        with pytest.raises(InputError) as caught:
            uploads.restore(bad, task, "#2 ⬆", "#111")
        assert caught.value.key == "train.upload_range"
    assert len(loads) == 1
    assert uploads.restore(_checkpoint(), task, "#2 ⬆", "#111").uploaded  # a good file still loads
    assert len(loads) == 2


def test_the_memory_of_refusals_is_bounded():
    uploads, task = Uploads(size=2), make_task(TaskSpec(task="adding", length=10))
    for n in range(4):
        with pytest.raises(InputError):
            uploads.restore(b"junk %d" % n, task, "x", "#000")
    assert len(uploads.failures) == 2


# --- CSV -----------------------------------------------------------------------------------------


def test_an_empty_csv_is_explained():
    with pytest.raises(InputError) as caught:
        series.read_csv(b"")
    assert caught.value.key == "upload.empty"


def test_a_decimal_comma_csv_with_semicolons_is_read_as_numbers():
    body = "time;value\n" + "\n".join(f"{i};{i % 7},5" for i in range(80))
    frame = series.read_csv(body.encode())
    assert series.numeric_columns(frame) == ["time", "value"]
    values = series.csv_column(frame, "value", window=10)
    np.testing.assert_allclose(values[:3], [0.5, 1.5, 2.5])


@pytest.mark.parametrize(
    "body",
    [
        "value\n" + "\n".join(f"{i},5" for i in range(80)),  # pandas took "1" as the row index
        "a,b\n" + "\n".join(f"{i},5,{i},25" for i in range(80)),
    ],
)
def test_a_decimal_comma_csv_with_commas_between_columns_is_explained(body):
    with pytest.raises(InputError) as caught:
        series.read_csv(body.encode())
    assert caught.value.key == "train.csv_decimal_comma" and caught.value.fmt["row"] == 2


def test_rows_wider_than_the_header_are_refused_not_shifted():
    with pytest.raises(InputError) as caught:
        series.read_csv(b"a,b\n1,2\n3,4,x\n")
    assert caught.value.key == "train.csv_ragged" and caught.value.fmt["row"] == 3


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("nan", "train.csv_non_numeric"),
        ("inf", "train.csv_infinite"),
        ("1e400", "train.csv_infinite"),
    ],
)
def test_nan_and_infinite_cells_are_refused(cell, key):
    body = "v\n" + "\n".join(["1", "2", cell] + [str(i) for i in range(80)])
    with pytest.raises(InputError) as caught:
        series.csv_column(series.read_csv(body.encode()), "v", window=10)
    assert caught.value.key == key


def test_values_near_the_float_limit_train_without_nan():
    rng = np.random.default_rng(0)
    values = rng.choice([-1e300, 1e300], size=200) * rng.uniform(0.5, 1.0, size=200)
    body = "v\n" + "\n".join(repr(float(v)) for v in values)
    column = series.csv_column(series.read_csv(body.encode()), "v", window=10)
    task = make_task(TaskSpec(task="forecast", source="csv", window=10), column)
    assert np.isfinite(task.data.series).all() and np.isfinite(task.data.std)
    run = new_run(task, ModelSpec("gru", 8), TrainSettings(batch_size=8), "t", "#000")
    run.trainer.run(max_steps=5)
    assert not run.trainer.diverged and np.isfinite(run.trainer.history["loss"]).all()


def test_header_and_cell_text_reach_the_message_only_as_fields_the_page_escapes():
    link = "[x](http://127.0.0.1:9/t.png)"
    body = f"{link}\n1\n{link}\n" + "\n".join(str(i) for i in range(80))
    frame = series.read_csv(body.encode())
    with pytest.raises(InputError) as caught:
        series.csv_column(frame, link, window=10)
    assert caught.value.key == "train.csv_non_numeric" and link not in caught.value.key
    escaped = {name: escape(value) for name, value in caught.value.fmt.items()}
    assert "](" not in t(caught.value.key, "en", **escaped).replace("\\](", "")


# --- text ----------------------------------------------------------------------------------------


def test_an_empty_text_upload_is_refused_not_replaced_by_the_built_in_text():
    assert text.training_text(None) == text.DEFAULT_TEXT
    with pytest.raises(InputError) as caught:
        text.training_text(b"")
    assert caught.value.key == "upload.empty"
    with pytest.raises(InputError) as caught:
        text.training_text(b" \n" * 400)
    assert caught.value.key == "train.text_blank"
    with pytest.raises(InputError) as caught:
        make_task(TaskSpec(task="charlm"), "")
    assert caught.value.key == "train.text_too_short"


@pytest.mark.parametrize(
    ("data", "key"),
    [(bytes(range(256)) * 8, "upload.not_utf8"), (b"a" * 300_000, "train.text_too_big")],
)
def test_binary_and_huge_text_files_keep_their_messages(data, key):
    with pytest.raises(InputError) as caught:
        text.training_text(data)
    assert caught.value.key == key


# --- each distinct file is parsed once -----------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "read", "data"),
    [
        (series, series.read_csv, b"v\n1\nabc\n"),  # refused: a word among the numbers
        (series, series.read_csv, b"value\n" + b"1,5\n" * 60),  # refused: decimal comma
        (series, series.read_csv, b"v\n" + b"1\n2\n" * 60),  # accepted
        (text, text.decode_upload, b"short"),  # refused
        (text, text.decode_upload, text.DEFAULT_TEXT.encode()),  # accepted
    ],
)
def test_a_file_is_parsed_once_then_answered_from_memory(monkeypatch, module, read, data):
    data += b"\n" + os.urandom(4).hex().encode()  # a file no earlier test has parsed
    decodes = []
    real = module.decode_utf8
    monkeypatch.setattr(module, "decode_utf8", lambda raw: decodes.append(1) or real(raw))
    outcomes = []
    for _ in range(3):  # three reruns with the file still in the uploader
        try:
            outcomes.append(type(read(data)).__name__)
        except InputError as error:
            outcomes.append(error.key)
    assert len(decodes) == 1 and len(set(outcomes)) == 1
