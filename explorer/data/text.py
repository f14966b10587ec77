"""Text for the character-level language model: a default passage, upload checks, a char vocabulary
and the n-gram baseline a recurrent model has to beat.

The default text was written for this project (plain English about recurrent networks), so it
ships with the code and needs no download.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from explorer.data.upload import decode_utf8, remembered
from explorer.errors import InputError

DEFAULT_TEXT = """\
A recurrent network reads a sequence one step at a time. At every step it takes the new input \
and the state it carried from the step before, mixes the two, and passes a new state on. The \
state is the network's memory: whatever the network needs to know about the past has to fit \
inside it. A feed-forward network that looks at a fixed window has no such memory. If the clue \
lies outside the window, the feed-forward network cannot see it, however well it is trained.

The same weights are used at every step. This is what lets a recurrent network read a sentence \
of five words or of fifty with one set of parameters, in the way a convolution reuses one filter \
at every position of an image. When we unroll the network in time, it becomes a very deep \
feed-forward network whose layers all share their weights, and we train it like one: the error \
flows backwards through every step. This is called backpropagation through time.

Flowing backwards through many steps is also where the trouble starts. At each step the error \
signal is multiplied by the recurrent weights and by the slope of the activation. If those \
factors are smaller than one, the signal fades away and the network cannot learn long-range \
dependencies; if they are larger than one, the signal explodes and training jumps about. \
Clipping the norm of the gradient tames the explosions. The fading needs a different design.

The long short-term memory, or LSTM, adds a cell that carries information forward by addition \
rather than by repeated multiplication. Three gates decide what happens to it. The forget gate \
decides how much of the old cell to keep, the input gate decides how much new information to \
write, and the output gate decides how much of the cell to show to the rest of the network. When \
the forget gate stays open, the error can travel back over many steps without fading. The gated \
recurrent unit, or GRU, does the same job with two gates: an update gate that blends the old \
state with a new candidate, and a reset gate that decides how much of the past the candidate \
may look at.

A character-level language model is a small and honest test of memory. It reads text one letter \
at a time and predicts the next letter. To spell a word it must remember the letters it has \
written; to close a quotation mark it must remember that one was opened; to keep a sentence in \
the right tense it must remember the verb. Early in training it babbles common letters and \
spaces. Then it learns short words, then punctuation, then the rhythm of sentences. Watching the \
samples change is one of the nicest ways to see a network learn.

Some questions need the future as well as the past. In the sentence Jordan scored in the last \
minute, the word Jordan is a person; in Jordan borders Syria, it is a country. A network that \
reads only from left to right has to guess when it reaches the name. A bidirectional network \
runs a second recurrent layer from right to left and joins the two states, so the tag of every \
word can depend on the whole sentence.

Time series were the first home of these ideas. A weather station writes down the temperature \
every hour, a shop counts its customers every day, a heart monitor samples a voltage many times a \
second. To forecast the next value we can slide a window over the past and hand the window to a \
model. An autoregressive model multiplies each value in the window by a fixed weight and adds them \
up. A feed-forward network does the same with a hidden layer in between, so it can bend the rule. \
Both forget everything outside the window. A recurrent network reads the values one by one and \
keeps a running summary, so in principle it can use a pattern that started long before the window.

Training a recurrent network is a matter of patience and small habits. Start with a small model \
and a short sequence, check that the loss falls, and only then make things bigger. Watch the \
validation loss as well as the training loss: when the first rises while the second keeps falling, \
the network has started to memorise its training text instead of learning from it. Dropout \
between layers, a smaller hidden size or simply more data will help. Keep an eye on the gradient \
norm too. A sudden spike means an explosion is on its way, and a clipping threshold a little above \
the usual norm will catch it without slowing the rest of training.

The learning rate matters more than almost anything else. Too small, and the loss creeps down for \
hours; too large, and it jumps about or shoots up to infinity. Adaptive methods such as Adam and \
RMSprop scale each step by a running estimate of the gradient's size, which makes them forgiving, \
while plain gradient descent needs a carefully chosen rate but is easy to reason about. Whatever \
the method, fix the random seed when you compare two models, so that both see the same data in \
the same order and start from weights drawn in the same way.

