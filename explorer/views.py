"""Every page's view settings in one place: the URL names, defaults and ranges a link may carry.

Pages bind these to their widgets (``ui.ViewState(page, views.params(page))``); lesson files are
validated against them, so a lesson scene can only ask for a view a page can show; the fuzz tests
read them to build malformed links.
"""

from __future__ import annotations

from collections.abc import Callable

from explorer import captioning, gates, training, transformer, translation
from explorer.data import scenes, series
from explorer.data.gate_tasks import MAX_LEN
from explorer.gradients import cells, recorder
from explorer.state import (
    Param,
    bool_param,
    choice_param,
    float_param,
    int_param,
    steps_param,
    text_param,
)
from explorer.unroll import ENCODINGS, INPUT_KINDS, MAX_STEPS
from models import CELL_KINDS
from models.init import INITS
from models.rnn import ACTIVATION_NAMES
from models.seq2seq import ATTENTIONS

# Unroll
ANATOMY_FIELDS = {  # URL parameter -> AnatomySpec field
    "a_vocab": "vocab_size",
    "a_embed": "embedding_dim",
    "a_cell": "cell",
    "a_hidden": "hidden_size",
    "a_layers": "num_layers",
    "a_bi": "bidirectional",
    "a_dense": "dense_units",
}

UNROLL_SECTIONS = ("steps", "types", "space", "anatomy")  # Unroll builds one per rerun

# Gradients
GRADIENT_SECTIONS = ("connectivity", "jacobians", "truncation", "clipping", "training")
CLIP_THRESHOLDS = ("0.01", "0.1", "0.5", "1", "5", "10", "100", "1000", "100000")

# Gates
GATE_TABS = ("gates", "states", "prediction", "gradient", "step", "ablation")
GATE_SOURCES = ("generated", "custom")  # a generated example or the user's own text

# Translation: the tabs of a model with attention; the "none" model has only beam, emergence, quality
TRANSLATION_TABS = ("attention", "beam", "override", "emergence", "sanity", "quality")

# Captioning
CAPTION_SOURCES, GALLERY = ("gallery", "compose", "upload"), 6
CAPTION_TABS = ("word", "all", "override", "ds")
OBJECT_FIELDS = {  # one widget per field and composed object, in this order
    "shape": scenes.SHAPES,
    "colour": scenes.COLOURS,
    "size": scenes.SIZES,
    "pos": scenes.POSITIONS,
}
DEFAULT_OBJECTS = [
    ("circle", "red", "large", "middle-left"),
    ("square", "blue", "small", "middle-right"),
    ("triangle", "green", "large", "middle-center"),
]

