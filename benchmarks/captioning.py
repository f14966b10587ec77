"""Captioning page speed: caption one image plus build every attention overlay.

    .venv/bin/python benchmarks/captioning.py

Prints medians over fresh scenes (target: caption + all overlays < 0.3 s) and ratios measured in
this same run. One thread, as the app runs.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402
from timing import elapsed

from explorer.captioning import load_captioner, make_scenes, region_totals  # noqa: E402
from explorer.figures.captioning import attention_figure, coverage_figure, word_grid_figure  # noqa: E402

REPEATS = 15


def boxes(scene):
    return [(o.label, o.box) for o in scene.objects]


def main() -> None:
    torch.set_num_threads(1)
    cap, cap_ds = load_captioner("plain"), load_captioner("ds")
    scenes = make_scenes(REPEATS + 1, seed=99)
    cap.caption(scenes[-1].image)  # warm-up (first call allocates)

    def caption_only(scene, beam=1):
        return cap.caption(scene.image, beam=beam)

    def everything(scene, beam=1):
        res = cap.caption(scene.image, beam=beam)
        # what the page draws: every word's overlay (the grid) and the selected word's large view
        figs = [word_grid_figure(scene.image, res.words, res.attention, res.probs, selected=0)]
        figs.append(attention_figure(scene.image, res.attention[0], boxes=boxes(scene)))
        return [f.to_json() for f in figs]  # what Streamlit sends to the browser

    def compare(scene):
        a, b = cap.caption(scene.image), cap_ds.caption(scene.image)
        coverage_figure(
            {"plain": region_totals(a.attention), "ds": region_totals(b.attention)},
            labels={"plain": "", "ds": ""},
        ).to_json()

    rows = {
        "caption (greedy)": [elapsed(lambda s=s: caption_only(s)) for s in scenes[:REPEATS]],
        "caption (beam 3)": [elapsed(lambda s=s: caption_only(s, 3)) for s in scenes[:REPEATS]],
        "caption + all overlays (greedy)": [
            elapsed(lambda s=s: everything(s)) for s in scenes[:REPEATS]
        ],
        "caption + all overlays (beam 3)": [
            elapsed(lambda s=s: everything(s, 3)) for s in scenes[:REPEATS]
        ],
        "regulariser comparison (2 captions + figure)": [
            elapsed(lambda s=s: compare(s)) for s in scenes[:REPEATS]
        ],
    }
    medians = {name: statistics.median(times) for name, times in rows.items()}
    for name, value in medians.items():
        print(f"{name:46s} median {value * 1000:7.1f} ms")
    target = medians["caption + all overlays (greedy)"]
    print(f"{'target: caption + all overlays < 300 ms':46s} {'OK' if target < 0.3 else 'TOO SLOW'}")
    print(
        f"ratio beam 3 / greedy (caption only): {medians['caption (beam 3)'] / medians['caption (greedy)']:.1f}x"
    )
    print(f"ratio overlays / caption (greedy): {target / medians['caption (greedy)']:.1f}x")


if __name__ == "__main__":
    main()
