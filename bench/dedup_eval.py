"""Near-duplicate detection on real texts with light edits: recall and precision of `DuplicateIndex`.

Half of the texts are indexed; each indexed text is queried in edited forms (sentences reordered, headline
changed, tail trimmed, all three), which must find it; the other half and their edits must find nothing.
Usage: .venv/bin/python bench/dedup_eval.py
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from clusterdesk.news.dedup import DuplicateIndex
from clusterdesk.news.split import split_items

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/data/news"


def corpus() -> list[str]:
    """Real news texts: the gold documents and the items of the seed files."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "gold").glob("*.txt"))]
    for seed in sorted((DATA / "seeds").glob("*.txt")):
        texts.extend(i.text for i in split_items(seed.read_text(encoding="utf-8")))
    return texts


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?…])\s+|\n+", text) if s.strip()]


def reorder(text: str, rng: random.Random) -> str:
    sentences = _sentences(text)
    head, body = sentences[:1], sentences[1:]
    rng.shuffle(body)
    return " ".join(head + body)


def new_headline(text: str, rng: random.Random) -> str:
    """Replace the headline line (a short first line), or add one when the text has none."""
    headline = rng.choice(["Главное за день", "Новости региона", "Срочно", "Коротко о важном"])
    first, _, rest = text.strip().partition("\n")
    if rest and len(first.split()) <= 12:
        return f"{headline}\n{rest}"
    return f"{headline}\n{text}"


def trim_tail(text: str, rng: random.Random) -> str:
    sentences = _sentences(text)
    keep = max(1, round(len(sentences) * rng.uniform(0.7, 0.85)))
    return " ".join(sentences[:keep])


def all_edits(text: str, rng: random.Random) -> str:
    return trim_tail(new_headline(reorder(text, rng), rng), rng)


MISSES: dict[str, int] = {}
EDITS = {"reorder": reorder, "headline": new_headline, "trim": trim_tail, "all": all_edits}


def evaluate(seed: int = 0) -> dict[str, float]:
    rng = random.Random(seed)
    texts = corpus()
    order = list(range(len(texts)))
    rng.shuffle(order)
    indexed, held_out = order[: len(order) // 2], order[len(order) // 2 :]
    index = DuplicateIndex()
    for i in indexed:
        index.add(str(i), texts[i])
    tp = fp = fn = 0
    for i in indexed:
        for name, edit in EDITS.items():
            match = index.query(edit(texts[i], rng))
            if match is None:
                fn += 1
                MISSES[name] = MISSES.get(name, 0) + 1
            elif match.key == str(i):
                tp += 1
            else:
                fp += 1
    negatives = 0
    for i in held_out:
        for variant in [texts[i], *(edit(texts[i], rng) for edit in EDITS.values())]:
            negatives += 1
            if index.query(variant) is not None:
                fp += 1
    return {
        "texts": len(texts),
        "positives": len(indexed) * len(EDITS),
        "negatives": negatives,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
    }


def main() -> None:
    totals = {"recall": 0.0, "precision": 0.0}
    runs = 20
    for seed in range(runs):
        result = evaluate(seed)
        totals["recall"] += result["recall"]
        totals["precision"] += result["precision"]
    print(
        f"texts: {result['texts']}, per run: {result['positives']} positive"
        f" and {result['negatives']} negative queries"
    )
    print(f"misses by edit over all runs: {MISSES}")
    print(
        f"mean over {runs} random splits: recall {totals['recall'] / runs:.3f},"
        f" precision {totals['precision'] / runs:.3f}"
    )


if __name__ == "__main__":
    main()
