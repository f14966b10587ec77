"""The Unroll page's library: a small seeded cell traced step by step (``steps``), the 2-unit
state space (``state_space``) and the Play controls (``play``). The substituted equations are
``explorer.equations``; the parameter counts and lecture examples ``explorer.anatomy``."""

from explorer.unroll.play import PACE_SECONDS, Play
from explorer.unroll.state_space import (
    Dynamics,
    StateSpace,
    classify,
    prediction_matches,
    state_space,
)
from explorer.unroll.steps import (
    ALPHABET,
    EMBEDDING_DIM,
    ENCODINGS,
    INPUT_KINDS,
    MAX_STEPS,
    EncodedInput,
    UnrollConfig,
    UnrollResult,
    build_cell,
    encode_input,
    output_distribution,
    run_unroll,
    step_table,
    substituted_equations,
)

__all__ = [
    "ALPHABET",
    "EMBEDDING_DIM",
    "ENCODINGS",
    "INPUT_KINDS",
    "MAX_STEPS",
    "PACE_SECONDS",
    "Dynamics",
    "EncodedInput",
    "Play",
    "StateSpace",
    "UnrollConfig",
    "UnrollResult",
    "build_cell",
    "classify",
    "encode_input",
    "output_distribution",
    "prediction_matches",
    "run_unroll",
    "state_space",
    "step_table",
    "substituted_equations",
]
