"""News jobs for ``clusterdesk worker``: look through the stored news for registry updates to propose."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from clusterdesk.jobs import Job
from clusterdesk.news.registry_proposals import propose_from_news


def _propose(session: Session, _now: datetime) -> int:
    return propose_from_news(session=session)


JOBS: list[Job] = [
    Job(
        name="registry.proposals",
        every=timedelta(minutes=15),
        run=_propose,
        title="Предложения по реестру из новостей",
    )
]
