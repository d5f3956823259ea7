"""Exact and near-duplicate handling of news texts, all in one place: the normalised-text fingerprint, the
MinHash LSH index, marking duplicates within one run of the pipeline (``mark``), and finding the stored item
a new one reprints (``stored_duplicate``, ``stored_index``) for the store.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, cast

import numpy as np

if TYPE_CHECKING:
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


# MinHash LSH written out here, bit for bit datasketch 2.x (MinHash scheme «affine32», seed 1; MinHashLSH with
# dict storage): importing datasketch loads SciPy (its LSH module imports scipy.integrate for the band
# optimisation), ~1 s and 33 MiB of start-up for a lookup of a few dictionaries. tests/news/test_dedup.py
# checks the hash values, the candidates and the bands against datasketch itself.
LSH_THRESHOLD = 0.3
# datasketch's optimal (bands, rows) for LSH_THRESHOLD and NUM_PERM with equal false positive/negative weights
LSH_BANDS = (37, 3)
_MAX32 = np.uint32(0xFFFFFFFF)
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters: odd multipliers and offsets from RandomState(seed)."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def minhash_values(grams: set[str], num_perm: int = NUM_PERM) -> np.ndarray:
    """The MinHash signature of a set of shingles (datasketch ``MinHash(num_perm).update_batch`` values)."""
    values = np.array(
        [struct.unpack("<I", hashlib.sha1(g.encode("utf-8")).digest()[:4])[0] for g in grams], dtype=np.uint32
    ).reshape(-1, 1)
    s1, m1, s2, m2, s3 = _FMIX32
    values = values ^ (values >> s1)
    values = values * m1
    values = values ^ (values >> s2)
    values = values * m2
    values = values ^ (values >> s3)
    a, b = _permutations(num_perm)
    with np.errstate(over="ignore"):
        permuted = values * a + b
    return np.minimum(np.full(num_perm, _MAX32, dtype=np.uint32), permuted.min(axis=0))


class _BandIndex:
    """datasketch's MinHashLSH over dict storage: one bucket table per band of `rows` hash values."""

    def __init__(self, num_perm: int, bands: int, rows: int) -> None:
        if bands * rows > num_perm:
            raise ValueError(f"{bands} полос по {rows} значений больше, чем {num_perm} перестановок")
        self._ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self._tables: list[defaultdict[bytes, set[str]]] = [defaultdict(set) for _ in range(bands)]

    def insert(self, key: str, values: np.ndarray) -> None:
        for (start, end), table in zip(self._ranges, self._tables, strict=True):
            table[_band_hash(values, start, end)].add(key)

    def query(self, values: np.ndarray) -> list[str]:
        candidates: set[str] = set()
        for (start, end), table in zip(self._ranges, self._tables, strict=True):
            for key in table.get(_band_hash(values, start, end), set()):
                candidates.add(key)
        return list(candidates)


def _band_hash(values: np.ndarray, start: int, end: int) -> bytes:
    """datasketch's bucket key of one band: its hash values as big-endian bytes."""
    return bytes(values[start:end].byteswap().data)


def band_keys(values: np.ndarray, bands: tuple[int, int] = LSH_BANDS) -> list[bytes]:
    """The persistent index's keys of a signature: per band, the band number byte + datasketch's bucket key
    (so that one indexed column holds every band's table; two texts share a key iff they share that band's
    bucket in datasketch's MinHashLSH)."""
    count, rows = bands
    return [bytes((band,)) + _band_hash(values, band * rows, (band + 1) * rows) for band in range(count)]


_KEY_BYTES = 1 + 4 * LSH_BANDS[1]  # band number + that band's hash values


def prepared_bands(text: str, fingerprint: str) -> str:
    """A text's band keys computed ahead of storing (on a backfill worker), as one string an item can carry:
    the fingerprint of the text they belong to, then the keys in hex (none for a text with no words)."""
    _, minhash = signature(text)
    keys = b"".join(band_keys(minhash)) if minhash is not None else b""
    return f"{fingerprint}:{keys.hex()}"


def prepared_band_keys(value: str | None, fingerprint: str) -> list[bytes] | None:
    """The keys of ``prepared_bands`` if computed for this fingerprint, else None (compute them)."""
    if not value:
        return None
    owner, _, hexed = value.partition(":")
    if owner != fingerprint:
        return None
    raw = bytes.fromhex(hexed)
    if len(raw) % _KEY_BYTES:
        return None
    return [raw[i : i + _KEY_BYTES] for i in range(0, len(raw), _KEY_BYTES)]


def signature(text: str, num_perm: int = NUM_PERM) -> tuple[set[str], np.ndarray | None]:
    """A text's shingles and MinHash values (None for a text with no words)."""
    grams = shingles(text)
    return grams, (minhash_values(grams, num_perm) if grams else None)


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """What an item duplicates: the key it was stored under and the estimated similarity."""

    key: str
    similarity: float
    exact: bool


