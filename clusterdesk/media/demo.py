"""Demo media analytics: a few real publications about the demo cluster (with their addresses and dates),
stored through the news pipeline, then every demo item indexed (outlets, prominence, topics, stories)."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.media.index import index_pending
from clusterdesk.news.ingest import submit

ORDER = 95  # after the demo news (90)
DEMO_ACTOR = Actor(id=None, name="demo-loader")


def demo_publications() -> list[dict[str, str | None]]:
    raw = resources.files("clusterdesk.media").joinpath("demo_news.json").read_text("utf-8")
    return list(json.loads(raw)["items"])


def load_demo(*, session: Session) -> dict[str, int]:
    new = 0
    for row in demo_publications():
        published = date.fromisoformat(row["published"]) if row["published"] else None
        new += submit(
            session=session,
            actor=DEMO_ACTOR,
            text=row["text"] or "",
            source=row["url"],
            title=row["title"],
            published=published,
        ).new
    total = 0
    while indexed := index_pending(session=session):
        total += indexed
    return {"media_news_items": new, "media_items": total}
