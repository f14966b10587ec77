"""Switch gates of trained LSTM/GRU models and measure what breaks.

Shipped models (``models/checkpoints/gates-<task>-<cell>.pt``) solve three tasks where each gate
has a job (see ``explorer.data.gate_tasks``). Everything shown runs through
``RecurrentNet.traced`` with clamps (``models.trace``): gate heatmaps, cell state, prediction,
loss, accuracy on fresh data, the ablation table and the gradient flow ||dL/dh_t||.

    from explorer import gates
    model = gates.load_gate_model("recall", "lstm")
    batch = gates.parse_sequence("recall", "B xyzyx ?")
    clamp = gates.build_clamp({"forget": gates.GateSetting("closed")})
    run = gates.run(model, batch, clamp)        # run.gates["forget"]: (H, T)
    gates.ablation_table(model)                 # accuracy/loss with each gate forced

Modules: ``tasks`` (specs, batches, codecs, scores), ``clamps`` (gates, modes, clamps),
``loading`` (shipped models, evaluation, ablation), ``runs`` (one run and one step in numbers),
``flow`` (gradient flow), ``reading`` (the recall models' delay, measured for the reading note). The substituted equations are ``explorer.equations``; the training code
of the shipped checkpoints is ``explorer.pretrain.gates``.
"""

from explorer.gates.clamps import (
    CANDIDATES,
    CELL_NAMES,
    DEFAULT_VALUE,
    GATES,
    LOWEST,
    MODES,
    GateSetting,
    build_clamp,
    clamped_at,
)
from explorer.gates.flow import flow_table, gradient_flow
from explorer.gates.loading import (
    GateModel,
    ablation_table,
    ablation_variants,
    checkpoint_path,
    evaluate,
    load_gate_model,
)
from explorer.gates.reading import ABLATION_N, KEEP_GATE, recall_delay_reading
from explorer.gates.runs import (
    RunResult,
    answer_text,
    answers,
    predicted_labels,
    run,
    run_table,
    step_values,
    target_labels,
    target_text,
)
from explorer.gates.tasks import (
    EVAL_LENGTH,
    EVAL_SEED,
    TASK_NAMES,
    TASKS,
    TaskSpec,
    chance,
    example_text,
    loss_and_accuracy,
    make_batch,
    parse_sequence,
    sequence_text,
    task_spec,
    tokens,
)

__all__ = [
    "ABLATION_N",
    "KEEP_GATE",
    "CANDIDATES",
    "CELL_NAMES",
    "DEFAULT_VALUE",
    "EVAL_LENGTH",
    "EVAL_SEED",
    "GATES",
    "LOWEST",
    "MODES",
    "TASKS",
    "TASK_NAMES",
    "GateModel",
    "GateSetting",
    "RunResult",
    "TaskSpec",
    "ablation_table",
    "ablation_variants",
    "answer_text",
    "answers",
    "build_clamp",
    "chance",
    "checkpoint_path",
    "clamped_at",
    "evaluate",
    "example_text",
    "flow_table",
    "gradient_flow",
    "load_gate_model",
    "loss_and_accuracy",
    "make_batch",
    "parse_sequence",
    "predicted_labels",
    "recall_delay_reading",
    "run",
    "run_table",
    "sequence_text",
    "step_values",
    "target_labels",
    "target_text",
    "task_spec",
    "tokens",
]
