"""Speed of the Transformer page's live work: a 20-word sentence through both models with all
figures of the visible section.

    python benchmarks/transformer.py

Target (issue 15): ≤ 0.3 s median warm rerun per section. "Warm" means what a returning user
waits: models loaded and the section's cached measurements (quality by length, speed timings)
already computed, but the sentence translated and every figure built and serialised anew.
One thread, like the app.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from timing import median_ms

from explorer import transformer_analysis as analysis  # noqa: E402
from explorer.figures import transformer as figures  # noqa: E402
from explorer.transformer import load_transformer  # noqa: E402
from explorer.translation import load_translator  # noqa: E402

SENTENCE = (
    "yesterday my young friend read the new book in the library and "
    "the kind teacher will write a long letter"
)
LABELS = {k: k for k in ("title", "x", "y", "exact", "bleu", "left", "right", "encode", "train")}
LABELS.update(
    with_positions="with", without_positions="without", model="m", unigram="u", layer="layer {n}"
)
NAMES = {"none": "none", "additive": "rnn", "transformer": "tf", "rnn": "rnn"}


def main() -> None:
    torch.set_num_threads(1)
    started = time.perf_counter()
    tf, rnn = load_transformer("en-ko"), load_translator("en-ko", "additive")
    load_ms = 1000 * (time.perf_counter() - started)
    tokens = SENTENCE.split()
    started = time.perf_counter()
    quality = analysis.quality_by_length("en-ko", 240, 0)
    quality_s = time.perf_counter() - started
    started = time.perf_counter()
    speed = analysis.speed_comparison()
    speed_s = time.perf_counter() - started

    def compare():
        a, b = rnn.translate(SENTENCE), tf.translate(SENTENCE)
        for res in (a, b):
            figures.attention_heatmap(
                res.target_tokens, res.source_tokens, res.attention, LABELS
            ).to_json()
        figures.quality_by_length(quality, NAMES, LABELS).to_json()

    def heads():
        res = tf.translate(SENTENCE)
        q, k, w = analysis.head_matrix(res, "decoder", 2, "mean")
        figures.attention_heatmap(q, k, w, LABELS, causal=True).to_json()
        figures.head_view(q, k, w, LABELS).to_json()
        analysis.matrix_frame(q, k, w)

    def positions():
        rows = analysis.shuffle_test(tf, tokens, 5, 0)
        figures.shuffle_distances(rows, LABELS).to_json()
        analysis.shuffle_table(rows)

    def parallel():
        rnn.translate(SENTENCE), tf.translate(SENTENCE)
        figures.speed(speed, NAMES, LABELS).to_json()
        figures.path_length(speed, NAMES, LABELS).to_json()

    def bert():
        out = analysis.mask_candidates(tf, tokens, 12)
        figures.mask_guesses(out["model"], out["unigram"], LABELS).to_json()
        figures.mask_attention(out["tokens"], 12, out["attention"], LABELS).to_json()

    print(f"sentence: {len(tokens)} words; load both checkpoints (first time): {load_ms:.0f} ms")
    print(
        f"cached once per server: quality by length {quality_s:.1f} s, speed timings {speed_s:.1f} s"
    )
    for name, fn in (
        ("same sentence, both models", compare),
        ("heads", heads),
        ("why positions matter (uncached)", positions),
        ("parallel vs sequential", parallel),
        ("BERT's idea", bert),
    ):
        ms = median_ms(fn)
        print(
            f"{name:34s} median {ms:7.1f} ms   (target ≤ 300 ms: {'OK' if ms <= 300 else 'SLOW'})"
        )
    print("speed rows (ms):")
    for r in speed:
        print(
            f"  {r['model']:12s} T={r['length']:4d}  encode {r['encode_ms']:8.2f}  "
            f"train step {r['train_ms']:9.2f}  path {r['path_length']}"
        )


if __name__ == "__main__":
    main()
