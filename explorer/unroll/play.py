"""The Unroll page's step controls as a small state machine: the step ``t`` in 0..steps-1 and
whether Play is on. The page keeps the two values in session state, applies one transition per
button click or rerun, and draws the result; nothing here knows Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

PACE_SECONDS = 0.8  # the pause between two steps while playing


@dataclass
class Play:
    t: int
    steps: int
    playing: bool = False

    def __post_init__(self) -> None:
        self.t = min(max(int(self.t), 0), max(self.steps - 1, 0))  # the sequence may have shrunk

    @property
    def last(self) -> int:
        return max(self.steps - 1, 0)

    def go_to(self, t: int) -> None:
        self.t = min(max(int(t), 0), self.last)

    def move(self, delta: int) -> None:
        """Previous (-1) or Next (+1); stops at either end."""
        self.go_to(self.t + delta)

    def reset(self) -> None:
        self.go_to(0)

    def toggle(self) -> None:
        """Play or Pause; at the last step the next Play starts from the first."""
        self.playing = not self.playing
        if self.t >= self.last:
            self.t = 0

    def tick(self) -> bool:
        """One rerun while playing: advance one step. Returns True when playing just stopped at
        the last step (the page then reruns once so the button shows Play again)."""
        if not self.playing:
            return False
        if self.t < self.last:
            self.t += 1
            return False
        self.playing = False
        return True
