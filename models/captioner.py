"""Show, Attend and Tell (Xu et al., 2015) in miniature: a CNN encoder and an LSTM decoder with
soft additive attention over the encoder's feature grid.

    a_i         CNN feature of grid cell i                         (L = gh * gw cells, D dims)
    e_ti      = w^T tanh(W_a a_i + U_a h_{t-1} + b)                 additive attention score
    alpha_t   = softmax_i(e_ti)                                     where to look for word t
    beta_t    = sigmoid(f_beta(h_{t-1}))                            gating scalar: how much to look
    z_t       = beta_t * sum_i alpha_ti a_i                         context vector
    h_t, c_t  = LSTM([E y_{t-1}; z_t], (h_{t-1}, c_{t-1}))
    p(y_t)    = softmax(L_o(E y_{t-1} + L_h h_t + L_z z_t))         "deep output" layer

Doubly stochastic regularisation (optional): lambda * sum_i (1 - sum_t alpha_ti)^2. Every step's
alpha sums to 1, so a caption of n steps hands out n units over the L cells; with n < L (about 10
steps, 64 cells here) no cell can reach 1, and the term is smallest for uniform coverage n / L:
it pushes attention to spread evenly over the image.

Decoding is greedy or beam search; both keep alpha_t and beta_t of every emitted word. An
attention *override* replaces alpha_t of one step by a map the user chose.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

PAD, SOS, EOS = "<pad>", "<sos>", "<eos>"


@dataclass
class CaptionerConfig:
    words: list[str] = field(default_factory=list)  # caption vocabulary, without specials
    image_size: int = 64  # input images are (image_size, image_size, 3)
    channels: int = 48  # CNN width
    feature_dim: int = 64  # D: one feature vector per grid cell
    embedding_dim: int = 48  # word embedding size, also the deep-output size
    hidden_size: int = 160  # LSTM state size
    attn_dim: int = 64  # size of the additive attention's hidden layer
    doubly_stochastic: float = 0.0  # lambda of the regulariser (0 = off)
    max_len: int = 20  # longest caption decoded, in words

    @property
    def vocab(self) -> list[str]:
        return [PAD, SOS, EOS, *self.words]

    def to_dict(self) -> dict:
        return asdict(self)


class Encoder(nn.Module):
    """(B, 3, S, S) image in [0, 1] -> (B, gh*gw, D) features, gh = gw = S / 8.

    Three stride-2 convolutions shrink 64 px to an 8 x 8 grid; two channels holding each cell's
    (x, y) position are appended before the last 1x1 projection, so a feature also says *where*
    it is (needed for "left of" / "above").
    """

    def __init__(self, cfg: CaptionerConfig):
        super().__init__()
        C = cfg.channels

        def block(c_in, c_out, stride):
            return [nn.Conv2d(c_in, c_out, 3, stride, 1), nn.BatchNorm2d(c_out), nn.ReLU()]

        self.convs = nn.Sequential(
            *block(3, C // 2, 1),
            *block(C // 2, C, 2),  # S/2
            *block(C, C, 2),  # S/4
            *block(C, C, 2),  # S/8
            *block(C, C, 1),
        )
        self.project = nn.Conv2d(C + 2, cfg.feature_dim, 1)
        self.stride = math.prod(m.stride[0] for m in self.convs if isinstance(m, nn.Conv2d))

    def forward(self, images: torch.Tensor) -> tuple[torch.Tensor, tuple[int, int]]:
        f = self.convs(images - 0.5)  # (B, C, gh, gw)
        B, _, gh, gw = f.shape
        ys = torch.linspace(-1, 1, gh).view(1, 1, gh, 1).expand(B, 1, gh, gw)
        xs = torch.linspace(-1, 1, gw).view(1, 1, 1, gw).expand(B, 1, gh, gw)
        a = self.project(torch.cat([f, xs, ys], dim=1))  # (B, D, gh, gw)
        return a.flatten(2).transpose(1, 2), (gh, gw)  # (B, L, D)


@dataclass
class StepOutput:
    logits: torch.Tensor  # (B, V)
    h: torch.Tensor  # (B, H)
    c: torch.Tensor  # (B, H)
    alpha: torch.Tensor  # (B, L)
    beta: torch.Tensor  # (B, 1)


class Captioner(nn.Module):
    def __init__(self, cfg: CaptionerConfig):
        super().__init__()
        self.cfg = cfg
        V, D, E, H, A = (
            len(cfg.vocab),
            cfg.feature_dim,
            cfg.embedding_dim,
            cfg.hidden_size,
            cfg.attn_dim,
        )
        self.stoi = {w: i for i, w in enumerate(cfg.vocab)}
        self.encoder = Encoder(cfg)
        self.init_h = nn.Linear(D, H)
        self.init_c = nn.Linear(D, H)
        self.W_a = nn.Linear(D, A, bias=False)
        self.U_a = nn.Linear(H, A)
        self.w = nn.Linear(A, 1, bias=False)
        self.f_beta = nn.Linear(H, 1)
        self.embed = nn.Embedding(V, E)
        self.lstm = nn.LSTMCell(E + D, H)
        self.L_h = nn.Linear(H, E)
        self.L_z = nn.Linear(D, E)
        self.L_o = nn.Linear(E, V)

    @property
    def grid(self) -> tuple[int, int]:
        """(gh, gw): the attention grid, one cell per encoder feature vector."""
        side = self.cfg.image_size // self.encoder.stride
        return side, side

    # -- pieces -----------------------------------------------------------------------------
    def encode(self, images: torch.Tensor):
        """images (B, S, S, 3) float in [0, 1] -> a (B, L, D), W_a a (B, L, A), h0, c0, grid."""
        a, grid = self.encoder(images.permute(0, 3, 1, 2))
        mean = a.mean(dim=1)  # (B, D)
        return a, self.W_a(a), torch.tanh(self.init_h(mean)), torch.tanh(self.init_c(mean)), grid

    def attend(self, Wa_a: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
        """alpha_t (B, L) from the precomputed W_a a (B, L, A) and h_{t-1} (B, H)."""
        e = self.w(torch.tanh(Wa_a + self.U_a(h).unsqueeze(1))).squeeze(-1)  # (B, L)
        return F.softmax(e, dim=-1)

    def step(self, y_prev, h, c, a, Wa_a, alpha_override: torch.Tensor | None = None) -> StepOutput:
        """One word. y_prev (B,) token ids; h, c (B, H); a (B, L, D).

        ``alpha_override`` (B, L), rows summing to 1, replaces the model's own alpha_t.
        """
        alpha = self.attend(Wa_a, h) if alpha_override is None else alpha_override
        beta = torch.sigmoid(self.f_beta(h))  # (B, 1)
        z = beta * torch.bmm(alpha.unsqueeze(1), a).squeeze(1)  # (B, D)
        Ey = self.embed(y_prev)  # (B, E)
        h, c = self.lstm(torch.cat([Ey, z], dim=-1), (h, c))
        logits = self.L_o(Ey + self.L_h(h) + self.L_z(z))  # (B, V)
        return StepOutput(logits, h, c, alpha, beta)

    # -- training ---------------------------------------------------------------------------
    def forward(self, images: torch.Tensor, tokens: torch.Tensor):
        """Teacher forcing. tokens (B, T+1) = <sos> w_1 .. w_n <eos> <pad>...

        Returns logits (B, T, V) predicting tokens[:, 1:], and alphas (B, T, L).
        """
        a, Wa_a, h, c, _ = self.encode(images)
        logits, alphas = [], []
        for t in range(tokens.shape[1] - 1):
            out = self.step(tokens[:, t], h, c, a, Wa_a)
            h, c = out.h, out.c
            logits.append(out.logits)
            alphas.append(out.alpha)
        return torch.stack(logits, 1), torch.stack(alphas, 1)

    def loss(self, images: torch.Tensor, tokens: torch.Tensor) -> tuple[torch.Tensor, dict]:
        logits, alphas = self(images, tokens)
        target = tokens[:, 1:]  # (B, T)
        mask = (target != self.stoi[PAD]).float()  # (B, T): real words and <eos>
        nll = F.cross_entropy(logits.transpose(1, 2), target, reduction="none")
        ce = (nll * mask).sum() / mask.sum()
        # doubly stochastic: (1 - each cell's attention summed over the caption)^2, summed
        coverage = (alphas * mask.unsqueeze(-1)).sum(dim=1)  # (B, L)
        ds = ((1.0 - coverage) ** 2).sum(dim=1).mean()
        total = ce + self.cfg.doubly_stochastic * ds
        return total, {"ce": ce.item(), "ds": ds.item()}

    # -- decoding ---------------------------------------------------------------------------
    @torch.no_grad()
    def greedy(self, images: torch.Tensor, max_len: int | None = None):
        """Batch greedy decoding. Returns token ids (B, T), probs (B, T), alphas (B, T, L),
        betas (B, T), top-k (probs, ids) (B, T, k) and the grid; rows after <eos> are padding."""
        max_len = max_len or self.cfg.max_len
        a, Wa_a, h, c, grid = self.encode(images)
        B = images.shape[0]
        y = torch.full((B,), self.stoi[SOS], dtype=torch.long)
        ids, probs, alphas, betas, tops = [], [], [], [], []
        done = torch.zeros(B, dtype=torch.bool)
        for _ in range(max_len + 1):
            out = self.step(y, h, c, a, Wa_a)
            h, c = out.h, out.c
            p = F.softmax(out.logits, dim=-1)
            top = p.topk(min(5, p.shape[1]), dim=-1)
            y = top.indices[:, 0]
            y = torch.where(done, torch.full_like(y, self.stoi[PAD]), y)
            ids.append(y)
            probs.append(top.values[:, 0])
            alphas.append(out.alpha)
            betas.append(out.beta.squeeze(-1))
            tops.append((top.values, top.indices))
            done = done | (y == self.stoi[EOS])
            if bool(done.all()):
                break
        return (
            torch.stack(ids, 1),
            torch.stack(probs, 1),
            torch.stack(alphas, 1),
            torch.stack(betas, 1),
            (torch.stack([t[0] for t in tops], 1), torch.stack([t[1] for t in tops], 1)),
            grid,
        )

    @torch.no_grad()
    def beam(self, image: torch.Tensor, width: int = 3, max_len: int | None = None):
        """Beam search for one image (1, S, S, 3). Returns the best hypothesis as lists:
        ids, step probabilities, alphas (T, L), betas, top-k per step, and the grid."""
        max_len = max_len or self.cfg.max_len
        a, Wa_a, h, c, grid = self.encode(image)
        eos = self.stoi[EOS]
        # a hypothesis: (log prob, ids, probs, alphas, betas, tops, h, c)
        beams = [(0.0, [self.stoi[SOS]], [], [], [], [], h, c)]
        finished = []
        for _ in range(max_len + 1):
            candidates = []
            for logp, ids, probs, als, bes, tops, h, c in beams:
                y = torch.tensor([ids[-1]])
                out = self.step(y, h, c, a, Wa_a)
                p = F.softmax(out.logits, dim=-1)[0]
                top = p.topk(min(5, p.shape[0]))
                for k in range(width):
                    idx, pk = int(top.indices[k]), float(top.values[k])
                    candidates.append(
                        (
                            logp + float(torch.log(top.values[k])),
                            ids + [idx],
                            probs + [pk],
                            als + [out.alpha[0]],
                            bes + [float(out.beta[0, 0])],
                            tops + [(top.values, top.indices)],
                            out.h,
                            out.c,
                        )
                    )
            candidates.sort(key=lambda hyp: hyp[0], reverse=True)
            beams = []
            for hyp in candidates[:width]:
                (finished if hyp[1][-1] == eos else beams).append(hyp)
            if not beams or (finished and max(f[0] for f in finished) > beams[0][0]):
                break
        best = max(finished or beams, key=lambda hyp: hyp[0])
        _, ids, probs, als, bes, tops, _, _ = best
        return ids[1:], probs, torch.stack(als), bes, tops, grid

    @torch.no_grad()
    def next_word(self, image: torch.Tensor, prefix: list[int], alpha_override=None):
        """Teacher-force ``prefix`` (token ids after <sos>), then predict the next word, with the
        model's own attention or with ``alpha_override`` (L,). Returns (probs (V,), alpha (L,))."""
        a, Wa_a, h, c, _ = self.encode(image)
        y = torch.tensor([self.stoi[SOS]])
        for token in prefix:
            out = self.step(y, h, c, a, Wa_a)
            h, c, y = out.h, out.c, torch.tensor([token])
        override = None if alpha_override is None else alpha_override.view(1, -1)
        out = self.step(y, h, c, a, Wa_a, alpha_override=override)
        return F.softmax(out.logits, dim=-1)[0], out.alpha[0]
