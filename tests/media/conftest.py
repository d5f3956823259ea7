"""Media test helpers: store a real-looking publication through the news pipeline and index it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.news.ingest import submit

ACTOR = Actor(id=None, name="media-test")


def publish(
    session: Session, text: str, url: str, published: date | None, title: str | None = None
) -> list[int]:
    """Store one publication (its URL names the outlet); the ids of the items it made."""
    summary = submit(session=session, actor=ACTOR, text=text, source=url, title=title, published=published)
    assert not summary.errors, summary.errors
    return summary.item_ids


PUBLICATIONS = Path(__file__).resolve().parents[1] / "data" / "media" / "publications.json"


def publish_real_publications(session: Session) -> int:
    """Real publications about the demo cluster (the head of each text, its address and date)."""
    rows = json.loads(PUBLICATIONS.read_text(encoding="utf-8"))["items"]
    for row in rows:
        published = date.fromisoformat(row["published"]) if row["published"] else None
        publish(session, row["text"], row["url"], published, title=row["title"])
    return len(rows)
