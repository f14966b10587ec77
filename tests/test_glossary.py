"""One Korean term per concept (GLOSSARY.md in the project's shared notes), in every UI string.

Each rule names the concept, the term we use, and the variants that must not appear. A variant
that slips into any page or figure string fails this test with the key that holds it.
"""

from __future__ import annotations

import re

import pytest

from explorer.i18n import catalogue

# (concept, the glossary's term, a pattern of the variants it replaces)
RULES = [
    ("recurrent neural network", "순환 신경망", r"재귀 신경망"),
    ("hidden state", "은닉 상태", r"숨은 상태"),
    ("exploding gradient", "기울기 폭발", r"폭주"),
    ("singular value", "특이값", r"특잇값"),
    ("eigenvalue", "고유값", r"고윳값"),
    ("spectral radius", "스펙트럼 반지름", r"반경"),
    ("identity matrix", "단위 행렬", r"항등 행렬"),
    ("fixed point", "고정점", r"수렴점"),
    ("autonomous system", "자율 시스템", r"자율 사상"),
    ("driven by the input", "입력으로 구동", r"입력에 따라"),
    ("chance level", "우연 수준", r"우연 기준|찍[기어은다는]"),
    ("beam search", "빔 탐색", r"빔 서치"),
    ("feed-forward network", "피드포워드 신경망", r"순방향 분류기|순방향 신경망"),
    ("ablation", "어블레이션(ablation) 실험", r"제거 실험"),
    ("probe input", "관찰용 입력", r"탐침"),
    ("home (page)", "홈", r"처음 화면"),
    ("works / at work", "작동하다", r"일하[는고며다]|일합니다"),
    ("penalty term", "페널티 항", r"벌점"),
    ("attention", "어텐션", r"주의 ?가중치|주의 메커니즘"),
    ("time step", "시점", r"단계|시간 스텝"),
    ("training step", "학습 스텝", r"(?<!학습 )(?<!학습)스텝"),
]


@pytest.mark.parametrize("concept,term,variants", RULES, ids=[rule[0] for rule in RULES])
def test_one_korean_term_per_concept(concept, term, variants):
    pattern = re.compile(variants)
    found = [
        f"{key}: …{ko[max(0, m.start() - 15) : m.end() + 15]}…"
        for key, (_, ko) in catalogue().items()
        for m in [pattern.search(ko)]
        if m
    ]
    assert not found, f"use «{term}» for {concept}:\n" + "\n".join(found)


def test_the_rules_catch_a_variant():
    assert re.search(RULES[-1][2], "초당 스텝") and not re.search(RULES[-1][2], "초당 학습 스텝")
