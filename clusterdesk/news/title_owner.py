"""Whose title it is: the checks that keep one person's title from another's.

A title before a person may hold two titles (after a preposition a title word begins a new one: «…
обязанностей заместителя губернатора на начальника департамента»), or be other people's (a plural head: «с
заместителями губернатора из команды Сергея Жвачкина»); a title set off by a comma must agree with its person
(«первый вратарь сборной, Оливер Кан», not «первым замом губернатора, Владимир Знатков»).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from clusterdesk.news.records import Entity
from clusterdesk.news.titles import WORD, deputy_word, head_parse, is_title_word

# prepositions after which a title word begins a title of its own («… обязанностей заместителя губернатора на
# начальника департамента», «встреча сенатора с ректором ТУСУРа»); not «при» and «по» («уполномоченный при
# президенте», «советник по …»)
_NEW_TITLE_AFTER = frozenset(["на", "с", "со", "в", "во", "из", "для", "от", "к", "ко", "у", "за", "о", "об"])


def last_title_start(text: str, start: int, stop: int, vocab: Any) -> int:
    """Where the last title of a match begins: after a preposition that a title word follows."""
    words = list(WORD.finditer(text, start, stop))
    for before, word in itertools.pairwise(words):
        if before.group().lower() in _NEW_TITLE_AFTER and is_title_word(word.group(), vocab):
            start = word.start()
    return start


def next_nominative_head(text: str, start: int, stop: int, vocab: Any) -> int | None:
    """Where a later title word in the nominative singular begins, after the match's first one."""
    every = list(WORD.finditer(text, start, stop))
    heads = [i for i, w in enumerate(every) if head_parse(w.group(), vocab) is not None]
    for index in heads[1:]:
        if any(
            p.tag.POS == "NOUN" and "sing" in p.tag and p.tag.case == "nomn"
            for p in vocab.parse(every[index].group().lower())
        ):
            # with the adjectives in the nominative right before it («… депутатам | генеральный директор»)
            while index > heads[0] + 1 and any(
                p.tag.POS == "ADJF" and p.tag.case == "nomn"
                for p in vocab.parse(every[index - 1].group().lower())
            ):
                index -= 1
            return every[index].start()
    return None


def _head(text: str, span: tuple[int, int], vocab: Any, *, deputies: bool = False) -> re.Match[str] | None:
    """The first title word of a title (with `deputies`, «замгубернатора» counts too)."""
    for word in WORD.finditer(text, *span):
        if is_title_word(word.group(), vocab) if deputies else head_parse(word.group(), vocab) is not None:
            return word
    return None


def has_singular_head(text: str, span: tuple[int, int], vocab: Any) -> bool:
    """Whether the title's head word can be one person's (a singular reading)."""
    head = _head(text, span, vocab)
    if head is None or "-" in head.group():
        return True
    readings = vocab.parse(head.group().lower())
    return any(p.tag.POS == "NOUN" and ("sing" in p.tag or "Fixd" in p.tag) for p in readings)


def nominative_like(text: str, span: tuple[int, int], person: Entity, vocab: Any) -> bool:
    """Whether a title set off by a comma before a person named in the nominative is in the nominative."""
    if person.text != person.normal:
        return True  # the person is not named in the nominative: no evidence either way
    head = _head(text, span, vocab, deputies=True)
    if head is None or deputy_word(head.group()):
        return True  # «замгубернатора» does not decline: no evidence either way
    return any(p.tag.case == "nomn" and p.tag.POS == "NOUN" for p in vocab.parse(head.group().lower()))


def one_person_title(text: str, span: tuple[int, int], person: Entity, vocab: Any) -> bool:
    """Whether a title set off by a comma after a person can be that person's: its head has a singular
    reading, in the nominative when the person is named in the nominative."""
    head = _head(text, span, vocab)
    if head is None:
        return True
    lowered = head.group().lower()
    parses = vocab.parse(lowered)
    readings = [p for p in parses if p.tag.POS == "NOUN" and "sing" in p.tag]
    if "Fixd" in str(parses[0].tag) or "-" in lowered:
        return True  # «врио», «вице-губернатор»: the parse says little
    if not readings:
        return False
    nominative_person = person.text == person.normal
    return not nominative_person or any(p.tag.case == "nomn" for p in readings)