class DuplicateIndex:
    """An in-memory index of seen texts; add items, then ask whether a new text duplicates one of them."""

    def __init__(
        self, num_perm: int = NUM_PERM, bands: tuple[int, int] = LSH_BANDS, verify: float = 0.6
    ) -> None:
        self.threshold = LSH_THRESHOLD
        self.verify = verify
        self.num_perm = num_perm
        self._lsh = _BandIndex(num_perm, *bands)
        self._exact: dict[str, str] = {}
        self._shingles: dict[str, set[str]] = {}
        # the usual call pattern is query(text) then add(key, text): hash the text once for both
        self._last: tuple[str, set[str], np.ndarray] | None = None

    def _signature(self, text: str) -> tuple[set[str], np.ndarray | None]:
        """The text's shingles and MinHash values (None for a text with no words)."""
        if self._last is not None and self._last[0] == text:
            return self._last[1], self._last[2]
        grams = shingles(text)
        if not grams:
            return grams, None
        minhash = minhash_values(grams, self.num_perm)
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


# Candidates checked per lookup at most (those sharing the most bands first): a text of boilerplate can
# share a band with very many stored items, and the per-item cost must not grow with the store.
MAX_CANDIDATES = 50
VERIFY = 0.6


class StoredIndex(DuplicateIndex):
    """The persistent index as callers of the in-memory one see it: the store writes and reads the band keys
    (table ``news_band``) in each item's own transaction, so there is nothing to load and nothing to add after
    a commit — ``add`` is a no-op and ``query`` knows nothing (the store asks ``stored_duplicate``)."""

    def query(self, text: str) -> DuplicateMatch | None:
        return None

    def add(self, key: str, text: str) -> None:
        return None


def stored_index(*, session: Session) -> DuplicateIndex:
    """The near-duplicate index over every stored item: the band-key table, read per lookup (no loading)."""
    return StoredIndex()


def rebuild_bands(*, session: Session, batch: int = 500) -> int:
    """Write the band keys of stored items that have none (items stored before the table existed)."""
    from sqlalchemy import select

    from clusterdesk.news.models import NewsBand
    from clusterdesk.news.models import NewsItem as StoredItem

    written = 0
    last = 0
    while True:
        rows = session.execute(
            select(StoredItem.id, StoredItem.text)
            .where(StoredItem.id > last, ~StoredItem.id.in_(select(NewsBand.item_id)))
            .order_by(StoredItem.id)
            .limit(batch)
        ).all()
        if not rows:
            return written
        for item_id, text in rows:
            written += add_bands(session=session, item_id=item_id, text=text)
            last = item_id
        session.flush()


def add_bands(*, session: Session, item_id: int, text: str, keys: list[bytes] | None = None) -> int:
    """Index a newly stored item (in its own transaction: a rolled-back item leaves no key behind); ``keys``
    are the text's band keys when computed before (``prepared_band_keys``)."""
    from sqlalchemy import Table, insert

    from clusterdesk.news.models import NewsBand

    if keys is None:
        _, minhash = signature(text)
        keys = band_keys(minhash) if minhash is not None else []
    if keys:
        # one executemany, no ORM objects: the 37 keys of every stored item were most of its flush
        rows = [{"item_id": item_id, "key": key} for key in keys]
        session.execute(insert(cast(Table, NewsBand.__table__)), rows)
    return len(keys)


def stored_duplicate(
    *,
    session: Session,
    fingerprint: str,
    text: str,
    index: DuplicateIndex | None = None,
    keys: list[bytes] | None = None,
) -> tuple[int, float] | None:
    """The stored item a new text reprints, with the similarity: the same fingerprint, else a near duplicate.

    Near duplicates are found through the band-key table (one indexed lookup for the text's bands) and
    verified on the candidates' shingles, as the in-memory ``DuplicateIndex`` does; ``keys`` are the text's
    band keys when computed before (else computed here); ``index`` is accepted for older callers and
    consulted too when it is an in-memory index with items of its own.
    """
    from sqlalchemy import func, select

    from clusterdesk.news.models import NewsBand
    from clusterdesk.news.models import NewsItem as StoredItem

    existing_id = session.scalar(select(StoredItem.id).where(StoredItem.fingerprint == fingerprint))
    if existing_id is not None:
        return existing_id, 1.0
    if keys is None:
        _, minhash = signature(text)
        keys = band_keys(minhash) if minhash is not None else []
    if not keys:  # a text with no words has no near duplicates
        return None
    shared = func.count()
    candidates = (
        session.execute(
            select(NewsBand.item_id)
            .where(NewsBand.key.in_(keys))
            .group_by(NewsBand.item_id)
            .order_by(shared.desc(), NewsBand.item_id)
            .limit(MAX_CANDIDATES)
        )
        .scalars()
        .all()
    )
    best: tuple[int, float] | None = None
    if candidates:
        grams = shingles(text)
        for item_id, other_text in session.execute(
            select(StoredItem.id, StoredItem.text)
            .where(StoredItem.id.in_(candidates))
            .order_by(StoredItem.id)
        ):
            other = shingles(other_text)
            # containment handles a trimmed tail: the shorter text lies inside the longer one
            similarity = len(grams & other) / max(1, min(len(grams), len(other)))
            if similarity >= VERIFY and (best is None or similarity > best[1]):
                best = (item_id, similarity)
    if index is not None and not isinstance(index, StoredIndex) and len(index):
        match = index.query(text)
        if match is not None and (best is None or match.similarity > best[1]):
            best = (int(match.key), match.similarity)
    return best
