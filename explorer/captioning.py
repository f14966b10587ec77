"""Load, run and evaluate the shipped captioners (Show, Attend and Tell on our scenes).

    cap = load_captioner()                  # shipped checkpoint ("ds" = doubly stochastic)
    res = cap.caption(scene.image)          # res.words, res.attention (n_words, gh, gw), ...
    evaluate(cap, make_scenes(200, seed=...))

Two checkpoints ship: ``captioner-plain.pt`` (no regulariser) and ``captioner-ds.pt`` (trained
with the doubly stochastic attention regulariser); their training code is in
``explorer/pretrain/captioning.py`` (``python -m explorer.pretrain captioner-plain``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import numpy as np
import torch

from explorer.checkpoints import CHECKPOINT_DIR, config_from_dict, load_checkpoint
from explorer.data.scenes import IMAGE_SIZE, SHAPES, Scene, make_scenes
from explorer.errors import InputError
from models.captioner import EOS, PAD, SOS, Captioner, CaptionerConfig

__all__ = [
    "CaptionResult",
    "LoadedCaptioner",
    "attention_is_degenerate",
    "coverage_stats",
    "evaluate",
    "load_captioner",
    "make_scenes",
    "peak_on_object",
    "read_upload",
]

VARIANTS = {"plain": "captioner-plain.pt", "ds": "captioner-ds.pt"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_PIXELS = 4096 * 4096
EVAL_SEED = 2026_11_23  # fresh scenes for the stored metrics; training never uses make_scenes
PEAK_MARGIN = 1  # grid cells of slack around an object's box for "the peak lies on it"


@dataclass
class CaptionResult:
    words: list[str]  # the caption, without <sos>/<eos>
    attention: np.ndarray  # (n_words, gh, gw), each map sums to 1
    probs: list[float]  # p(word_t | image, words_<t) of each emitted word
    top: list[list[tuple[str, float]]]  # the 5 likeliest words at each step
    beta: list[float]  # the gating scalar at each step
    end_prob: float  # probability of <eos> after the last word

    @property
    def text(self) -> str:
        return " ".join(self.words)


class LoadedCaptioner:
    """A shipped or uploaded captioner, read-only (``eval()``; never trained in place)."""

    def __init__(self, model: Captioner, metrics: dict | None = None, name: str = ""):
        self.model = model.eval()
        self.metrics = dict(metrics or {})
        self.name = name
        self.vocab = model.cfg.vocab

    @property
    def grid(self) -> tuple[int, int]:
        """(gh, gw): the model's attention grid."""
        return self.model.grid

    def _tensor(self, images: np.ndarray) -> torch.Tensor:
        images = np.asarray(images)
        if images.ndim == 3:
            images = images[None]
        return torch.from_numpy(images.astype(np.float32) / 255.0)

    def _words(self, ids) -> list[str]:
        words = []
        for i in ids:
            if self.vocab[i] in (EOS, PAD):
                break
            words.append(self.vocab[i])
        return words

    def caption(self, image: np.ndarray, beam: int = 1) -> CaptionResult:
        """Caption one (S, S, 3) uint8 image, greedily (beam=1) or with beam search (2..5)."""
        gh, gw = self.grid
        x = self._tensor(image)
        if beam <= 1:
            ids, probs, alphas, betas, (tv, ti), _ = self.model.greedy(x)
            ids, probs, alphas, betas = (
                ids[0].tolist(),
                probs[0].tolist(),
                alphas[0],
                betas[0].tolist(),
            )
            tops = [(tv[0, t], ti[0, t]) for t in range(len(ids))]
        else:
            ids, probs, alphas, betas, tops, _ = self.model.beam(x, width=min(int(beam), 5))
        words = self._words(ids)
        n = len(words)
        top = [
            [(self.vocab[int(i)], float(v)) for v, i in zip(*tops[t], strict=True)]
            for t in range(n)
        ]
        if n < len(ids) and self.vocab[ids[n]] == EOS:
            end_prob = float(probs[n])
        else:
            end_prob = 0.0
        attention = alphas[:n].numpy().reshape(n, gh, gw).astype(np.float64)
        return CaptionResult(words, attention, list(probs[:n]), top, list(betas[:n]), end_prob)

    def caption_batch(self, images: np.ndarray) -> list[tuple[list[str], np.ndarray]]:
        """Greedy captions and attention maps for a batch (N, S, S, 3), for evaluation."""
        gh, gw = self.grid
        ids, _, alphas, _, _, _ = self.model.greedy(self._tensor(images))
        out = []
        for row, al in zip(ids.tolist(), alphas, strict=True):
            words = self._words(row)
            out.append((words, al[: len(words)].numpy().reshape(len(words), gh, gw)))
        return out

    def next_word(
        self, image: np.ndarray, prefix: list[str], region: tuple[int, int, int, int] | None
    ):
        """The next word after ``prefix`` when its attention is forced onto ``region``
        (row0, col0, row1, col1 inclusive grid cells; uniform inside), or the model's own if None.

        Returns (top 5 [(word, prob)], the attention map used (gh, gw)).
        """
        gh, gw = self.grid
        unknown = [w for w in prefix if w not in self.model.stoi or w in (PAD, SOS, EOS)]
        if unknown:
            raise InputError("captioning.unknown_word", word=unknown[0])
        override = None
        if region is not None:
            override = torch.from_numpy(region_map(region, (gh, gw)).reshape(-1)).float()
        ids = [self.model.stoi[w] for w in prefix]
        p, alpha = self.model.next_word(self._tensor(image), ids, override)
        top = p.topk(5)
        return (
            [(self.vocab[int(i)], float(v)) for v, i in zip(top.values, top.indices, strict=True)],
            alpha.numpy().reshape(gh, gw).astype(np.float64),
        )


