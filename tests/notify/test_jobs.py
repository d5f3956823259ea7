"""The notify jobs follow the worker contract (clusterdesk/jobs.py): unique names, an int back, safe twice."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from clusterdesk.domains import domain_modules
from clusterdesk.jobs import Job
from clusterdesk.notify.jobs import JOBS


def test_jobs_are_discovered_and_run_without_smtp(session: Session) -> None:
    assert any(getattr(m, "JOBS", None) is JOBS for m in domain_modules("jobs"))
    assert all(isinstance(job, Job) and job.title for job in JOBS)
    assert len({job.name for job in JOBS}) == len(JOBS)
    now = datetime.now(UTC)
    for job in JOBS:  # no SMTP configured, no webhooks: nothing to do, nothing fails
        assert job.run(session, now) == 0
        assert job.run(session, now) == 0
