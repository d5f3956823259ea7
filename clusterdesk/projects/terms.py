"""Russian-aware match terms: lemmas (pymorphy3), a small thesaurus of abbreviations and synonyms, prefixes.

«лидарные датчики для БПЛА» and «производство лидаров для беспилотников» share the terms ``лидар`` and
``беспилотник``: «лидаров» and «лидарные» meet through the five-letter prefix ``~лидар``, «БПЛА» and
«беспилотников» through the thesaurus concept ``беспилотник``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from clusterdesk.lemmas import _morph, fold

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")
PREFIX_LENGTH = 5
PREFIX_MARK = "~"
SKIPPED_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "PRED", "NUMR"})

# concept -> words (lemmas or abbreviations, folded) that name it
THESAURUS: dict[str, tuple[str, ...]] = {
    "беспилотник": (
        "бпла", "бла", "бас", "бвс", "бпа", "дрон", "беспилотник", "беспилотный", "квадрокоптер",
        "мультикоптер", "коптер", "октокоптер", "uav", "uas", "drone",
    ),
    "лидар": ("лидар", "лидарный", "lidar", "лазерный дальномер"),
    "радар": ("радар", "радарный", "радиолокатор", "радиолокационный", "радиолокация", "рлс", "radar"),
    "свч": ("свч", "сверхвысокочастотный", "микроволновый"),
    "ии": ("ии", "нейросеть", "нейросетевой", "ai"),
    "вуз": ("вуз", "университет", "университетский"),
    "кадры": ("кадр", "кадровый", "персонал", "специалист"),
    "спутник": ("спутник", "спутниковый", "космический"),
    "ниокр": ("ниокр", "нир", "окр", "опытно", "исследовательский"),
    "по": ("софт", "software"),
    "экб": ("экб", "микросхема", "микроэлектроника", "микроэлектронный"),
    "трактор": ("трактор", "минитрактор"),
    "связь": ("связь", "телекоммуникация", "телекоммуникационный", "коммуникация"),
}  # fmt: skip
# multi-word names of a concept, as lemma sequences
PHRASES: dict[tuple[str, ...], str] = {
    ("беспилотный", "летательный", "аппарат"): "беспилотник",
    ("беспилотный", "авиационный", "система"): "беспилотник",
    ("искусственный", "интеллект"): "ии",
    ("машинный", "обучение"): "ии",
    ("программный", "обеспечение"): "по",
    ("лазерный", "дальномер"): "лидар",
    ("электронный", "компонентный", "база"): "экб",
    ("подготовка", "кадр"): "кадры",
}
# frequent words that say little about what is made or needed: they count, but lightly
GENERIC = frozenset(
    {
        "производство", "изготовление", "разработка", "выпуск", "создание", "деятельность", "прочий",
        "услуга", "работа", "вид", "включать", "который", "этот", "также", "такой", "иной", "весь",
        "предоставление", "обеспечение", "область", "система", "продукция", "проект", "организация",
        "целое", "цель", "свой", "год",
    }
)  # fmt: skip
GENERIC_WEIGHT = 0.25

# concepts of the thesaurus: the domain's own vocabulary, always a meaningful shared term however common
CONCEPTS = frozenset(THESAURUS) | frozenset(PHRASES.values())

_CONCEPT_OF = {word: concept for concept, words in THESAURUS.items() for word in words if " " not in word}


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str | None:
    """The dictionary form of a word, or None for a word that carries no meaning (prepositions...)."""
    folded = fold(word)
    if (word.isupper() and len(word) <= 6) or not re.search("[а-я]", folded):
        return folded  # an abbreviation (БПЛА, СВЧ) or a Latin/digit token: pymorphy would mangle it
    parse = _morph().parse(folded)[0]
    if parse.tag.POS in SKIPPED_POS:
        return None
    return fold(parse.normal_form)


def prefix(term: str) -> str:
    return PREFIX_MARK + term[:PREFIX_LENGTH]


@dataclass(frozen=True, slots=True)
class Terms:
    """The match terms of one text: lemma-level terms (concepts replace their words) and their prefixes."""

    words: frozenset[str]
    prefixes: frozenset[str]

    def serialise(self) -> str:
        return " ".join(sorted(self.words)) + " " + " ".join(sorted(self.prefixes))

    @classmethod
    def parse(cls, stored: str) -> Terms:
        tokens = stored.split()
        return cls(
            frozenset(t for t in tokens if not t.startswith(PREFIX_MARK)),
            frozenset(t for t in tokens if t.startswith(PREFIX_MARK)),
        )


def lemmas_of(text: str) -> list[str]:
    return [lem for lem in (lemma(w) for w in _WORD.findall(text)) if lem]


def terms_of(texts: Iterable[str | None]) -> Terms:
    words: set[str] = set()
    for text in texts:
        sequence = lemmas_of(text or "")
        for size in (3, 2):
            for start in range(len(sequence) - size + 1):
                concept = PHRASES.get(tuple(sequence[start : start + size]))
                if concept:
                    words.add(concept)
        for item in sequence:
            words.add(_CONCEPT_OF.get(item, item))
    words = {w for w in words if len(w) > 1 or w.isdigit()}
    return Terms(frozenset(words), frozenset(prefix(w) for w in words if len(w) >= PREFIX_LENGTH))


def weight(term: str) -> float:
    return GENERIC_WEIGHT if term in GENERIC else 1.0
