"""Speed of the "Train live" training path against a bare PyTorch loop, the chart refresh rate,
pause latency and the web process's CPU while runs train on the workers.

    python benchmarks/train_throughput.py            # LSTM H=128, batch 32, sequence 64
    python benchmarks/train_throughput.py --calibrate  # adding problem T=50: RNN vs LSTM vs GRU
    python benchmarks/train_throughput.py --estimate   # estimated vs measured seconds per step

"worker" is what the page does: ``TrainSession.tick`` every ``REFRESH_SECONDS`` (apply the worker's
reports, keep two chunks in flight) and build every chart of the page (loss, gradient norm, task
view, hidden-state heatmap) serialised to JSON as ``st.plotly_chart`` does; the training itself
runs in a Dask worker process. "bare" is forward, loss, backward, clipping and an optimiser step
on the same model, batches and data, in this process, and nothing else. Rounds alternate
bare/worker so load from other processes hits both alike; medians are printed side by side.
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
from explorer.training import workers


class _Labels(dict):
    """Figure labels: every word is its own label (the benchmark draws, it does not translate)."""

    def __missing__(self, key: str) -> str:
        return key


LABELS = _Labels()


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


def worker_steps_per_second(
    task: training.Task, spec: training.ModelSpec, settings: training.TrainSettings, seconds: float
):
    """Train on a worker while the page refreshes; returns (steps/s, refreshes with new data per
    refresh that brought new data, drawing seconds, web-process CPU share, pause seconds, steps after the pause)."""
    session = training.TrainSession(colors=["#1f77b4"], slots=training.RunSlots(2))
    session.start(task, spec, settings, "worker")
    run = session.shown()
    while run.trainer.steps == 0:  # the job is built and its first chunk reported
        session.tick()
        time.sleep(0.02)
    steps0, started, cpu = run.trainer.steps, time.perf_counter(), time.process_time()
    fresh, draws, last, loops = 0, [], run.trainer.steps, 0
    while time.perf_counter() - started < seconds:
        loops += 1
        tick_at = time.perf_counter()
        session.tick()
        if run.trainer.steps != last:
            fresh, last = fresh + 1, run.trainer.steps
        d0 = time.perf_counter()
        draw_page(run)
        draws.append(time.perf_counter() - d0)
        time.sleep(max(0.0, training.REFRESH_SECONDS - (time.perf_counter() - tick_at)))
    elapsed = time.perf_counter() - started
    session.tick()
    steps = run.trainer.steps - steps0
    cpu_share = (time.process_time() - cpu) / elapsed
    p0 = time.perf_counter()
    session.pause()
    pause = time.perf_counter() - p0
    stopped = run.trainer.steps
    time.sleep(0.5)
    session.tick()
    session.lane.drop()
    return (
        steps / elapsed,
        fresh / loops,
        statistics.median(draws),
        cpu_share,
        pause,
        run.trainer.steps - stopped,
    )


def two_runs_cpu(seconds: float) -> tuple[float, float]:
    """Two sessions training at once (the whole pool busy): this process's CPU share and the
    two runs' steps/s together."""
    task = training.make_task(training.TaskSpec(task="adding", length=64, seed=0))
    settings = training.TrainSettings(
        max_steps=training.MAX_STEPS, max_seconds=training.MAX_SECONDS
    )
    shared = training.RunSlots(2)
    sessions = [training.TrainSession(colors=["#1f77b4"], slots=shared) for _ in range(2)]
    for session in sessions:
        session.start(task, training.ModelSpec("lstm", 128), settings, "x")
    while any(s.shown().trainer.steps == 0 for s in sessions):
        for session in sessions:
            session.tick()
        time.sleep(0.05)
    steps0 = [s.shown().trainer.steps for s in sessions]
    started, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        t0 = time.perf_counter()
        for session in sessions:
            session.tick()
            draw_page(session.shown())
        time.sleep(max(0.0, training.REFRESH_SECONDS - (time.perf_counter() - t0)))
    elapsed = time.perf_counter() - started
    share = (time.process_time() - cpu) / elapsed
    rate = sum(s.shown().trainer.steps - b for s, b in zip(sessions, steps0, strict=True)) / elapsed
    for session in sessions:
        session.pause()
        session.lane.drop()
    return share, rate


