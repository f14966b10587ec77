"""Captioning scenes: small RGB images of 1-3 coloured shapes with a caption from a tiny grammar.

Every scene knows the ground truth: its caption, each object's label and pixel box, and which
caption word names which object, so we can check *where* a captioner looks for each word.

Grammar (objects in reading order: left to right, or top to bottom)::

    scene   := object | object rel object | object rel object rel object
    object  := "a" ["small"] colour shape
    rel     := "left of" | "above"          (one relation per scene)

Examples: "a red circle", "a small green triangle above a yellow circle",
"a blue square left of a red diamond left of a small purple circle".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from explorer.errors import InputError

IMAGE_SIZE = 64
SHAPES = ("circle", "square", "triangle", "diamond")
COLOURS = {
    "red": (215, 40, 40),
    "green": (40, 175, 60),
    "blue": (50, 90, 235),
    "yellow": (235, 210, 40),
    "purple": (155, 65, 205),
}
SIZES = {"small": (4.5, 6.0), "large": (8.0, 10.0)}  # radius range in pixels
RELATIONS = {"x": ("left", "of"), "y": ("above",)}
WORDS = ("a", "small") + tuple(COLOURS) + SHAPES + ("left", "of", "above")
MAX_OBJECTS = 3
EXTENT = {"circle": 1.0, "square": 0.85, "triangle": 1.0, "diamond": 1.1}  # half-width / radius


@dataclass(frozen=True)
class SceneObject:
    shape: str
    colour: str
    size: str  # "small" or "large"
    center: tuple[float, float]  # (x, y) pixels
    radius: float

    @property
    def label(self) -> str:
        return f"{self.colour} {self.shape}"

    @property
    def words(self) -> list[str]:
        return ["a"] + (["small"] if self.size == "small" else []) + [self.colour, self.shape]

    @property
    def extent(self) -> float:
        """Half the width of the painted shape (squares are drawn a bit smaller, diamonds larger)."""
        return self.radius * EXTENT[self.shape]

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) in pixels, inclusive of every painted pixel, clipped to the image."""
        x, y = self.center
        r = self.extent
        lo, hi = 0, IMAGE_SIZE - 1
        return (
            int(max(lo, np.floor(x - r))),
            int(max(lo, np.floor(y - r))),
            int(min(hi, np.ceil(x + r))),
            int(min(hi, np.ceil(y + r))),
        )


@dataclass
class Scene:
    image: np.ndarray  # (H, W, 3) uint8
    caption: str
    objects: list[SceneObject]
    axis: str = "x"  # the relation's axis: "x" (left of) or "y" (above)
    word_objects: list[int] = field(default_factory=list)  # caption word -> object index, or -1

    @property
    def words(self) -> list[str]:
        return self.caption.split()


def caption_for(objects: Sequence[SceneObject], axis: str) -> tuple[str, list[int]]:
    """The grammar: objects sorted along ``axis`` and joined by its relation.

    Returns the caption and, for every word, the index (in ``objects``) of the object it
    describes, or -1 for relation words.
    """
    coord = 0 if axis == "x" else 1
    order = sorted(range(len(objects)), key=lambda i: objects[i].center[coord])
    words: list[str] = []
    owners: list[int] = []
    for position, index in enumerate(order):
        if position:
            words += list(RELATIONS[axis])
            owners += [-1] * len(RELATIONS[axis])
        words += objects[index].words
        owners += [index] * len(objects[index].words)
    return " ".join(words), owners


def _shape_mask(shape: str, cx: float, cy: float, r: float, size: int) -> np.ndarray:
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) + 0.5
    dx, dy = x - cx, y - cy
    if shape == "circle":
        return dx**2 + dy**2 <= r**2
    if shape == "square":
        return np.maximum(np.abs(dx), np.abs(dy)) <= EXTENT["square"] * r
    if shape == "triangle":  # apex up, base at the bottom
        depth = (dy + r) / (2 * r)  # 0 at the apex, 1 at the base
        return (depth >= 0) & (depth <= 1) & (np.abs(dx) <= depth * r)
    if shape == "diamond":
        return np.abs(dx) + np.abs(dy) <= EXTENT["diamond"] * r
    raise ValueError(shape)


