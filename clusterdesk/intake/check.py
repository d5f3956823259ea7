"""«Проверить сейчас»: poll one source at once, inside the caller's transaction (web request or CLI)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.db import utcnow
from clusterdesk.errors import ConflictError
from clusterdesk.intake import service
from clusterdesk.intake.documents import Analyser
from clusterdesk.intake.fetch import FetchOptions, PoliteClient
from clusterdesk.intake.poll import PollOutcome, poll_source
from clusterdesk.intake.schedule import Transaction, claim_source

CHECK_LEASE = timedelta(minutes=10)


def savepoints(session: Session) -> Transaction:
    """Each step of the poll in a SAVEPOINT of the caller's transaction, committed with it."""

    @contextmanager
    def transaction() -> Iterator[Session]:
        with session.begin_nested():
            yield session

    return transaction


def models() -> object:
    # why: the language models load lazily, when the first document needs them (a slow import)
    from clusterdesk.news.ingest import shared_models

    return shared_models()


def check_source(
    *, session: Session, actor: Actor, source_id: int, options: FetchOptions | None = None
) -> PollOutcome:
    """Fetch the source now, store what is new and record its health; refused while a worker holds it."""
    source = service.get(session=session, source_id=source_id)
    busy = ConflictError(f"Источник #{source_id} сейчас загружает обработчик — проверьте через минуту")
    if service.is_busy(source):
        raise busy
    owner = f"check:{actor.name}:{uuid.uuid4().hex[:8]}"
    transaction = savepoints(session)
    if claim_source(transaction, owner=owner, now=utcnow(), lease=CHECK_LEASE, source_id=source_id) is None:
        raise busy
    analyser: list[Analyser] = []

    def analyser_for() -> Analyser:
        if not analyser:
            analyser.append(Analyser.build(session=session, models=models()))
        return analyser[0]

    with PoliteClient(options) as client:
        outcome = poll_source(
            transaction=transaction,
            source_id=source_id,
            client=client,
            analyser_for=analyser_for,
            actor=actor,
            owner=owner,
        )
    session.refresh(source)
    service.record_check(session=session, actor=actor, source=source, outcome_message=outcome.message)
    return outcome
