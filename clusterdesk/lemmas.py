"""Russian-aware search keys: any case form of a word («ТУСУРа», «Микрана») finds its entry."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import pymorphy3

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def fold(text: str) -> str:
    return text.lower().replace("ё", "е")


@lru_cache(maxsize=50_000)
def word_forms(word: str) -> frozenset[str]:
    """The word itself plus every normal form pymorphy3 proposes for it, case- and ё-folded."""
    folded = fold(word)
    forms = {folded}
    if re.search("[а-я]", folded):
        forms.update(fold(p.normal_form) for p in _morph().parse(folded))
    return frozenset(forms)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_matches(text: str) -> Iterator[re.Match[str]]:
    """The words of ``text`` as ``words`` cuts them, with their places."""
    return _WORD.finditer(text)


# the longest bag of search words kept for one text (characters, the delimiting spaces included): the
# words of a 600-page book. PostgreSQL indexes the bag as a tsvector, which may not exceed 1 MB; a bag of
# this length stays below that whatever its words (news/search.py indexes no more of it either).
SEARCH_TEXT_MAX_CHARS = 150_000


def search_text(texts: Iterable[str | None]) -> str:
    """A space-delimited, sorted bag of every word form of the given names, stored for word searches.

    A bag longer than ``SEARCH_TEXT_MAX_CHARS`` keeps the forms of the words that come first in the texts.
    """
    keys: dict[str, None] = {}  # in the order the words come, for the cut below
    for text in texts:
        for word in words(text or ""):
            keys.update(dict.fromkeys(sorted(word_forms(word))))
    kept: list[str] = []
    length = 1
    for key in keys:
        length += len(key) + 1
        if length > SEARCH_TEXT_MAX_CHARS:
            break
        kept.append(key)
    return " " + " ".join(sorted(kept)) + " " if kept else ""


def query_terms(query: str) -> list[frozenset[str]]:
    """For each word of a query, the forms any one of which must occur in the entry's search text."""
    return [word_forms(word) for word in words(query)]