def region_map(region: tuple[int, int, int, int], grid: tuple[int, int]) -> np.ndarray:
    """A (gh, gw) attention map, uniform over the inclusive cell rectangle ``region``."""
    gh, gw = grid
    r0, c0, r1, c1 = (int(v) for v in region)
    r0, r1 = sorted((max(0, min(gh - 1, r0)), max(0, min(gh - 1, r1))))
    c0, c1 = sorted((max(0, min(gw - 1, c0)), max(0, min(gw - 1, c1))))
    m = np.zeros((gh, gw))
    m[r0 : r1 + 1, c0 : c1 + 1] = 1.0
    return m / m.sum()


# -- checkpoints ------------------------------------------------------------------------------
def from_checkpoint(payload: dict, name: str) -> LoadedCaptioner:
    try:
        model = Captioner(config_from_dict(CaptionerConfig, payload["config"]))
        model.load_state_dict(payload["state_dict"])
    except (TypeError, ValueError, RuntimeError, KeyError) as error:
        raise InputError(
            "captioning.bad_checkpoint", detail=str(error).splitlines()[0][:120]
        ) from error
    return LoadedCaptioner(model, payload.get("metrics"), name)


@cache
def load_captioner(variant: str = "plain") -> LoadedCaptioner:
    """The shipped captioner: "plain" (default) or "ds" (doubly stochastic regulariser)."""
    if variant not in VARIANTS:
        raise InputError("captioning.unknown_variant", variant=variant)
    path = CHECKPOINT_DIR / VARIANTS[variant]
    return from_checkpoint(load_checkpoint(path), variant)


# -- uploads ----------------------------------------------------------------------------------
def read_upload(data: bytes, size: int = IMAGE_SIZE) -> np.ndarray:
    """Validate an uploaded PNG/JPEG and turn it into a (size, size, 3) uint8 image.

    The image is centre-cropped to a square and resized. Raises ``InputError`` for an empty,
    oversized or non-image file, or one with absurd pixel dimensions.
    """
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise InputError("upload.empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError("upload.too_big", limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    declared = header_size(data)
    if declared is not None and declared[0] * declared[1] > MAX_UPLOAD_PIXELS:
        raise InputError("captioning.image_too_large", limit=4096)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            if fmt not in ("PNG", "JPEG"):
                raise InputError("captioning.not_image")
            if width * height > MAX_UPLOAD_PIXELS or width < 1 or height < 1:
                raise InputError("captioning.image_too_large", limit=4096)
            probe.load()
            image = probe.convert("RGB")
    except InputError:
        raise
    except Image.DecompressionBombError as error:
        raise InputError("captioning.image_too_large", limit=4096) from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise InputError("captioning.not_image") from error
    side = min(image.size)
    left, top = (image.size[0] - side) // 2, (image.size[1] - side) // 2
    image = image.crop((left, top, left + side, top + side)).resize((size, size), Image.BILINEAR)
    return np.asarray(image, dtype=np.uint8)


def header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) declared in a PNG or JPEG header, read without decoding; None if the bytes
    carry no such header (the decoder then decides)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 <= len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            height, width = (int.from_bytes(data[i + k : i + k + 2], "big") for k in (5, 7))
            return width, height
        i += 2 + length
    return None


