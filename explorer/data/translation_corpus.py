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


# --- en-ko lexicon ----------------------------------------------------------------------------
# Verbs: (base, 3rd person singular, past; Korean stem, present, past, future attributive)
TRANSITIVE = [
    ("love", "loves", "loved", "좋아하", "좋아한다", "좋아했다", "좋아할"),
    ("eat", "eats", "ate", "먹", "먹는다", "먹었다", "먹을"),
    ("read", "reads", "read", "읽", "읽는다", "읽었다", "읽을"),
    ("write", "writes", "wrote", "쓰", "쓴다", "썼다", "쓸"),
    ("see", "sees", "saw", "보", "본다", "봤다", "볼"),
    ("buy", "buys", "bought", "사", "산다", "샀다", "살"),
    ("make", "makes", "made", "만들", "만든다", "만들었다", "만들"),
    ("study", "studies", "studied", "공부하", "공부한다", "공부했다", "공부할"),
    ("learn", "learns", "learned", "배우", "배운다", "배웠다", "배울"),
    ("teach", "teaches", "taught", "가르치", "가르친다", "가르쳤다", "가르칠"),
    ("help", "helps", "helped", "돕", "돕는다", "도왔다", "도울"),
    ("meet", "meets", "met", "만나", "만난다", "만났다", "만날"),
    ("call", "calls", "called", "부르", "부른다", "불렀다", "부를"),
    ("open", "opens", "opened", "열", "연다", "열었다", "열"),
    ("close", "closes", "closed", "닫", "닫는다", "닫았다", "닫을"),
    ("find", "finds", "found", "찾", "찾는다", "찾았다", "찾을"),
    ("want", "wants", "wanted", "원하", "원한다", "원했다", "원할"),
    ("use", "uses", "used", "사용하", "사용한다", "사용했다", "사용할"),
    ("build", "builds", "built", "짓", "짓는다", "지었다", "지을"),
    ("draw", "draws", "drew", "그리", "그린다", "그렸다", "그릴"),
    ("wash", "washes", "washed", "씻", "씻는다", "씻었다", "씻을"),
    ("clean", "cleans", "cleaned", "청소하", "청소한다", "청소했다", "청소할"),
    ("cook", "cooks", "cooked", "요리하", "요리한다", "요리했다", "요리할"),
    ("drink", "drinks", "drank", "마시", "마신다", "마셨다", "마실"),
    ("hear", "hears", "heard", "듣", "듣는다", "들었다", "들을"),
    ("watch", "watches", "watched", "시청하", "시청한다", "시청했다", "시청할"),
    ("remember", "remembers", "remembered", "기억하", "기억한다", "기억했다", "기억할"),
    ("forget", "forgets", "forgot", "잊", "잊는다", "잊었다", "잊을"),
    ("choose", "chooses", "chose", "고르", "고른다", "골랐다", "고를"),
    ("sell", "sells", "sold", "팔", "판다", "팔았다", "팔"),
    ("visit", "visits", "visited", "방문하", "방문한다", "방문했다", "방문할"),
    ("understand", "understands", "understood", "이해하", "이해한다", "이해했다", "이해할"),
]
INTRANSITIVE = [
    ("sleep", "sleeps", "slept", "자", "잔다", "잤다", "잘"),
    ("run", "runs", "ran", "달리", "달린다", "달렸다", "달릴"),
    ("walk", "walks", "walked", "걷", "걷는다", "걸었다", "걸을"),
    ("dance", "dances", "danced", "춤추", "춤춘다", "춤췄다", "춤출"),
    ("sing", "sings", "sang", "노래하", "노래한다", "노래했다", "노래할"),
    ("work", "works", "worked", "일하", "일한다", "일했다", "일할"),
    ("rest", "rests", "rested", "쉬", "쉰다", "쉬었다", "쉴"),
    ("laugh", "laughs", "laughed", "웃", "웃는다", "웃었다", "웃을"),
    ("swim", "swims", "swam", "수영하", "수영한다", "수영했다", "수영할"),
    ("wait", "waits", "waited", "기다리", "기다린다", "기다렸다", "기다릴"),
]
# Pronouns: (subject en, object en, Korean stem, "because"-clause subject form)
PRONOUNS = [
    ("i", "me", "나", "내가"),
    ("you", "you", "너", "네가"),
    ("he", "him", "그", "그가"),
    ("she", "her", "그녀", "그녀가"),
    ("we", "us", "우리", "우리가"),
    ("they", "them", "그들", "그들이"),
]
PLURAL_PRONOUNS = {"i", "you", "we", "they"}  # take the base verb form
POSSESSIVES = [
    ("my", "내"),
    ("your", "너의"),
    ("his", "그의"),
    ("her", "그녀의"),
    ("our", "우리의"),
]
PEOPLE = [
    ("teacher", "선생님"),
    ("student", "학생"),
    ("doctor", "의사"),
    ("friend", "친구"),
    ("child", "아이"),
    ("mother", "어머니"),
    ("father", "아버지"),
    ("baby", "아기"),
    ("farmer", "농부"),
    ("chef", "요리사"),
    ("dog", "개"),
    ("cat", "고양이"),
    ("bird", "새"),
    ("boy", "소년"),
    ("girl", "소녀"),
    ("man", "남자"),
    ("woman", "여자"),
    ("king", "왕"),
    ("artist", "화가"),
    ("singer", "가수"),
    ("officer", "경찰관"),
    ("nurse", "간호사"),
    ("scientist", "과학자"),
    ("engineer", "엔지니어"),
    ("neighbor", "이웃"),
    ("brother", "형"),
    ("sister", "누나"),
    ("grandmother", "할머니"),
]
THINGS = [
    ("apple", "사과"),
    ("book", "책"),
    ("letter", "편지"),
    ("song", "노래"),
    ("picture", "그림"),
    ("house", "집"),
    ("car", "자동차"),
    ("bread", "빵"),
    ("cake", "케이크"),
    ("door", "문"),
    ("window", "창문"),
    ("phone", "전화기"),
    ("computer", "컴퓨터"),
    ("bag", "가방"),
    ("key", "열쇠"),
    ("map", "지도"),
    ("flower", "꽃"),
    ("tree", "나무"),
    ("ball", "공"),
    ("chair", "의자"),
    ("table", "탁자"),
    ("movie", "영화"),
    ("newspaper", "신문"),
    ("question", "질문"),
    ("story", "이야기"),
    ("bicycle", "자전거"),
    ("umbrella", "우산"),
    ("cup", "컵"),
    ("shirt", "셔츠"),
    ("hat", "모자"),
    ("box", "상자"),
    ("egg", "달걀"),
    ("robot", "로봇"),
    ("poem", "시"),
    ("photo", "사진"),
    ("model", "모델"),
]
MASS = [  # no article in English
    ("deep learning", "딥러닝"),
    ("machine learning", "머신러닝"),
    ("neural networks", "신경망"),
    ("music", "음악"),
    ("coffee", "커피"),
    ("tea", "차"),
    ("water", "물"),
    ("milk", "우유"),
    ("math", "수학"),
    ("english", "영어"),
    ("korean", "한국어"),
    ("history", "역사"),
    ("science", "과학"),
    ("rice", "밥"),
    ("physics", "물리학"),
    ("data", "데이터"),
]
PEOPLE_ADJ = [
    ("happy", "행복한"),
    ("kind", "친절한"),
    ("young", "젊은"),
    ("tall", "키가 큰"),
    ("busy", "바쁜"),
    ("smart", "똑똑한"),
    ("tired", "피곤한"),
    ("brave", "용감한"),
    ("famous", "유명한"),
    ("old", "나이 든"),
    ("hungry", "배고픈"),
    ("lazy", "게으른"),
]
THING_ADJ = [
    ("big", "큰"),
    ("small", "작은"),
    ("new", "새로운"),
    ("old", "오래된"),
    ("red", "빨간"),
    ("blue", "파란"),
    ("beautiful", "아름다운"),
    ("heavy", "무거운"),
    ("cheap", "싼"),
    ("expensive", "비싼"),
    ("interesting", "재미있는"),
    ("long", "긴"),
    ("white", "하얀"),
    ("black", "검은"),
]
PLACES = [  # (English phrase, Korean noun, takes "near the ...")
    ("in the park", "공원", True),
    ("at school", "학교", False),
    ("at home", "집", False),
    ("in the library", "도서관", True),
    ("in the kitchen", "부엌", True),
    ("at the office", "사무실", True),
    ("in the garden", "정원", True),
    ("at the market", "시장", True),
    ("in the classroom", "교실", True),
    ("at the station", "역", True),
    ("in the city", "도시", True),
    ("at the beach", "해변", True),
    ("in the hospital", "병원", True),
    ("at the restaurant", "식당", True),
    ("in the lab", "실험실", True),
    ("at the cafe", "카페", True),
]
ADVERBS = [
    ("quickly", "빨리"),
    ("slowly", "천천히"),
    ("carefully", "조심스럽게"),
    ("happily", "행복하게"),
    ("quietly", "조용히"),
    ("often", "자주"),
    ("always", "항상"),
    ("together", "함께"),
    ("well", "잘"),
    ("hard", "열심히"),
    ("again", "다시"),
]
TIMES = {
    "past": [
        ("yesterday", "어제"),
        ("last week", "지난주에"),
        ("last year", "작년에"),
        ("this morning", "오늘 아침에"),
    ],
    "present": [("every day", "매일"), ("every morning", "매일 아침"), ("on weekends", "주말마다")],
    "future": [
        ("tomorrow", "내일"),
        ("next week", "다음 주에"),
        ("next year", "내년에"),
        ("soon", "곧"),
    ],
}
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
