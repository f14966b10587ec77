"""Speed of the Translation attention page's live work, measured in one run.

    python benchmarks/translation.py

Target (issue 5): translating a 20-word sentence with beam 5 and drawing its heatmap takes under
0.5 s median on a laptop CPU. Prints medians (ms) and ratios; one thread, like the app.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from timing import median_ms

from explorer.figures.translation import attention_heatmap, beam_heatmaps  # noqa: E402
from explorer.translation import load_translator  # noqa: E402

SENTENCE = "yesterday my young friend read the new book in the library and the kind teacher will write a long letter"


def main() -> None:
    torch.set_num_threads(1)
    started = time.perf_counter()
    tr = load_translator("en-ko", "additive")
    load_ms = 1000 * (time.perf_counter() - started)
    n_words = len(SENTENCE.split())

    def greedy_and_draw():
        res = tr.translate(SENTENCE, beam=1)
        attention_heatmap(res.source_tokens, res.target_tokens, res.attention).to_json()

    def beam_and_draw():
        res = tr.translate(SENTENCE, beam=5)
        attention_heatmap(res.source_tokens, res.target_tokens, res.attention).to_json()

    def beam_all_heatmaps():
        res = tr.translate(SENTENCE, beam=5)
        beam_heatmaps(res.source_tokens, res.hypotheses, {"hypothesis": "{text}"}).to_json()

    greedy = median_ms(greedy_and_draw)
    beam = median_ms(beam_and_draw)
    beam_all = median_ms(beam_all_heatmaps)
    translate_only = median_ms(lambda: tr.translate(SENTENCE, beam=5))
    print(f"sentence: {n_words} words; load checkpoint (first time): {load_ms:.0f} ms")
    print(f"greedy + heatmap:             median {greedy:7.1f} ms")
    print(
        f"beam 5 + heatmap:             median {beam:7.1f} ms   (target < 500 ms: {'OK' if beam < 500 else 'SLOW'})"
    )
    print(f"beam 5 only (no figure):      median {translate_only:7.1f} ms")
    print(f"beam 5 + all 5 heatmaps:      median {beam_all:7.1f} ms")
    print(
        f"ratio beam5/greedy: {beam / greedy:.2f}; figure share of beam+heatmap: {1 - translate_only / beam:.0%}"
    )


if __name__ == "__main__":
    main()
