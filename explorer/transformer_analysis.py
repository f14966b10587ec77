"""Measurements on the Transformer translators, and comparisons with the RNN translators.

Everything here is pure (no Streamlit) and computed from public functions: the RNN side only
uses ``explorer.translation`` (``load_translator``, ``quality_by_length``), and translation
quality is measured by ``explorer.translation.evaluate`` for both kinds of translator (it needs
``.corpus``, ``.is_chars`` and ``.translate_batch``, which ``TransformerTranslator`` has).
"""

from __future__ import annotations

import copy
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd
import sacrebleu
import torch
import torch.nn.functional as F

from explorer import translation
from explorer.data.translation_corpus import TRAIN_SEED_BASE, make_pairs, tokenize, vocabulary
from explorer.errors import InputError
from explorer.transformer import TransformerTranslator, load_transformer
from models.transformer import SPECIALS

EVAL_SEED = translation.EVAL_SEED  # the held-out seed the RNN translators' stored metrics use
MODELS = ("none", "additive", "transformer")  # RNN without attention, RNN + attention, Transformer
MLM_EVAL_SEED = 11  # held-out sentences for the masked-word measurement
UNIGRAM_SEED = TRAIN_SEED_BASE + 777  # the unigram baseline counts words of training-side draws


# --- translation quality ----------------------------------------------------------------------


def quality_by_length(corpus: str, n: int, seed: int, width: int = 3) -> list[dict]:
    """Exact match and BLEU by source length for the RNN without attention, the RNN with
    additive attention and the Transformer, on the same ``n`` held-out pairs (en-ko).

    Rows: {"model", "lo", "hi", "n", "exact", "bleu"}, lengths grouped in ``width``-word bins.
    The RNN rows are ``explorer.translation.quality_by_length``'s; the Transformer's are binned
    the same way from its greedy translations of the same pairs.
    """
    seed = seed % TRAIN_SEED_BASE
    rnn = translation.quality_by_length(corpus, MODELS[:2], n, seed, width)
    rows = [{"model": r.pop("attention"), **r} for r in rnn]
    pairs = make_pairs(corpus, n, seed)
    tf = load_transformer(corpus)
    frame = pd.DataFrame(
        {
            "lo": [len(tokenize(s, corpus)) for s, _ in pairs],
            "hyp": [tf.join(w) for w in tf.translate_batch([s for s, _ in pairs])],
            "ref": [t for _, t in pairs],
        }
    )
    start = frame["lo"].min()
    frame["lo"] = start + (frame["lo"] - start) // width * width
    for lo, group in frame.groupby("lo"):
        bleu = sacrebleu.corpus_bleu(list(group["hyp"]), [list(group["ref"])], tokenize="none")
        rows.append(
            {
                "model": "transformer",
                "lo": int(lo),
                "hi": int(lo) + width - 1,
                "n": len(group),
                "exact": float((group["hyp"] == group["ref"]).mean()),
                "bleu": float(bleu.score),
            }
        )
    return rows


def compare_metrics(rnn: dict, tf: dict) -> dict:
    """The stored held-out numbers of the RNN translator and the Transformer, for one sentence
    of the page (``transformer.stored``): both were measured on the same pairs."""
    return {
        "n": tf["eval_n"],
        "seed": tf["eval_seed"],
        "rnn_exact": rnn["exact"],
        "rnn_bleu": rnn["bleu"],
        "tf_exact": tf["exact"],
        "tf_bleu": tf["bleu"],
    }


# --- positions --------------------------------------------------------------------------------


def set_distance(a: np.ndarray, b: np.ndarray) -> float:
    """How far apart two sets of vectors (S, C) are: the largest gap after matching each row of
    ``a`` to its nearest row of ``b`` and back (a Hausdorff distance; 0 = the same set)."""
    d = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=-1)  # (S, S)
    return float(max(d.min(axis=1).max(), d.min(axis=0).max()))


def shuffle_test(
    translator: TransformerTranslator, tokens: list[str], n_shuffles: int, seed: int
) -> list[dict]:
    """Shuffle the words ``n_shuffles`` times; for the model with and without its positional
    encoding, measure how far the encoder's set of outputs moves and what the translation becomes.

    Rows: {"shuffle", "positions", "sentence", "set_distance", "translation"}; shuffle 0 is the
    original order.
    """
    rng = random.Random(seed)
    orders = [list(tokens)]
    for _ in range(n_shuffles):
        order = list(tokens)
        for _ in range(20):  # a shuffle that differs from the original, if the words allow it
            rng.shuffle(order)
            if order != list(tokens):
                break
        orders.append(order)
    rows = []
    for positions in (True, False):
        base = translator.encode(orders[0], positions)
        for k, order in enumerate(orders):
            out = translator.translate(translator.join(order), positions=positions)
            rows.append(
                {
                    "shuffle": k,
                    "positions": positions,
                    "sentence": translator.join(order),
                    "set_distance": set_distance(base, translator.encode(order, positions)),
                    "translation": out.text,
                }
            )
    return rows


