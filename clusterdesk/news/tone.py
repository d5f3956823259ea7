"""Tone of a news item and of each organisation's mention (positive, neutral, negative), by lexicon and rules.

A sentence's score is the sum of its words' weights (lemmas through natasha's pymorphy vocabulary): words of
success and growth count +1 («рост», «победа», «наградить», «открыть», «рекорд»), words of trouble −1
(«кризис», «убыток», «скандал», «уволить», «погибнуть»), and a risk found by the risk rules −2. «не» or «нет»
right before a word turns its sign («не удалось» is bad, «не пострадал» is good). The sign of the score is the
tone (zero: neutral). A mention takes the tone of its sentence; an item, the sign of its sentences' sum.

Measured in docs/BENCHMARKS.md; the pages show it only when ``Settings.news_tone`` is on (off by default).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from clusterdesk.news.records import Entity
from clusterdesk.news.risks import find_triggers, is_real

Tone = Literal["positive", "neutral", "negative"]
TONE_LABELS = {"positive": "позитивная", "neutral": "нейтральная", "negative": "негативная"}

POSITIVE = frozenset({
    "успех", "удаться", "успешный", "успешно", "рост", "расти", "вырасти", "увеличить", "увеличиться",
    "увеличение", "прибыль", "рекорд", "рекордный", "победа", "победить", "победитель", "выиграть",
    "наградить", "награда", "премия", "лауреат", "открыть", "открытие", "запустить", "запуск",
    "улучшить", "улучшение", "достижение", "достигнуть", "достичь", "поддержка", "поддержать",
    "инвестиция", "инвестировать", "сотрудничество", "партнёрство", "партнерство", "одобрить",
    "похвалить", "поблагодарить", "благодарность", "поздравить", "праздновать", "торжественный",
    "современный", "инновационный", "эффективный", "лучший", "выгодный", "прорыв", "удача", "удачный",
    "построить", "модернизация", "расширить", "расширение", "спасти", "восстановить", "освободить",
    "примирение", "договориться", "согласие", "оправдать", "выздороветь", "приветствовать", "гордиться",
    "уникальный", "выгода", "хороший", "интересный", "бесплатный", "стратегический", "одобрять",
    "благополучно", "поддерживать", "процветать", "надёжный", "надежный", "рекомендовать",
})  # fmt: skip
NEGATIVE = frozenset({
    "кризис", "убыток", "убыточный", "падение", "упасть", "снизиться", "снижение", "сократить",
    "сокращение", "уволить", "увольнение", "долг", "задолженность", "банкротство", "банкрот", "скандал",
    "скандальный", "критика", "критиковать", "раскритиковать", "обвинить", "обвинение", "обвинять",
    "нарушение", "нарушить", "штраф", "оштрафовать", "иск", "суд", "арест", "арестовать", "задержать",
    "задержание", "обыск", "уголовный", "преступление", "мошенничество", "хищение", "коррупция",
    "взятка", "авария", "катастрофа", "взрыв", "пожар", "погибнуть", "гибель", "жертва", "пострадать",
    "ранить", "убить", "убийство", "смерть", "теракт", "атака", "нападение", "война", "конфликт",
    "угроза", "угрожать", "опасность", "опасный", "проблема", "провал", "провалиться", "неудача",
    "отказать", "отказ", "запрет", "запретить", "санкция", "протест", "забастовка", "недовольство",
    "возмутить", "жалоба", "пожаловаться", "отставка", "отозвать", "лишить", "закрыть", "закрытие",
    "срыв", "сорвать", "ущерб", "потерять", "потеря", "дефицит", "ошибка", "сбой", "поломка",
    "отменить", "отмена", "осудить", "осуждать", "претензия", "спор", "ухудшиться", "ухудшение",
    "банкротиться", "обанкротиться", "мятеж", "боевик", "насилие", "тревога", "осложнение",
    "расследование", "подозрительный", "волнение", "неблагоприятный", "неудачно", "неудачный", "помеха",
    "эвакуация", "ошибочный", "подрывать", "подорвать", "ограничить", "ограничение", "деморализовать",
    "кончина", "стража", "перехват", "беспорядки", "пытка", "пытать", "унижать", "диоксин", "токсичный",
    "протестовать", "бастовать", "упорствовать", "неуплата", "расточительно", "выстрел", "стрельба",
})  # fmt: skip
RISK_WEIGHT = 2
_NEGATORS = frozenset({"не", "нет", "без", "ни"})
_WORD = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁё]+)?")


@dataclass(frozen=True, slots=True)
class MentionTone:
    start: int
    end: int
    tone: Tone


@dataclass(frozen=True, slots=True)
class ItemTone:
    tone: Tone
    mentions: tuple[MentionTone, ...]


def _lemma(word: str, vocab: Any) -> str:
    word = word.lower().replace("ё", "е")
    if vocab is None:
        return word
    parses = vocab.parse(word)
    return str(parses[0].normal_form).replace("ё", "е") if parses else word


_POS = frozenset(w.replace("ё", "е") for w in POSITIVE)
_NEG = frozenset(w.replace("ё", "е") for w in NEGATIVE)


@lru_cache(maxsize=1)
def _default_vocab() -> Any:
    """pymorphy's dictionary through natasha, for callers without the pipeline's models (the pages)."""
    import natasha

    return natasha.MorphVocab()


def sentence_score(sentence: str, vocab: Any) -> int:
    """The sum of word weights, a negator before a word turning its sign, and −2 for a real risk."""
    vocab = vocab if vocab is not None else _default_vocab()
    score = 0
    previous = ""
    for match in _WORD.finditer(sentence):
        lemma = _lemma(match.group(), vocab)
        weight = 1 if lemma in _POS else -1 if lemma in _NEG else 0
        if weight and previous in _NEGATORS:
            weight = -weight
        score += weight
        previous = match.group().lower()
    if any(is_real(sentence, t) for t in find_triggers(sentence, vocab)):
        score -= RISK_WEIGHT
    return score


def tone_of(score: int) -> Tone:
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a stored text (the pages have no language analysis at hand)."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def item_tone(
    text: str, entities: Sequence[Entity], sentences: Sequence[tuple[int, int]], vocab: Any
) -> ItemTone:
    """The tone of the item and of each organisation's mention (the tone of the sentence it stands in)."""
    scores = [(start, end, sentence_score(text[start:end], vocab)) for start, end in sentences]
    mentions = tuple(
        MentionTone(e.start, e.end, tone_of(next((s for a, b, s in scores if a <= e.start < b), 0)))
        for e in entities
        if e.type == "ORG"
    )
    return ItemTone(tone_of(sum(s for _, _, s in scores)), mentions)
