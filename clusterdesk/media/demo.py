"""Demo media analytics: index the demo news (outlets, prominence, topics, stories)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from clusterdesk.media.index import index_pending

ORDER = 95  # after the demo news (90)


def load_demo(*, session: Session) -> dict[str, int]:
    total = 0
    while indexed := index_pending(session=session):
        total += indexed
    return {"media_items": total}
