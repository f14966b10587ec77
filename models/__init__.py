"""Neural network modules (one architecture per file) and the transparent ``trace``."""

from models.trace import COUPLED, GateClamp, Trace, cell_kind, gate_names, trace

CELL_KINDS = ("rnn", "lstm", "gru")  # what cell_kind() returns; the pages compare them side by side

__all__ = ["CELL_KINDS", "COUPLED", "GateClamp", "Trace", "cell_kind", "gate_names", "trace"]
