"""Stories on real news: pairwise precision and recall of the grouping in clusterdesk/media/stories.py.

The gold set (tests/data/media/stories_gold.jsonl) holds real items from several outlets (each with its URL)
about 15 happenings, among them near misses on purpose: five Bank of Russia rate decisions, three Nobel
prizes announced on three consecutive days, the launch and the loss of «Луна-25». Each item runs through
the real pipeline (natasha entities, no registry), gets its e5 vector, and is grouped exactly as the store
does it: in order of publication, against the earlier items of the time window that share an entity key.
A pair of items is positive when both belong to the same happening.

Usage: .venv/bin/python bench/stories_eval.py [--sweep]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clusterdesk.media.stories import (
    RULE,
    EntityRef,
    Rule,
    StoryText,
    choose_story,
    embedding_text,
    entity_keys,
    within_window,
)
from clusterdesk.news.nlp import build_models
from clusterdesk.news.pipeline import process_text
from clusterdesk.projects import embeddings

GOLD = Path(__file__).resolve().parents[1] / "tests/data/media/stories_gold.jsonl"


def load() -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def prepare(rows: list[dict]) -> list[StoryText]:  # type: ignore[type-arg]
    models = build_models()
    texts = []
    for row in rows:
        text = f"{row['title']}\n{row['text']}" if row["title"] else row["text"]
        items = process_text(text, source=row["url"], models=models, title=row["title"], single_article=True)
        refs = [EntityRef(e.type, e.normal) for item in items for e in item.entities]
        vector = embeddings.embed([embedding_text(row["title"], text)], is_query=True)[0]
        texts.append(
            StoryText(
                item_id=row["id"],
                published=date.fromisoformat(row["published"]),
                keys=entity_keys(refs),
                vector=vector,
            )
        )
    return texts


def group(texts: list[StoryText], rule: Rule) -> dict[int, int]:
    """Story of each item, assigned item by item in publication order (as the index does)."""
    story: dict[int, int] = {}
    done: list[StoryText] = []
    for text in sorted(texts, key=lambda t: (t.published or date.min, t.item_id)):
        candidates = [
            replace(d, story_id=story[d.item_id])
            for d in done
            if d.keys & text.keys and within_window(text.published, d.published, rule.window_days)
        ]
        chosen, _ = choose_story(text, candidates, rule)
        story[text.item_id] = chosen.story_id if chosen and chosen.story_id is not None else text.item_id
        done.append(text)
    return story


def pairwise(rows: list[dict], story: dict[int, int]) -> tuple[float, float, int, int]:  # type: ignore[type-arg]
    gold = {r["id"]: r["story"] for r in rows}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold, same_found = gold[a] == gold[b], story[a] == story[b]
        tp += same_gold and same_found
        fp += same_found and not same_gold
        fn += same_gold and not same_found
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp + fn, tp + fp


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", action="store_true", help="also print other thresholds and bonuses")
    args = parser.parse_args()
    rows = load()
    started = time.perf_counter()
    texts = prepare(rows)
    prepared = time.perf_counter() - started
    outlets = {r["url"].split("/")[2] for r in rows}
    print(f"gold: {len(rows)} items, {len({r['story'] for r in rows})} happenings, {len(outlets)} outlets")
    print(f"pipeline + e5 for all items: {prepared:.1f} s")
    if args.sweep:
        for window in (1, 3, 7, 14):
            p, r, _, _ = pairwise(rows, group(texts, replace(RULE, window_days=window)))
            print(f"window {window} days: precision {p:.3f} recall {r:.3f}")
        for threshold in (0.86, 0.87, 0.88, 0.89, 0.90, 0.91, 0.92, 0.93):
            for bonus in (0.0, 0.01, 0.02, 0.03):
                rule = replace(RULE, threshold=threshold, entity_bonus=bonus, place_bonus=bonus / 2)
                p, r, _, _ = pairwise(rows, group(texts, rule))
                print(f"threshold {threshold:.2f} bonus {bonus:.2f}: precision {p:.3f} recall {r:.3f}")
    found = group(texts, RULE)
    p, r, gold_pairs, found_pairs = pairwise(rows, found)
    by_id = {row["id"]: row for row in rows}
    for a, b in itertools.combinations(sorted(by_id), 2):
        same_gold, same_found = by_id[a]["story"] == by_id[b]["story"], found[a] == found[b]
        if same_gold != same_found:
            kind = "missed" if same_gold else "wrongly joined"
            print(f"  {kind}: {by_id[a]['url']}  ~  {by_id[b]['url']}")
    print(f"rule {RULE}")
    print(f"pairs: gold {gold_pairs}, grouped {found_pairs}")
    print(f"pairwise precision {p:.3f}  recall {r:.3f}  (targets: precision >= 0.90, recall >= 0.75)")


if __name__ == "__main__":
    main()
