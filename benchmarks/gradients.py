"""Gradients page speed: the three ||dL/dh_t|| curves at T=1000, H=64, plus the figure.

    .venv/bin/python benchmarks/gradients.py [--repeats N]

Prints medians (target: curves + figure < 1 s) and ratios measured in this same run: the explicit
backward sweep of ``explorer.bptt`` that the page uses against autograd (one backward pass through
the stepped cells: the oracle of tests/test_bptt.py), and the cost of the other sections. One
thread, as the app runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from timing import median_seconds

from explorer import bptt  # noqa: E402
from explorer.figures import gradients as figures  # noqa: E402
from explorer.gradients import (  # noqa: E402
    analysis,
    cells,
    clipping,
    jacobians,
    recorder,
    truncation,
)
from tests.test_bptt import autograd_hidden_grad_norms  # noqa: E402

LABELS = {
    "rnn": "RNN",
    "lstm": "LSTM",
    "gru": "GRU",
    "x": "t",
    "y": "norm",
    "bound": "bound",
    "overflow_at": "t={t}",
}
EIGEN_LABELS = {
    "unit_circle": "1",
    "gamma_circle": "1/g",
    "eigenvalues": "eig",
    "real": "re",
    "imag": "im",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats
    torch.set_num_threads(1)
    config = cells.GradientConfig(length=1000, hidden_size=64)

    def page_view():
        curves = analysis.analyse(config)
        t = np.arange(curves.T)
        figures.curves_figure(
            t, {n: c.norms for n, c in curves.cells.items()}, curves.bound, LABELS
        )
        figures.eigen_figure(curves.eigenvalues, curves.gamma, EIGEN_LABELS)

    page_view()  # warm-up (imports, first plotly figure)
    total = median_seconds(page_view, repeats)
    analyse = median_seconds(lambda: analysis.analyse(config), repeats)
    x, _ = cells.make_input(config)
    sweep, autograd = {}, {}
    for cell in cells.CELLS:
        module = cells.build_module(cell, config)
        sweep[cell] = median_seconds(lambda m=module: bptt.adjoint(m, x), repeats)
        autograd[cell] = median_seconds(
            lambda m=module: autograd_hidden_grad_norms(m, x), max(3, repeats // 2)
        )
    print(f"T=1000, H=64, batch {config.batch}, one thread, median of {repeats}")
    print(
        f"  three curves + bound + verdict + both figures: {total * 1000:7.1f} ms  (target < 1000 ms)"
    )
    print(f"  of which analyse():                             {analyse * 1000:7.1f} ms")
    for cell in cells.CELLS:
        print(
            f"  {cell:4s} explicit sweep {sweep[cell] * 1000:6.1f} ms, autograd one backward "
            f"{autograd[cell] * 1000:6.1f} ms  (x{autograd[cell] / sweep[cell]:.1f})"
        )

    small = cells.GradientConfig(length=1000, hidden_size=32)
    jac = median_seconds(lambda: jacobians.jacobians_by_cell(small), 3)
    trunc = median_seconds(
        lambda: truncation.truncation_by_cell(cells.GradientConfig(length=1000, hidden_size=64)), 3
    )
    clip = median_seconds(
        lambda: clipping.clipping_demo(cells.GradientConfig(length=300, hidden_size=64), 1.0), 3
    )
    print(f"  Jacobians section (T=1000, H=32, 3 cells):      {jac * 1000:7.1f} ms")
    print(
        f"  Truncated-BPTT section (T=1000, H=64, {len(truncation.TRUNCATIONS) + 1} k): {trunc * 1000:8.1f} ms"
    )
    print(f"  Clipping section (T=300):                        {clip * 1000:7.1f} ms")

    training = recorder.TrainingConfig()
    state = recorder.start_training(training)
    chunk = median_seconds(lambda: recorder.train_chunk(training, state), 3)
    print(
        f"  during training: one chunk of {training.chunk} steps x 2 models {chunk * 1000:7.1f} ms "
        f"-> {training.steps} steps ~ {chunk * recorder.training_chunks(training):.1f} s"
    )


if __name__ == "__main__":
    main()
