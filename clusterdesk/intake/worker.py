"""The worker: polls due sources and runs every domain's periodic jobs, until stopped (or once).

A loop over the database's due times (no broker, no scheduler process): each round runs the due jobs, then
claims and polls due sources one at a time until none is left, then sleeps until the next due moment (at most
``idle``). Any number of workers may run against PostgreSQL; rows are leased, never locked for long.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.db import utcnow
from clusterdesk.intake.documents import Analyser
from clusterdesk.intake.fetch import FetchOptions, PoliteClient
from clusterdesk.intake.models import Source, WorkerJob
from clusterdesk.intake.poll import PollOutcome, poll_source, record_internal_error
from clusterdesk.intake.schedule import (
    claim_job,
    claim_source,
    next_due_after,
    register_jobs,
    write_transaction,
)
from clusterdesk.intake.timeutil import aware
from clusterdesk.jobs import Job

log = logging.getLogger("clusterdesk.worker")


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    lease: timedelta = timedelta(minutes=10)  # a source or job held longer than this is free for others
    idle: float = 30.0  # longest sleep between rounds, seconds
    job_retry: timedelta = timedelta(minutes=5)  # a failed job is retried for the same moment after this
    fetch: FetchOptions = field(default_factory=FetchOptions)


@dataclass
class JobOutcome:
    name: str
    ok: bool
    count: int = 0
    error: str | None = None


@dataclass
class RoundReport:
    sources: list[PollOutcome] = field(default_factory=list)
    jobs: list[JobOutcome] = field(default_factory=list)


def due_sources(session_factory: sessionmaker[Session]) -> int:
    """Active sources due now (for a progress bar; leased ones included)."""
    with session_factory() as session:
        return (
            session.scalar(
                select(func.count()).where(Source.is_active.is_(True), Source.next_run_at <= utcnow())
            )
            or 0
        )


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100000}"


class Worker:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        options: WorkerOptions | None = None,
        *,
        jobs: list[Job],
        models_factory: Callable[[], object] | None = None,
        on_source: Callable[[PollOutcome], None] | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.transaction = write_transaction(session_factory)
        self.options = options or WorkerOptions()
        self.jobs = jobs  # startup.all_jobs() in the commands; the rules do not look up the domains
        self.owner = worker_name()
        self.on_source = on_source
        self._models_factory = models_factory or _shared_models
        self._analyser: Analyser | None = None

    def _analyser_for(self) -> Analyser:
        if self._analyser is None:
            models = self._models_factory()
            with self.session_factory() as session:
                self._analyser = Analyser.build(session=session, models=models)
        return self._analyser

    # jobs --------------------------------------------------------------------------------------------------

    def run_due_jobs(self) -> list[JobOutcome]:
        now = utcnow()
        register_jobs(self.transaction, [job.name for job in self.jobs], now=now)
        outcomes = []
        for job in self.jobs:
            claimed = claim_job(
                self.transaction, job.name, owner=self.owner, now=now, lease=self.options.lease
            )
            if claimed is not None:
                outcomes.append(self._run_job(job, aware(claimed.due)))
        return outcomes

    def _run_job(self, job: Job, due: datetime) -> JobOutcome:
        try:
            with self.transaction() as session:
                count = job.run(session, due)
                finished = utcnow()
                # the job's effects and its bookkeeping commit together: a crash re-runs the same moment
                session.execute(
                    update(WorkerJob)
                    .where(WorkerJob.name == job.name)
                    .values(
                        last_run_at=finished,
                        next_due_at=next_due_after(due, job.every, finished),
                        last_status="ok",
                        last_error=None,
                        last_count=int(count or 0),
                        runs=WorkerJob.runs + 1,
                        lease_owner=None,
                        lease_until=None,
                    )
                )
            return JobOutcome(job.name, True, int(count or 0))
        except Exception as exc:  # a failing job is recorded and retried later; the worker goes on
            log.error("job %s failed: %s", job.name, traceback.format_exc())
            message = f"{type(exc).__name__}: {exc}"[:2000]
            with self.transaction() as session:
                session.execute(
                    update(WorkerJob)
                    .where(WorkerJob.name == job.name)
                    .values(
                        last_status="error",
                        last_error=message,
                        lease_owner=self.owner,
                        lease_until=utcnow() + self.options.job_retry,
                    )
                )
            return JobOutcome(job.name, False, error=message)

    # sources -----------------------------------------------------------------------------------------------

    def run_due_sources(self, client: PoliteClient, stop: threading.Event | None = None) -> list[PollOutcome]:
        outcomes: list[PollOutcome] = []
        self._analyser = None  # registry names and stored items may have changed since the last round
        while stop is None or not stop.is_set():
            source_id = claim_source(
                self.transaction, owner=self.owner, now=utcnow(), lease=self.options.lease
            )
            if source_id is None:
                break
            outcomes.append(self.poll(source_id, client))
        return outcomes

    def poll(self, source_id: int, client: PoliteClient) -> PollOutcome:
        try:
            outcome = poll_source(
                transaction=self.transaction,
                source_id=source_id,
                client=client,
                analyser_for=self._analyser_for,
                owner=self.owner,
                lease=self.options.lease,
            )
        except Exception as exc:  # the database or a bug, not the site: report it and go on with the others
            log.error("source %s failed: %s", source_id, traceback.format_exc())
            outcome = PollOutcome(
                source_id, ok=False, error=f"внутренняя ошибка обработчика ({type(exc).__name__}: {exc})"
            )
            record_internal_error(self.transaction, source_id, self.owner, outcome.error or "")
        log.info("source %s: %s", source_id, outcome.message)
        if self.on_source is not None:
            self.on_source(outcome)
        return outcome

    # loop --------------------------------------------------------------------------------------------------

    def run_round(self, client: PoliteClient, stop: threading.Event | None = None) -> RoundReport:
        report = RoundReport()
        report.jobs = self.run_due_jobs()
        report.sources = self.run_due_sources(client, stop)
        return report

    def seconds_to_next(self) -> float:
        with self.session_factory() as session:
            next_source = session.scalar(
                select(func.min(Source.next_run_at)).where(Source.is_active.is_(True))
            )
            next_job = session.scalar(select(func.min(WorkerJob.next_due_at)))
        moments = [aware(m) for m in (next_source, next_job) if m is not None]
        if not moments:
            return self.options.idle
        wait = (min(moments) - utcnow()).total_seconds()
        return max(0.5, min(self.options.idle, wait))

    def run_forever(self, stop: threading.Event) -> None:
        with PoliteClient(self.options.fetch) as client:
            while not stop.is_set():
                try:
                    self.run_round(client, stop)
                    wait = self.seconds_to_next()
                except Exception:  # the database went away for a moment: log, wait, try again
                    log.error("worker round failed: %s", traceback.format_exc())
                    wait = self.options.idle
                stop.wait(wait)

    def run_once(self) -> RoundReport:
        with PoliteClient(self.options.fetch) as client:
            return self.run_round(client)


def stop_on_signals(stop: threading.Event) -> None:
    """Ctrl+C (SIGINT) or SIGTERM (a service manager, ``docker stop``) stop the worker after the source it
    is polling; a second signal stops it at once. Set explicitly, not left to Python's default: a worker
    started in the background by a shell (``clusterdesk worker &``) inherits SIGINT ignored and would never
    stop on it, and SIGTERM would kill it in the middle of an item (safe — the item's transaction rolls
    back — but not graceful)."""

    def handle(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        log.info("signal %s: stopping after the current source", signal.Signals(signum).name)
        stop.set()

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, handle)


def _shared_models() -> object:
    # why: the language models load lazily, when the first document needs them (a slow import)
    from clusterdesk.news.ingest import shared_models

    return shared_models()
