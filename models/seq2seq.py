"""Encoder-decoder translator with optional attention, written as the equations on screen.

Encoder: embedding + bidirectional GRU (or LSTM) over the source x_1..x_S gives annotations
h_j = [h_j(fwd); h_j(bwd)] and a final summary h_S (both directions' last states).

Decoder (Bahdanau et al. 2015 ordering, for every attention kind), at target step t:

    e_tj    = score(s_{t-1}, h_j)                    # one number per source position j
    alpha_t = softmax_j(e_tj),  padding masked       # attention weights, sum to 1
    c_t     = sum_j alpha_tj h_j                     # context vector
    s_t     = GRU([E y_{t-1}; c_t], s_{t-1})
    p(y_t)  = softmax(E^T tanh(W_o [s_t; c_t; E y_{t-1}]) + b)   # output tied to the embedding

score, always of the previous decoder state s_{t-1} (before the GRU step, Bahdanau's ordering):
        additive  Bahdanau et al. 2015: v^T tanh(W_s s_{t-1} + W_h h_j)
        dot       Luong et al. 2015's dot score on s_{t-1}: s_{t-1}^T h_j
        general   Luong et al. 2015's general score on s_{t-1}: s_{t-1}^T W h_j
        (Luong's own decoder scores the *current* state s_t after its RNN step and feeds c_t to
        the output layer; here only his score functions are used, inside the decoder above.)
        none      the classic encoder-decoder (Cho/Sutskever 2014): c_t = h_S for every t,
                  so the whole sentence has to pass through one fixed vector.

Decoding: batched greedy (with optional forced attention: a one-hot "what-if" at one step, or
uniform attention everywhere as a sanity baseline) and beam search that keeps each hypothesis'
attention rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

PAD, SOS, EOS, UNK = 0, 1, 2, 3
SPECIALS = ["<pad>", "<sos>", "<eos>", "<unk>"]
ATTENTIONS = ("none", "additive", "dot", "general")


@dataclass
class Seq2SeqConfig:
    src_vocab: int
    tgt_vocab: int
    embedding_dim: int = 64  # embedding size (source and target)
    hidden_size: int = 128  # decoder state = encoder annotation size (half per direction)
    cell: str = "gru"  # "gru" or "lstm"
    attention: str = "additive"  # one of ATTENTIONS

    def to_dict(self) -> dict:
        return asdict(self)


class Encoder(nn.Module):
    def __init__(self, cfg: Seq2SeqConfig):
        super().__init__()
        self.embed = nn.Embedding(cfg.src_vocab, cfg.embedding_dim, padding_idx=PAD)
        rnn = nn.GRU if cfg.cell == "gru" else nn.LSTM
        self.rnn = rnn(
            cfg.embedding_dim, cfg.hidden_size // 2, batch_first=True, bidirectional=True
        )

    def forward(self, src: torch.Tensor, lengths: torch.Tensor):
        """src (B, S) token ids, lengths (B,) -> annotations H (B, S, hidden), summary (B, hidden)."""
        S = src.shape[1]
        x = self.embed(src)  # (B, S, emb)
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, state = self.rnn(packed)  # packing: the backward direction starts at each real end
        H, _ = pad_packed_sequence(out, batch_first=True, total_length=S)  # (B, S, hidden)
        h_n = state[0] if isinstance(state, tuple) else state  # (2, B, hidden/2)
        summary = torch.cat([h_n[0], h_n[1]], dim=-1)  # (B, hidden): fwd end + bwd end
        return H, summary


class Attention(nn.Module):
    """score(s, h_j) for every source position, masked softmax, context."""

    def __init__(self, kind: str, hidden: int):
        super().__init__()
        self.kind = kind
        if kind == "additive":
            self.W_s = nn.Linear(hidden, hidden, bias=False)
            self.W_h = nn.Linear(hidden, hidden)
            self.v = nn.Linear(hidden, 1, bias=False)
        elif kind == "general":
            self.W = nn.Linear(hidden, hidden, bias=False)

    def keys(self, H: torch.Tensor) -> torch.Tensor:
        """The part of the score that depends only on the source, computed once. (B, S, hidden)."""
        if self.kind == "additive":
            return self.W_h(H)
        if self.kind == "general":
            return self.W(H)
        return H

    def scores(self, s: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """s (B, hidden), keys (B, S, hidden) -> e (B, S)."""
        if self.kind == "additive":
            return self.v(torch.tanh(self.W_s(s)[:, None, :] + keys)).squeeze(-1)
        return torch.bmm(keys, s[:, :, None]).squeeze(-1)  # dot and general: s^T (W) h_j

    def forward(self, s, H, keys, mask):
        e = self.scores(s, keys).masked_fill(~mask, float("-inf"))  # padding gets exactly 0
        alpha = torch.softmax(e, dim=-1)  # (B, S)
        context = torch.bmm(alpha[:, None, :], H).squeeze(1)  # (B, hidden)
        return context, alpha


class Seq2Seq(nn.Module):
    def __init__(self, cfg: Seq2SeqConfig):
        super().__init__()
        if cfg.attention not in ATTENTIONS:
            raise ValueError(f"attention must be one of {ATTENTIONS}, not {cfg.attention!r}")
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.embed = nn.Embedding(cfg.tgt_vocab, cfg.embedding_dim, padding_idx=PAD)
        self.init = nn.Linear(cfg.hidden_size, cfg.hidden_size)  # s_0 = tanh(W_init h_S)
        cell = nn.GRUCell if cfg.cell == "gru" else nn.LSTMCell
        self.cell = cell(cfg.embedding_dim + cfg.hidden_size, cfg.hidden_size)
        self.attention = (
            Attention(cfg.attention, cfg.hidden_size) if cfg.attention != "none" else None
        )
        self.W_o = nn.Linear(2 * cfg.hidden_size + cfg.embedding_dim, cfg.embedding_dim)
        self.out_bias = nn.Parameter(torch.zeros(cfg.tgt_vocab))

    # --- pieces ---------------------------------------------------------------------------
    def encode(self, src, lengths):
        H, summary = self.encoder(src, lengths)
        mask = torch.arange(src.shape[1])[None, :] < lengths[:, None]  # (B, S) True on real tokens
        keys = self.attention.keys(H) if self.attention is not None else None
        s0 = torch.tanh(self.init(summary))  # (B, hidden)
        state = s0 if self.cfg.cell == "gru" else (s0, torch.zeros_like(s0))
        return {"H": H, "summary": summary, "mask": mask, "keys": keys}, state

    def step(self, y_prev, state, enc, force: torch.Tensor | None = None):
        """One decoder step. y_prev (B,), state -> (log p (B, V), new state, alpha (B, S) or None).

        ``force`` (B, S) replaces the computed attention weights (a what-if); rows must sum to 1.
        """
        s_prev = state[0] if isinstance(state, tuple) else state  # (B, hidden)
        if self.attention is None:
            context, alpha = enc["summary"], None
        else:
            context, alpha = self.attention(s_prev, enc["H"], enc["keys"], enc["mask"])
            if force is not None:
                alpha = force
                context = torch.bmm(alpha[:, None, :], enc["H"]).squeeze(1)
        emb = self.embed(y_prev)  # (B, emb)
        state = self.cell(torch.cat([emb, context], dim=-1), state)
        s_t = state[0] if isinstance(state, tuple) else state
        o = torch.tanh(self.W_o(torch.cat([s_t, context, emb], dim=-1)))  # (B, emb)
        logits = F.linear(o, self.embed.weight, self.out_bias)  # (B, V), tied output layer
        return torch.log_softmax(logits, dim=-1), state, alpha

    # --- training -------------------------------------------------------------------------
    def forward(self, src, lengths, tgt_in):
        """Teacher forcing. tgt_in (B, T) starts with <sos> -> log-probs (B, T, V), attn (B, T, S)."""
        enc, state = self.encode(src, lengths)
        logps, alphas = [], []
        for t in range(tgt_in.shape[1]):
            logp, state, alpha = self.step(tgt_in[:, t], state, enc)
            logps.append(logp)
            alphas.append(alpha)
        attn = torch.stack(alphas, 1) if self.attention is not None else None
        return torch.stack(logps, 1), attn

    # --- decoding -------------------------------------------------------------------------
    @torch.no_grad()
    def greedy(
        self, src, lengths, max_len: int, override: tuple[int, int] | None = None, uniform=False
    ):
        """Batched greedy decoding -> tokens (B, T) (EOS-padded), attention (B, T, S) or None.

        override=(t, j): at target step t every sentence attends only to source position j.
        uniform=True: every step attends uniformly to the real source tokens (sanity baseline).
        """
        enc, state = self.encode(src, lengths)
        B = src.shape[0]
        y = torch.full((B,), SOS, dtype=torch.long)
        done = torch.zeros(B, dtype=torch.bool)
        tokens, alphas = [], []
        uniform_rows = enc["mask"].float() / lengths[:, None].float()
        for t in range(max_len):
            force = None
            if uniform and self.attention is not None:
                force = uniform_rows
            if override is not None and override[0] == t and self.attention is not None:
                force = F.one_hot(torch.full((B,), override[1]), src.shape[1]).float()
            logp, state, alpha = self.step(y, state, enc, force)
            y = logp.argmax(-1).masked_fill(done, EOS)
            tokens.append(y)
            alphas.append(alpha)
            done |= y == EOS
            if done.all():
                break
        attn = torch.stack(alphas, 1) if self.attention is not None else None
        return torch.stack(tokens, 1), attn

    @torch.no_grad()
    def beam(self, src, length: int, width: int, max_len: int, length_penalty: float = 1.0):
        """Beam search for one sentence (src (1, S)). Returns hypotheses best first, each a dict
        {"tokens": list[int] (no SOS/EOS), "score": sum log p / len**length_penalty,
         "logprob": sum log p, "attention": (len(tokens)+1, S) rows incl. the EOS step, or None}."""
        enc, state = self.encode(src, torch.tensor([length]))
        beams = [([], 0.0, [], state)]  # (tokens, logprob, attention rows, state)
        finished = []
        for _ in range(max_len):
            k = len(beams)
            y = torch.tensor([b[0][-1] if b[0] else SOS for b in beams])
            if isinstance(state, tuple):
                st = (torch.cat([b[3][0] for b in beams]), torch.cat([b[3][1] for b in beams]))
            else:
                st = torch.cat([b[3] for b in beams])
            batch_enc = {
                n: (v.expand(k, *v.shape[1:]) if v is not None else None) for n, v in enc.items()
            }
            logp, new_state, alpha = self.step(y, st, batch_enc)
            total = torch.tensor([b[1] for b in beams])[:, None] + logp  # (k, V)
            top = total.flatten().topk(min(width * 2, total.numel()))
            candidates = []
            for score, flat in zip(top.values.tolist(), top.indices.tolist(), strict=True):
                i, token = divmod(flat, logp.shape[1])
                rows = beams[i][2] + ([alpha[i]] if alpha is not None else [])
                one = (
                    (new_state[0][i : i + 1], new_state[1][i : i + 1])
                    if isinstance(new_state, tuple)
                    else new_state[i : i + 1]
                )
                if token == EOS:
                    finished.append((beams[i][0], score, rows))
                else:
                    candidates.append((beams[i][0] + [token], score, rows, one))
                if len(candidates) == width:
                    break
            beams = candidates
            if len(finished) >= width or not beams:
                break
            best_open = max(b[1] for b in beams)
            if finished and len(finished) >= width and best_open < min(f[1] for f in finished):
                break
        if not finished:  # nothing reached EOS within max_len: keep the open beams
            finished = [(b[0], b[1], b[2]) for b in beams]

        def normalised(item):
            return item[1] / max(1, len(item[0]) + 1) ** length_penalty

        hyps = []
        for tokens, logprob, rows in sorted(finished, key=normalised, reverse=True)[:width]:
            attn = torch.stack(rows) if rows else None
            hyps.append(
                {
                    "tokens": tokens,
                    "score": normalised((tokens, logprob)),
                    "logprob": logprob,
                    "attention": attn,
                }
            )
        return hyps