Truncated backpropagation through time is a compromise. A long text cannot be unrolled in one \
piece, so we cut it into chunks of a few dozen characters. The hidden state is passed from one \
chunk to the next, so the network still reads the text as one stream, but the gradient is cut at \
each boundary. The network can carry information further than the chunk length, yet it only \
learns to do so through what happens inside a chunk. Longer chunks teach longer memories and cost \
more time per step.

Finally, a network is only as good as the baseline it beats. For forecasting, the last value is \
a strong guess and a linear autoregressive model is stronger. For text, counting which letter \
follows the previous few letters gives an n-gram model whose perplexity a recurrent network \
should beat. For memory tasks, the best guess without memory has a known loss, and a network \
that stays at that loss has remembered nothing.
"""

MAX_TEXT_BYTES = 200_000
MIN_TEXT_CHARS = 300
MAX_VOCAB = 160


def decode_upload(data: bytes) -> str:
    """An uploaded .txt as a string, or an ``InputError`` saying what is wrong with it.

    An empty file is an error (``upload.empty``), never a silent switch to the built-in text; each
    distinct file is decoded and checked once (``remembered``).
    """
    if not data:
        raise InputError("upload.empty")
    if len(data) > MAX_TEXT_BYTES:
        raise InputError("train.text_too_big", limit_kb=MAX_TEXT_BYTES // 1000)
    return _decode_text(data)


@remembered(size=8)
def _decode_text(data: bytes) -> str:
    text = decode_utf8(data)
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise InputError("train.text_blank")
    if len(text) < MIN_TEXT_CHARS:
        raise InputError("train.text_too_short", chars=len(text), needed=MIN_TEXT_CHARS)
    distinct = len(set(text))
    if distinct > MAX_VOCAB:
        raise InputError("train.text_vocab", distinct=distinct, limit=MAX_VOCAB)
    return text


def training_text(upload: bytes | None) -> str:
    """The language model's text: the built-in passage when nothing was uploaded (``None``), else
    the upload checked by ``decode_upload`` (an empty file is refused, not replaced)."""
    return DEFAULT_TEXT if upload is None else decode_upload(upload)


@dataclass(frozen=True)
class CharVocab:
    chars: tuple[str, ...]

    @classmethod
    def from_text(cls, text: str) -> CharVocab:
        return cls(tuple(sorted(set(text))))

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        index = {c: i for i, c in enumerate(self.chars)}
        return np.array([index[c] for c in text], dtype=np.int64)

    def decode(self, ids) -> str:
        return "".join(self.chars[int(i)] for i in ids)


def ngram_cross_entropy(
    train: np.ndarray, val: np.ndarray, order: int, vocab_size: int, k: float = 0.1
) -> float:
    """Mean -ln p(c_t | previous order-1 chars) on ``val`` under add-k counts from ``train`` (nats/char).

    p(c | h) = (count(h, c) + k) / (count(h) + k V). The first order-1 characters of ``val`` are
    predicted from the end of ``train``, so every validation character is scored.
    """
    if order < 1:
        raise ValueError("order must be at least 1")
    n = order - 1
    joint: Counter = Counter()
    context: Counter = Counter()
    for t in range(n, len(train)):
        h = tuple(train[t - n : t])
        joint[h + (train[t],)] += 1
        context[h] += 1
    stream = np.concatenate([train[len(train) - n :], val]) if n else val
    total = 0.0
    for t in range(n, len(stream)):
        h = tuple(stream[t - n : t])
        p = (joint[h + (stream[t],)] + k) / (context[h] + k * vocab_size)
        total -= math.log(p)
    return total / len(val)


def best_ngram(
    train: np.ndarray, val: np.ndarray, vocab_size: int, orders=(1, 2, 3, 4)
) -> tuple[int, float]:
    """(order, cross-entropy) of the best add-k n-gram among ``orders`` on the validation text."""
    scores = {n: ngram_cross_entropy(train, val, n, vocab_size) for n in orders}
    order = min(scores, key=scores.get)
    return order, scores[order]
