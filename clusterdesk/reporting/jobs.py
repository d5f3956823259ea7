"""Periodic jobs of reporting for ``clusterdesk worker`` (clusterdesk/jobs.py contract)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from clusterdesk.jobs import Job
from clusterdesk.reporting.reminders import record_due


def remind(session: Session, now: datetime) -> int:
    """Record today's reminders for forms not yet sent (notifications read them; safe to run twice a day)."""
    return record_due(session=session, today=now.date())


JOBS = [
    Job(
        name="reporting.reminders",
        every=timedelta(hours=6),
        run=remind,
        title="Напоминания о формах отчётности",
    )
]
