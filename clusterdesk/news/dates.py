"""Dates and date ranges in news text («с 5 по 9 апреля», «с 25 по 27 мая 2025 года»), found with yargy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

MONTHS = {
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6,
    "июль": 7, "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}  # fmt: skip
_MONTH_PREFIX = {name[:3]: number for name, number in MONTHS.items()} | {"мая": 5}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or range found in text; `start_date`/`end_date` are None when the year is unknown."""

    start: int
    end: int
    start_date: date | None
    end_date: date | None
    text: str


@lru_cache(maxsize=4)
def _parser(morph: Any) -> Any:
    from yargy import Parser, and_, or_, rule
    from yargy.predicates import caseless, dictionary, eq, gte, lte, normalized
    from yargy.tokenizer import MorphTokenizer

    day = rule(and_(gte(1), lte(31)))
    year = rule(and_(gte(1900), lte(2100)))
    month = rule(dictionary(set(MONTHS)))
    year_tail = rule(year, or_(rule(normalized("год")), rule(eq("г"), eq(".").optional())).optional())
    dash = rule(or_(eq("-"), eq("–"), eq("—")))
    date_range = or_(
        rule(caseless("с"), day, month.optional(), caseless("по"), day, month, year_tail.optional()),
        rule(day, dash, day, month, year_tail.optional()),
        rule(day, month, dash, day, month, year_tail.optional()),
    )
    single = rule(day, month, year_tail.optional())
    tokenizer = MorphTokenizer(morph=SharedMorph(morph)) if morph is not None else MorphTokenizer()
    return Parser(or_(date_range, single), tokenizer=tokenizer)


class SharedMorph:
    """yargy's analyser interface over natasha's pymorphy2 vocabulary, so both share one dictionary."""

    def __init__(self, raw: Any) -> None:
        from yargy.morph import MorphAnalyzer

        self._inner = MorphAnalyzer(raw)

    @lru_cache(maxsize=20_000)  # noqa: B019 - the analyser lives as long as the models
    def __call__(self, word: str) -> Any:
        return self._inner(word)

    def check_gram(self, gram: str) -> None:
        self._inner.check_gram(gram)

    def normalized(self, word: str) -> set[str]:
        return {form.normalized for form in self(word)}


_NUMBER = re.compile(r"\d+")
_MONTH_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)


def find_dates(text: str, *, default_year: int | None = None, morph: Any = None) -> list[DateMention]:
    """Date mentions in a text; a missing year comes from `default_year` (the article's year) when known."""
    if not _NUMBER.search(text):
        return []
    out: list[DateMention] = []
    for match in _parser(morph).findall(text):
        start, end = match.span.start, match.span.stop
        piece = text[start:end]
        numbers = [int(n) for n in _NUMBER.findall(piece)]
        months = [
            _MONTH_PREFIX[w.lower()[:3]] for w in _MONTH_WORD.findall(piece) if w.lower()[:3] in _MONTH_PREFIX
        ]
        if not months:
            continue
        year = next((n for n in numbers if n >= 1900), default_year)
        days = [n for n in numbers if n <= 31]
        if not days:
            continue
        first_day, last_day = days[0], days[-1]
        first_month, last_month = months[0], months[-1]
        out.append(
            DateMention(
                start, end, _safe(year, first_month, first_day), _safe(year, last_month, last_day), piece
            )
        )
    return out


def _safe(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
