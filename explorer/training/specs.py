"""What a Train-live run is made of: the task, the model and the training settings (plain
dataclasses, so a run can be described to another process), and the budgets that bound it."""

from __future__ import annotations

from dataclasses import dataclass

from explorer.training.trainer import TrainerConfig

TASKS = ("forecast", "charlm", "adding", "copy", "tagging")

MAX_STEPS = 20_000  # per run
MAX_SECONDS = 300.0  # training seconds per run
SESSION_SECONDS = 900.0  # training seconds per browser session, over all its runs
SESSION_RUNS = 12  # runs kept per session; past it the oldest paused run makes room ...
KEPT_RUNS = 48  # ... while finished runs (small) stay up to this many
EVAL_INTERVAL = 2.0  # seconds (wall clock) between validation passes of a run ...
EVAL_STEPS = 250  # ... or this many steps, whichever comes first (fast runs get enough points)
VAL_SIZE = 128  # validation sequences of the generated tasks (fresh seeds, never trained on)
STEP_SLICE = 5  # steps a compared run trains before the others get their turn
MIN_CHUNKS = 8  # charlm: truncated-BPTT chunks per stream and pass, at least
COPY_LENGTH = 10  # symbols to copy, as in Arjovsky et al. (2016)
REFRESH_SECONDS = 0.5  # the page's live charts rerun this often while training
WAIT_SECONDS = 2.0  # ... and this often while the session waits for a training slot
CHUNK_SECONDS = 0.3  # training per chunk on a worker: every 0.5-s refresh brings one or two
STEP_LIMIT = 0.5  # seconds one training step may take; slower settings are refused
SNAPSHOT_SECONDS = 10.0  # a training run's full state comes back (to the store) this often


@dataclass
class TaskSpec:
    task: str = "adding"
    source: str = "sines_noise"  # forecast: one of series.SOURCES
    window: int = 20  # forecast: values the model sees
    length: int = 50  # adding problem: sequence length T
    delay: int = 20  # copy memory: delay T
    symbols: int = 4  # copy memory: alphabet size (8 in the paper; fewer learn faster on CPU)
    seed: int = 0


@dataclass
class ModelSpec:
    cell: str = "lstm"  # CELLS, or "mlp" (memoryless feed-forward, forecasting only)
    hidden_size: int = 32
    num_layers: int = 1
    bidirectional: bool = False
    dropout: float = 0.0


@dataclass
class TrainSettings:
    optimizer: str = "adam"
    lr: float = 1e-3
    batch_size: int = 32
    clip: float = 1.0  # max gradient norm; 0 switches clipping off
    bptt: int = 32  # charlm: truncated-BPTT length
    max_steps: int = 2000
    max_seconds: float = 120.0

    def __post_init__(self):
        self.max_steps = int(min(max(self.max_steps, 1), MAX_STEPS))
        self.max_seconds = float(min(max(self.max_seconds, 0.1), MAX_SECONDS))

    def trainer_config(self) -> TrainerConfig:
        return TrainerConfig(self.optimizer, self.lr, self.clip, self.max_steps, self.max_seconds)
