"""Load, run and evaluate the shipped seq2seq translators (no Streamlit here).

    tr = load_translator("en-ko", attention="additive")
    res = tr.translate("i love deep learning", beam=1)
    res.source_tokens, res.target_tokens, res.attention  # (len(target), len(source)), rows sum to 1

Which models ship is read from ``models/checkpoints`` (``shipped_attentions``, ``snapshot_steps``).
Their training code lives in ``explorer/pretrain/translation.py``.
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from explorer.checkpoints import CHECKPOINT_DIR, config_from_dict, load_checkpoint
from explorer.data.translation_corpus import CORPORA, TRAIN_SEED_BASE, make_pairs, tokenize
from explorer.errors import InputError
from models.seq2seq import ATTENTIONS, EOS, PAD, SPECIALS, UNK, Seq2Seq, Seq2SeqConfig

__all__ = ["load_translator", "make_pairs", "Translator", "TranslationResult"]

MAX_SOURCE_TOKENS = {"en-ko": 40, "dates": 60}
MAX_BEAM = 8
EVAL_SEED = 7  # held-out evaluation draws use small seeds, never >= TRAIN_SEED_BASE


def checkpoint_path(corpus: str, attention: str, step: int | None = None) -> Path:
    suffix = f"-step{step}" if step is not None else ""
    return CHECKPOINT_DIR / f"translation-{corpus}-{attention}{suffix}.pt"


def join_tokens(tokens: list[str], is_chars: bool) -> str:
    return "".join(tokens) if is_chars else " ".join(tokens)


@dataclass
class Hypothesis:
    target_tokens: list[str]
    score: float  # length-normalised log-probability (what the beam ranks by)
    logprob: float
    attention: np.ndarray | None  # (len(target_tokens), len(source_tokens))
    is_chars: bool = False

    @property
    def text(self) -> str:
        return join_tokens(self.target_tokens, self.is_chars)


@dataclass
class TranslationResult:
    source_tokens: list[str]
    target_tokens: list[str]
    attention: np.ndarray | None  # (len(target_tokens), len(source_tokens)), rows sum to 1
    score: float = 0.0
    hypotheses: list[Hypothesis] = field(default_factory=list)  # beam alternatives, best first
    is_chars: bool = False  # dates: tokens are characters, joined without spaces

    @property
    def text(self) -> str:
        return join_tokens(self.target_tokens, self.is_chars)


class Translator:
    """A trained ``Seq2Seq`` plus its vocabularies; read-only (shared across sessions)."""

    def __init__(self, payload: dict):
        config = dict(payload["config"])
        try:
            self.corpus = config.pop("corpus")
            self.src_itos = list(config.pop("src_vocab_tokens"))
            self.tgt_itos = list(config.pop("tgt_vocab_tokens"))
            self.cfg = config_from_dict(Seq2SeqConfig, config)
            self.model = Seq2Seq(self.cfg)
            self.model.load_state_dict({k: v.float() for k, v in payload["state_dict"].items()})
        except (KeyError, ValueError, RuntimeError) as error:
            detail = str(error).splitlines()[0][:160]
            raise InputError("translation.err_bad_checkpoint", detail=detail) from error
        self.model.eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        self.metrics = dict(payload.get("metrics", {}))
        self.src_stoi = {w: i for i, w in enumerate(self.src_itos)}
        self.tgt_stoi = {w: i for i, w in enumerate(self.tgt_itos)}
        self.known = [w for w in self.src_itos if w not in SPECIALS]

    @property
    def attention_kind(self) -> str:
        return self.cfg.attention

    @property
    def is_chars(self) -> bool:
        return self.corpus == "dates"

    # input ------------------------------------------------------------------------------------
    def tokens(self, text: str) -> list[str]:
        """Tokenise like the training data; raise ``InputError`` for empty, too long or unknown input."""
        if not isinstance(text, str) or not text.strip():
            raise InputError("translation.err_empty")
        tokens = tokenize(text, self.corpus)
        if not tokens:  # only punctuation or symbols: nothing the model could read
            raise InputError("translation.err_no_words")
        limit = MAX_SOURCE_TOKENS[self.corpus]
        if len(tokens) > limit:
            raise InputError("translation.err_too_long", n=len(tokens), limit=limit)
        unknown = sorted({w for w in tokens if w not in self.src_stoi}, key=tokens.index)
        if unknown:
            if self.is_chars:
                raise InputError(
                    "translation.err_unknown_chars", chars=" ".join(repr(c) for c in unknown)
                )
            hints = "; ".join(f"{w} → {', '.join(self.suggest(w)) or '—'}" for w in unknown)
            raise InputError("translation.err_unknown_words", words=", ".join(unknown), hints=hints)
        return tokens

    def suggest(self, word: str, n: int = 3) -> list[str]:
        """The known source words closest in spelling to ``word``."""
        return difflib.get_close_matches(word, self.known, n=n, cutoff=0.5)

    def encode_source(self, tokens: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        ids = torch.tensor([[self.src_stoi[w] for w in tokens]])
        return ids, torch.tensor([len(tokens)])

    def max_len(self, n_source: int) -> int:
        return 12 if self.is_chars else 2 * n_source + 5

    def _words(self, ids: list[int]) -> list[str]:
        return [self.tgt_itos[i] for i in itertools.takewhile(lambda i: i != EOS, ids)]

    # translation ------------------------------------------------------------------------------
    def translate(
        self,
        text: str,
        beam: int = 1,
        override: tuple[int, int] | None = None,
        uniform: bool = False,
        length_penalty: float = 1.0,
    ) -> TranslationResult:
        """Translate ``text`` greedily. ``beam`` > 1 runs ``beam_search`` (alternatives in
        ``.hypotheses``);
        ``override=(t, j)`` forces target step t to attend only to source token j (greedy);
        ``uniform=True`` decodes with uniform attention everywhere (sanity baseline)."""
        source = self.tokens(text)
        src, lengths = self.encode_source(source)
        if override is not None:
            t, j = override
            if not (0 <= j < len(source)) or t < 0:
                raise InputError("translation.err_override", t=t, j=j)
        if beam > 1 and override is None and not uniform:
            return self.beam_search(text, beam, length_penalty)
        ids, attn = self.model.greedy(src, lengths, self.max_len(len(source)), override, uniform)
        words = self._words(ids[0].tolist())
        matrix = attn[0, : len(words)].numpy().astype(np.float64) if attn is not None else None
        return TranslationResult(source, words, matrix, 0.0, [], self.is_chars)

    def beam_search(self, text: str, width: int, length_penalty: float = 1.0) -> TranslationResult:
        """Beam search of ``width`` (clamped to 1..MAX_BEAM; width 1 keeps one hypothesis, the
        greedy one) with every hypothesis, best first, in ``.hypotheses``."""
        source = self.tokens(text)
        src, _ = self.encode_source(source)
        width = max(1, min(int(width), MAX_BEAM))
        hyps = []
        for h in self.model.beam(
            src, len(source), width, self.max_len(len(source)), length_penalty
        ):
            words = [self.tgt_itos[i] for i in h["tokens"]]
            attn = h["attention"]
            matrix = attn[: len(words)].numpy().astype(np.float64) if attn is not None else None
            hyps.append(Hypothesis(words, h["score"], h["logprob"], matrix, self.is_chars))
        best = hyps[0]
        return TranslationResult(
            source, best.target_tokens, best.attention, best.score, hyps, self.is_chars
        )

    def translate_batch(self, sources: list[str], uniform: bool = False) -> list[list[str]]:
        """Greedy translations of many sentences at once (for evaluation); ``uniform`` as in
        ``translate``."""
        toks = [tokenize(s, self.corpus) for s in sources]
        ids = [[self.src_stoi.get(w, UNK) for w in t] for t in toks]
        src, lengths = pad_batch(ids)
        out, _ = self.model.greedy(src, lengths, self.max_len(int(lengths.max())), uniform=uniform)
        return [self._words(row) for row in out.tolist()]


def pad_batch(seqs: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    lengths = torch.tensor([len(s) for s in seqs])
    batch = torch.full((len(seqs), int(lengths.max())), PAD, dtype=torch.long)
    for i, s in enumerate(seqs):
        batch[i, : len(s)] = torch.tensor(s)
    return batch, lengths


@cache
def load_translator(
    corpus: str = "en-ko", attention: str = "additive", step: int | None = None
) -> Translator:
    """The shipped translator for ``corpus`` and ``attention`` (``step``: a training snapshot)."""
    if corpus not in CORPORA:
        raise InputError("translation.err_corpus", corpus=corpus)
    if attention not in ATTENTIONS:
        raise InputError("translation.err_attention", attention=attention)
    path = checkpoint_path(corpus, attention, step)
    if not path.exists():
        raise InputError("translation.err_no_checkpoint", name=path.name)
    return Translator(load_checkpoint(path))


def row_entropy(attention: np.ndarray) -> np.ndarray:
    """Entropy (bits) of each attention row: 0 = all on one word, log2(S) = uniform."""
    p = np.clip(attention, 1e-12, 1.0)
    return -(attention * np.log2(p)).sum(axis=1)


def is_degenerate(attention: np.ndarray, tol: float = 0.1) -> bool:
    """True if every row is nearly the same distribution (the attention ignores the target step):
    the largest total-variation distance between any row and the mean row is below ``tol``."""
    if attention is None or attention.shape[0] < 2:
        return False
    return max_row_distance(attention) < tol


def max_row_distance(attention: np.ndarray) -> float:
    """Largest total-variation distance between an attention row and the mean row."""
    return float(
        (0.5 * np.abs(attention - attention.mean(axis=0, keepdims=True)).sum(axis=1)).max()
    )


def attention_frame(result: TranslationResult) -> pd.DataFrame:
    """The attention matrix in long form (one row per target x source cell), for a CSV download."""
    att, source = result.attention, result.source_tokens
    rows = [
        (i, target, j, word, round(float(att[i, j]), 5))
        for i, target in enumerate(result.target_tokens if att is not None else [])
        for j, word in enumerate(source)
    ]
    return pd.DataFrame(rows, columns=["target_pos", "target", "source_pos", "source", "weight"])


def beam_table(result: TranslationResult) -> pd.DataFrame:
    """One row per beam hypothesis, best first."""
    rows = [
        (k + 1, h.text, round(h.score, 4), round(h.logprob, 4))
        for k, h in enumerate(result.hypotheses)
    ]
    return pd.DataFrame(rows, columns=["rank", "hypothesis", "score", "logprob"])


def changed_words(before: list[str], after: list[str]) -> int:
    """How many output positions differ (a longer or shorter output counts the extra words)."""
    return sum(x != y for x, y in zip(before, after, strict=False)) + abs(len(before) - len(after))


def metrics_table(corpus: str) -> pd.DataFrame:
    """Stored held-out metrics of every shipped model of ``corpus``, in percent and BLEU points."""
    columns = ["attention", "exact", "bleu", "long_exact", "long_bleu", "steps"]
    rows = [
        (r["attention"], round(100 * r["exact"], 1), round(r["bleu"], 1))
        + (round(100 * r["long_exact"], 1), round(r["long_bleu"], 1), r["steps"])
        for r in stored_metrics(corpus)
    ]
    return pd.DataFrame(rows, columns=columns)


def examples(corpus: str, seed: int, n: int = 8) -> list[str]:
    """Held-out example sources (seed folded below TRAIN_SEED_BASE), longest last."""
    pairs = make_pairs(corpus, n, seed % TRAIN_SEED_BASE)
    return sorted({s for s, _ in pairs}, key=lambda s: (len(s.split()), s))


DEFAULT_TEXT = {"en-ko": "i love deep learning", "dates": "the 3rd of march 2024"}


def shipped_attentions(corpus: str) -> list[str]:
    """The attention kinds with a shipped checkpoint for ``corpus``, in ``ATTENTIONS`` order."""
    return [a for a in ATTENTIONS if checkpoint_path(corpus, a).exists()]


def snapshot_attention(corpus: str) -> str | None:
    """The attention kind whose training snapshots ship for ``corpus``, or None."""
    for attention in shipped_attentions(corpus):
        if any(CHECKPOINT_DIR.glob(f"translation-{corpus}-{attention}-step*.pt")):
            return attention
    return None


def snapshot_steps(corpus: str = "en-ko", attention: str = "additive") -> list[int]:
    """Training steps with a shipped snapshot (the final model's step last)."""
    steps = sorted(
        int(p.stem.rsplit("step", 1)[1])
        for p in CHECKPOINT_DIR.glob(f"translation-{corpus}-{attention}-step*.pt")
    )
    final = checkpoint_path(corpus, attention)
    if final.exists():
        steps.append(int(load_translator(corpus, attention).metrics.get("step", 0)))
    return steps


def snapshot(corpus: str, attention: str, step: int) -> Translator:
    """The snapshot taken at ``step`` (the final model if ``step`` is its last step)."""
    final = load_translator(corpus, attention)
    return final if step == final.metrics.get("step") else load_translator(corpus, attention, step)


def stored_metrics(corpus: str) -> list[dict]:
    """Held-out metrics saved in each shipped checkpoint of ``corpus``: overall and longest third."""
    rows = []
    for attention in shipped_attentions(corpus):
        m = load_translator(corpus, attention).metrics
        last = m["bins"][-1]
        row = {
            "attention": attention,
            "exact": m["exact"],
            "bleu": m["bleu"],
            "long_lo": last["lo"],
        }
        row |= {"long_exact": last["exact"], "long_bleu": last["bleu"], "steps": m.get("steps")}
        rows.append(row | {"eval_n": m.get("eval_n"), "eval_seed": m.get("eval_seed")})
    return rows


def _hypotheses(translator: Translator, sources: list[str], batch: int = 256) -> list[str]:
    """Greedy translations as strings, ``batch`` sentences at a time."""
    out = []
    for start in range(0, len(sources), batch):
        for words in translator.translate_batch(sources[start : start + batch]):
            out.append(join_tokens(words, translator.is_chars))
    return out


def _bleu(hyps: list[str], refs: list[str], sel, tokenizer: str) -> float:
    """Corpus BLEU (sacrebleu, 0..100) of the pairs at indices ``sel``."""
    import sacrebleu

    picked = [hyps[i] for i in sel], [[refs[i] for i in sel]]
    return float(sacrebleu.corpus_bleu(*picked, tokenize=tokenizer).score)


def evaluate(translator: Translator, pairs: list[tuple[str, str]], n_bins: int = 3) -> dict:
    """Exact match and BLEU (sacrebleu) overall and per source-length bin (equal-count thirds).

    Returns {"exact": float, "bleu": float, "bins": [{"lo", "hi", "n", "exact", "bleu"}],
    "rows": [{"length", "exact"}]}; BLEU is on a 0..100 scale.
    """
    corpus, is_chars = translator.corpus, translator.is_chars
    sources = [s for s, _ in pairs]
    refs = [t if is_chars else " ".join(tokenize(t, corpus)) for _, t in pairs]
    hyps = _hypotheses(translator, sources)
    lengths = np.array([len(tokenize(s, corpus)) for s in sources])
    exact = np.array([h == r for h, r in zip(hyps, refs, strict=True)])
    tokenizer = "char" if is_chars else "none"
    edges = np.quantile(lengths, np.linspace(0, 1, n_bins + 1))
    bins = []
    for chunk in np.array_split(np.argsort(lengths, kind="stable"), n_bins):
        sel = list(chunk)
        bins.append(
            {
                "lo": int(lengths[sel].min()),
                "hi": int(lengths[sel].max()),
                "n": len(sel),
                "exact": float(exact[sel].mean()),
                "bleu": _bleu(hyps, refs, sel, tokenizer),
            }
        )
    return {
        "exact": float(exact.mean()),
        "bleu": _bleu(hyps, refs, range(len(refs)), tokenizer),
        "bins": bins,
        "edges": [float(e) for e in edges],
        "rows": [{"length": int(n), "exact": bool(e)} for n, e in zip(lengths, exact, strict=True)],
    }


def quality_by_length(
    corpus: str, attentions: tuple[str, ...], n: int, seed: int, width: int = 3
) -> list[dict]:
    """Exact match and BLEU by source length for several models on the same held-out pairs.

    Rows: {"attention", "lo", "hi", "n", "exact", "bleu"} with lengths grouped in ``width``-word bins.
    """
    pairs = make_pairs(corpus, n, seed)
    lengths = np.array([len(tokenize(s, corpus)) for s, _ in pairs])
    refs = [t for _, t in pairs]
    rows = []
    for attention in attentions:
        hyps = _hypotheses(load_translator(corpus, attention), [s for s, _ in pairs])
        for lo in range(int(lengths.min()), int(lengths.max()) + 1, width):
            sel = [i for i in range(n) if lo <= lengths[i] < lo + width]
            exact = float(np.mean([hyps[i] == refs[i] for i in sel])) if sel else 0.0
            row = {"attention": attention, "lo": lo, "hi": lo + width - 1, "n": len(sel)}
            rows += [row | {"exact": exact, "bleu": _bleu(hyps, refs, sel, "none")}] if sel else []
    return rows
