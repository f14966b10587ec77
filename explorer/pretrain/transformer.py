"""Train the shipped Transformer translators: ``python -m explorer.pretrain transformer-en-ko``.

Same corpora, same held-out evaluation (600 pairs, seed 7) and the same fresh-batch regime as
the RNN translators (every training batch is a new draw with a seed >= TRAIN_SEED_BASE). The loss
is translation cross-entropy plus BERT's masked-LM loss on the encoder: in a second pass over the
same English sentences about 15% of the words (at least one per sentence) are replaced by <mask>
and the encoder's head must name them.
"""

from __future__ import annotations

import time
from pathlib import Path

import torch
import torch.nn.functional as F

from explorer.checkpoints import save_checkpoint
from explorer.data.translation_corpus import TRAIN_SEED_BASE, make_pairs, tokenize, vocabulary
from explorer.transformer import TransformerTranslator, checkpoint_path
from explorer.transformer_analysis import EVAL_SEED, mlm_accuracy
from explorer.translation import evaluate
from models.transformer import (
    EOS,
    MASK,
    PAD,
    SOS,
    SPECIALS,
    Transformer,
    TransformerConfig,
    count_parameters,
)

MLM_WEIGHT = 0.5
MASK_RATE = 0.15
EVAL_N = 600


def _pad(seqs: list[list[int]]) -> torch.Tensor:
    out = torch.full((len(seqs), max(len(s) for s in seqs)), PAD, dtype=torch.long)
    for i, s in enumerate(seqs):
        out[i, : len(s)] = torch.tensor(s)
    return out


def _batch(pairs, src_stoi, tgt_stoi, corpus, gen: torch.Generator):
    src = _pad([[src_stoi[w] for w in tokenize(s, corpus)] for s, _ in pairs])  # (B, S)
    tgt = _pad(
        [
            [tgt_stoi[w] for w in (list(t) if corpus == "dates" else t.split())] + [EOS]
            for _, t in pairs
        ]
    )  # (B, T): y_1 .. y_T, <eos>, padding
    tgt_in = torch.cat([torch.full((len(pairs), 1), SOS), tgt[:, :-1]], dim=1)
    tgt_in = tgt_in.masked_fill(tgt_in == EOS, PAD)
    real = src != PAD
    pick = (torch.rand(src.shape, generator=gen) < MASK_RATE) & real
    first = torch.randint(0, 1 << 30, (len(pairs),), generator=gen) % real.sum(1)  # >= 1 per row
    pick[torch.arange(len(pairs)), first] = True
    masked = src.masked_fill(pick, MASK)
    mlm_target = src.masked_fill(~pick, PAD)  # loss only on the hidden words
    return src, tgt_in, tgt, masked, mlm_target


def held_out_metrics(translator, steps: int, seconds: float, history: list[float]) -> dict:
    """What a shipped translator's checkpoint states: ``explorer.translation.evaluate`` on the
    held-out pairs (without its per-sentence rows) and how it was trained."""
    metrics = evaluate(translator, make_pairs(translator.corpus, EVAL_N, EVAL_SEED))
    del metrics["rows"]
    run = {"step": steps, "steps": steps, "seconds": round(seconds), "eval_seed": EVAL_SEED}
    run |= {"eval_n": EVAL_N, "train_seed_base": TRAIN_SEED_BASE}
    return metrics | run | {"loss": history[-1] if history else None}


def train_transformer(
    corpus: str,
    steps: int,
    batch_size: int = 64,
    lr: float = 2e-3,
    seed: int = 0,
    log_every: int = 250,
    **config,
) -> Path:
    """Train from a fixed seed on fresh batches and write models/checkpoints/transformer-<corpus>.pt
    with held-out metrics (exact match, BLEU, by length thirds, masked-LM accuracy vs unigram)."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    src_words, tgt_words = vocabulary(corpus)
    src_itos, tgt_itos = SPECIALS + src_words, SPECIALS + tgt_words
    src_stoi = {w: i for i, w in enumerate(src_itos)}
    tgt_stoi = {w: i for i, w in enumerate(tgt_itos)}
    cfg = TransformerConfig(len(src_itos), len(tgt_itos), **config)
    model = Transformer(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    started, history, running = time.perf_counter(), [], None
    model.train()
    for step in range(1, steps + 1):
        pairs = make_pairs(corpus, batch_size, TRAIN_SEED_BASE + seed * 10_000_000 + step)
        src, tgt_in, tgt_out, masked, mlm_target = _batch(pairs, src_stoi, tgt_stoi, corpus, gen)
        logits = model(src, tgt_in)  # (B, T, V_tgt)
        loss_mt = F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=PAD)
        memory, _ = model.encode(masked)
        mlm = model.mlm_logits(memory)  # (B, S, V_src)
        loss_mlm = F.cross_entropy(mlm.flatten(0, 1), mlm_target.flatten(), ignore_index=PAD)
        loss = loss_mt + MLM_WEIGHT * loss_mlm
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        running = loss_mt.item() if running is None else 0.98 * running + 0.02 * loss_mt.item()
        if step % log_every == 0:
            history.append(round(running, 4))
            print(
                f"transformer-{corpus} step {step} translation loss {running:.4f} "
                f"mlm {loss_mlm.item():.3f} {time.perf_counter() - started:.0f}s",
                flush=True,
            )
    model.eval()
    config = {
        **cfg.to_dict(),
        "corpus": corpus,
        "src_vocab_tokens": src_itos,
        "tgt_vocab_tokens": tgt_itos,
    }
    translator = TransformerTranslator(
        {"config": config, "state_dict": model.state_dict(), "metrics": {}}
    )
    metrics = held_out_metrics(translator, steps, time.perf_counter() - started, history)
    metrics["parameters"] = count_parameters(model)
    if corpus == "en-ko":
        metrics["mlm"] = mlm_accuracy(translator)
    state = {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}
    path = checkpoint_path(corpus)
    save_checkpoint(path, config, state, metrics)
    print(
        f"  saved {path.name}: exact {metrics['exact']:.3f} bleu {metrics['bleu']:.1f}", flush=True
    )
    return path


# Budgets fitted to this shared 2-core machine (one thread each, a few minutes per job).
STEPS = {"en-ko": 4000, "dates": 1500}

JOBS = {
    "transformer-en-ko": lambda: train_transformer("en-ko", STEPS["en-ko"]),
    "transformer-dates": lambda: train_transformer("dates", STEPS["dates"]),
}
