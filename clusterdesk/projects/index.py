"""An in-memory match index over stored documents: inverted lemma index plus a matrix of stored vectors.

Pure: no database here. Adding or changing one document touches one slot (no rebuild, no re-embedding);
a query is one matrix-vector product plus a sparse walk over the query's terms.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from clusterdesk.projects import embeddings, okved
from clusterdesk.projects.terms import CONCEPTS, PREFIX_LENGTH, Terms, prefix, weight

# how much a document of each kind speaks for its organisation
KIND_FACTOR = {"capability": 1.0, "project": 0.85, "organization": 0.7}
PREFIX_CREDIT = 0.6  # «лидарные» meets «лидаров» only through the shared prefix
# The capability corpus: what organisations do (capabilities and projects, each counted once however many
# organisations share it). A word found in more than COMMON_SHARE of its documents, and in at least
# COMMON_MIN_DOCS of them, says nothing about who fits a need («кластер», «совещание» in a corpus of meeting
# notes): it is neither scored nor shown as a shared term. Thesaurus concepts are never cut.
CORPUS_KINDS = frozenset({"capability", "project"})
COMMON_SHARE = 0.5
COMMON_MIN_DOCS = 3


@dataclass(frozen=True)
class Weights:
    """How lexical, embedding and OKVED2 scores combine (chosen on the gold set, see DECISIONS.md)."""

    lexical: float = 0.1
    embedding: float = 0.9
    okved: float = 0.0

    def normalised(self) -> Weights:
        total = self.lexical + self.embedding + self.okved
        return Weights(self.lexical / total, self.embedding / total, self.okved / total)


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Document:
    """One matchable text: a capability, a project or an organisation's own description."""

    key: tuple[str, int]  # (kind, entity id)
    organization_id: int
    title: str
    terms: Terms
    okved2: str | None
    vector: np.ndarray | None


@dataclass(frozen=True)
class Query:
    terms: Terms
    vector: np.ndarray | None
    okved2: str | None


@dataclass
class Hit:
    organization_id: int
    score: float
    document: Document
    lexical: float
    embedding: float
    cosine: float
    okved: float
    shared: list[str] = field(default_factory=list)


