"""Which combination of lexical, embedding and OKVED2 scores ranks partners best, on a hand-written gold set.

Gold set: tests/data/projects/matching_gold.json (20 capabilities of 14 fictional organisations, 16 needs
with the organisation that meets each). Prints the raw e5 cosine band (true vs other pairs, used to calibrate
clusterdesk/projects/embeddings.py) and P@1 / MRR for each combination.

Usage: .venv/bin/python bench/matching_eval.py
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clusterdesk.projects import embeddings  # noqa: E402
from clusterdesk.projects.index import Document, MatchIndex, Query, Weights  # noqa: E402
from clusterdesk.projects.okved import guess  # noqa: E402
from clusterdesk.projects.terms import terms_of  # noqa: E402

GOLD = ROOT / "tests" / "data" / "projects" / "matching_gold.json"
COMBINATIONS = {
    "lexical only": Weights(1, 0, 0),
    "embedding only": Weights(0, 1, 0),
    "lexical 0.1 + embedding 0.9 (default)": Weights(0.1, 0.9, 0),
    "lexical 0.2 + embedding 0.8": Weights(0.2, 0.8, 0),
    "lexical 0.3 + embedding 0.7": Weights(0.3, 0.7, 0),
    "lexical 0.5 + embedding 0.5": Weights(0.5, 0.5, 0),
    "lexical 0.6 + embedding 0.4": Weights(0.6, 0.4, 0),
    "lexical 0.7 + embedding 0.3": Weights(0.7, 0.3, 0),
    "lexical 0.1 + embedding 0.8 + OKVED2 0.1": Weights(0.1, 0.8, 0.1),
    "lexical 0.5 + embedding 0.4 + OKVED2 0.1": Weights(0.5, 0.4, 0.1),
    "lexical 0.4 + embedding 0.4 + OKVED2 0.2": Weights(0.4, 0.4, 0.2),
}


def build(gold: dict) -> tuple[MatchIndex, dict[str, int], list[tuple[Query, set[int], str]]]:
    orgs = {name: i + 1 for i, name in enumerate(dict.fromkeys(c["org"] for c in gold["capabilities"]))}
    texts = [f"{c['name']}. {c['description']}" for c in gold["capabilities"]]
    vectors = embeddings.embed(texts, is_query=False)
    index = MatchIndex()
    for i, (cap, vector) in enumerate(zip(gold["capabilities"], vectors, strict=True)):
        terms = terms_of([cap["name"], cap["description"]])
        index.put(Document(("capability", i), orgs[cap["org"]], cap["name"], terms, cap["okved2"], vector))
    need_vectors = embeddings.embed([n["text"] for n in gold["needs"]], is_query=True)
    queries = [
        (Query(terms_of([n["text"]]), v, guess(n["text"])), {orgs[e] for e in n["expected"]}, n["text"])
        for n, v in zip(gold["needs"], need_vectors, strict=True)
    ]
    return index, orgs, queries


def evaluate(index: MatchIndex, queries: list, weights: Weights) -> tuple[float, float, list[str]]:
    hits1, reciprocal, misses = 0, 0.0, []
    for query, expected, text in queries:
        ranked = [h.organization_id for h in index.search(query, weights=weights, limit=None)]
        rank = next((i + 1 for i, org in enumerate(ranked) if org in expected), None)
        hits1 += rank == 1
        reciprocal += 1 / rank if rank else 0
        if rank != 1:
            misses.append(f"{text} (rank {rank})")
    return hits1 / len(queries), reciprocal / len(queries), misses


def cosine_band(index: MatchIndex, queries: list) -> tuple[float, float]:
    true, other = [], []
    for query, expected, _ in queries:
        for slot, doc in enumerate(index.docs):
            if doc is None:
                continue
            cosine = float(index.vectors[slot] @ query.vector)
            (true if doc.organization_id in expected else other).append(cosine)
    return statistics.median(true), statistics.median(other)


def main() -> None:
    gold = json.loads(GOLD.read_text("utf-8"))
    index, _, queries = build(gold)
    true, other = cosine_band(index, queries)
    print(f"raw e5 cosine: median of true pairs {true:.3f}, of other pairs {other:.3f}")
    print(f"calibration in use: floor {embeddings.COSINE_FLOOR}, ceiling {embeddings.COSINE_CEILING}")
    print("| combination | P@1 | MRR | misses |")
    print("|---|---|---|---|")
    for label, weights in COMBINATIONS.items():
        p1, mrr, misses = evaluate(index, queries, weights)
        print(f"| {label} | {p1:.2f} | {mrr:.3f} | {'; '.join(misses) or '—'} |")
    floor, ceiling = embeddings.COSINE_FLOOR, embeddings.COSINE_CEILING
    embeddings.COSINE_FLOOR, embeddings.COSINE_CEILING = 0.0, 1.0  # raw cosine, no calibration
    p1, mrr, _ = evaluate(index, queries, Weights(0.1, 0.9, 0))
    print(f"| lexical 0.1 + RAW cosine 0.9 (no calibration) | {p1:.2f} | {mrr:.3f} | |")
    embeddings.COSINE_FLOOR, embeddings.COSINE_CEILING = floor, ceiling
    assert np.isfinite(mrr)


if __name__ == "__main__":
    main()