def _background(rng: np.random.Generator, size: int) -> np.ndarray:
    """A dark grey, slightly tinted background with a mild, smooth texture."""
    base = rng.uniform(45, 85) + rng.uniform(-8, 8, size=3)
    coarse = rng.normal(0, 7, size=(size // 8, size // 8, 3))
    texture = np.kron(coarse, np.ones((8, 8, 1)))
    grain = rng.normal(0, 3, size=(size, size, 3))
    return base + texture + grain


def render(
    objects: Sequence[SceneObject], rng: np.random.Generator, size: int = IMAGE_SIZE
) -> np.ndarray:
    image = _background(rng, size)
    for obj in objects:
        mask = _shape_mask(obj.shape, obj.center[0], obj.center[1], obj.radius, size)
        colour = np.asarray(COLOURS[obj.colour], dtype=np.float64) + rng.uniform(-12, 12, size=3)
        image[mask] = colour
    return np.clip(image, 0, 255).astype(np.uint8)


def _place(rng: np.random.Generator, radii: list[float], axis: str, size: int):
    """Centres along ``axis`` with clear gaps (>= 4 px between shapes) and only small drift on
    the other axis, so the relation word is never ambiguous; None if the shapes cannot fit."""
    n = len(radii)
    margin, gap = 1.0, 4.0
    order = rng.permutation(n)  # which object goes where along the axis
    r_sorted = [radii[i] for i in order]
    needed = 2 * sum(r_sorted) + gap * (n - 1) + 2 * margin
    if needed > size:
        return None
    slack = rng.dirichlet(np.ones(n + 1)) * (size - needed)  # free space before/between/after
    pos, cursor = [], margin
    for k in range(n):
        cursor += slack[k] + r_sorted[k]
        pos.append(cursor)
        cursor += r_sorted[k] + gap
    biggest = max(r_sorted)
    base = rng.uniform(biggest + margin, size - biggest - margin)
    centers = [None] * n
    for k in range(n):
        drift = rng.uniform(-6, 6) if n > 1 else 0.0
        other = float(np.clip(base + drift, r_sorted[k] + margin, size - r_sorted[k] - margin))
        centers[order[k]] = (pos[k], other) if axis == "x" else (other, pos[k])
    return centers


def random_scene(rng: np.random.Generator, size: int = IMAGE_SIZE) -> Scene:
    n = int(rng.choice([1, 2, 3], p=[0.2, 0.45, 0.35]))
    axis = str(rng.choice(["x", "y"]))
    while True:
        shapes = rng.choice(SHAPES, size=n)
        colours = rng.choice(list(COLOURS), size=n)
        sizes = rng.choice(list(SIZES), size=n, p=[0.35, 0.65])
        radii = [float(rng.uniform(*SIZES[s])) for s in sizes]
        centers = _place(rng, radii, axis, size)
        if centers is None:
            continue
        objects = [
            SceneObject(str(sh), str(co), str(sz), (float(c[0]), float(c[1])), r)
            for sh, co, sz, c, r in zip(shapes, colours, sizes, centers, radii, strict=True)
        ]
        caption, owners = caption_for(objects, axis)
        return Scene(render(objects, rng, size), caption, objects, axis, owners)


def make_scenes(n: int, seed: int = 0, start: int = 0) -> list[Scene]:
    """Scenes ``start`` ... ``start + n - 1`` of the stream for ``seed``: scene i depends only on
    (seed, i), so any slice costs ``n`` scenes, wherever it starts."""
    return [random_scene(np.random.default_rng([seed, i])) for i in range(start, start + int(n))]


POSITIONS = {  # the compose mode's 3 x 3 grid of named positions -> pixel centre
    f"{row}-{col}": (12 + 20 * c, 12 + 20 * r)
    for r, row in enumerate(("top", "middle", "bottom"))
    for c, col in enumerate(("left", "center", "right"))
}


def compose_scene(objects: Sequence[dict], seed: int = 0) -> Scene:
    """A scene from user choices: each object a dict with shape, colour, size ("small"/"large")
    and position (a key of ``POSITIONS``) or center=(x, y).

    The caption follows the grammar: the relation is the axis along which the objects are spread
    more. Raises ``InputError`` for no objects, too many, unknown values or overlapping shapes.
    """
    if not objects:
        raise InputError("captioning.compose_empty")
    if len(objects) > MAX_OBJECTS:
        raise InputError("captioning.compose_too_many", n=MAX_OBJECTS)
    built = []
    for spec in objects:
        shape, colour, size = spec.get("shape"), spec.get("colour"), spec.get("size", "large")
        if shape not in SHAPES or colour not in COLOURS or size not in SIZES:
            raise InputError("captioning.compose_bad_value")
        if "center" in spec:
            center = tuple(float(v) for v in spec["center"])
        elif spec.get("position") in POSITIONS:
            center = tuple(float(v) for v in POSITIONS[spec["position"]])
        else:
            raise InputError("captioning.compose_bad_value")
        radius = float(np.mean(SIZES[size]))
        built.append(SceneObject(shape, colour, size, center, radius))
    for i in range(len(built)):
        for j in range(i + 1, len(built)):
            (xi, yi), (xj, yj) = built[i].center, built[j].center
            if max(abs(xi - xj), abs(yi - yj)) < built[i].radius + built[j].radius + 2:
                raise InputError("captioning.compose_overlap")
    xs = [o.center[0] for o in built]
    ys = [o.center[1] for o in built]
    axis = "x" if np.ptp(xs) >= np.ptp(ys) else "y"
    caption, owners = caption_for(built, axis)
    image = render(built, np.random.default_rng([seed, 7919]))
    return Scene(image, caption, built, axis, owners)
