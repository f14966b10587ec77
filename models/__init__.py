"""Neural network modules (one architecture per file) and the transparent ``trace``."""

from models.trace import COUPLED, GateClamp, Trace, cell_kind, gate_names, trace

__all__ = ["COUPLED", "GateClamp", "Trace", "cell_kind", "gate_names", "trace"]
