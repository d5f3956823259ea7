"""Stories: items from different outlets about the same happening, grouped as each item arrives.

Pure rules over plain values (the database side is clusterdesk/media/index.py). A new item is compared only
with the candidates the index hands over — items published within ``WINDOW_DAYS`` that share at least one
entity key — so the work per item does not grow with the store. It joins the story of the best candidate
when the pair score reaches the threshold, otherwise it opens a story of its own. The pair score is the e5
cosine of the two texts' heads plus a bonus per shared named entity (organisations and people count fully,
places by half: «Москва» alone says little). The threshold and bonus are chosen on the gold set
(bench/stories_eval.py, docs/BENCHMARKS.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from clusterdesk.lemmas import fold

WINDOW_DAYS = 3
EMBED_CHARS = 400


@dataclass(frozen=True)
class Rule:
    threshold: float = 0.90
    entity_bonus: float = 0.02
    place_bonus: float = 0.01
    max_bonus: float = 0.06
    window_days: int = WINDOW_DAYS


RULE = Rule()


@dataclass(frozen=True)
class EntityRef:
    type: str  # ORG, PER, LOC
    normal: str
    organization_id: int | None = None
    person_id: int | None = None


@dataclass(frozen=True)
class StoryText:
    """An item as the grouping sees it."""

    item_id: int
    published: date | None
    keys: frozenset[str]
    vector: np.ndarray = field(compare=False, repr=False)
    story_id: int | None = None


def entity_keys(entities: Iterable[EntityRef]) -> frozenset[str]:
    """Keys of the named entities: a registry id when linked, else the folded normal form."""
    keys: set[str] = set()
    for e in entities:
        if e.organization_id is not None:
            keys.add(f"org:{e.organization_id}")
        elif e.person_id is not None:
            keys.add(f"per:{e.person_id}")
        elif e.type in ("ORG", "PER", "LOC") and len(e.normal.strip()) > 1:
            keys.add(f"{e.type.lower()}:{fold(e.normal.strip())}"[:200])
    return frozenset(keys)


def embedding_text(title: str | None, text: str) -> str:
    """The head of the item the vector is made of: the title, then the text (without repeating the title)."""
    body = text.strip()
    if title and body.startswith(title.strip()):
        body = body[len(title.strip()) :].strip()
    head = f"{title.strip()}. {body}" if title else body
    return head[:EMBED_CHARS]


def within_window(a: date | None, b: date | None, days: int = WINDOW_DAYS) -> bool:
    """Published within ``days`` of each other; an undated item is compared with undated ones only."""
    if a is None or b is None:
        return a is None and b is None
    return abs((a - b).days) <= days


def shared_bonus(a: frozenset[str], b: frozenset[str], rule: Rule = RULE) -> float:
    shared = a & b
    places = sum(1 for k in shared if k.startswith("loc:"))
    bonus = rule.entity_bonus * (len(shared) - places) + rule.place_bonus * places
    return min(bonus, rule.max_bonus)


def pair_score(a: StoryText, b: StoryText, rule: Rule = RULE) -> float:
    """How surely two items tell the same happening (0 outside the time window)."""
    if not within_window(a.published, b.published, rule.window_days):
        return 0.0
    cosine = float(np.dot(a.vector, b.vector))
    return cosine + shared_bonus(a.keys, b.keys, rule)


def choose_story(
    item: StoryText, candidates: Sequence[StoryText], rule: Rule = RULE
) -> tuple[StoryText | None, float]:
    """The candidate whose story the item joins (None: a story of its own) and the pair score."""
    best: StoryText | None = None
    best_score = 0.0
    for candidate in candidates:
        if candidate.item_id == item.item_id:
            continue
        score = pair_score(item, candidate, rule)
        if score > best_score:
            best, best_score = candidate, score
    if best is None or best_score < rule.threshold:
        return None, best_score
    return best, best_score