def throughput(rounds: int, seconds: float) -> None:
    """Alternate bare and worker blocks; report wall-clock rates side by side."""
    task = training.make_task(training.TaskSpec(task="adding", length=64, seed=0))
    spec = training.ModelSpec("lstm", 128)
    settings = training.TrainSettings(
        "adam", 1e-3, 32, 1.0, max_steps=training.MAX_STEPS, max_seconds=training.MAX_SECONDS
    )
    t0 = time.perf_counter()
    workers.client()
    print(f"worker pool up in {time.perf_counter() - t0:.1f} s ({workers.pool_size()} processes)")
    bare_steps_per_second(task, spec, settings, 1.0)  # warm-up
    rows = []
    for r in range(rounds):
        bare_wall, _ = bare_steps_per_second(task, spec, settings, seconds)
        worker = worker_steps_per_second(task, spec, settings, seconds)
        rows.append((bare_wall, *worker))
        print(
            f"round {r + 1}: bare {bare_wall:.1f} steps/s | worker {worker[0]:.1f} steps/s, "
            f"{100 * worker[1]:.0f} % of refreshes with new data, drawing {1000 * worker[2]:.0f} ms, "
            f"web-process CPU {100 * worker[3]:.0f} %, pause {1000 * worker[4]:.0f} ms "
            f"(+{worker[5]} steps after it)",
            flush=True,
        )
    med = [statistics.median(column) for column in zip(*rows, strict=True)]
    ratios = [row[1] / row[0] for row in rows]
    print(
        f"LSTM H=128, batch 32, sequence 64, adding-problem data, Adam + clipping, 1 thread; "
        f"{rounds} alternating rounds x {seconds:.0f} s"
    )
    print(f"{'':24s}{'bare loop':>12s}{'worker':>12s}")
    print(f"{'steps/s (median)':24s}{med[0]:12.1f}{med[1]:12.1f}")
    print(
        f"ratio worker/bare = {statistics.median(ratios):.3f} (per round "
        f"{', '.join(f'{x:.2f}' for x in ratios)}; wall clock, swings with other jobs' load)"
    )
    print(
        f"charts: {100 * med[2]:.0f} % of the page's refreshes (every "
        f"{training.REFRESH_SECONDS} s) brought new data; drawing all charts {1000 * med[3]:.0f} ms"
    )
    print(
        f"pause: median {1000 * med[5]:.0f} ms until the state is back, max {max(r[6] for r in rows)} steps after it"
    )
    print(f"web-process CPU while one run trains: median {100 * med[4]:.0f} % of a core")
    share, rate = two_runs_cpu(seconds)
    print(
        f"web-process CPU while 2 runs train (pool busy): {100 * share:.0f} % of a core; "
        f"the two runs together {rate:.1f} steps/s"
    )


def estimates() -> None:
    """The step-time estimate next to one measured step, for a few sizes up to the page's largest."""
    torch.set_num_threads(1)
    cases = [
        ("adding", {"length": 50}, training.ModelSpec("lstm", 32), 32),
        ("adding", {"length": 200}, training.ModelSpec("lstm", 128), 64),
        ("adding", {"length": 100}, training.ModelSpec("rnn_tanh", 256, 3), 128),
        ("copy", {"delay": 100}, training.ModelSpec("lstm", 64), 128),
        ("tagging", {}, training.ModelSpec("gru", 256, 3, True), 128),
        ("charlm", {}, training.ModelSpec("lstm", 128, 2), 64),
    ]
    print(f"{'settings':52s}{'estimate s':>12s}{'measured s':>12s}")
    for name, extra, spec, batch in cases:
        task = training.make_task(training.TaskSpec(task=name, **extra))
        settings = training.TrainSettings(batch_size=batch, bptt=128)
        run = training.new_run(task, spec, settings, "x", "#000", evaluate=False)
        run.trainer.run(max_steps=1)
        run.trainer.run(max_steps=2)
        guess = training.estimate_step_seconds(task, spec, settings)
        label = f"{name} {extra} {spec.cell} H={spec.hidden_size} L={spec.num_layers} B={batch}"
        print(f"{label:52s}{guess:12.3f}{run.trainer.step_seconds:12.3f}", flush=True)


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
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--estimate", action="store_true")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.calibrate:
        calibrate(args.steps, args.hidden, args.lr)
    elif args.estimate:
        estimates()
    else:
        throughput(args.rounds, args.seconds)