class MatchIndex:
    def __init__(self, capacity: int = 1024) -> None:
        self.vectors = np.zeros((capacity, embeddings.DIM), dtype=np.float32)
        self.has_vector = np.zeros(capacity, dtype=bool)
        self.docs: list[Document | None] = []
        self.slots: dict[tuple[tuple[str, int], int], int] = {}
        self.free: list[int] = []
        self.by_term: dict[str, set[int]] = {}
        self.df: Counter[str] = Counter()
        self.org_of = np.zeros(capacity, dtype=np.int64)
        self.kind_factor = np.zeros(capacity, dtype=np.float32)
        self.code_of: list[str | None] = []
        # the capability corpus, by document key: its terms (counted once per key) and how many slots hold it
        self.corpus_terms: dict[tuple[str, int], frozenset[str]] = {}
        self.corpus_slots: Counter[tuple[str, int]] = Counter()
        self.corpus_df: Counter[str] = Counter()

    def __len__(self) -> int:
        return len(self.slots)

    # writing -------------------------------------------------------------------------------------------

    def _grow(self) -> None:
        capacity = len(self.vectors) * 2
        for name in ("vectors", "has_vector", "org_of", "kind_factor"):
            old = getattr(self, name)
            new = np.zeros((capacity, *old.shape[1:]), dtype=old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)

    def put(self, doc: Document) -> None:
        """Add a document, or replace the stored one with the same key and organisation."""
        slot_key = (doc.key, doc.organization_id)
        if slot_key in self.slots:
            self._forget(self.slots.pop(slot_key))
        if self.free:
            slot = self.free.pop()
            self.docs[slot] = doc
            self.code_of[slot] = doc.okved2
        else:
            slot = len(self.docs)
            if slot >= len(self.vectors):
                self._grow()
            self.docs.append(doc)
            self.code_of.append(doc.okved2)
        self.slots[slot_key] = slot
        self.org_of[slot] = doc.organization_id
        self.kind_factor[slot] = KIND_FACTOR[doc.key[0]]
        if doc.vector is not None:
            self.vectors[slot] = doc.vector
            self.has_vector[slot] = True
        for term in doc.terms.words | doc.terms.prefixes:
            self.by_term.setdefault(term, set()).add(slot)
            self.df[term] += 1
        if doc.key[0] in CORPUS_KINDS:
            if not self.corpus_slots[doc.key]:
                self.corpus_terms[doc.key] = doc.terms.words | doc.terms.prefixes
                self.corpus_df.update(self.corpus_terms[doc.key])
            self.corpus_slots[doc.key] += 1

    def remove(self, key: tuple[str, int]) -> None:
        for slot_key in [k for k in self.slots if k[0] == key]:
            self._forget(self.slots.pop(slot_key))

    def _forget(self, slot: int) -> None:
        doc = self.docs[slot]
        assert doc is not None
        for term in doc.terms.words | doc.terms.prefixes:
            self.by_term[term].discard(slot)
            self.df[term] -= 1
        if doc.key in self.corpus_slots:
            self.corpus_slots[doc.key] -= 1
            if not self.corpus_slots[doc.key]:
                del self.corpus_slots[doc.key]
                self.corpus_df.subtract(self.corpus_terms.pop(doc.key))
        self.docs[slot] = None
        self.code_of[slot] = None
        self.has_vector[slot] = False
        self.vectors[slot] = 0
        self.kind_factor[slot] = 0
        self.free.append(slot)

    # reading -------------------------------------------------------------------------------------------

    def idf(self, term: str) -> float:
        return math.log(1 + (len(self.slots) + 1) / (1 + self.df.get(term, 0)))

    def is_common(self, term: str) -> bool:
        """A word (or prefix) found in most documents of the capability corpus: no evidence of a fit."""
        if term in CONCEPTS:
            return False
        found = self.corpus_df.get(term, 0)
        return found >= COMMON_MIN_DOCS and found > COMMON_SHARE * len(self.corpus_terms)

    def _prefix_counts(self, word: str) -> bool:
        return len(word) >= PREFIX_LENGTH and (word in CONCEPTS or not self.is_common(prefix(word)))

    def lexical(self, terms: Terms) -> np.ndarray:
        """Per slot: the weighted share of the query's words found (whole, or by prefix at lower credit);
        words common in the capability corpus do not count."""
        scores = np.zeros(len(self.docs), dtype=np.float32)
        weights = {w: weight(w) * self.idf(w) for w in terms.words if not self.is_common(w)}
        total = sum(weights.values()) or 1.0
        for word, w in weights.items():
            exact = self.by_term.get(word) or set()
            if exact:
                scores[np.fromiter(exact, dtype=np.int64, count=len(exact))] += w / total
            by_prefix = self.by_term.get(prefix(word)) if self._prefix_counts(word) else None
            if by_prefix:
                only_prefix = by_prefix - exact
                slots = np.fromiter(only_prefix, dtype=np.int64, count=len(only_prefix))
                scores[slots] += PREFIX_CREDIT * w / total
        return scores

    def shared_words(self, query: Terms, doc: Terms) -> list[str]:
        """The query's words the document has too (whole or by prefix), less the corpus's common words."""
        return sorted(
            w
            for w in query.words
            if not self.is_common(w)
            and (w in doc.words or (self._prefix_counts(w) and prefix(w) in doc.prefixes))
        )

    def okved_scores(self, code: str | None) -> np.ndarray:
        scores = np.zeros(len(self.docs), dtype=np.float32)
        if not code:
            return scores
        cache: dict[str | None, float] = {}
        for slot, other in enumerate(self.code_of):
            if other is not None:
                if other not in cache:
                    cache[other] = okved.proximity(code, other)
                scores[slot] = cache[other]
        return scores

    @staticmethod
    def _best_first(combined: np.ndarray, limit: int | None) -> Iterator[int]:
        """Slots by score, lazily: with a limit only a head is sorted, the rest only if the head runs out
        (an organisation may own several slots, so the head holds more slots than the limit)."""
        head = None if limit is None else limit * 20
        if head is None or head >= len(combined):
            yield from np.argsort(-combined, kind="stable").tolist()
            return
        top = np.argpartition(-combined, head)[:head]
        yield from top[np.argsort(-combined[top], kind="stable")].tolist()
        rest = np.setdiff1d(np.arange(len(combined)), top, assume_unique=True)
        yield from rest[np.argsort(-combined[rest], kind="stable")].tolist()

    def search(
        self,
        query: Query,
        *,
        weights: Weights = DEFAULT_WEIGHTS,
        exclude: frozenset[int] = frozenset(),
        only: frozenset[int] | None = None,
        limit: int | None = 10,
        kinds: frozenset[str] | None = None,
    ) -> list[Hit]:
        """The best document of each organisation, best organisations first."""
        n = len(self.docs)
        if n == 0:
            return []
        w = weights.normalised()
        lexical = self.lexical(query.terms)
        cosine = np.zeros(n, dtype=np.float32)
        if query.vector is not None:
            cosine = np.where(self.has_vector[:n], self.vectors[:n] @ query.vector, 0.0).astype(np.float32)
        semantic = embeddings.calibrate(cosine).astype(np.float32)
        ok = self.okved_scores(query.okved2) if w.okved else np.zeros(n, dtype=np.float32)
        combined = (w.lexical * lexical + w.embedding * semantic + w.okved * ok) * self.kind_factor[:n]
        orgs = self.org_of[:n]
        allowed = self.kind_factor[:n] > 0
        if kinds is not None:
            allowed &= np.array([d is not None and d.key[0] in kinds for d in self.docs], dtype=bool)
        if exclude:
            allowed &= ~np.isin(orgs, np.fromiter(exclude, dtype=np.int64))
        if only is not None:
            allowed &= np.isin(orgs, np.fromiter(only, dtype=np.int64))
        combined = np.where(allowed, combined, -1.0)
        hits: list[Hit] = []
        if not allowed.any():
            return hits
        order = self._best_first(combined, limit)
        seen: set[int] = set()
        for slot in order:
            if combined[slot] < 0 or (limit is not None and len(hits) >= limit):
                break
            org = int(orgs[slot])
            if org in seen:
                continue
            seen.add(org)
            doc = self.docs[slot]
            assert doc is not None
            hits.append(
                Hit(
                    organization_id=org,
                    score=float(combined[slot]),
                    document=doc,
                    lexical=float(lexical[slot]),
                    embedding=float(semantic[slot]),
                    cosine=float(cosine[slot]),
                    okved=float(ok[slot]),
                    shared=self.shared_words(query.terms, doc.terms),
                )
            )
        return hits