# --- masked language model --------------------------------------------------------------------


@cache
def unigram_counts(corpus: str = "en-ko", n: int = 5000) -> Counter:
    """Word counts of ``n`` training-side English sentences (the baseline's only knowledge);
    cached: callers must not change the Counter."""
    words = Counter()
    for s, _ in make_pairs(corpus, n, UNIGRAM_SEED):
        words.update(tokenize(s, corpus))
    return words


def mlm_accuracy(translator: TransformerTranslator, n: int = 500, seed: int = MLM_EVAL_SEED):
    """Mask one random word in each of ``n`` held-out sentences; top-1 accuracy of the encoder's
    masked-LM head against the unigram baseline (always guess the most frequent training word).

    Returns {"model": float, "unigram": float, "unigram_word": str, "n": int, "top5": float}.
    """
    pairs = make_pairs(translator.corpus, n, seed)
    counts = unigram_counts(translator.corpus)
    best_word = counts.most_common(1)[0][0]
    rng = random.Random(seed)
    hits = hits5 = base = 0
    for s, _ in pairs:
        tokens = tokenize(s, translator.corpus)
        j = rng.randrange(len(tokens))
        res = translator.fill_mask(tokens, j, k=5)
        hits += res.candidates[0][0] == tokens[j]
        hits5 += tokens[j] in [w for w, _ in res.candidates]
        base += tokens[j] == best_word
    return {
        "model": hits / n,
        "top5": hits5 / n,
        "unigram": base / n,
        "unigram_word": best_word,
        "n": n,
    }


def mask_candidates(translator: TransformerTranslator, tokens: list[str], index: int, k: int = 5):
    """The masked-LM head's top-``k`` words and the unigram baseline's for one masked word:
    {"model": [(word, p)], "unigram": [(word, p)], "attention": (L, H, S, S), "tokens": the
    masked sentence, "hidden": the hidden word, "right": whether the top guess is it}."""
    res = translator.fill_mask(tokens, index, k)
    counts = unigram_counts(translator.corpus)
    total = sum(counts.values())
    unigram = [(w, c / total) for w, c in counts.most_common(k)]
    return {
        "model": res.candidates,
        "unigram": unigram,
        "attention": res.attention,
        "tokens": res.tokens,
        "hidden": tokens[index],
        "right": res.candidates[0][0] == tokens[index],
    }


# --- parallel vs sequential -------------------------------------------------------------------


def _median_seconds(fn, *args, repeats: int = 3) -> float:
    fn(*args)  # warm-up
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn(*args)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


@torch.no_grad()
def _rnn_encode(model, src):
    model.encode(src, torch.full((src.shape[0],), src.shape[1]))


@torch.no_grad()
def _tf_encode(model, src):
    model.encode(src)


def _rnn_train_step(model, src, tgt):
    logp, _ = model(src, torch.full((src.shape[0],), src.shape[1]), tgt)
    F.nll_loss(logp.flatten(0, 1), tgt.flatten()).backward()


def _tf_train_step(model, src, tgt):
    F.cross_entropy(model(src, tgt).flatten(0, 1), tgt.flatten()).backward()


# The page's measurement, bounded (issue 11: ~2 s / ~200 MB per rerun): at (..., 400), batch 8,
# 3 repeats it took 14 s of CPU and +1.35 GB peak RSS (the RNN's additive attention keeps T x T
# activations for backward); these settings take ~4.8 s and ~+0.4 GB, once per server, on a
# training worker (``WorkerResult``), never in the web process.
SPEED_LENGTHS = (10, 25, 50, 100, 200, 300)
SPEED_BATCH = 4
SPEED_REPEATS = 2


def speed_comparison(
    lengths: tuple[int, ...] = SPEED_LENGTHS, batch: int = SPEED_BATCH, repeats: int = SPEED_REPEATS
) -> list[dict]:
    """Real timings on synthetic token ids of length T: encoding one sentence (forward) and one
    training step (forward + backward on a batch, source and target of length T) for the RNN
    translator (additive attention) and the Transformer (en-ko sizes, shipped weights copied).

    Rows: {"model", "length", "encode_ms", "train_ms", "path_length"}; path_length is the number
    of sequential steps between the first and the last source token (RNN: T - 1, attention: 1).
    """
    rnn = copy.deepcopy(translation.load_translator("en-ko", "additive").model)
    tf = copy.deepcopy(load_transformer("en-ko").model)
    for model in (rnn, tf):
        for p in model.parameters():
            p.requires_grad_(True)
    gen = torch.Generator().manual_seed(0)
    src_words, tgt_words = vocabulary("en-ko")
    n_src, n_tgt = 4 + len(src_words), 4 + len(tgt_words)  # real words in both vocabularies
    rows = []
    for T in lengths:
        one = torch.randint(len(SPECIALS), n_src, (1, T), generator=gen)
        src = torch.randint(len(SPECIALS), n_src, (batch, T), generator=gen)
        tgt = torch.randint(len(SPECIALS), n_tgt, (batch, T), generator=gen)
        for name, model, encode, train, path in (
            ("rnn", rnn, _rnn_encode, _rnn_train_step, T - 1),
            ("transformer", tf, _tf_encode, _tf_train_step, 1),
        ):
            rows.append(
                {
                    "model": name,
                    "length": T,
                    "encode_ms": 1000 * _median_seconds(encode, model, one, repeats=repeats),
                    "train_ms": 1000 * _median_seconds(train, model, src, tgt, repeats=repeats),
                    "path_length": path,
                }
            )
    return rows


