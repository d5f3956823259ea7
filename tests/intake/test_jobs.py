"""The worker runs every domain's periodic jobs once per due moment and records each run."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.db import utcnow
from clusterdesk.intake.models import WorkerJob
from clusterdesk.intake.schedule import next_due_after
from clusterdesk.intake.timeutil import aware
from clusterdesk.intake.worker import Worker, WorkerOptions
from clusterdesk.jobs import Job
from clusterdesk.startup import all_jobs


def _job_row(factory: sessionmaker[Session], name: str) -> WorkerJob:
    with factory() as session:
        row = session.get(WorkerJob, name)
        assert row is not None
        session.expunge(row)
        return row


def _due_now(factory: sessionmaker[Session], name: str) -> datetime:
    moment = utcnow() - timedelta(seconds=1)
    with factory.begin() as session:
        session.execute(
            update(WorkerJob).where(WorkerJob.name == name).values(next_due_at=moment, lease_until=None)
        )
    return moment


def test_a_job_runs_once_per_due_moment(factory: sessionmaker[Session]) -> None:
    moments: list[datetime] = []

    def digest(session: Session, moment: datetime) -> int:
        moments.append(moment)
        return 7

    job = Job(name="test.digest", every=timedelta(hours=1), run=digest, title="Тестовая сводка")
    first, second = Worker(factory, jobs=[job]), Worker(factory, jobs=[job])
    assert [o.count for o in first.run_due_jobs()] == [7]
    assert second.run_due_jobs() == [] and first.run_due_jobs() == []  # not due again for an hour
    row = _job_row(factory, "test.digest")
    assert row.runs == 1 and row.last_status == "ok" and row.last_count == 7 and row.lease_until is None
    assert aware(row.next_due_at) > utcnow() + timedelta(minutes=59)

    moment = _due_now(factory, "test.digest")
    assert len(second.run_due_jobs()) == 1 and first.run_due_jobs() == []
    assert len(moments) == 2 and abs((aware(moments[1]) - moment).total_seconds()) < 1
    assert _job_row(factory, "test.digest").runs == 2


def test_a_failing_job_is_recorded_and_retried_for_the_same_moment(factory: sessionmaker[Session]) -> None:
    calls: list[datetime] = []

    def flaky(session: Session, moment: datetime) -> int:
        calls.append(moment)
        if len(calls) == 1:
            raise RuntimeError("SMTP недоступен")
        return 1

    job = Job(name="test.flaky", every=timedelta(days=1), run=flaky)
    worker = Worker(factory, WorkerOptions(job_retry=timedelta(minutes=5)), jobs=[job])
    outcome = worker.run_due_jobs()[0]
    assert not outcome.ok and "SMTP недоступен" in (outcome.error or "")
    row = _job_row(factory, "test.flaky")
    assert row.last_status == "error" and row.runs == 0
    assert worker.run_due_jobs() == []  # held back until the retry delay passes
    with factory.begin() as session:
        session.execute(update(WorkerJob).where(WorkerJob.name == "test.flaky").values(lease_until=None))
    assert worker.run_due_jobs()[0].ok
    assert calls[0] == calls[1]  # the same due moment, not a new one
    assert _job_row(factory, "test.flaky").runs == 1


def test_missed_moments_are_skipped_not_replayed() -> None:
    due = datetime(2026, 12, 1, 8, 0)
    now = datetime(2026, 12, 4, 9, 30)
    assert next_due_after(due, timedelta(days=1), now) == datetime(2026, 12, 5, 8, 0)


def test_jobs_come_from_every_domains_jobs_module() -> None:
    names = [job.name for job in all_jobs()]
    assert len(names) == len(set(names))  # a job's name is its key in the worker's records
