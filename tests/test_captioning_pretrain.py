"""Captioning pretraining: the jobs are registered, a short run of the shipped code path writes a
loadable checkpoint, loading rejects foreign config keys, and the grid comes from the model."""

import pytest

from explorer.captioning import VARIANTS, from_checkpoint, load_captioner, make_scenes
from explorer.checkpoints import CHECKPOINT_DIR, load_checkpoint
from explorer.data.scenes import WORDS
from explorer.errors import InputError
from explorer.pretrain import captioning as pretrain
from explorer.pretrain.__main__ import registry
from models.captioner import Captioner, CaptionerConfig


def test_every_shipped_captioner_has_a_job():
    shipped = {f.removesuffix(".pt") for f in VARIANTS.values()}
    assert shipped == set(pretrain.JOBS) and shipped <= set(registry())


def test_a_short_run_writes_a_loadable_checkpoint(tmp_path):
    path = pretrain.pretrain(
        "ds", pretrain.DS_LAMBDA, steps=20, directory=tmp_path, pool=96, eval_n=20, log_every=0
    )
    assert path == tmp_path / "captioner-ds.pt"
    payload = load_checkpoint(path)
    assert "embedding_dim" in payload["config"] and "embed_dim" not in payload["config"]
    assert payload["metrics"]["train_steps"] == 20 and payload["metrics"]["n_scenes"] == 20
    cap = from_checkpoint(payload, "ds")
    res = cap.caption(make_scenes(1, seed=3)[0].image)
    assert res.attention.shape[1:] == cap.grid


def test_loading_rejects_old_or_unknown_config_keys():
    payload = load_checkpoint(CHECKPOINT_DIR / VARIANTS["plain"])
    config = dict(payload["config"])
    config["embed_dim"] = config.pop("embedding_dim")
    with pytest.raises(InputError) as info:
        from_checkpoint({**payload, "config": config}, "old")
    assert info.value.key == "captioning.bad_checkpoint"
    assert "embed_dim" in info.value.fmt["detail"]


def test_the_grid_is_read_from_the_model():
    assert load_captioner().grid == (8, 8)  # 64 px images, three stride-2 convolutions
    small = Captioner(CaptionerConfig(words=list(WORDS), image_size=32, channels=8))
    assert small.grid == (4, 4)
