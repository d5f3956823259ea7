"""An organisation named right after its kind: «агентства Блумберг», «журнал Форбс», «компании Форд».

natasha reads such a one-word name as a person (it looks like a surname); after a word naming a kind of
organisation, with no post or person before that word («глава компании Миллер», «сотрудник банка Петров»
are people), it is the organisation, unless it is a Russian surname («В компании Иванов проработал…»).
"""

from __future__ import annotations

import re
from typing import Any

from clusterdesk.news.orgs import RawSpan
from clusterdesk.news.titles import TITLE_WORDS

# kinds of organisations named after people (media, companies, banks), in any case form
_KIND_BEFORE = re.compile(
    r"(?<![\w-])((?:[Аа]гент?ств|[Гг]азет|[Жж]урнал|[Ии]здани|[Ии]здательств|[Тт]елеканал|[Рр]адиостанци"
    r"|[Тт]елекомпани|[Кк]омпани|[Кк]орпораци|[Кк]онцерн|[Бб]анк|[Хх]олдинг|[Фф]ирм|[Аа]втоконцерн"
    r"|[Аа]виакомпани)[а-яё]{0,3}) $"
)
_WORD_BEFORE = re.compile(r"([А-ЯЁа-яё-]+)\s+$")
# «В компании Иванов проработал…»: a Russian surname after a kind is a person's
_RUSSIAN_SURNAME = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ский|цкий|ова|ева|ёва|ина|ына|ская|цкая|ых|их)[аыуеом]{0,2}$"
)
_TITLES = frozenset(w.replace("ё", "е") for w in TITLE_WORDS)


def organisations_named_by_kind(text: str, spans: list[RawSpan], vocab: Any) -> list[RawSpan]:
    """A one-word person right after a kind of organisation is that organisation («агентства Блумберг»)."""
    out: list[RawSpan] = []
    for span in spans:
        word = text[span.start : span.end]
        if span.type == "PER" and " " not in word and not _RUSSIAN_SURNAME.search(word):
            kind = _KIND_BEFORE.search(text, max(0, span.start - 30), span.start)
            if kind is not None and not _after_a_person(text, kind.start(), vocab):
                span = RawSpan("ORG", span.start, span.end)
        out.append(span)
    return out


def _after_a_person(text: str, at: int, vocab: Any) -> bool:
    """«глава компании …», «сотрудник агентства …»: after a post or a person noun the name is a person's."""
    before = _WORD_BEFORE.search(text, max(0, at - 40), at)
    if before is None:
        return False
    word = before.group(1).lower().replace("ё", "е")
    if any(word.startswith(title[: max(4, len(title) - 1)]) for title in _TITLES):
        return True
    parses = vocab.parse(word)[:2]
    return bool(parses) and all(p.tag.POS == "NOUN" and "anim" in p.tag for p in parses)
