"""Media jobs for ``clusterdesk worker``: index new news items (outlets, prominence, topics, stories)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from clusterdesk.jobs import Job
from clusterdesk.media.index import index_pending


def _index(session: Session, _now: datetime) -> int:
    return index_pending(session=session)


JOBS: list[Job] = [
    Job(
        name="media.index",
        every=timedelta(minutes=2),
        run=_index,
        title="Медиаанализ: издания, заметность, темы и сюжеты новых новостей",
    )
]