# Train live
TRAIN_CELLS = ("rnn_tanh", "rnn_relu", "lstm", "gru", "mlp")
HIDDEN_SIZES = (4, 8, 16, 32, 64, 128, 256)
LEARNING_RATES = ("0.0003", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1.0")


def unroll() -> list[Param]:
    return [
        choice_param("cell", "rnn", CELL_KINDS),
        choice_param("act", "tanh", ACTIVATION_NAMES),
        int_param("hidden", 4, 2, 16),
        choice_param("init", "default", INITS),
        float_param("scale", 1.0, 0.0, 10.0),
        choice_param("input", "chars", INPUT_KINDS),
        choice_param("enc", "onehot", ENCODINGS),
        text_param("text", "hello", max_len=400),
        int_param("len", 20, 2, MAX_STEPS),
        int_param("t", 0, 0, MAX_STEPS - 1),
        int_param("a_vocab", 10, 0, 100_000),
        int_param("a_embed", 5, 1, 4096),
        choice_param("a_cell", "rnn", CELL_KINDS),
        int_param("a_hidden", 3, 1, 4096),
        int_param("a_layers", 1, 1, 8),
        bool_param("a_bi", False),
        int_param("a_dense", 0, 0, 100_000),
        choice_param("section", "steps", UNROLL_SECTIONS),
    ]


def gradients() -> list[Param]:
    return [
        int_param("T", 100, 10, cells.MAX_LENGTH),
        int_param("hidden", 32, 4, cells.MAX_HIDDEN),
        choice_param("init", "default", INITS),
        float_param("scale", 1.0, 0.05, 10.0),
        choice_param("act", "tanh", ACTIVATION_NAMES),
        float_param("fbias", 1.0, -3.0, 5.0),
        choice_param("input", "noise", cells.INPUT_KINDS),
        text_param("text", cells.GradientConfig.text, 400),
        choice_param("section", "connectivity", GRADIENT_SECTIONS),
        int_param("k", 10, 1, 200),
        choice_param("tau", "1", CLIP_THRESHOLDS),
        int_param("addT", 50, 20, 100),
        int_param("steps", 800, 100, recorder.MAX_TRAINING_STEPS),
    ]


def gates_view() -> list[Param]:
    """Every gate of both cells has a mode and a constant."""
    every_gate = [name for cell in gates.CELL_NAMES for name in gates.GATES[cell]]
    return [
        choice_param("cell", "lstm", gates.CELL_NAMES),
        choice_param("task", "recall", gates.TASK_NAMES),
        choice_param("source", "generated", GATE_SOURCES),
        int_param("length", 20, 4, 40),
        int_param("sample", 0, 0, 9999),
        text_param("text", "", max_len=400),
        steps_param("steps", (0, MAX_LEN - 1), MAX_LEN - 1),
        int_param("step", 0, 0, MAX_LEN - 1),
        int_param("unit", 0, 0, 63),
        *[choice_param(f"mode_{g}", "learned", gates.MODES) for g in every_gate],
        *[
            float_param(f"value_{g}", gates.DEFAULT_VALUE[g], gates.LOWEST[g], 1.0)
            for g in every_gate
        ],
        choice_param("tab", "gates", GATE_TABS),  # the open tab (one is built per rerun)
    ]


def translation_view() -> list[Param]:
    return [
        choice_param("corpus", "en-ko", translation.CORPORA),
        choice_param("attention", "additive", ATTENTIONS),
        text_param("sentence", translation.DEFAULT_TEXT["en-ko"], max_len=120),
        int_param("att_row", 0, 0, 80),
        int_param("beam", 4, 1, 8),
        int_param("ostep", 0, 0, 80),
        int_param("osrc", 0, 0, 80),
        int_param("snap", 2000, 0, 10**6),
        choice_param("tab", "attention", TRANSLATION_TABS),
    ]


TRANSFORMER_SECTIONS = ("compare", "heads", "positions", "speed", "bert")  # one built per rerun


def transformer_view() -> list[Param]:
    """Layers and heads are the shipped en-ko model's (the dates model has the same sizes)."""
    cfg = transformer.load_transformer("en-ko").cfg
    heads = ("mean", *(str(h) for h in range(1, cfg.num_heads + 1)))
    longest = max(transformer.MAX_SOURCE_TOKENS.values())
    return [
        choice_param("corpus", "en-ko", translation.CORPORA),
        text_param("sentence", transformer.DEFAULT_TEXT["en-ko"], max_len=200),
        choice_param("section", "compare", TRANSFORMER_SECTIONS),
        choice_param("kind", "encoder", transformer.ATTENTION_KINDS),
        int_param("layer", cfg.num_layers, 1, cfg.num_layers),
        choice_param("head", "mean", heads),
        int_param("shuffles", 5, 1, 10),
        int_param("mask", 1, 0, longest - 1),
    ]


def captioning_view() -> list[Param]:
    """The override grid's range is the shipped model's attention grid (gh, gw)."""
    rows, cols = captioning.load_captioner().grid
    return [
        choice_param("source", "gallery", CAPTION_SOURCES),
        int_param("batch", 0, 0, 10_000),
        int_param("scene", 0, 0, GALLERY - 1),
        int_param("n_obj", 2, 1, scenes.MAX_OBJECTS),
        choice_param("model", "plain", list(captioning.VARIANTS)),
        int_param("beam", 1, 1, 5),
        int_param("word", 0, 0, 30),
        bool_param("smooth", True),
        float_param("opacity", 0.75, 0.0, 1.0),
        int_param("o_step", 0, 0, 30),
        int_param("o_row", 0, 0, rows - 1),
        int_param("o_col", 0, 0, cols - 1),
        int_param("o_size", 2, 1, max(rows, cols)),
        *[
            choice_param(f"o{k}_{field}", default, list(options))
            for k, defaults in enumerate(DEFAULT_OBJECTS)
            for (field, options), default in zip(OBJECT_FIELDS.items(), defaults, strict=True)
        ],
        choice_param("tab", "word", CAPTION_TABS),
    ]


def train() -> list[Param]:
    return [
        choice_param("task", "adding", training.TASKS),
        choice_param("source", "sines_noise", series.SOURCES),
        int_param("window", 20, 4, 100),
        int_param("length", 50, 10, 200),
        int_param("delay", 10, 1, 100),
        int_param("symbols", 4, 2, 8),
        choice_param("cell", "lstm", TRAIN_CELLS),
        int_param("hidden", 32, 4, 256),
        int_param("layers", 1, 1, 3),
        bool_param("bidir", False),
        float_param("dropout", 0.0, 0.0, 0.5),
        choice_param("opt", "adam", training.OPTIMIZERS),
        choice_param("lr", "0.003", LEARNING_RATES),
        int_param("batch", 32, 4, 128),
        float_param("clip", 1.0, 0.0, 10.0),
        int_param("bptt", 32, 8, 128),
        int_param("steps", 3000, 10, training.MAX_STEPS),
        float_param("temp", 0.8, 0.1, 2.0),
        int_param("unit", 0, 0, 511),
    ]


VIEWS: dict[str, Callable[[], list[Param]]] = {
    "unroll": unroll,
    "gradients": gradients,
    "gates": gates_view,
    "translation": translation_view,
    "transformer": transformer_view,
    "captioning": captioning_view,
    "train": train,
}


def params(page: str) -> list[Param]:
    """The view settings of ``page`` (a name from explorer.navigation)."""
    return VIEWS[page]()
