"""Training code of the shipped captioners: ``python -m explorer.pretrain captioner-plain``
(or ``captioner-ds``, trained with the doubly stochastic attention regulariser).

The stored metrics are measured by ``explorer.captioning.evaluate`` on fresh scenes
(``EVAL_SEED``) that the training stream never produces.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import torch

from explorer.captioning import EVAL_SEED, VARIANTS, LoadedCaptioner, evaluate
from explorer.checkpoints import CHECKPOINT_DIR, save_checkpoint
from explorer.data.scenes import WORDS, make_scenes, random_scene
from models.captioner import EOS, PAD, SOS, Captioner, CaptionerConfig

PRETRAIN_STEPS = 1500
DS_LAMBDA = 0.05


def training_pool(size: int, stoi: dict, length: int):
    """Training scenes come from rng keys (0xCAFE, i), a stream make_scenes(n, seed) (keys
    (seed, i)) never produces, so evaluation scenes are always unseen. Generated once per run:
    drawing them fresh every step would cost as much CPU as the training itself."""
    scenes = [random_scene(np.random.default_rng([0xCAFE, i])) for i in range(size)]
    images = torch.from_numpy(np.stack([s.image for s in scenes]))  # (N, S, S, 3) uint8
    tokens = torch.full((size, length + 2), stoi[PAD], dtype=torch.long)
    for row, s in enumerate(scenes):
        ids = [stoi[SOS]] + [stoi[w] for w in s.words] + [stoi[EOS]]
        tokens[row, : len(ids)] = torch.tensor(ids)
    return images, tokens


def _schedule(steps: int):
    """Linear warm-up over 100 steps, then cosine decay to 0 at ``steps``."""
    return lambda s: min(1.0, (s + 1) / 100) * 0.5 * (1 + math.cos(math.pi * s / steps))


def train(
    doubly_stochastic: float = 0.0,
    steps: int = 3000,
    batch: int = 48,
    lr: float = 2e-3,
    seed: int = 0,
    log_every: int = 100,
    eval_n: int = 500,
    pool: int = 16_000,
) -> tuple[Captioner, dict]:
    """Train one captioner from ``seed``; returns the model and its held-out metrics."""
    torch.manual_seed(seed)
    cfg = CaptionerConfig(words=list(WORDS), doubly_stochastic=doubly_stochastic)
    model = Captioner(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, _schedule(steps))
    pool_images, pool_tokens = training_pool(pool, model.stoi, cfg.max_len)
    order = torch.Generator().manual_seed(seed)
    started = time.perf_counter()
    for step in range(steps):
        model.train()
        pick = torch.randint(len(pool_tokens), (batch,), generator=order)
        images = pool_images[pick].float() / 255.0
        tokens = pool_tokens[pick]
        tokens = tokens[:, : int((tokens != model.stoi[PAD]).sum(1).max())]  # trim padding
        loss, parts = model.loss(images, tokens)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)  # rare spikes early in training
        opt.step()
        sched.step()
        if log_every and (step % log_every == 0 or step == steps - 1):
            print(
                f"step {step:5d} ce {parts['ce']:.4f} ds {parts['ds']:.2f} "
                f"{time.perf_counter() - started:.0f}s",
                flush=True,
            )
    model.eval()
    metrics = evaluate(LoadedCaptioner(model), make_scenes(eval_n, seed=EVAL_SEED))
    metrics.update(
        {
            "train_steps": steps,
            "batch": batch,
            "eval_seed": EVAL_SEED,
            "doubly_stochastic": doubly_stochastic,
        }
    )
    return model, metrics


def pretrain(
    variant: str,
    doubly_stochastic: float,
    steps: int = PRETRAIN_STEPS,
    directory: Path = CHECKPOINT_DIR,
    **options,
) -> Path:
    """Train the shipped ``variant`` and write ``<directory>/captioner-<variant>.pt``;
    ``options`` go to ``train`` (a short test run uses a small pool)."""
    model, metrics = train(doubly_stochastic=doubly_stochastic, steps=steps, **options)
    print(metrics)
    path = directory / VARIANTS[variant]
    save_checkpoint(path, model.cfg.to_dict(), model.state_dict(), metrics)
    return path


JOBS = {
    "captioner-plain": lambda: pretrain("plain", 0.0),
    "captioner-ds": lambda: pretrain("ds", DS_LAMBDA),
}
