"""Named-entity style tagging where the right tag depends on words that come later.

"Jordan scored a goal": Jordan is a person (PER). "Jordan borders Syria": Jordan is a place (LOC).
Each generated sentence is ``[prefix] NAME [gap] VERB OBJECT``; for an ambiguous name the class
is a fair coin and only the verb, which comes after it (sometimes several words later), reveals it.
So a left-to-right model can do no better than 50/50 on ambiguous names, while a bidirectional
model, which also reads from the right, can tag them perfectly.

Tags: O (other), PER (person), LOC (place). Sentences are right-padded with ``<pad>`` (tag
``IGNORE``, left out of the loss).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

TAGS = ("O", "PER", "LOC")
IGNORE = -100
AMBIGUOUS = ("Jordan", "Georgia", "Chad", "Victoria", "Paris", "Florence")
PEOPLE = ("Anna", "Minsu", "David", "Maria")
PLACES = ("Kenya", "Peru", "Norway", "Korea")
PREFIXES = ((), ("yesterday",), ("today",), ("we", "heard"), ("as", "expected"))
GAPS = ((), ("reportedly",), ("once", "again"), (",", "as", "always", ","))
PERSON_VERBS = (
    ("scored", "a", "goal"),
    ("smiled",),
    ("wrote", "a", "letter"),
    ("laughed", "loudly"),
    ("sang",),
)
PLACE_VERBS = (
    ("borders", "Syria"),
    ("exports", "coffee"),
    ("lies", "north"),
    ("has", "mountains"),
    ("flooded",),
)
AMBIGUOUS_SHARE = 0.6  # fraction of sentences whose name is ambiguous
MAX_LEN = 2 + 1 + 4 + 3

WORDS = ("<pad>",) + tuple(
    sorted(
        set(AMBIGUOUS + PEOPLE + PLACES)
        | {
            w
            for group in (PREFIXES, GAPS, PERSON_VERBS, PLACE_VERBS)
            for phrase in group
            for w in phrase
        }
    )
)
WORD_INDEX = {w: i for i, w in enumerate(WORDS)}


@dataclass
class TaggingBatch:
    x: torch.Tensor  # (n, MAX_LEN) word ids, 0 = <pad>
    y: torch.Tensor  # (n, MAX_LEN) tag ids, IGNORE on padding
    ambiguous: torch.Tensor  # (n, MAX_LEN) bool: an ambiguous name sits here

    def sentences(self, limit: int = 5) -> list[list[str]]:
        return [[WORDS[i] for i in row if i != 0] for row in self.x[:limit].tolist()]


def make_sentence(rng: np.random.Generator) -> tuple[list[str], list[int], int | None]:
    """(words, tags, position of the ambiguous name or None)."""
    person = bool(rng.integers(0, 2))
    ambiguous = rng.random() < AMBIGUOUS_SHARE
    if ambiguous:
        name = AMBIGUOUS[rng.integers(len(AMBIGUOUS))]
    else:
        pool = PEOPLE if person else PLACES
        name = pool[rng.integers(len(pool))]
    prefix = list(PREFIXES[rng.integers(len(PREFIXES))])
    gap = list(GAPS[rng.integers(len(GAPS))])
    verbs = PERSON_VERBS if person else PLACE_VERBS
    tail = list(verbs[rng.integers(len(verbs))])
    words = prefix + [name] + gap + tail
    tags = [0] * len(words)
    position = len(prefix)
    tags[position] = TAGS.index("PER" if person else "LOC")
    if "Syria" in tail:
        tags[words.index("Syria")] = TAGS.index("LOC")
    return words, tags, position if ambiguous else None


def tagging_batch(n: int, seed: int) -> TaggingBatch:
    rng = np.random.default_rng(seed)
    x = np.zeros((n, MAX_LEN), dtype=np.int64)
    y = np.full((n, MAX_LEN), IGNORE, dtype=np.int64)
    amb = np.zeros((n, MAX_LEN), dtype=bool)
    for row in range(n):
        words, tags, position = make_sentence(rng)
        x[row, : len(words)] = [WORD_INDEX[w] for w in words]
        y[row, : len(words)] = tags
        if position is not None:
            amb[row, position] = True
    return TaggingBatch(torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(amb))


def left_to_right_floor(batch: TaggingBatch) -> float:
    """The lowest mean cross-entropy (nats per tagged word) any left-to-right tagger can reach.

    Everything is determined by the words read so far except an ambiguous name, whose class is
    a fair coin until the verb arrives: the best such tagger says 50/50 there and pays ln 2.
    """
    tagged = (batch.y != IGNORE).sum().item()
    return math.log(2) * batch.ambiguous.sum().item() / tagged
