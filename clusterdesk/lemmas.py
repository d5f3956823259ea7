"""Russian-aware search keys: any case form of a word («ТУСУРа», «Микрана») finds its entry."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def search_text(texts: Iterable[str | None]) -> str:
    """A space-delimited bag of every word form of the given names, stored for LIKE searches."""
    keys: set[str] = set()
    for text in texts:
        for word in words(text or ""):
            keys |= word_forms(word)
    return " " + " ".join(sorted(keys)) + " " if keys else ""


def query_terms(query: str) -> list[frozenset[str]]:
    """For each word of a query, the forms any one of which must occur in the entry's search text."""
    return [word_forms(word) for word in words(query)]
