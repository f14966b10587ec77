"""A small encoder-decoder Transformer (Vaswani et al. 2017), written out in the nanoGPT manner.

References: "Attention Is All You Need" (Vaswani et al., 2017) for the architecture; "BERT"
(Devlin et al., 2019) for the masked-language-model head on the encoder; karpathy/nanoGPT's
``model.py`` for the layout of this file (pre-LayerNorm blocks, explicit attention math).

Scaled dot-product attention, for every head h of every layer (the same three lines for the
encoder's self-attention, the decoder's masked self-attention and the cross-attention):

    Q = X W_q,  K = Z W_k,  V = Z W_v          # X: who asks (queries), Z: who is read (keys)
    A = softmax(Q K^T / sqrt(d_head) + M)      # M = -inf on masked cells (padding, the future)
    head_h = A V;   out = concat_h(head_h) W_o

Positions: **sinusoidal**, added to the embeddings (PE[p, 2i] = sin(p / 10000^(2i/d)),
PE[p, 2i+1] = cos(...)). Why not learned: (1) they have no parameters, so switching them off for
the "what-if" removes one fixed signal and nothing learned; (2) they exist for any length, so the
same model encodes the few-hundred-token synthetic inputs of the speed comparison without a
table that stops at the longest training sentence. ``positions=False`` runs the same weights
without them on the source side (the encoder): self-attention alone is permutation-equivariant,
so the encoder then returns the same set of vectors for any order of the English words. The
decoder keeps its positions (it writes one word after another either way).

Masked LM (BERT's idea): ``mlm_logits`` predicts the source tokens hidden behind ``<mask>`` from
the encoder's output; the head's output layer is tied to the source embedding. It trains jointly
with translation on the same English side.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

PAD, SOS, EOS, UNK, MASK = 0, 1, 2, 3, 4  # the first four as in models/seq2seq.py
SPECIALS = ["<pad>", "<sos>", "<eos>", "<unk>", "<mask>"]


@dataclass
class TransformerConfig:
    src_vocab: int
    tgt_vocab: int
    embedding_dim: int = 64  # d_model: embeddings, attention outputs and the residual stream
    num_heads: int = 4  # d_head = embedding_dim / num_heads
    num_layers: int = 2  # encoder layers = decoder layers
    hidden_size: int = 256  # width of each block's feed-forward network
    dropout: float = 0.0  # fresh training sentences every step: nothing to overfit

    def to_dict(self) -> dict:
        return asdict(self)


def sinusoidal_positions(length: int, dim: int) -> torch.Tensor:
    """PE (length, dim): sin on even, cos on odd channels, wavelengths 2π .. 10000·2π."""
    position = torch.arange(length, dtype=torch.float32)[:, None]  # (T, 1)
    rate = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))
    pe = torch.zeros(length, dim)
    pe[:, 0::2] = torch.sin(position * rate)
    pe[:, 1::2] = torch.cos(position * rate[: dim // 2])
    return pe


class MultiHeadAttention(nn.Module):
    """Scaled dot-product attention over ``num_heads`` heads, the math written out."""

    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        assert cfg.embedding_dim % cfg.num_heads == 0
        self.n_head = cfg.num_heads
        self.q = nn.Linear(cfg.embedding_dim, cfg.embedding_dim)
        self.k = nn.Linear(cfg.embedding_dim, cfg.embedding_dim)
        self.v = nn.Linear(cfg.embedding_dim, cfg.embedding_dim)
        self.proj = nn.Linear(cfg.embedding_dim, cfg.embedding_dim)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: torch.Tensor, z: torch.Tensor, mask: torch.Tensor):
        """x (B, T, C) queries, z (B, S, C) keys/values, mask (B or 1, 1, T or 1, S) True = may
        attend -> out (B, T, C), weights (B, nh, T, S) (each row sums to 1)."""
        B, T, C = x.shape
        S = z.shape[1]
        hs = C // self.n_head
        q = self.q(x).view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = self.k(z).view(B, S, self.n_head, hs).transpose(1, 2)  # (B, nh, S, hs)
        v = self.v(z).view(B, S, self.n_head, hs).transpose(1, 2)  # (B, nh, S, hs)
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))  # (B, nh, T, S)
        scores = scores.masked_fill(~mask, float("-inf"))
        weights = F.softmax(scores, dim=-1)  # (B, nh, T, S)
        y = self.dropout(weights) @ v  # (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # concatenate the heads
        return self.proj(y), weights


class FeedForward(nn.Module):
    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.fc = nn.Linear(cfg.embedding_dim, cfg.hidden_size)
        self.out = nn.Linear(cfg.hidden_size, cfg.embedding_dim)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x):
        return self.dropout(self.out(F.gelu(self.fc(x))))  # position-wise: each token alone


class EncoderBlock(nn.Module):
    """x = x + SelfAttention(LN(x)); x = x + FFN(LN(x))."""

    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.embedding_dim)
        self.attn = MultiHeadAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.embedding_dim)
        self.ffn = FeedForward(cfg)

    def forward(self, x, mask):
        h = self.ln_1(x)
        a, weights = self.attn(h, h, mask)
        x = x + a
        return x + self.ffn(self.ln_2(x)), weights


class DecoderBlock(nn.Module):
    """Masked self-attention (no peeking at later target words), cross-attention to the
    encoder's output, feed-forward; each with a pre-LayerNorm residual."""

    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.embedding_dim)
        self.self_attn = MultiHeadAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.embedding_dim)
        self.cross_attn = MultiHeadAttention(cfg)
        self.ln_3 = nn.LayerNorm(cfg.embedding_dim)
        self.ffn = FeedForward(cfg)

    def forward(self, y, memory, self_mask, cross_mask):
        h = self.ln_1(y)
        a, self_w = self.self_attn(h, h, self_mask)
        y = y + a
        a, cross_w = self.cross_attn(self.ln_2(y), memory, cross_mask)
        y = y + a
        return y + self.ffn(self.ln_3(y)), self_w, cross_w


