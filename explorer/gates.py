"""Switch gates of trained LSTM/GRU models and measure what breaks.

Shipped models (``models/checkpoints/gates-<task>-<cell>.pt``) solve three tasks where each gate
has a job (see ``explorer.data.gate_tasks``). Everything shown runs through
``RecurrentNet.traced`` with clamps (``models.trace``): gate heatmaps, cell state, prediction,
loss, accuracy on fresh data, the ablation table (in the spirit of Greff et al. 2017, but clamping a
trained model instead of retraining each variant) and the gradient flow ||dL/dh_t||.

    from explorer import gates
    model = gates.load_gate_model("recall", "lstm")
    batch = gates.parse_sequence("recall", "B xyzyx ?")
    clamp = gates.build_clamp({"forget": gates.GateSetting("closed")})
    run = gates.run(model, batch, clamp)        # run.gates["forget"]: (H, T)
    gates.ablation_table(model)                 # accuracy/loss with each gate forced
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from torch import nn

from explorer.checkpoints import CHECKPOINT_DIR, load_checkpoint, save_checkpoint
from explorer.data import gate_tasks as gt
from explorer.data.memory import ADDING_BASELINE_MSE, Batch, adding_problem
from explorer.errors import InputError
from explorer.gradients import hidden_grad_norms
from explorer.state import Param
from models.recurrent import RecurrentConfig, RecurrentNet
from models.trace import COUPLED, GateClamp, trace

TASK_NAMES = ("recall", "count", "adding")
CELL_NAMES = ("lstm", "gru")
GATES = {"lstm": ("input", "forget", "cell", "output"), "gru": ("reset", "update", "new")}
CANDIDATES = ("cell", "new")  # tanh "gates" (values in [-1, 1]); the others are sigmoids in [0, 1]
MODES = ("learned", "open", "closed", "constant")
SOURCES = ("generated", "custom")  # the page's input: a generated example or the user's own text
LOWEST = {name: (-1.0 if name in CANDIDATES else 0.0) for names in GATES.values() for name in names}
DEFAULT_VALUE = {name: (0.0 if name in CANDIDATES else 0.5) for name in LOWEST}  # for "constant"
EVAL_SEED = 1_000_003  # fresh data: training uses seeds 0 .. steps-1
EVAL_LENGTH = 30


@dataclass(frozen=True)
class TaskSpec:
    name: str
    regression: bool
    many_to_many: bool
    vocab_size: int  # 0: real-valued inputs
    input_size: int
    output_size: int
    train_lengths: tuple[int, int]  # sequence lengths drawn uniformly while training
    steps: int  # training steps
    hidden_size: int = 16


TASKS = {
    "recall": TaskSpec(
        "recall", False, False, len(gt.RECALL_VOCAB), 0, len(gt.RECALL_SYMBOLS), (4, 40), 1500
    ),
    "count": TaskSpec(
        "count", False, True, len(gt.COUNT_VOCAB), 0, gt.COUNT_CLASSES, (4, 40), 2000
    ),
    "adding": TaskSpec("adding", True, False, 0, 2, 1, (10, 40), 3000),
}


def _task(name: str) -> TaskSpec:
    if name not in TASKS:
        raise InputError("gates.err_task", task=str(name)[:30])
    return TASKS[name]


# ---- data -----------------------------------------------------------------------------------


def make_batch(task: str, n: int, length: int, seed: int) -> Batch:
    """``n`` sequences of ``length`` steps (the recall task's query and symbol count as steps)."""
    _task(task)
    if task == "recall":
        return gt.recall_batch(n, max(length - 2, 0), seed)
    if task == "count":
        return gt.counting_batch(n, length, seed)
    return adding_problem(n, length, seed)


def sequence_text(task: str, batch: Batch, row: int = 0) -> str:
    """The editable text of one sequence of ``batch``."""
    x = batch.x[row]
    if task == "recall":
        return gt.recall_to_text(x)
    if task == "count":
        return gt.counting_to_text(x)
    return gt.adding_to_text(x)


def example_text(task: str, seed: int, length: int = 20) -> str:
    return sequence_text(task, make_batch(task, 1, length, seed))


def parse_sequence(task: str, text: str) -> Batch:
    """User text -> a one-sequence batch; ``InputError`` says what is wrong with the text."""
    _task(task)
    if not isinstance(text, str):
        raise InputError("gates.err_empty")
    return {
        "recall": gt.recall_from_text,
        "count": gt.counting_from_text,
        "adding": gt.adding_from_text,
    }[task](text)


def tokens(task: str, batch: Batch, row: int = 0) -> list[str]:
    """Axis labels, one per step."""
    if task == "adding":
        return [f"{v:.2f}" + ("*" if m > 0.5 else "") for v, m in batch.x[row].tolist()]
    return list(sequence_text(task, batch, row))


# ---- scores ---------------------------------------------------------------------------------


def loss_and_accuracy(
    task: str, prediction: torch.Tensor, y: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """(mean loss, fraction correct). Classification: cross-entropy and argmax; the adding problem:
    MSE and |error| < 0.04 per sequence."""
    spec = _task(task)
    if spec.regression:
        return nn.functional.mse_loss(prediction, y), (
            (prediction - y).abs() < gt.ADDING_TOLERANCE
        ).float().mean()
    logits = prediction.reshape(-1, spec.output_size)
    target = y.reshape(-1)
    return nn.functional.cross_entropy(logits, target), (logits.argmax(-1) == target).float().mean()


def chance(task: str, y: torch.Tensor | None = None) -> dict:
    """Accuracy and loss of the best answer that ignores the input."""
    spec = _task(task)
    if task == "recall":
        return {"accuracy": gt.RECALL_CHANCE_ACCURACY, "loss": gt.RECALL_CHANCE_LOSS}
    if task == "adding":
        return {"accuracy": gt.adding_chance_accuracy(), "loss": ADDING_BASELINE_MSE}
    if y is None:
        y = make_batch(task, 2000, EVAL_LENGTH, EVAL_SEED).y
    accuracy, loss = gt.majority_baseline(y, spec.output_size)
    return {"accuracy": accuracy, "loss": loss}


# ---- clamps ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GateSetting:
    """What the user chose for one gate: learned, forced open (1), closed (0) or a constant."""

    mode: str = "learned"
    value: float = 0.5

    def clamp_value(self) -> float | None:
        if self.mode not in MODES:
            raise InputError("gates.err_mode", mode=str(self.mode)[:20])
        if self.mode == "learned":
            return None
        if self.mode == "constant" and not math.isfinite(self.value):
            raise InputError("gates.err_value")
        return {"open": 1.0, "closed": 0.0}.get(self.mode, float(self.value))


def build_clamp(
    settings: dict[str, GateSetting], steps: tuple[int, int] | None = None
) -> dict[str, GateClamp]:
    """Clamps for ``models.trace``; ``steps=(a, b)`` limits them to steps a..b inclusive."""
    start, stop = (0, None) if steps is None else (int(steps[0]), int(steps[1]) + 1)
    clamp = {}
    for name, setting in settings.items():
        value = setting.clamp_value()
        if value is not None:
            lo = -1.0 if name in CANDIDATES else 0.0
            clamp[name] = GateClamp(min(max(value, lo), 1.0), start, stop)
    return clamp


@dataclass(frozen=True)
class StepsParam(Param):
    """A URL-mirrored step range "a-b" (a range slider's value), clamped to [lo, hi] and sorted."""

    kind: str = "range"

    def format(self, value: object) -> str:
        return f"{value[0]}-{value[1]}"

    def _convert(self, raw: str) -> object:
        first, second = raw.split("-")
        return (int(first), int(second))

    def _clamp(self, value: object) -> object:
        a, b = (min(max(int(v), int(self.lo)), int(self.hi)) for v in value)
        return (min(a, b), max(a, b))


def steps_param(key: str, default: tuple[int, int], hi: int) -> StepsParam:
    return StepsParam(key, default, lo=0, hi=hi)


def clamped_at(clamp: dict[str, GateClamp], t: int) -> set[str]:
    """Names of the gates that ``clamp`` forces at step ``t``."""
    return {name for name, spec in clamp.items() if spec.covers(t)}


def page_params() -> list[Param]:
    """The Gates page's URL-mirrored settings (every gate of both cells has a mode and a constant)."""
    from explorer.state import choice_param, float_param, int_param, text_param

    every_gate = [name for cell in CELL_NAMES for name in GATES[cell]]
    return [
        choice_param("cell", "lstm", CELL_NAMES),
        choice_param("task", "recall", TASK_NAMES),
        choice_param("source", "generated", SOURCES),
        int_param("length", 20, 4, 40),
        int_param("sample", 0, 0, 9999),
        text_param("text", "", max_len=400),
        steps_param("steps", (0, gt.MAX_LEN - 1), gt.MAX_LEN - 1),
        int_param("step", 0, 0, gt.MAX_LEN - 1),
        int_param("unit", 0, 0, 63),
        *[choice_param(f"mode_{g}", "learned", MODES) for g in every_gate],
        *[float_param(f"value_{g}", DEFAULT_VALUE[g], LOWEST[g], 1.0) for g in every_gate],
    ]


# ---- models ---------------------------------------------------------------------------------


@dataclass
class GateModel:
    task: str
    cell: str
    net: RecurrentNet
    metrics: dict = field(default_factory=dict)
    coupled: bool = False  # trained (and always run) with i = 1 - f

    @property
    def base_clamp(self) -> dict:
        return {"input": COUPLED} if self.coupled else {}

    @property
    def gate_names(self) -> tuple[str, ...]:
        return GATES[self.cell]

    @property
    def hidden_size(self) -> int:
        return self.net.config.hidden_size


def checkpoint_path(task: str, cell: str, coupled: bool = False) -> Path:
    return CHECKPOINT_DIR / f"gates-{task}-{cell}{'-cifg' if coupled else ''}.pt"


def load_gate_model(task: str, cell: str, coupled: bool = False) -> GateModel:
    """A shipped model in eval mode (treat it as read-only); ``coupled``: the LSTM retrained with
    i = 1 - f."""
    _task(task)
    if cell not in CELL_NAMES:
        raise InputError("gates.err_cell", cell=str(cell)[:20])
    try:
        payload = load_checkpoint(checkpoint_path(task, cell, coupled))
    except InputError as error:  # a missing or damaged shipped file: say how to rebuild it
        raise InputError(
            "gates.err_model", detail=error.fmt.get("detail", error.key), task=task, cell=cell
        ) from error
    net = RecurrentNet(RecurrentConfig.from_dict(payload["config"]))
    net.load_state_dict(payload["state_dict"])
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    return GateModel(
        task, cell, net, payload["metrics"], coupled=bool(payload["metrics"].get("coupled"))
    )


def new_net(task: str, cell: str) -> RecurrentNet:
    spec = _task(task)
    config = RecurrentConfig(
        cell=cell,
        input_size=spec.input_size or 1,
        vocab_size=spec.vocab_size,
        embedding_dim=8,
        hidden_size=spec.hidden_size,
        output_size=spec.output_size,
        many_to_many=spec.many_to_many,
    )
    net = RecurrentNet(config)
    if cell == "lstm":  # forget-gate bias 1 at the start (Gers et al. 2000): remember by default
        H = spec.hidden_size
        with torch.no_grad():
            net.rnn.bias_ih_l0[H : 2 * H].fill_(1.0)
    return net


def evaluate(
    model: GateModel, clamp: dict | None = None, n: int = 1000, seed: int = EVAL_SEED
) -> dict:
    """Accuracy and loss on ``n`` freshly generated sequences of EVAL_LENGTH steps."""
    batch = make_batch(model.task, n, EVAL_LENGTH, seed)
    with torch.no_grad():
        prediction, _ = model.net.traced(
            batch.x, clamp={**model.base_clamp, **(clamp or {})} or None
        )
        loss, accuracy = loss_and_accuracy(model.task, prediction, batch.y)
    return {"accuracy": float(accuracy), "loss": float(loss)}


def ablation_variants(cell: str) -> list[tuple[str, str, dict]]:
    """(gate, setting, clamp): learned, then each gate forced open and closed; LSTM also i = 1 - f."""
    variants = [("-", "learned", {})]
    for gate in GATES[cell]:
        variants.append((gate, "open", {gate: 1.0}))
        variants.append((gate, "closed", {gate: 0.0}))
    if cell == "lstm":
        variants.append(("input", "coupled", {"input": COUPLED}))
    return variants


def ablation_table(model: GateModel, n: int = 600, seed: int = EVAL_SEED) -> pd.DataFrame:
    """Accuracy/loss of the trained model with one gate clamped at a time (all steps, all units)."""
    batch = make_batch(model.task, n, EVAL_LENGTH, seed)
    rows = []
    with torch.no_grad():
        for gate, setting, clamp in ablation_variants(model.cell):
            prediction, _ = model.net.traced(batch.x, clamp=clamp or None)
            loss, accuracy = loss_and_accuracy(model.task, prediction, batch.y)
            rows.append(
                {"gate": gate, "setting": setting, "accuracy": float(accuracy), "loss": float(loss)}
            )
    table = pd.DataFrame(rows)
    table["accuracy_drop"] = table["accuracy"].iloc[0] - table["accuracy"]
    return table


# ---- one run, everything visible ------------------------------------------------------------


@dataclass
class RunResult:
    tokens: list[str]
    inputs: np.ndarray  # (T, I) the features the recurrent layer saw (embeddings for token tasks)
    gates: dict[str, np.ndarray]  # name -> (H, T)
    hidden: np.ndarray  # (H, T)
    cell: np.ndarray | None  # (H, T), LSTM only
    output: np.ndarray  # classification: probabilities (C,) or (T, C); adding: (1,)
    target: np.ndarray  # (): class, (T,): classes, or (1,): the sum
    loss: float
    accuracy: float


def run(model: GateModel, batch: Batch, clamp: dict | None = None) -> RunResult:
    """Run the first sequence of ``batch`` through ``RecurrentNet.traced`` with ``clamp``."""
    x, y = batch.x[:1], batch.y[:1]
    with torch.no_grad():
        prediction, tr = model.net.traced(x, clamp=clamp or None)
        loss, accuracy = loss_and_accuracy(model.task, prediction, y)
        inputs = model.net.embed(x)[0]
    output = prediction[0] if _task(model.task).regression else torch.softmax(prediction[0], dim=-1)
    return RunResult(
        tokens=tokens(model.task, batch),
        inputs=inputs.numpy(),
        gates={name: g[-1, 0].T.numpy() for name, g in tr.gates.items()},
        hidden=tr.hidden[-1, 0].T.numpy(),
        cell=tr.cell[-1, 0].T.numpy() if tr.cell is not None else None,
        output=output.numpy(),
        target=y[0].numpy(),
        loss=float(loss),
        accuracy=float(accuracy),
    )


def predicted_labels(task: str, result: RunResult) -> list[str]:
    """The answer as text: a symbol, a count per step, or the sum."""
    if task == "adding":
        return [f"{float(result.output[0]):.3f}"]
    if task == "recall":
        return [gt.RECALL_SYMBOLS[int(result.output.argmax())]]
    return [str(int(c)) for c in result.output.argmax(-1)]


def target_labels(task: str, result: RunResult) -> list[str]:
    if task == "adding":
        return [f"{float(result.target[0]):.3f}"]
    if task == "recall":
        return [gt.RECALL_SYMBOLS[int(result.target)]]
    return [str(int(c)) for c in result.target]


def answer_text(task: str, result: RunResult) -> str:
    """One short answer for a metric: the symbol, the sum, or how many steps were counted right."""
    if task == "count":
        right = int(round(result.accuracy * len(result.tokens)))
        return f"{right}/{len(result.tokens)}"
    return predicted_labels(task, result)[0]


def target_text(task: str, result: RunResult) -> str:
    return (
        f"{len(result.tokens)}/{len(result.tokens)}"
        if task == "count"
        else target_labels(task, result)[0]
    )


def answers(task: str, learned: RunResult, clamped: RunResult) -> dict[str, str]:
    return {
        "learned": answer_text(task, learned),
        "clamped": answer_text(task, clamped),
        "target": target_text(task, learned),
    }


def run_table(learned: RunResult, clamped: RunResult) -> pd.DataFrame:
    """Every gate, c_t and h_t value of both runs in long form (run, quantity, unit, t, token, value)."""
    frames = []
    for run_name, result in (("learned", learned), ("clamped", clamped)):
        quantities = dict(result.gates)
        if result.cell is not None:
            quantities["c"] = result.cell
        quantities["h"] = result.hidden
        for name, values in quantities.items():
            H, T = values.shape
            frames.append(
                pd.DataFrame(
                    {
                        "run": run_name,
                        "quantity": name,
                        "unit": np.repeat(np.arange(H), T),
                        "t": np.tile(np.arange(T), H),
                        "token": np.tile(np.array(result.tokens, dtype=object), H),
                        "value": np.round(values.reshape(-1), 5),
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


# ---- gradient flow --------------------------------------------------------------------------


def _grad_norms(
    module: nn.Module, x: torch.Tensor, clamp: dict | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """(||dL/dh_t||, ||dL/dc_t|| or None) over t, each the mean over the batch; L = sum of the top
    layer's last h_T.

    The same definition as ``explorer.gradients.hidden_grad_norms``, with clamps: the sequence is
    run one ``trace`` step at a time so each h_t (and c_t) is a node whose gradient we can read.
    """
    clamps = {
        name: c if isinstance(c, GateClamp) else GateClamp(c) for name, c in (clamp or {}).items()
    }
    B, H, L = x.shape[0], module.hidden_size, module.num_layers
    lstm = isinstance(module, nn.LSTM)
    zeros = torch.zeros(L, B, H, requires_grad=True)  # a leaf, so the graph needs grads even
    state = (zeros, torch.zeros(L, B, H)) if lstm else zeros  # when the weights are frozen
    hs, cs, outs, cells = [], [], [], []
    with torch.enable_grad():
        for t in range(x.shape[1]):
            step_clamp = {
                n: GateClamp(c.value, 0, None, c.units) for n, c in clamps.items() if c.covers(t)
            }
            tr = trace(module, x[:, t : t + 1], state, step_clamp or None)
            state = tr.final
            for tensor, store in zip(state if lstm else (state,), (hs, cs), strict=False):
                tensor.retain_grad()
                store.append(tensor)
            if lstm:
                outs.append(tr.gates["output"][-1, :, 0].detach())  # o_t (B, H)
                cells.append(tr.cell[-1, :, 0].detach())  # c_t (B, H)
        hs[-1][-1].sum().backward()

    def grad(state):
        return (
            torch.zeros_like(state[-1]) if state.grad is None else state.grad[-1]
        )  # top layer (B, H)

    def norms(grads):
        return np.array([g.norm(dim=-1).mean().item() for g in grads])

    h_grads = [grad(h) for h in hs]
    if not lstm:
        return norms(h_grads), None
    # c_t reaches L along the belt (through c_{t+1}: the grad of the state copy fed to step t+1)
    # and through h_t = o_t tanh(c_t): dL/dc_t = belt + dL/dh_t * o_t * (1 - tanh(c_t)^2)
    c_grads = [
        grad(c) + g * o * (1 - torch.tanh(c_t) ** 2)
        for c, g, o, c_t in zip(cs, h_grads, outs, cells, strict=True)
    ]
    return norms(h_grads), norms(c_grads)


def gradient_flow(model: GateModel, batch: Batch, clamp: dict | None = None) -> dict:
    """{"h": ||dL/dh_t||, "c": ||dL/dc_t|| (LSTM) or None} over t for the first sequence of ``batch``."""
    features = model.net.embed(batch.x[:1]).detach()  # (1, T, I)
    h_norms, c_norms = _grad_norms(model.net.rnn, features, clamp)
    if not clamp:  # the project's shared definition; it takes no clamps, so clamped runs use ours
        h_norms = hidden_grad_norms(model.net.rnn, features.clone().requires_grad_(True))
    return {"h": h_norms, "c": c_norms}


def flow_table(learned: dict, clamped: dict) -> pd.DataFrame:
    """The two gradient flows side by side, one row per step."""
    table = pd.DataFrame(
        {
            "t": np.arange(len(learned["h"])),
            "grad_h_learned": learned["h"],
            "grad_h_clamped": clamped["h"],
        }
    )
    if learned["c"] is not None:
        table["grad_c_learned"], table["grad_c_clamped"] = learned["c"], clamped["c"]
    return table


# ---- one step, written out ------------------------------------------------------------------


def step_values(model: GateModel, result: RunResult, t: int, unit: int) -> dict:
    """Every number of step ``t`` for hidden unit ``unit``: gate values as run (clamped or not),
    the learned pre-activation split into input part, recurrent part and bias, and the states."""
    T, H = result.hidden.shape[1], result.hidden.shape[0]
    t, unit = min(max(int(t), 0), T - 1), min(max(int(unit), 0), H - 1)
    rnn = model.net.rnn
    W_ih, W_hh = rnn.weight_ih_l0.detach(), rnn.weight_hh_l0.detach()
    bias = (rnn.bias_ih_l0 + rnn.bias_hh_l0).detach()
    x_t = torch.as_tensor(result.inputs[t])
    h_prev = torch.as_tensor(result.hidden[:, t - 1]) if t > 0 else torch.zeros(H)
    rows = [k * H + unit for k in range(len(model.gate_names))]
    from_x = (W_ih[rows] @ x_t).tolist()
    from_h = (W_hh[rows] @ h_prev).tolist()
    values = {
        "t": t,
        "unit": unit,
        "token": result.tokens[t],
        "h_prev": float(h_prev[unit]),
        "h": float(result.hidden[unit, t]),
        "gates": {name: float(result.gates[name][unit, t]) for name in model.gate_names},
        "from_x": dict(zip(model.gate_names, from_x, strict=True)),
        "from_h": dict(zip(model.gate_names, from_h, strict=True)),
        "bias": dict(zip(model.gate_names, bias[rows].tolist(), strict=True)),
    }
    if model.cell == "lstm":
        values["c_prev"] = float(result.cell[unit, t - 1]) if t > 0 else 0.0
        values["c"] = float(result.cell[unit, t])
    else:  # PyTorch's GRU: the reset gate multiplies (W_hn h + b_hn), so split the bias
        b_ih, b_hh = rnn.bias_ih_l0.detach(), rnn.bias_hh_l0.detach()
        values["b_in"] = float(b_ih[2 * H + unit])
        values["b_hn"] = float(b_hh[2 * H + unit])
    return values


def _p(value: float) -> str:
    """A number for a sum: negative ones in brackets, so "+ (-0.34)" never reads as "+ -0.34"."""
    return f"({value:.2f})" if value < 0 else f"{value:.2f}"


def _sig(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def step_equations(
    cell: str, v: dict, clamped: set[str] = frozenset(), clamped_word: str = "clamped to"
) -> list[str]:
    """LaTeX lines: the equations of one step with this unit's numbers substituted."""
    g, fx, fh, b = v["gates"], v["from_x"], v["from_h"], v["bias"]

    def gate(symbol: str, name: str, fn: str) -> str:
        z = fx[name] + fh[name] + b[name]
        learned = _sig(z) if fn == r"\sigma" else math.tanh(z)
        line = (
            rf"{symbol} = {fn}(\underbrace{{{_p(fx[name])}}}_{{W x_t}} + \underbrace{{{_p(fh[name])}}}_{{U h_{{t-1}}}}"
            rf" + \underbrace{{{_p(b[name])}}}_{{b}}) = {fn}({z:.2f}) = {learned:.2f}"
        )
        if name in clamped:
            line += rf"\;\rightarrow\; \textbf{{{clamped_word} }} {g[name]:.2f}"
        return line

    if cell == "lstm":
        return [
            gate("f_t", "forget", r"\sigma"),
            gate("i_t", "input", r"\sigma"),
            gate(r"\tilde c_t", "cell", r"\tanh"),
            gate("o_t", "output", r"\sigma"),
            rf"c_t = f_t\,c_{{t-1}} + i_t\,\tilde c_t = {g['forget']:.2f}\cdot({v['c_prev']:.2f})"
            rf" + {g['input']:.2f}\cdot({g['cell']:.2f}) = {v['c']:.2f}",
            rf"h_t = o_t \tanh(c_t) = {g['output']:.2f}\cdot\tanh({v['c']:.2f}) = {v['h']:.2f}",
        ]
    r, z = g["reset"], g["update"]
    n_in = fx["new"] + v["b_in"]
    n_h = fh["new"] + v["b_hn"]
    n_line = (
        rf"n_t = \tanh(W_{{in}} x_t + b_{{in}} + r_t \odot (W_{{hn}} h_{{t-1}} + b_{{hn}}))"
        rf" = \tanh({n_in:.2f} + {r:.2f}\cdot({n_h:.2f})) = {math.tanh(n_in + r * n_h):.2f}"
    )
    if "new" in clamped:
        n_line += rf"\;\rightarrow\; \textbf{{{clamped_word} }} {g['new']:.2f}"
    return [
        gate("r_t", "reset", r"\sigma"),
        gate("z_t", "update", r"\sigma"),
        n_line,
        rf"h_t = (1 - z_t)\,n_t + z_t\,h_{{t-1}} = {1 - z:.2f}\cdot({g['new']:.2f}) + {z:.2f}\cdot({v['h_prev']:.2f})"
        rf" = {v['h']:.2f}",
    ]


# ---- training the shipped checkpoints (python -m explorer.pretrain gates-<task>-<cell>) --------


def train(task: str, cell: str, seed: int = 0, log_every: int = 250, coupled: bool = False) -> Path:
    """Train from a fixed seed on freshly drawn batches (seeds 0..steps-1), evaluate on fresh data
    (EVAL_SEED) and save the checkpoint with its accuracy and the task's chance level.

    ``coupled=True`` trains an LSTM whose input gate is always 1 - f (Greff et al.'s CIFG variant)
    through ``trace`` with ``clamp={"input": COUPLED}`` (slower than the fused LSTM, still < 1 min).
    """
    spec = _task(task)
    clamp = {"input": COUPLED} if coupled else None
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = new_net(task, cell)
    optimiser = torch.optim.Adam(net.parameters(), lr=5e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, spec.steps)
    lo, hi = spec.train_lengths
    for step in range(spec.steps):
        batch = make_batch(task, 64, int(rng.integers(lo, hi + 1)), seed=step)
        prediction, _ = net.traced(batch.x, clamp=clamp) if coupled else net(batch.x)
        loss, accuracy = loss_and_accuracy(task, prediction, batch.y)
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(
            net.parameters(), 1.0
        )  # a long sequence can still spike the gradient
        optimiser.step()
        schedule.step()
        if log_every and step % log_every == 0:
            print(
                f"{checkpoint_path(task, cell, coupled).stem} step {step}: loss {loss.item():.4f} accuracy {accuracy.item():.3f}",
                flush=True,
            )
    net.eval()
    model = GateModel(task, cell, net, coupled=coupled)
    scores = evaluate(model)
    base = chance(task)
    metrics = {
        "accuracy": scores["accuracy"],
        "loss": scores["loss"],
        "chance_accuracy": base["accuracy"],
        "chance_loss": base["loss"],
        "eval_length": EVAL_LENGTH,
        "eval_sequences": 1000,
        "train_steps": spec.steps,
        "coupled": coupled,
    }
    print(f"{checkpoint_path(task, cell, coupled).stem}: {metrics}", flush=True)
    path = checkpoint_path(task, cell, coupled)
    save_checkpoint(path, net.config.to_dict(), net.state_dict(), metrics)
    return path


def _job(task: str, cell: str, coupled: bool = False):
    return lambda: train(task, cell, coupled=coupled)


PRETRAIN = {f"gates-{task}-{cell}": _job(task, cell) for task in TASK_NAMES for cell in CELL_NAMES}
PRETRAIN.update(
    {f"gates-{task}-lstm-cifg": _job(task, "lstm", coupled=True) for task in TASK_NAMES}
)
