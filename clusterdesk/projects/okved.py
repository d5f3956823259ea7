"""OKVED2 proximity through the classifier hierarchy, and a guess of a text's codes from their names."""

from __future__ import annotations

from functools import lru_cache

from clusterdesk.projects.terms import terms_of
from clusterdesk.reference import okved2


@lru_cache(maxsize=20_000)
def ancestors(code: str) -> tuple[str, ...]:
    """The code and its parents up to the section letter, nearest first."""
    chain: list[str] = []
    entry = okved2.lookup(code)
    while entry is not None:
        chain.append(entry.code)
        entry = okved2.lookup(entry.parent) if entry.parent else None
    return tuple(chain)


def proximity(a: str | None, b: str | None) -> float:
    """1.0 for the same code, down to 0 for different sections: shared depth over the deeper chain."""
    if not a or not b:
        return 0.0
    chain_a, chain_b = ancestors(a), ancestors(b)
    if not chain_a or not chain_b:
        return 0.0
    shared = len(set(chain_a) & set(chain_b))
    return shared / max(len(chain_a), len(chain_b))


@lru_cache(maxsize=1)
def _name_index() -> dict[str, list[tuple[str, frozenset[str]]]]:
    index: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for entry in okved2.classifier().values():
        if "." not in entry.code:
            continue  # sections and divisions are too broad to be a guess
        words = terms_of([entry.name]).words
        for word in words:
            index.setdefault(word, []).append((entry.code, words))
    return index


def guess(text: str, *, threshold: float = 0.5) -> str | None:
    """The OKVED2 code whose name shares the most of a text's words (a need rarely names its code)."""
    words = terms_of([text]).words
    if not words:
        return None
    best: tuple[float, int, str] | None = None
    for word in words:
        for code, code_words in _name_index().get(word, ()):
            shared = len(words & code_words)
            score = shared / len(code_words | words) ** 0.5 / len(words) ** 0.5
            candidate = (score, -len(code), code)
            if best is None or candidate > best:
                best = candidate
    return best[2] if best and best[0] >= threshold else None