# -- analysis ---------------------------------------------------------------------------------
def peak_on_object(
    att: np.ndarray, box: tuple[int, int, int, int], margin: int = PEAK_MARGIN
) -> bool:
    """Whether the peak cell of ``att`` (gh, gw) lies on the object with pixel ``box``.

    "On" means the peak cell's centre falls inside the box grown by ``margin`` grid cells on
    every side (one cell = 8 px). The margin forgives a peak in the cell next to a small shape.
    """
    gh, gw = att.shape
    cell_h, cell_w = IMAGE_SIZE / gh, IMAGE_SIZE / gw
    r, c = np.unravel_index(int(np.argmax(att)), att.shape)
    cy, cx = (r + 0.5) * cell_h, (c + 0.5) * cell_w
    x0, y0, x1, y1 = box
    return (x0 - margin * cell_w <= cx <= x1 + 1 + margin * cell_w) and (
        y0 - margin * cell_h <= cy <= y1 + 1 + margin * cell_h
    )


def attention_is_degenerate(
    attention: np.ndarray, words: list[str] | None = None, threshold: float = 0.15
) -> bool:
    """True when all words look at (nearly) the same place: the largest total-variation distance
    between any word's map and the mean map is below ``threshold`` (0 = identical, 1 = disjoint).

    With ``words``, a caption naming fewer than two shapes is never called degenerate: looking at
    the one object for every word is then the right thing to do.
    """
    if attention.shape[0] < 2:
        return False
    if words is not None and sum(w in SHAPES for w in words) < 2:
        return False
    flat = attention.reshape(attention.shape[0], -1)
    mean = flat.mean(axis=0)
    return float(0.5 * np.abs(flat - mean).sum(axis=1).max()) < threshold


def region_totals(attention: np.ndarray) -> np.ndarray:
    """Total attention each grid cell receives over the whole caption: sum_t alpha_ti, (gh, gw)."""
    return attention.sum(axis=0)


def coverage_stats(attention: np.ndarray) -> dict:
    """How a caption's attention covers the grid: the doubly stochastic penalty
    sum_i (1 - sum_t alpha_ti)^2, the share of cells that got almost nothing (< 0.05) and the
    largest total any cell received."""
    totals = region_totals(attention)
    return {
        "penalty": float(((1.0 - totals) ** 2).sum()),
        "ignored_cells": float((totals < 0.05).mean()),
        "max_cell": float(totals.max()),
    }


@cache
def coverage_limits(n_scenes: int = 500) -> dict[str, float]:
    """What the doubly stochastic term can reach on our captions, from the model and the scenes.

    Every step's attention sums to 1, so a caption with n attention steps (its words and <eos>)
    hands out n units over the gh * gw cells. With that total fixed, sum_i (1 - x_i)^2 is smallest
    when every cell gets n / (gh gw): the term pushes towards uniform coverage, and its floor is
    gh gw (1 - n / (gh gw))^2, not 0. Also the shipped models' strict and one-cell peak rates.
    """
    gh, gw = load_captioner().grid
    steps = float(np.mean([len(s.words) + 1 for s in make_scenes(n_scenes, seed=EVAL_SEED)]))
    cells, plain, ds = gh * gw, load_captioner("plain").metrics, load_captioner("ds").metrics
    return {
        "cells": cells,
        "gh": gh,
        "gw": gw,
        "steps": steps,
        "per_cell": steps / cells,
        "floor": cells * (1 - steps / cells) ** 2,
        "strict_plain": plain.get("peak_on_object_strict", 0.0),
        "strict_ds": ds.get("peak_on_object_strict", 0.0),
        "peak_plain": plain.get("peak_on_object", 0.0),
        "peak_ds": ds.get("peak_on_object", 0.0),
    }


def evaluate(captioner: LoadedCaptioner, scenes: list[Scene], batch: int = 100) -> dict:
    """Exact-caption accuracy and the attention-peak-on-object rate (greedy decoding).

    The peak rate counts every shape word the model emitted at the same position as in the
    reference caption (so we know which object it names) and asks whether that word's
    attention peak lies on the object (``peak_on_object``, one-cell margin), and also without
    the margin ("strict": the peak cell's centre inside the box itself).
    """
    exact = hits = strict = shape_words = 0
    for start in range(0, len(scenes), batch):
        chunk = scenes[start : start + batch]
        outputs = captioner.caption_batch(np.stack([s.image for s in chunk]))
        for scene, (words, att) in zip(chunk, outputs, strict=True):
            exact += int(words == scene.words)
            for t, (said, ref) in enumerate(zip(words, scene.words, strict=False)):
                if said == ref and ref in SHAPES:
                    shape_words += 1
                    box = scene.objects[scene.word_objects[t]].box
                    hits += bool(peak_on_object(att[t], box))
                    strict += bool(peak_on_object(att[t], box, margin=0))
    return {
        "n_scenes": len(scenes),
        "exact_accuracy": float(exact / max(1, len(scenes))),
        "n_shape_words": shape_words,
        "peak_on_object": float(hits / max(1, shape_words)),
        "peak_margin_cells": PEAK_MARGIN,
        "peak_on_object_strict": float(strict / max(1, shape_words)),
    }
