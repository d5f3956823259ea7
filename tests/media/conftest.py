"""Media test helpers: store a real-looking publication through the news pipeline and index it."""

from __future__ import annotations

from datetime import date

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
