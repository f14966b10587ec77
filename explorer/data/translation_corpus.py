"""Toy translation corpora generated from grammars we write: English -> Korean and dates -> ISO.

**en-ko** (word level). One or two clauses joined by *and*, *but* or *because*. English is SVO
("the kind teacher reads a new book in the library"); Korean is SOV with particles attached to the
noun (은/는 topic, 이/가 subject in a *because* clause, 을/를 object, 에서 place, 와/과 함께 "with")
and the verb at the end ("친절한 선생님은 도서관에서 새로운 책을 읽는다"), so a translator has to
reorder words, not copy them in place. A *because* clause moves in front of the main clause in
Korean. Tokens are the space-separated words of each side (a Korean token is one eojeol, e.g.
"딥러닝을"). The lecture notes' example "i love deep learning" -> "나는 딥러닝을 좋아한다" is one
of the sentences the grammar produces.

**dates** (character level). One calendar date written in a dozen human formats ("the 3rd of
march 2024", "march 3, 2024", "03/03/24", "2024년 3월 3일", ...) -> ISO "2024-03-03". Slashed
dates are month/day/year (US order); dotted dates with the year last are day.month.year.

``make_pairs(corpus, n, seed)`` is deterministic per seed. Training uses seeds from
``TRAIN_SEED_BASE`` upwards; evaluation uses small seeds, so it never sees a training draw.
"""

from __future__ import annotations

import datetime as _dt
import random
from functools import cache

from explorer.data.translation_lexicon import (
    ADVERBS,
    INTRANSITIVE,
    MASS,
    PEOPLE,
    PEOPLE_ADJ,
    PLACES,
    PLURAL_PRONOUNS,
    POSSESSIVES,
    PRONOUNS,
    THING_ADJ,
    THINGS,
    TIMES,
    TRANSITIVE,
)

CORPORA = ("en-ko", "dates")
TRAIN_SEED_BASE = 1_000_000  # training batches use seeds >= this; evaluation uses seeds < it
MIN_WORDS, MAX_WORDS = 3, 25

# --- Korean helpers ---------------------------------------------------------------------------


def has_batchim(word: str) -> bool:
    """True if the last Hangul syllable of ``word`` ends in a consonant (받침)."""
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def particle(word: str, with_batchim: str, without: str) -> str:
    return word + (with_batchim if has_batchim(word) else without)


TENSES = ("present", "past", "future")
CONJUNCTIONS = ("and", "but", "because")


def _article(next_word: str, rng: random.Random) -> str:
    if rng.random() < 0.6:
        return "the"
    return "an" if next_word[0] in "aeiou" else "a"


def _noun_phrase(rng: random.Random, kind: str):
    """(English words, Korean noun phrase without particle, is 3rd-person singular, pronoun stem)."""
    if kind == "pronoun":
        en_sub, en_obj, ko, _ = rng.choice(PRONOUNS)
        return en_sub, en_obj, ko, en_sub not in PLURAL_PRONOUNS
    if kind == "mass":
        en, ko = rng.choice(MASS)
        return en, en, ko, True
    lexicon, adjectives = (PEOPLE, PEOPLE_ADJ) if kind == "person" else (THINGS, THING_ADJ)
    en, ko = rng.choice(lexicon)
    if rng.random() < 0.4:
        adj_en, adj_ko = rng.choice(adjectives)
        en, ko = f"{adj_en} {en}", f"{adj_ko} {ko}"
    if rng.random() < 0.25:
        pos_en, pos_ko = rng.choice(POSSESSIVES)
        en, ko = f"{pos_en} {en}", f"{pos_ko} {ko}"
    else:
        en = f"{_article(en, rng)} {en}"
    return en, en, ko, True


def _subject_ko(ko: str, pronoun: bool, subordinate: bool) -> str:
    if subordinate:  # subject particle 이/가 inside a "because" clause
        if pronoun:
            return next(p[3] for p in PRONOUNS if p[2] == ko)
        return particle(ko, "이", "가")
    return particle(ko, "은", "는")


def _clause(rng: random.Random, subordinate: bool = False):
    """One clause as (English words, Korean words before the verb, verb entry, tense)."""
    pronoun = rng.random() < 0.45
    en_subj, _, ko_subj, singular = _noun_phrase(rng, "pronoun" if pronoun else "person")
    tense = rng.choice(TENSES)
    transitive = rng.random() < 0.8
    verb = rng.choice(TRANSITIVE if transitive else INTRANSITIVE)
    base, third, past = verb[:3]
    en_verb = {"present": third if singular else base, "past": past, "future": f"will {base}"}[
        tense
    ]
    en = [en_subj, en_verb]
    ko = [_subject_ko(ko_subj, pronoun, subordinate)]
    time = rng.choice(TIMES[tense]) if rng.random() < 0.35 else None
    if time:
        ko.append(time[1])
    if rng.random() < 0.3:  # a place
        place_en, place_ko, near = rng.choice(PLACES)
        if near and rng.random() < 0.3:
            place_en = "near the " + place_en.split()[-1]
            ko.append(f"{place_ko} 근처에서")
        else:
            ko.append(place_ko + "에서")
        en_place = place_en
    else:
        en_place = None
    if rng.random() < 0.2:  # a companion: "with my friend" -> "내 친구와 함께"
        en_with, _, ko_with, _ = _noun_phrase(rng, "person")
        en_with = "with " + en_with
        ko.append(particle(ko_with, "과", "와") + " 함께")
    else:
        en_with = None
    if transitive:
        roll = rng.random()
        if roll < 0.15:
            _, en_obj, ko_obj, _ = _noun_phrase(rng, "pronoun")
        else:
            _, en_obj, ko_obj, _ = _noun_phrase(
                rng, "mass" if roll < 0.4 else "thing" if roll < 0.85 else "person"
            )
        en.append(en_obj)
        ko.append(particle(ko_obj, "을", "를"))
    for extra in (en_place, en_with):
        if extra:
            en.append(extra)
    if rng.random() < 0.3 or (not transitive and not en_place and not en_with and not time):
        adv_en, adv_ko = rng.choice(ADVERBS)
        en.append(adv_en)
        ko.append(adv_ko)
    if time:
        if rng.random() < 0.5:
            en.insert(0, time[0])
        else:
            en.append(time[0])
    return " ".join(en), ko, verb, tense


