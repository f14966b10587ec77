"""Which gates each cell has, what a user may set them to, and the clamps ``models.trace`` applies.

``CANDIDATES`` are the tanh "gates" (values in [-1, 1]: the LSTM's candidate cell, the GRU's new
state); every other gate is a sigmoid in [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from explorer.errors import InputError
from models.gru import GATES as GRU_GATES
from models.lstm import GATES as LSTM_GATES
from models.trace import GateClamp

GATES = {"lstm": LSTM_GATES, "gru": GRU_GATES}
CELL_NAMES = tuple(GATES)
CANDIDATES = ("cell", "new")
MODES = ("learned", "open", "closed", "constant")
LOWEST = {name: (-1.0 if name in CANDIDATES else 0.0) for names in GATES.values() for name in names}
DEFAULT_VALUE = {name: (0.0 if name in CANDIDATES else 0.5) for name in LOWEST}  # for "constant"


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
            lowest = -1.0 if name in CANDIDATES else 0.0
            clamp[name] = GateClamp(min(max(value, lowest), 1.0), start, stop)
    return clamp


def clamped_at(clamp: dict[str, GateClamp], t: int) -> set[str]:
    """Names of the gates that ``clamp`` forces at step ``t``."""
    return {name for name, spec in clamp.items() if spec.covers(t)}