class Transformer(nn.Module):
    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.cfg = cfg
        C = cfg.embedding_dim
        self.src_embed = nn.Embedding(cfg.src_vocab, C, padding_idx=PAD)
        self.tgt_embed = nn.Embedding(cfg.tgt_vocab, C, padding_idx=PAD)
        self.encoder = nn.ModuleList(EncoderBlock(cfg) for _ in range(cfg.num_layers))
        self.decoder = nn.ModuleList(DecoderBlock(cfg) for _ in range(cfg.num_layers))
        self.ln_enc = nn.LayerNorm(C)
        self.ln_dec = nn.LayerNorm(C)
        self.out_bias = nn.Parameter(torch.zeros(cfg.tgt_vocab))  # output tied to tgt_embed
        self.mlm_transform = nn.Linear(C, C)  # BERT's head: dense + GELU + LN, then tied
        self.mlm_ln = nn.LayerNorm(C)
        self.mlm_bias = nn.Parameter(torch.zeros(cfg.src_vocab))
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, std=0.02)
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, std=0.02)

    def _embed(self, embed: nn.Embedding, ids: torch.Tensor, positions: bool) -> torch.Tensor:
        x = embed(ids) * math.sqrt(self.cfg.embedding_dim)  # (B, T, C)
        if positions:
            x = x + sinusoidal_positions(ids.shape[1], self.cfg.embedding_dim)[None]
        return x

    # --- encoder ------------------------------------------------------------------------------
    def encode(self, src: torch.Tensor, positions: bool = True):
        """src (B, S) ids (PAD-padded) -> memory (B, S, C), [weights (B, nh, S, S) per layer]."""
        mask = (src != PAD)[:, None, None, :]  # (B, 1, 1, S): every query may read real tokens
        x = self._embed(self.src_embed, src, positions)
        weights = []
        for block in self.encoder:
            x, w = block(x, mask)
            weights.append(w)
        return self.ln_enc(x), weights

    def mlm_logits(self, memory: torch.Tensor) -> torch.Tensor:
        """memory (B, S, C) -> logits over the source vocabulary (B, S, V_src)."""
        h = self.mlm_ln(F.gelu(self.mlm_transform(memory)))
        return F.linear(h, self.src_embed.weight, self.mlm_bias)

    # --- decoder ------------------------------------------------------------------------------
    def decode(self, tgt_in: torch.Tensor, memory: torch.Tensor, src: torch.Tensor):
        """tgt_in (B, T) starting with <sos> -> logits (B, T, V_tgt), [self (B, nh, T, T)],
        [cross (B, nh, T, S)] per layer."""
        T = tgt_in.shape[1]
        causal = torch.tril(torch.ones(T, T, dtype=torch.bool))[None, None]  # (1, 1, T, T)
        cross_mask = (src != PAD)[:, None, None, :]  # (B, 1, 1, S)
        y = self._embed(self.tgt_embed, tgt_in, True)
        self_ws, cross_ws = [], []
        for block in self.decoder:
            y, sw, cw = block(y, memory, causal, cross_mask)
            self_ws.append(sw)
            cross_ws.append(cw)
        logits = F.linear(self.ln_dec(y), self.tgt_embed.weight, self.out_bias)  # (B, T, V)
        return logits, self_ws, cross_ws

    def forward(self, src, tgt_in, positions: bool = True):
        """Teacher forcing: logits (B, T, V_tgt) for the next target token at every step."""
        memory, _ = self.encode(src, positions)
        return self.decode(tgt_in, memory, src)[0]

    # --- decoding -----------------------------------------------------------------------------
    @torch.no_grad()
    def greedy(self, src: torch.Tensor, max_len: int, positions: bool = True) -> torch.Tensor:
        """Batched greedy decoding -> tokens (B, <= max_len), EOS-padded after each end."""
        memory, _ = self.encode(src, positions)
        B = src.shape[0]
        out = torch.full((B, 1), SOS, dtype=torch.long)
        done = torch.zeros(B, dtype=torch.bool)
        for _ in range(max_len):
            logits, _, _ = self.decode(out, memory, src)
            y = logits[:, -1].argmax(-1).masked_fill(done, EOS)  # (B,)
            out = torch.cat([out, y[:, None]], dim=1)
            done |= y == EOS
            if done.all():
                break
        return out[:, 1:]

    @torch.no_grad()
    def beam(self, src: torch.Tensor, width: int, max_len: int, positions: bool = True):
        """Beam search for one sentence (src (1, S)) -> [(tokens without SOS/EOS, sum log p)],
        best first by log p / (length + 1)."""
        memory, _ = self.encode(src, positions)
        beams, finished = [([], 0.0)], []
        for _ in range(max_len):
            k = len(beams)
            tgt = torch.tensor([[SOS, *b[0]] for b in beams])  # (k, t + 1)
            logits, _, _ = self.decode(tgt, memory.expand(k, -1, -1), src.expand(k, -1))
            logp = F.log_softmax(logits[:, -1], dim=-1)  # (k, V)
            total = torch.tensor([b[1] for b in beams])[:, None] + logp
            top = total.flatten().topk(min(2 * width, total.numel()))
            candidates = []
            for rank, (score, flat) in enumerate(
                zip(top.values.tolist(), top.indices.tolist(), strict=True)
            ):
                i, token = divmod(flat, logp.shape[1])
                if token == EOS:
                    if rank < width:  # an ending counts only if it made the top `width`
                        finished.append((beams[i][0], score))
                elif len(candidates) < width:
                    candidates.append((beams[i][0] + [token], score))
            beams = candidates
            if not beams:
                break
            kept = sorted(f[1] for f in finished)[-width:]
            if len(kept) >= width and max(b[1] for b in beams) < kept[0]:
                break  # log p only falls: no open beam can overtake the finished ones
        finished = finished or beams
        return sorted(finished, key=lambda h: h[1] / (len(h[0]) + 1), reverse=True)[:width]


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
