"""Load and run the shipped Transformer translators (no Streamlit here).

    tf = load_transformer("en-ko")                       # or "dates"
    res = tf.translate("i love deep learning", beam=1)   # a TranslationResult (TransformerResult)
    res.attention            # (len(target), len(source)): last decoder layer's cross-attention,
                             #  averaged over heads; rows sum to 1
    res.encoder_attention    # (layers, heads, S, S)  encoder self-attention
    res.decoder_attention    # (layers, heads, T, T)  masked decoder self-attention
    res.cross_attention      # (layers, heads, T, S)  decoder -> encoder
    res.hypotheses           # beam > 1: explorer.translation.Hypothesis, best first
    tf.fill_mask("i love <mask> learning")               # BERT's idea: the encoder's guesses

Measurements that compare it with the RNN translators live in ``explorer.transformer_analysis``;
training in ``explorer.pretrain.transformer`` (``python -m explorer.pretrain transformer-en-ko``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import torch

from explorer.checkpoints import CHECKPOINT_DIR, load_checkpoint
from explorer.data.translation_corpus import CORPORA, TRAIN_SEED_BASE, make_pairs, tokenize
from explorer.errors import InputError
from explorer.translation import Hypothesis, TranslationResult
from models.transformer import EOS, MASK, PAD, SPECIALS, UNK, Transformer, TransformerConfig

__all__ = [
    "load_transformer",
    "TransformerTranslator",
    "TransformerResult",
    "MaskResult",
    "MASK_TOKEN",
    "DEFAULT_TEXT",
]

MAX_SOURCE_TOKENS = {"en-ko": 40, "dates": 60}
MASK_TOKEN = SPECIALS[MASK]  # "<mask>"
DEFAULT_TEXT = {"en-ko": "i love deep learning", "dates": "the 3rd of march 2024"}
MAX_INPUT_CHARS = 300
ATTENTION_KINDS = ("encoder", "decoder", "cross")  # self, masked self, decoder -> encoder


def checkpoint_path(corpus: str) -> Path:
    return CHECKPOINT_DIR / f"transformer-{corpus}.pt"


def index(itos: list[str]) -> dict[str, int]:
    """token -> id for a vocabulary list."""
    return {w: i for i, w in enumerate(itos)}


@dataclass
class TransformerResult(TranslationResult):
    """The translators' result plus every layer's and head's attention (float64 arrays).

    Rows of ``decoder_attention`` and ``cross_attention`` are the steps that wrote
    ``target_tokens``; the keys of ``decoder_attention`` are ``decoder_inputs`` (<sos> and the
    words already written), so step t sees only inputs 0..t (the causal mask)."""

    encoder_attention: np.ndarray | None = None  # (L, H, S, S)
    decoder_attention: np.ndarray | None = None  # (L, H, T, T)
    cross_attention: np.ndarray | None = None  # (L, H, T, S)
    decoder_inputs: list[str] = field(default_factory=list)
    positions: bool = True


@dataclass
class MaskResult:
    tokens: list[str]  # the source tokens with MASK_TOKEN at ``index``
    index: int
    candidates: list[tuple[str, float]]  # top-k (word, probability), best first
    attention: np.ndarray  # (L, H, S, S) encoder self-attention of the masked sentence


class TransformerTranslator:
    """A trained ``Transformer`` plus its vocabularies; read-only (shared across sessions)."""

    def __init__(self, payload: dict):
        config = dict(payload["config"])
        self.corpus = config.pop("corpus")
        self.src_itos = list(config.pop("src_vocab_tokens"))
        self.tgt_itos = list(config.pop("tgt_vocab_tokens"))
        self.cfg = TransformerConfig(**config)
        self.model = Transformer(self.cfg).eval().requires_grad_(False)  # read-only, shared
        self.model.load_state_dict({k: v.float() for k, v in payload["state_dict"].items()})
        self.metrics = dict(payload.get("metrics", {}))
        self.src_stoi, self.tgt_stoi = index(self.src_itos), index(self.tgt_itos)
        self.known = self.src_itos[len(SPECIALS) :]

    @property
    def is_chars(self) -> bool:
        return self.corpus == "dates"

    def join(self, tokens: list[str]) -> str:
        return "".join(tokens) if self.is_chars else " ".join(tokens)

    # input ------------------------------------------------------------------------------------
    def tokens(self, text: str, allow_mask: bool = False) -> list[str]:
        """Tokenise like the training data; raise ``InputError`` for empty, too long or unknown
        input (keys ``transformer.err_*``; the page escapes the user's words it shows)."""
        if not isinstance(text, str) or not text.strip():
            raise InputError("transformer.err_empty")
        if len(text) > MAX_INPUT_CHARS:
            raise InputError("transformer.err_too_long", n=len(text.split()), limit=MAX_INPUT_CHARS)
        if allow_mask:
            text = text.replace(MASK_TOKEN, " maskplaceholder ")
        tokens = tokenize(text, self.corpus)
        if allow_mask:
            tokens = [MASK_TOKEN if w == "maskplaceholder" else w for w in tokens]
        if not tokens:
            raise InputError("transformer.err_empty")
        limit = MAX_SOURCE_TOKENS[self.corpus]
        if len(tokens) > limit:
            raise InputError("transformer.err_too_long", n=len(tokens), limit=limit)
        unknown = [w for w in dict.fromkeys(tokens) if w not in self.src_stoi]
        if unknown:
            if self.is_chars:
                chars = " ".join(repr(c) for c in unknown)
                raise InputError("transformer.err_unknown_chars", chars=chars)
            hints = "; ".join(f"{w} → {', '.join(self.suggest(w)) or '—'}" for w in unknown[:5])
            raise InputError(
                "transformer.err_unknown_words", words=", ".join(unknown[:8]), hints=hints
            )
        return tokens

    def suggest(self, word: str, n: int = 3) -> list[str]:
        return difflib.get_close_matches(word, self.known, n=n, cutoff=0.5)

    def ids(self, tokens: list[str]) -> torch.Tensor:
        return torch.tensor([[self.src_stoi.get(w, UNK) for w in tokens]])

    def max_len(self, n_source: int) -> int:
        return 12 if self.is_chars else 2 * n_source + 5

    def _words(self, ids: list[int]) -> list[str]:
        out = []
        for i in ids:
            if i == EOS:
                break
            out.append(self.tgt_itos[i])
        return out

    # translation ------------------------------------------------------------------------------
    def translate(self, text: str, beam: int = 1, positions: bool = True) -> TransformerResult:
        """Translate ``text`` (greedy, or beam search with ``beam`` > 1: every hypothesis, best
        first, in ``.hypotheses``). ``positions=False`` runs the encoder without its positional
        encoding (the what-if)."""
        source = self.tokens(text)
        src = self.ids(source)
        if beam <= 1:
            out = self.model.greedy(src, self.max_len(len(source)), positions)
            return self.inspect(source, self._words(out[0].tolist()), positions)
        hypotheses = []
        for toks, logprob in self.model.beam(src, beam, self.max_len(len(source)), positions):
            words = [self.tgt_itos[i] for i in toks]
            attention = self.inspect(source, words, positions).attention
            score = logprob / (len(toks) + 1)  # what the beam ranks by
            hypotheses.append(Hypothesis(words, score, logprob, attention, self.is_chars))
        best = self.inspect(source, hypotheses[0].target_tokens, positions)
        best.score, best.hypotheses = hypotheses[0].score, hypotheses
        return best

    @torch.no_grad()
    def inspect(
        self,
        source: list[str],
        target: list[str],
        positions: bool = True,
    ) -> TransformerResult:
        """Every attention map of the model reading ``source`` and writing ``target`` (teacher
        forcing the given words: the same numbers greedy decoding produced step by step)."""
        src = self.ids(source)
        tgt_in = torch.tensor([[1] + [self.tgt_stoi.get(w, UNK) for w in target]])  # <sos> first
        memory, enc_w = self.model.encode(src, positions)
        _, self_w, cross_w = self.model.decode(tgt_in, memory, src)
        T = len(target)
        enc = torch.stack([w[0] for w in enc_w]).double().numpy()  # (L, H, S, S)
        dec = torch.stack([w[0, :, :T, :T] for w in self_w]).double().numpy()  # (L, H, T, T)
        cross = torch.stack([w[0, :, :T] for w in cross_w]).double().numpy()  # (L, H, T, S)
        return TransformerResult(
            source_tokens=list(source),
            target_tokens=list(target),
            attention=cross[-1].mean(axis=0),
            score=0.0,
            hypotheses=[],
            is_chars=self.is_chars,
            encoder_attention=enc,
            decoder_attention=dec,
            cross_attention=cross,
            decoder_inputs=["<sos>", *target[:-1]] if T else [],
            positions=positions,
        )

    @torch.no_grad()
    def translate_batch(self, sources: list[str], positions: bool = True) -> list[list[str]]:
        """Greedy translations of many sentences at once (for evaluation)."""
        toks = [tokenize(s, self.corpus) for s in sources]
        width = max(len(t) for t in toks)
        src = torch.full((len(toks), width), PAD, dtype=torch.long)
        for i, t in enumerate(toks):
            src[i, : len(t)] = torch.tensor([self.src_stoi.get(w, UNK) for w in t])
        out = self.model.greedy(src, self.max_len(width), positions)
        return [self._words(row) for row in out.tolist()]

    @torch.no_grad()
    def encode(self, tokens: list[str], positions: bool = True) -> np.ndarray:
        """The encoder's output vectors (S, C) for ``tokens``."""
        memory, _ = self.model.encode(self.ids(tokens), positions)
        return memory[0].double().numpy()

    # masked language model ----------------------------------------------------------------------
    @torch.no_grad()
    def fill_mask(self, tokens: list[str], index: int, k: int = 5) -> MaskResult:
        """Hide ``tokens[index]`` behind <mask> and ask the encoder's masked-LM head for it."""
        if not 0 <= index < len(tokens):
            raise InputError("transformer.err_mask_index", index=index, n=len(tokens))
        masked = list(tokens)
        masked[index] = MASK_TOKEN
        src = self.ids(masked)
        memory, enc_w = self.model.encode(src)
        logits = self.model.mlm_logits(memory)[0, index]  # (V_src,)
        logits[: len(SPECIALS)] = float("-inf")  # only real words are answers
        probs = torch.softmax(logits, dim=-1)
        top = probs.topk(k)
        return MaskResult(
            tokens=masked,
            index=index,
            candidates=[
                (self.src_itos[i], float(p))
                for i, p in zip(top.indices.tolist(), top.values.tolist(), strict=True)
            ],
            attention=torch.stack([w[0] for w in enc_w]).double().numpy(),
        )


@cache
def load_transformer(corpus: str = "en-ko") -> TransformerTranslator:
    """The shipped Transformer translator for ``corpus`` ("en-ko" or "dates")."""
    if corpus not in CORPORA:
        raise InputError("transformer.err_corpus", corpus=corpus)
    path = checkpoint_path(corpus)
    if not path.exists():
        raise InputError("transformer.err_no_checkpoint", name=path.name)
    return TransformerTranslator(load_checkpoint(path))


def examples(corpus: str, seed: int, n: int = 8) -> list[str]:
    """Held-out example sources (seed folded below TRAIN_SEED_BASE), shortest first."""
    pairs = make_pairs(corpus, n, seed % TRAIN_SEED_BASE)
    return sorted({s for s, _ in pairs}, key=lambda s: (len(s.split()), s))