def path_rows(lengths: tuple[int, ...] = SPEED_LENGTHS) -> list[dict]:
    """``speed_comparison``'s path lengths alone (nothing measured): RNN T - 1, attention 1."""
    rows = [{"model": "rnn", "length": T, "path_length": T - 1} for T in lengths]
    return rows + [{"model": "transformer", "length": T, "path_length": 1} for T in lengths]


class WorkerResult:
    """A plain function computed once, on a training worker (``explorer.training.workers``): the
    web process only submits it and collects its (small) result. ``result()`` never waits."""

    def __init__(self, fn: Callable, *args, tries: int = 3):
        self.fn, self.args, self.tries = fn, args, tries
        self.value = None
        self.done = False
        self.failures = 0
        self._future = None
        self._lock = threading.Lock()

    def result(self):
        """The value, or None while it is computed (submitted on the first call once the worker
        pool is up). Raises ``InputError`` after ``tries`` lost or failed attempts."""
        from explorer.training import workers

        with self._lock:
            if self.done:
                return self.value
            if self.failures >= self.tries:
                raise InputError("transformer.speed_failed", tries=self.tries)
            if self._future is None:
                if not workers.started():
                    workers.warm()  # the pool starts in the background; the next call submits
                    return None
                self._future = workers.client().submit(self.fn, *self.args, pure=False)
                return None
            if not self._future.done():
                return None
            future, self._future = self._future, None
            try:
                self.value = future.result()
            except Exception:  # noqa: BLE001 - a lost worker or a failed run: submit it again
                self.failures += 1
                return None
            self.done = True
            return self.value


# --- helpers for the page (pure, cacheable by plain arguments) --------------------------------


def head_matrix(result, kind: str, layer: int, head: str):
    """(queries, keys, weights (Q, K)) of one attention map of ``result``: ``kind`` "encoder",
    "decoder" (masked self-attention) or "cross"; ``layer`` from 1; ``head`` "mean" or "1".."H"."""
    stack = {
        "encoder": result.encoder_attention,
        "decoder": result.decoder_attention,
        "cross": result.cross_attention,
    }[kind][layer - 1]  # (H, Q, K)
    weights = stack.mean(axis=0) if head == "mean" else stack[int(head) - 1]
    queries = {
        "encoder": result.source_tokens,
        "decoder": result.decoder_inputs,
        "cross": result.target_tokens,
    }[kind]
    keys = result.decoder_inputs if kind == "decoder" else result.source_tokens
    return list(queries), list(keys), weights


def matrix_frame(queries: list[str], keys: list[str], weights: np.ndarray):
    """One attention map in long form (one row per cell), for a CSV download."""
    return pd.DataFrame(
        [
            {
                "query_pos": i,
                "query": q,
                "key_pos": j,
                "key": k,
                "weight": round(float(weights[i, j]), 5),
            }
            for i, q in enumerate(queries)
            for j, k in enumerate(keys)
        ],
        columns=["query_pos", "query", "key_pos", "key", "weight"],
    )


def shuffle_test_cached(corpus: str, tokens: tuple[str, ...], n_shuffles: int, seed: int):
    """``shuffle_test`` on the shipped model of ``corpus`` (plain arguments, for a cache)."""
    return shuffle_test(load_transformer(corpus), list(tokens), n_shuffles, seed)


def shuffle_summary(rows: list[dict]) -> dict:
    """How many shuffles keep the original translation, with and without positions."""
    out = {}
    for positions, key in ((True, "same_with"), (False, "same")):
        sel = [r for r in rows if r["positions"] == positions]
        out[key] = sum(r["translation"] == sel[0]["translation"] for r in sel[1:])
    out["n"] = len(rows) // 2 - 1
    return out


def shuffle_table(rows: list[dict]):
    """One row per shuffle: the sentence and its translations with and without positions (the
    set distances are in the chart and its data download)."""
    with_pos = [r for r in rows if r["positions"]]
    without = [r for r in rows if not r["positions"]]
    return pd.DataFrame(
        [
            {
                "sentence": a["sentence"],
                "with_positions": a["translation"],
                "without_positions": b["translation"],
            }
            for a, b in zip(with_pos, without, strict=True)
        ]
    )


def mask_candidates_cached(corpus: str, tokens: tuple[str, ...], index: int, k: int = 5):
    """``mask_candidates`` on the shipped model of ``corpus`` (plain arguments, for a cache)."""
    return mask_candidates(load_transformer(corpus), list(tokens), index, k)
