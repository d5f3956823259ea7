"""Exact and near-duplicate handling of news texts, all in one place: the normalised-text fingerprint, the
MinHash LSH index, marking duplicates within one run of the pipeline (``mark``), and finding the stored item
a new one reprints (``stored_duplicate``, ``stored_index``) for the store.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

_WORD = re.compile(r"[0-9a-zа-яё]+")
NUM_PERM = 128
SHINGLE = 3


def normalized_words(text: str) -> list[str]:
    """Lower-case words with «ё» folded: the basis of both fingerprints."""
    return _WORD.findall(text.lower().replace("ё", "е"))


def text_fingerprint(text: str) -> str:
    """Hash of the normalised text: equal for texts that differ only in case, punctuation or spacing."""
    return hashlib.sha1(" ".join(normalized_words(text)).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = normalized_words(text)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@lru_cache(maxsize=8)
def _lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's optimal (bands, rows) for the threshold: a numerical integration of ~75 ms, done once."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """What an item duplicates: the key it was stored under and the estimated similarity."""

    key: str
    similarity: float
    exact: bool


class DuplicateIndex:
    """An in-memory index of seen texts; add items, then ask whether a new text duplicates one of them."""

    def __init__(self, threshold: float = 0.3, num_perm: int = NUM_PERM, verify: float = 0.6) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.verify = verify
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=_lsh_bands(threshold, num_perm))
        self._exact: dict[str, str] = {}
        self._shingles: dict[str, set[str]] = {}
        # the usual call pattern is query(text) then add(key, text): hash the text once for both
        self._last: tuple[str, set[str], object] | None = None

    def _signature(self, text: str) -> tuple[set[str], object | None]:
        """The text's shingles and MinHash (None for a text with no words)."""
        if self._last is not None and self._last[0] == text:
            return self._last[1], self._last[2]
        from datasketch import MinHash

        grams = shingles(text)
        if not grams:
            return grams, None
        minhash = MinHash(num_perm=self.num_perm)
        minhash.update_batch([g.encode("utf-8") for g in grams])
        self._last = (text, grams, minhash)
        return grams, minhash

    def query(self, text: str) -> DuplicateMatch | None:
        """The best earlier item this text duplicates, or None."""
        fingerprint = text_fingerprint(text)
        if fingerprint in self._exact:
            return DuplicateMatch(self._exact[fingerprint], 1.0, True)
        grams, minhash = self._signature(text)
        if minhash is None:
            return None
        best: DuplicateMatch | None = None
        for key in self._lsh.query(minhash):
            other = self._shingles[key]
            # containment handles a trimmed tail: the shorter text lies inside the longer one
            similarity = len(grams & other) / max(1, min(len(grams), len(other)))
            if similarity >= self.verify and (best is None or similarity > best.similarity):
                best = DuplicateMatch(key, similarity, False)
        return best

    def add(self, key: str, text: str) -> None:
        """Remember a text under a key (e.g. «source#item» or a database id)."""
        if key in self._shingles:
            return
        self._exact.setdefault(text_fingerprint(text), key)
        grams, minhash = self._signature(text)
        if minhash is None:
            return
        self._shingles[key] = grams
        self._lsh.insert(key, minhash)

    def mark(self, key: str, text: str) -> DuplicateMatch | None:
        """The earlier text this one duplicates; a text seen for the first time is remembered as ``key``."""
        match = self.query(text)
        if match is None:
            self.add(key, text)
        return match

    def __len__(self) -> int:
        return len(self._shingles)


def stored_index(*, session: Session) -> DuplicateIndex:
    """A near-duplicate index over every stored item, keyed by item id."""
    # the tables are imported here so that the pipeline, which never stores, does not load them
    from clusterdesk.news.models import NewsItem as StoredItem

    index = DuplicateIndex()
    for item_id, text in session.execute(select(StoredItem.id, StoredItem.text)):
        index.add(str(item_id), text)
    return index


def stored_duplicate(
    *, session: Session, fingerprint: str, text: str, index: DuplicateIndex
) -> tuple[int, float] | None:
    """The stored item a new text reprints, with the similarity: the same fingerprint, else a near duplicate.

    The caller adds a newly stored item to ``index`` only after its commit, so a rolled-back item leaves no
    trace in it.
    """
    from clusterdesk.news.models import NewsItem as StoredItem

    existing_id = session.scalar(select(StoredItem.id).where(StoredItem.fingerprint == fingerprint))
    if existing_id is not None:
        return existing_id, 1.0
    match = index.query(text)
    return (int(match.key), match.similarity) if match is not None else None
