"""The in-memory index: one write touches one slot; the default weights rank the gold set well."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from clusterdesk.projects.index import DEFAULT_WEIGHTS, Document, MatchIndex, Query, Weights
from clusterdesk.projects.terms import terms_of

ROOT = Path(__file__).resolve().parents[2]


def _doc(entity: int, org: int, text: str, vector: np.ndarray | None = None) -> Document:
    return Document(("capability", entity), org, text, terms_of([text]), None, vector)


def test_put_replace_and_remove_touch_one_slot() -> None:
    index = MatchIndex(capacity=2)
    index.put(_doc(1, 10, "производство лидаров"))
    index.put(_doc(2, 20, "ремонт тракторов"))
    index.put(_doc(3, 30, "печатные платы"))  # grows past the initial capacity
    assert len(index) == 3
    query = Query(terms_of(["лидар"]), None, None)
    lexical_only = Weights(1, 0, 0)
    assert index.search(query, weights=lexical_only)[0].organization_id == 10
    index.put(_doc(1, 10, "ремонт станков"))  # the same capability rewritten
    assert len(index) == 3
    assert not [h for h in index.search(query, weights=lexical_only) if h.score > 0]
    index.remove(("capability", 2))
    assert len(index) == 2 and index.df["трактор"] == 0
    index.put(_doc(4, 40, "лидары"))
    assert len(index) == 3 and len(index.docs) == 3  # the freed slot is reused
    hit = index.search(query, weights=lexical_only, exclude=frozenset({99}))[0]
    assert hit.organization_id == 40 and hit.shared == ["лидар"]


def test_default_weights_rank_the_gold_set_at_least_as_well_as_lexical_alone() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from matching_eval import GOLD, build, evaluate

    index, _, queries = build(json.loads(GOLD.read_text("utf-8")))
    p1_default, mrr_default, _ = evaluate(index, queries, DEFAULT_WEIGHTS)
    _, mrr_lexical, _ = evaluate(index, queries, Weights(1, 0, 0))
    assert p1_default >= 0.9 and mrr_default > mrr_lexical


def test_words_in_most_of_the_capability_corpus_neither_score_nor_show() -> None:
    """Meeting notes in every project: «совещание» is in 3 of 4 documents, so it is no evidence of a fit;
    a document held by several organisations counts once; thesaurus concepts are never cut."""
    index = MatchIndex()
    notes = "представлен на совещании о кластере беспилотников"
    for entity, title in enumerate(("Лидары", "Спутниковая связь", "Минитрактор"), start=1):
        for org in (10, 11, 12, 13):  # one project, four presenters: one document of the corpus
            index.put(Document(("project", entity), org, title, terms_of([title, notes]), None, None))
    index.put(_doc(9, 20, "Камеры для термовакуумных испытаний"))
    assert len(index.corpus_terms) == 4 and index.corpus_df["совещание"] == 3
    assert index.is_common("совещание") and index.is_common("кластер")
    assert not index.is_common("беспилотник")  # a concept of the thesaurus
    assert not index.is_common("лидар") and not index.is_common("камера")
    query = Query(terms_of(["Совещание кластера о лидарах для БПЛА"]), None, None)
    hits = index.search(query, weights=Weights(1, 0, 0))
    assert hits[0].organization_id in {10, 11, 12, 13} and hits[0].document.title == "Лидары"
    assert hits[0].shared == ["беспилотник", "лидар"]
    meeting_only = index.search(Query(terms_of(["совещание кластера"]), None, None), weights=Weights(1, 0, 0))
    assert all(h.score == 0 and not h.shared for h in meeting_only)
    index.remove(("project", 1))
    index.remove(("project", 2))  # two documents left: too few to call a word common
    assert len(index.corpus_terms) == 2 and not index.is_common("совещание")
