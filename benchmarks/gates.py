"""Gates page speed: how long a rerun takes after a gate toggle (target: < 0.3 s median), and
where the time goes. Run: ``.venv/bin/python benchmarks/gates.py`` (one thread, like the app).

Prints medians of one run; no assertions (the machine is shared, numbers vary with its load).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402
from timing import median_ms  # noqa: E402

from explorer import gates  # noqa: E402
from explorer.figures import gates as figures  # noqa: E402
from explorer.i18n import t  # noqa: E402


def page_reruns() -> tuple[list[float], list[float]]:
    """Seconds per rerun after a toggle: first time a clamp is seen (its fresh-data accuracy is
    computed) and when it comes back (cached)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/gates.py").run()
    toggles = [
        (gate, mode)
        for gate in ("forget", "input", "output")
        for mode in ("closed", "open", "learned")
    ]
    fresh, cached = [], []
    for rounds, store in ((1, fresh), (2, cached)):
        for _ in range(rounds):
            for gate, mode in toggles:
                start = time.perf_counter()
                at.selectbox(key=f"gates.mode_{gate}").set_value(mode).run()
                store.append(time.perf_counter() - start)
                assert not at.exception, at.exception
    return fresh, cached


def parts() -> dict[str, float]:
    model = gates.load_gate_model("recall", "lstm")
    batch = gates.make_batch("recall", 1, 20, seed=0)
    clamp = gates.build_clamp({"forget": gates.GateSetting("closed")}, (5, 14))
    learned, clamped = gates.run(model, batch), gates.run(model, batch, clamp)
    flows = gates.gradient_flow(model, batch), gates.gradient_flow(model, batch, clamp)
    values = gates.step_values(model, clamped, 7, 3)
    table = gates.ablation_table(model, n=100)

    # every figure word is a typical short English label; the page passes its translations
    labels = defaultdict(lambda: "learned gates", diagram_title=t("gates.diagram_title", "en"))

    return {
        "two traced runs (learned + clamped)": median_ms(
            lambda: (gates.run(model, batch), gates.run(model, batch, clamp))
        ),
        "fresh-data accuracy with the clamp (300 seq.)": median_ms(
            lambda: gates.evaluate(model, clamp, n=300), 3
        ),
        "gradient flow, both runs": median_ms(
            lambda: (gates.gradient_flow(model, batch), gates.gradient_flow(model, batch, clamp))
        ),
        "tab 1 figure: gate heatmaps": median_ms(
            lambda: figures.activations_figure(learned, clamped, labels, (5, 14))
        ),
        "tab 2 figures: state heatmaps + belt": median_ms(
            lambda: figures.states_figures(learned, clamped, 3, labels, (5, 14))
        ),
        "tab 3 figure: prediction": median_ms(
            lambda: figures.answer_figure("recall", learned, clamped, labels, list("ABCD"))
        ),
        "tab 4 figure: gradient flow": median_ms(
            lambda: figures.flow_figure(learned.tokens, *flows, labels, (5, 14))
        ),
        "tab 5 figure: cell diagram": median_ms(
            lambda: figures.step_diagram("lstm", values, {"forget"}, labels)
        ),
        "tab 6 figure: ablation bars": median_ms(
            lambda: figures.ablation_bars(table, 0.25, labels)
        ),
        "ablation table (600 seq., cached per model)": median_ms(
            lambda: gates.ablation_table(model), 3
        ),
    }


def main() -> None:
    torch.set_num_threads(1)
    measured = parts()
    print("Library and figure parts (median ms):")
    for name, ms in measured.items():
        print(f"  {name:<48} {ms:8.1f}")
    tab_names = [name for name in measured if name.startswith("tab ")]
    all_tabs = sum(measured[name] for name in tab_names)
    first_tab = measured[tab_names[0]]
    print(f"  all six tabs' figures (eager tabs would build these) {all_tabs:6.1f}")
    print(f"  ratio eager / lazy (first tab only)                  {all_tabs / first_tab:6.1f}x")

    fresh, cached = page_reruns()
    print("\nPage rerun after a gate toggle (AppTest, default tab, seconds):")
    print(
        f"  new clamp    median {statistics.median(fresh):.3f}  (n={len(fresh)}, max {max(fresh):.3f})"
    )
    print(
        f"  cached clamp median {statistics.median(cached):.3f}  (n={len(cached)}, max {max(cached):.3f})"
    )
    print(f"  all toggles  median {statistics.median(fresh + cached):.3f}  target < 0.300")


if __name__ == "__main__":
    main()
