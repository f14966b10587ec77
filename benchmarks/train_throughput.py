"""Speed of the "Train live" training path against a bare PyTorch loop, and the chart refresh rate.

    python benchmarks/train_throughput.py            # LSTM H=128, batch 32, sequence 64
    python benchmarks/train_throughput.py --calibrate  # adding problem T=50: RNN vs LSTM vs GRU

"live" is what the page does on every fragment refresh: ``TrainSession.tick`` for about 0.4 s
(the Trainer with its per-step history, gradient norms before/after clipping and periodic validation), then
building every chart of the page (loss, gradient norm, task view, hidden-state heatmap) and
serialising it to JSON as ``st.plotly_chart`` does. "bare" is forward, loss, backward, clipping
and an optimiser step on the same model, batches and data, and nothing else. Rounds alternate
bare/live so load from other processes hits both alike; medians are printed.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import torch
from torch import nn

from explorer import training
from explorer.figures import train as figures

LABELS = {
    w: w
    for w in ("train val step loss before after clip norm truth model perfect mean unit").split()
}


def bare_steps_per_second(
    task: training.Task, spec: training.ModelSpec, settings: training.TrainSettings, seconds: float
) -> float:
    model = training.build_model(task, spec, seed=0)
    optimizer = torch.optim.Adam(model.parameters(), lr=settings.lr)
    step, started, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        x, y, _ = task.train_batch(step, settings)
        prediction, _ = model(x)
        loss = nn.functional.mse_loss(prediction, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), settings.clip)
        optimizer.step()
        step += 1
    return step / (time.perf_counter() - started), step / (time.process_time() - cpu)


def draw_page(run: training.Run) -> int:
    """Build and serialise every chart the page draws on one refresh; returns the JSON size.

    As on the page, the task view and the heatmap are rebuilt only when they changed, and the
    data downloads are offered only when paused.
    """
    t, h = run.trainer, run.trainer.history
    view, probe = run.view(), run.hidden()
    charts = [
        figures.loss_figure(training.loss_curves([run]), run.task.baselines(), LABELS),
        figures.grad_figure(
            h["step"], h["grad_norm"], h["grad_norm_clipped"], t.settings.clip, LABELS
        ),
        run.cached("view-fig", lambda: figures.adding_figure(view, LABELS), id(view), math.inf),
        run.cached(
            "hidden-fig", lambda: figures.hidden_heatmap(*probe, LABELS), id(probe), math.inf
        ),
    ]
    return sum(len(fig.to_json()) for fig in charts)


def live_steps_per_second(
    task: training.Task, spec: training.ModelSpec, settings: training.TrainSettings, seconds: float
):
    session = training.TrainSession(colors=["#1f77b4"])
    session.start(task, spec, settings, "live")
    run = session.shown()
    steps0, draws, started, cpu = run.trainer.steps, [], time.perf_counter(), time.process_time()
    cycles = 0
    while time.perf_counter() - started < seconds:
        session.tick()
        d0 = time.perf_counter()
        draw_page(run)
        session.draw_seconds = time.perf_counter() - d0
        draws.append(session.draw_seconds)
        cycles += 1
    session.pause()
    elapsed, steps = time.perf_counter() - started, run.trainer.steps - steps0
    cpu = time.process_time() - cpu
    return steps / elapsed, steps / cpu, cycles / elapsed, statistics.median(draws)


def throughput(rounds: int, seconds: float) -> None:
    """Alternate bare and live blocks; report wall-clock and CPU-time rates.

    On a machine shared with other jobs the wall-clock rate swings with their load; steps per
    CPU-second of this process measure the reporting overhead itself, so both are printed.
    """
    task = training.make_task(training.TaskSpec(task="adding", length=64, seed=0))
    spec = training.ModelSpec("lstm", 128)
    settings = training.TrainSettings(
        "adam", 1e-3, 32, 1.0, max_steps=training.MAX_STEPS, max_seconds=training.MAX_SECONDS
    )
    bare_steps_per_second(task, spec, settings, 1.0)  # warm-up
    rows = []
    for r in range(rounds):
        bare_wall, bare_cpu = bare_steps_per_second(task, spec, settings, seconds)
        live_wall, live_cpu, refresh, draw = live_steps_per_second(task, spec, settings, seconds)
        rows.append((bare_wall, bare_cpu, live_wall, live_cpu, refresh, draw))
        print(
            f"round {r + 1}: bare {bare_wall:.1f} steps/s ({bare_cpu:.1f} per CPU-s), "
            f"live {live_wall:.1f} steps/s ({live_cpu:.1f} per CPU-s), {refresh:.2f} refreshes/s, "
            f"drawing {1000 * draw:.0f} ms",
            flush=True,
        )
    med = [statistics.median(column) for column in zip(*rows, strict=True)]
    wall_ratios = [row[2] / row[0] for row in rows]
    cpu_ratios = [row[3] / row[1] for row in rows]
    print(
        f"LSTM H=128, batch 32, sequence 64, adding-problem data, Adam + clipping, 1 thread; "
        f"{rounds} alternating rounds x {seconds:.0f} s"
    )
    print(f"bare loop: median {med[0]:.1f} steps/s wall, {med[1]:.1f} steps per CPU-second")
    print(f"live path: median {med[2]:.1f} steps/s wall, {med[3]:.1f} steps per CPU-second")
    print(
        f"ratio live/bare = {statistics.median(cpu_ratios):.3f}   (CPU time; per round "
        f"{', '.join(f'{x:.2f}' for x in cpu_ratios)})"
    )
    print(
        f"wall-clock ratio = {statistics.median(wall_ratios):.3f}   (per round "
        f"{', '.join(f'{x:.2f}' for x in wall_ratios)}; swings with other jobs' load)"
    )
    print(
        f"chart refresh while training: median {med[4]:.2f} per second; drawing all charts "
        f"takes {1000 * med[5]:.0f} ms per refresh"
    )


def calibrate(steps: int, hidden: int, lr: float) -> None:
    """Adding problem at T=50: the numbers behind "LSTM/GRU far below 1/6, vanilla RNN near it"."""
    print(
        f"adding problem T=50, H={hidden}, Adam lr={lr}, batch 32, clip 1, {steps} steps; "
        f"validation MSE (baseline 1/6 = {1 / 6:.4f}) every {steps // 6} steps"
    )
    for cell in ("rnn_tanh", "lstm", "gru"):
        task = training.make_task(training.TaskSpec(task="adding", length=50, seed=0))
        settings = training.TrainSettings(
            "adam", lr, 32, 1.0, max_steps=steps, max_seconds=training.MAX_SECONDS
        )
        run = training.new_run(task, training.ModelSpec(cell, hidden), settings, cell, "#000")
        marks, started = [], time.perf_counter()
        while not run.trainer.finished:
            run.trainer.run(max_steps=steps // 6)
            marks.append(run.trainer.last("val_loss"))
        print(
            f"{cell:9s} "
            + " ".join(f"{m:.4f}" for m in marks)
            + f"   ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.calibrate:
        calibrate(args.steps, args.hidden, args.lr)
    else:
        throughput(args.rounds, args.seconds)
