"""When sources and jobs are due, and who holds them: row leases in the database, no other lock.

A worker claims one due row with an atomic ``UPDATE ... WHERE lease is free``; on PostgreSQL the candidate
is first picked with ``SELECT ... FOR UPDATE SKIP LOCKED`` so that several workers never wait on each other.
A lease expires by itself, so a worker killed mid-run leaves its row to the next one after ``lease``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from clusterdesk.db import writing
from clusterdesk.intake.models import Source, WorkerJob

Transaction = Callable[[], AbstractContextManager[Session]]


def write_transaction(factory: sessionmaker[Session]) -> Transaction:
    """The worker's transactions: on SQLite each takes the write lock when it begins (``db.writing``), so two
    writers queue on the busy timeout instead of one failing when it upgrades a read lock."""

    @contextmanager
    def transaction() -> Iterator[Session]:
        with writing(), factory.begin() as session:
            yield session

    return transaction


T = TypeVar("T")
MAX_SLOWDOWN = 32  # a failing source is retried at most every 32 polling intervals
BUSY_ATTEMPTS = 8  # SQLite: tries of a transaction that met another writer


def retrying(transaction: Transaction, work: Callable[[Session], T]) -> T:
    """Run ``work`` in a transaction, again from the start if SQLite still reports another writer (busy) after
    its busy timeout (a writer holding the lock longer, e.g. a long analysis in the web process).

    The whole transaction is rolled back before a retry, so a retried step never half-applies.
    """
    for attempt in range(BUSY_ATTEMPTS):
        try:
            with transaction() as session:
                return work(session)
        except OperationalError:
            if attempt == BUSY_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _updated(session: Session, statement: Any) -> CursorResult[Any]:
    """An UPDATE answers with a CursorResult (its rowcount); Session.execute is typed with the base Result."""
    return cast(CursorResult[Any], session.execute(statement))


def _lease_free(column_until: InstrumentedAttribute[datetime | None], now: datetime) -> ColumnElement[bool]:
    return or_(column_until.is_(None), column_until < now)


def claim_source(
    transaction: Transaction, *, owner: str, now: datetime, lease: timedelta, source_id: int | None = None
) -> int | None:
    """Lease the most overdue active source (or the given one, due or not); None when there is none free."""
    for attempt in range(BUSY_ATTEMPTS):
        try:
            found, claimed = _claim_source(
                transaction, owner=owner, now=now, lease=lease, source_id=source_id
            )
        except OperationalError:
            # SQLite: another writer held the lock past the busy timeout; look again (not on PostgreSQL)
            time.sleep(0.1 * (attempt + 1))
            continue
        if claimed is not None or not found:
            return claimed
        # another worker leased the candidate between our read and our write: look for the next one
    return None


def _claim_source(
    transaction: Transaction, *, owner: str, now: datetime, lease: timedelta, source_id: int | None
) -> tuple[bool, int | None]:
    """(a candidate was found, the id we leased)."""
    with transaction() as session:
        query = select(Source.id).where(_lease_free(Source.lease_until, now))
        if source_id is None:
            query = query.where(Source.is_active.is_(True), Source.next_run_at <= now)
        else:
            query = query.where(Source.id == source_id)
        candidate = session.scalar(
            query.order_by(Source.next_run_at, Source.id).limit(1).with_for_update(skip_locked=True)
        )
        if candidate is None:
            return False, None
        claimed = _updated(
            session,
            update(Source)
            .where(Source.id == candidate, _lease_free(Source.lease_until, now))
            .values(lease_owner=owner, lease_until=now + lease)
            .execution_options(synchronize_session=False),
        )
        return True, (candidate if claimed.rowcount == 1 else None)


def next_run_after(now: datetime, interval_minutes: int, failures: int) -> datetime:
    """The next poll: one interval after a success, doubling with each consecutive failure (capped)."""
    factor = min(2**failures, MAX_SLOWDOWN) if failures else 1
    return now + timedelta(minutes=interval_minutes * factor)


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    name: str
    due: datetime


def register_jobs(transaction: Transaction, names: list[str], *, now: datetime) -> None:
    """A job seen for the first time is due at once."""
    with transaction() as session:
        known = set(session.scalars(select(WorkerJob.name)))
    for name in names:
        if name in known:
            continue
        try:
            with transaction() as session:
                session.add(WorkerJob(name=name, next_due_at=now))
        except (IntegrityError, OperationalError):
            pass  # another worker registered it at the same moment


def claim_job(
    transaction: Transaction, name: str, *, owner: str, now: datetime, lease: timedelta
) -> ClaimedJob | None:
    try:
        with transaction() as session:
            due = session.scalar(
                select(WorkerJob.next_due_at)
                .where(
                    WorkerJob.name == name,
                    WorkerJob.next_due_at <= now,
                    _lease_free(WorkerJob.lease_until, now),
                )
                .with_for_update(skip_locked=True)
            )
            if due is None:
                return None
            claimed = _updated(
                session,
                update(WorkerJob)
                .where(
                    WorkerJob.name == name,
                    WorkerJob.next_due_at == due,
                    _lease_free(WorkerJob.lease_until, now),
                )
                .values(lease_owner=owner, lease_until=now + lease)
                .execution_options(synchronize_session=False),
            )
            return ClaimedJob(name, due) if claimed.rowcount == 1 else None
    except OperationalError:
        return None


def next_due_after(due: datetime, every: timedelta, now: datetime) -> datetime:
    """The next due moment on the job's grid; moments missed while no worker ran are skipped, not replayed."""
    following = due + every
    while following <= now:
        following += every
    return following