def _verb_ko(verb, tense: str, form: str) -> str:
    """Korean verb: form "end" (declarative), "and" (-고), "but" (-지만), "because" (-기 때문에)."""
    stem, present, past, future_attr = verb[3:]
    declarative = {"present": present, "past": past, "future": f"{future_attr} 것이다"}[tense]
    if form == "end":
        return declarative
    ending = {"and": "고", "but": "지만", "because": "기 때문에"}[form]
    if tense == "present":
        return stem + ending
    return declarative[:-1] + ending  # 먹었다 -> 먹었고, 먹을 것이다 -> 먹을 것이지만


def _en_ko_pair(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.5:
        en, ko, verb, tense = _clause(rng)
        return en, " ".join([*ko, _verb_ko(verb, tense, "end")])
    conjunction = rng.choice(CONJUNCTIONS)
    en1, ko1, verb1, tense1 = _clause(rng)
    en2, ko2, verb2, tense2 = _clause(rng, subordinate=conjunction == "because")
    en = f"{en1} {conjunction} {en2}"
    if conjunction == "because":  # the reason comes first in Korean
        ko = [*ko2, _verb_ko(verb2, tense2, "because"), *ko1, _verb_ko(verb1, tense1, "end")]
    else:
        ko = [*ko1, _verb_ko(verb1, tense1, conjunction), *ko2, _verb_ko(verb2, tense2, "end")]
    return en, " ".join(ko)


# --- dates ------------------------------------------------------------------------------------
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
FIRST_DAY, LAST_DAY = _dt.date(1950, 1, 1), _dt.date(2049, 12, 31)


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


DATE_FORMATS = {
    "the {ord} of {month} {yyyy}": lambda d: (
        f"the {ordinal(d.day)} of {MONTHS[d.month - 1]} {d.year}"
    ),
    "{month} {d}, {yyyy}": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "{d} {month} {yyyy}": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "{ord} {month} {yyyy}": lambda d: f"{ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}",
    "{mon} {d} {yyyy}": lambda d: f"{MONTHS[d.month - 1][:3]} {d.day} {d.year}",
    "{weekday}, {month} {d}, {yyyy}": lambda d: (
        f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"
    ),
    "{mm}/{dd}/{yy}": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}",
    "{m}/{d}/{yyyy}": lambda d: f"{d.month}/{d.day}/{d.year}",
    "{yyyy}.{mm}.{dd}": lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}",
    "{dd}.{mm}.{yyyy}": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "{yyyy}-{m}-{d}": lambda d: f"{d.year}-{d.month}-{d.day}",
    "{yyyy}년 {m}월 {d}일": lambda d: f"{d.year}년 {d.month}월 {d.day}일",
}


def _date_pair(rng: random.Random) -> tuple[str, str]:
    date = FIRST_DAY + _dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    text = rng.choice(list(DATE_FORMATS.values()))(date)
    return text, date.isoformat()


# --- public -----------------------------------------------------------------------------------


def make_pairs(corpus: str, n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` (source, target) pairs of ``corpus`` ("en-ko" or "dates"), deterministic per seed.

    en-ko sentences have ``MIN_WORDS``..``MAX_WORDS`` English words; longer draws are re-drawn.
    """
    if corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}; choose from {CORPORA}")
    rng = random.Random(f"{corpus}:{seed}")
    pairs = []
    while len(pairs) < n:
        if corpus == "dates":
            pairs.append(_date_pair(rng))
            continue
        en, ko = _en_ko_pair(rng)
        if MIN_WORDS <= len(en.split()) <= MAX_WORDS:
            pairs.append((en, ko))
    return pairs


def tokenize(text: str, corpus: str) -> list[str]:
    """Training-data tokens: words for en-ko, characters for dates (both lower-cased)."""
    if corpus == "dates":
        return list(" ".join(text.lower().split()))
    cleaned = "".join(
        ch if ch.isalnum() or ch.isspace() or ch == "'" else " " for ch in text.lower()
    )
    return cleaned.split()


@cache
def vocabulary(corpus: str) -> tuple[list[str], list[str]]:
    """Every source and target token the grammar can produce (sorted), without special tokens."""
    if corpus == "dates":
        days = [_dt.date(2024, 1, 1) + _dt.timedelta(days=i) for i in range(366)]
        src = {ch for fmt in DATE_FORMATS.values() for day in days for ch in fmt(day)}
        src.update("0123456789")
        return sorted(src), sorted(set("0123456789-"))
    src, tgt = set(), set()
    for en, ko in make_pairs("en-ko", 60_000, seed=-1):  # a fixed draw that covers the lexicon
        src.update(en.split())
        tgt.update(ko.split())
    return sorted(src), sorted(tgt)
