"""Speed of the "Train live" training path against a bare PyTorch loop, and the chart refresh rate.

    python benchmarks/train_throughput.py            # LSTM H=128, batch 32, sequence 64
    python benchmarks/train_throughput.py --calibrate  # adding problem T=50: RNN vs LSTM vs GRU

"live" is what the page does on every fragment refresh: ``train_tick`` for 0.4 s (the Trainer
with its per-step history, gradient norms before/after clipping and periodic validation), then
building every chart of the page (loss, gradient norm, task view, hidden-state heatmap) and
serialising it to JSON as ``st.plotly_chart`` does. "bare" is forward, loss, backward, clipping
and an optimiser step on the same model, batches and data, and nothing else. Rounds alternate
bare/live so load from other processes hits both alike; medians are printed.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from torch import nn

from explorer import training as T
from explorer.figures import train as F

WORDS = {
    w: w
    for w in ("train val step loss before after clip norm truth model perfect mean unit").split()
}


def bare_steps_per_second(
    task: T.Task, spec: T.ModelSpec, settings: T.TrainSettings, seconds: float
) -> float:
    model = T.build_model(task, spec, seed=0)
    optimizer = torch.optim.Adam(model.parameters(), lr=settings.lr)
    step, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        x, y, _ = task.train_batch(step, settings)
        prediction, _ = model(x)
        loss = nn.functional.mse_loss(prediction, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), settings.clip)
        optimizer.step()
        step += 1
    return step / (time.perf_counter() - started)


def draw_page(run: T.Run) -> int:
    """Build and serialise every chart the page draws on one refresh; returns the JSON size."""
    t = run.trainer
    curve = {
        "label": run.label,
        "color": run.color,
        "steps": t.history["step"],
        "loss": t.history["loss"],
        "val_steps": t.evals["step"],
        "val_loss": t.evals["val_loss"],
    }
    figures = [
        F.loss_figure([curve], run.task.baselines(), WORDS),
        F.grad_figure(
            t.history["step"],
            t.history["grad_norm"],
            t.history["grad_norm_clipped"],
            t.settings.clip,
            WORDS,
        ),
        F.adding_figure(run.view(), WORDS),
    ]
    hidden, labels = run.hidden()
    figures.append(F.hidden_heatmap(hidden, labels, WORDS))
    T.runs_table([run])
    return sum(len(fig.to_json()) for fig in figures)


def live_steps_per_second(
    task: T.Task, spec: T.ModelSpec, settings: T.TrainSettings, seconds: float
):
    run = T.new_run(task, spec, settings, "live", "#1f77b4")
    steps0, draws, started = run.trainer.steps, [], time.perf_counter()
    cycles = 0
    while time.perf_counter() - started < seconds:
        T.train_tick([run], "benchmark", seconds=0.4)
        d0 = time.perf_counter()
        draw_page(run)
        draws.append(time.perf_counter() - d0)
        cycles += 1
    elapsed = time.perf_counter() - started
    return (run.trainer.steps - steps0) / elapsed, cycles / elapsed, statistics.median(draws)


def throughput(rounds: int, seconds: float) -> None:
    task = T.make_task(T.TaskSpec(task="adding", length=64, seed=0))
    spec = T.ModelSpec("lstm", 128)
    settings = T.TrainSettings(
        "adam", 1e-3, 32, 1.0, max_steps=T.MAX_STEPS, max_seconds=T.MAX_SECONDS
    )
    bare_steps_per_second(task, spec, settings, 1.0)  # warm-up
    bare, live, refresh, draw = [], [], [], []
    for r in range(rounds):
        bare.append(bare_steps_per_second(task, spec, settings, seconds))
        s, c, d = live_steps_per_second(task, spec, settings, seconds)
        live.append(s), refresh.append(c), draw.append(d)
        print(
            f"round {r + 1}: bare {bare[-1]:.1f} steps/s, live {live[-1]:.1f} steps/s, "
            f"{refresh[-1]:.2f} refreshes/s, drawing {1000 * draw[-1]:.0f} ms",
            flush=True,
        )
    b, l_ = statistics.median(bare), statistics.median(live)
    print(f"LSTM H=128, batch 32, sequence 64, {rounds} rounds x {seconds:.0f} s each, 1 thread")
    print(f"bare loop: median {b:.1f} steps/s")
    print(f"live path: median {l_:.1f} steps/s")
    print(
        f"ratio live/bare = {l_ / b:.3f}   (per round: {', '.join(f'{x / y:.3f}' for x, y in zip(live, bare, strict=True))})"
    )
    print(
        f"chart refresh while training: median {statistics.median(refresh):.2f} per second; "
        f"drawing all charts takes {1000 * statistics.median(draw):.0f} ms per refresh"
    )


def calibrate(steps: int, hidden: int, lr: float) -> None:
    """Adding problem at T=50: the numbers behind "LSTM/GRU far below 1/6, vanilla RNN near it"."""
    print(
        f"adding problem T=50, H={hidden}, Adam lr={lr}, batch 32, clip 1, {steps} steps; "
        f"validation MSE (baseline 1/6 = {1 / 6:.4f}) every {steps // 6} steps"
    )
    for cell in ("rnn_tanh", "lstm", "gru"):
        task = T.make_task(T.TaskSpec(task="adding", length=50, seed=0))
        settings = T.TrainSettings("adam", lr, 32, 1.0, max_steps=steps, max_seconds=T.MAX_SECONDS)
        run = T.new_run(task, T.ModelSpec(cell, hidden), settings, cell, "#000")
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
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=12.0)
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
