"""Remember each KPI's last status, so «turned lagging» has a date the feed and digests can use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from clusterdesk.notify.models import KpiState
from clusterdesk.strategy.schemas import KpiStatusRow
from clusterdesk.strategy.status import LAGGING, cluster_status


@dataclass(frozen=True)
class LaggingKpi:
    row: KpiStatusRow
    year: int
    since: datetime  # when the status was first seen lagging


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def lagging_kpis(*, session: Session, cluster_ids: Iterable[int], now: datetime) -> list[LaggingKpi]:
    """The followed clusters' KPIs lagging this year; a status change is recorded with ``now``."""
    year = now.year
    found: list[LaggingKpi] = []
    for cluster_id in sorted(set(cluster_ids)):
        for row in cluster_status(session=session, cluster_id=cluster_id, year=year, today=now.date()):
            state = session.get(KpiState, (row.kpi_id, year))
            if state is None:
                state = KpiState(kpi_id=row.kpi_id, year=year, status=row.status, changed_at=now)
                session.add(state)
            elif state.status != row.status:
                state.status = row.status
                state.changed_at = now
            if row.status == LAGGING:
                found.append(LaggingKpi(row, year, _aware(state.changed_at)))
    session.flush()
    return found
