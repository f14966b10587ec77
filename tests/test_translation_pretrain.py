"""Translation pretraining: the jobs are registered, a short run of the shipped code path writes a
loadable checkpoint in the config vocabulary, and loading rejects foreign config keys."""

import pytest
import torch

from explorer.checkpoints import load_checkpoint
from explorer.errors import InputError
from explorer.pretrain import translation as pretrain
from explorer.pretrain.__main__ import registry
from explorer.translation import (
    Translator,
    checkpoint_path,
    load_translator,
    shipped_attentions,
    snapshot_attention,
    snapshot_steps,
)


def test_every_shipped_translator_has_a_job():
    jobs = registry()
    shipped = {
        checkpoint_path(c, a).stem for c in ("en-ko", "dates") for a in shipped_attentions(c)
    }
    assert shipped and shipped <= set(jobs)
    assert set(pretrain.JOBS) <= set(jobs)


def test_a_short_run_writes_a_loadable_checkpoint_with_snapshots(tmp_path):
    # 40 steps: OneCycleLR's 5% warm-up needs at least two steps (20 would divide by zero)
    out = pretrain.train_translator(
        "en-ko", "dot", 40, snapshot_steps=(20,), log_every=20, eval_n=30, directory=tmp_path
    )
    assert out["path"] == tmp_path / "translation-en-ko-dot.pt"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "translation-en-ko-dot-step20.pt",
        "translation-en-ko-dot.pt",
    ]
    assert len(out["history"]) == 3  # two log points and the snapshot
    payload = load_checkpoint(out["path"])
    assert {"embedding_dim", "hidden_size"} <= set(payload["config"])
    assert all(v.dtype != torch.float32 for v in payload["state_dict"].values())
    assert payload["metrics"]["step"] == 40 and payload["metrics"]["eval_n"] == 30
    snap = load_checkpoint(tmp_path / "translation-en-ko-dot-step20.pt")
    assert snap["metrics"]["step"] == 20
    tr = Translator(payload)
    assert tr.attention_kind == "dot" and tr.translate("i love deep learning").source_tokens


def test_loading_rejects_old_or_unknown_config_keys():
    payload = load_checkpoint(checkpoint_path("en-ko", "additive"))
    config = dict(payload["config"])
    config["emb"] = config.pop("embedding_dim")  # the name before PyTorch's vocabulary
    with pytest.raises(InputError) as info:
        Translator({**payload, "config": config})
    assert info.value.key == "translation.err_bad_checkpoint"
    assert "emb" in info.value.fmt["detail"] and "embedding_dim" in info.value.fmt["detail"]


def test_shipped_models_are_read_from_the_checkpoint_folder():
    assert shipped_attentions("en-ko") == ["none", "additive", "dot", "general"]
    assert shipped_attentions("dates") == ["additive"]
    assert snapshot_attention("en-ko") == "additive"
    assert snapshot_attention("dates") is None
    steps = snapshot_steps("en-ko", "additive")
    assert steps[:4] == list(pretrain.SNAPSHOT_STEPS)
    assert steps[-1] == load_translator("en-ko", "additive").metrics["step"]
