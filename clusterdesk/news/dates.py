"""Dates and date ranges in news text («с 5 по 9 апреля», «с 25 по 27 мая 2025 года»), found with yargy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

MONTHS = {
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6,
    "июль": 7, "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}  # fmt: skip
_MONTH_PREFIX = {name[:3]: number for name, number in MONTHS.items()} | {"мая": 5}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or range found in text; `start_date`/`end_date` are None when the year is unknown.

    `first`/`last` are the (month, day) pairs written in the text, so a range without a year can still be
    given as a partial ISO date («--04-05»): see `start_iso` / `end_iso`.
    """

    start: int
    end: int
    start_date: date | None
    end_date: date | None
    text: str
    first: tuple[int, int] | None = None
    last: tuple[int, int] | None = None

    @property
    def start_iso(self) -> str | None:
        """«2025-04-05», or «--04-05» when the year is not known; never an invented year."""
        return _iso(self.start_date, self.first)

    @property
    def end_iso(self) -> str | None:
        return _iso(self.end_date, self.last)


def _iso(full: date | None, month_day: tuple[int, int] | None) -> str | None:
    if full is not None:
        return full.isoformat()
    if month_day is None:
        return None
    return f"--{month_day[0]:02d}-{month_day[1]:02d}"


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
    tokenizer = MorphTokenizer(morph=shared_morph(morph)) if morph is not None else MorphTokenizer()
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


@lru_cache(maxsize=1)
def _once_tokenizer_class() -> Any:
    from yargy.tokenizer import MorphTokenizer

    class OnceTokenizer(MorphTokenizer):  # type: ignore[misc]
        """A MorphTokenizer that remembers the tokens of the last text: a prefilter that looks at the words of
        a text and the parser run after it tokenize (and analyse) the text once."""

        def __init__(self, morph: Any) -> None:
            super().__init__(morph=morph)
            self._last: tuple[str, list[Any]] | None = None

        def __call__(self, text: str) -> list[Any]:
            last = self._last  # one local read: safe if threads share the parser
            if last is None or last[0] != text:
                last = (text, list(super().__call__(text)))
                self._last = last
            return last[1]

    return OnceTokenizer


def once_tokenizer(morph: Any) -> Any:
    """A yargy MorphTokenizer over natasha's vocabulary `morph` that tokenizes a repeated text once."""
    return _once_tokenizer_class()(shared_morph(morph) if morph is not None else None)


@lru_cache(maxsize=4)
def shared_morph(morph: Any) -> SharedMorph:
    """One yargy analyser per vocabulary, so that every grammar shares its cache of analysed words."""
    return SharedMorph(morph)


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
        first, last = (first_month, first_day), (last_month, last_day)
        if not (_valid(first) and _valid(last)):
            continue
        out.append(
            DateMention(
                start,
                end,
                _safe(year, first_month, first_day),
                _safe(year, last_month, last_day),
                piece,
                first,
                last,
            )
        )
    return out


def _valid(month_day: tuple[int, int]) -> bool:
    return _safe(2024, *month_day) is not None  # a leap year: «29 февраля» is a real date


def _safe(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# A year is never invented. It comes from the text («5 апреля 2025 года»), or from the item's published date
# only when the text itself places the date in the current year or relative to the publication day.
_THIS_YEAR = re.compile(
    r"(?<![А-Яа-яЁё])(?:в\s+(?:этом|текущем|нынешнем|наступившем)\s+году|"
    r"(?:этого|текущего|нынешнего|сего)\s+года|сегодня|завтра|послезавтра|вчера|позавчера|"
    r"на\s+(?:этой|следующей|прошлой)\s+неделе|в\s+(?:этом|следующем|прошлом)\s+месяце)(?![А-Яа-яЁё])",
    re.IGNORECASE,
)
_RELATIVE_DAY = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
_RELATIVE = re.compile(r"(?<![А-Яа-яЁё])(позавчера|вчера|сегодня|послезавтра|завтра)(?![А-Яа-яЁё])", re.I)


def year_from_context(text: str, published: date | None) -> int | None:
    """The published year, when the text ties its dates to it («в этом году», «сегодня»); else None."""
    if published is None or not _THIS_YEAR.search(text):
        return None
    return published.year


def relative_day(text: str, published: date | None) -> tuple[date, str] | None:
    """«сегодня», «вчера», «завтра» resolved against the published date, with the word as written."""
    match = _RELATIVE.search(text)
    if match is None or published is None:
        return None
    return published + timedelta(days=_RELATIVE_DAY[match.group(1).lower()]), match.group(1)
