"""Sources: the rules of the registry (create, update, delete audited) and their health as people see it."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor, record_change
from clusterdesk.db import utcnow
from clusterdesk.errors import ConflictError, FieldProblem, ValidationFailed
from clusterdesk.intake.models import RawDocument, Source
from clusterdesk.intake.schemas import SourceCreate, SourceRead, SourceUpdate
from clusterdesk.intake.timeutil import aware
from clusterdesk.registry.models import Cluster

SOURCE = "Источник"
FAILING_AFTER = 3  # consecutive failures that make a source «не работает»


def health_of(source: Source, now: datetime | None = None) -> str:
    """ok | failing | error | new | paused — the badge on the sources page."""
    if not source.is_active:
        return "paused"
    if source.failures >= FAILING_AFTER:
        return "failing"
    if source.failures:
        return "error"
    if source.last_success_at is None:
        return "new"
    return "ok"


def is_busy(source: Source, now: datetime | None = None) -> bool:
    return source.lease_until is not None and aware(source.lease_until) > (now or utcnow())


def read(source: Source) -> SourceRead:
    now = utcnow()
    values = {c: getattr(source, c) for c in SourceRead.model_fields if hasattr(source, c)}
    for name, value in values.items():
        if isinstance(value, datetime):
            values[name] = aware(value)  # SQLite gives them back without the zone; they are UTC
    return SourceRead.model_validate(
        {
            **values,
            "health": health_of(source, now),
            "busy": is_busy(source, now),
        }
    )


def get(*, session: Session, source_id: int) -> Source:
    return writes.get_or_404(session, Source, source_id)


def get_all(*, session: Session, page: int = 1, page_size: int = 500) -> tuple[list[Source], int]:
    total = session.scalar(select(func.count()).select_from(Source)) or 0
    rows = session.scalars(
        select(Source).order_by(Source.name, Source.id).offset((page - 1) * page_size).limit(page_size)
    )
    return list(rows), total


def _check_clusters(session: Session, cluster_ids: list[int] | None) -> None:
    for cluster_id in cluster_ids or []:
        writes.check_exists(session, Cluster, cluster_id, "cluster_ids")


def _check_unique_url(session: Session, url: str, source_id: int | None = None) -> None:
    query = select(Source.id).where(Source.url == url)
    if source_id is not None:
        query = query.where(Source.id != source_id)
    other = session.scalar(query)
    if other is not None:
        raise ValidationFailed([FieldProblem("url", f"этот адрес уже опрашивается источником #{other}")])


def default_name(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")[:300]


def create(*, session: Session, actor: Actor, data: SourceCreate) -> Source:
    _check_unique_url(session, data.url)
    _check_clusters(session, data.cluster_ids)
    source = Source(
        name=data.name or default_name(data.url),
        url=data.url,
        kind=data.kind,
        interval_minutes=data.interval_minutes,
        is_active=data.is_active,
        cluster_ids=data.cluster_ids,
        next_run_at=utcnow(),
        failures=0,
        items_seen=0,
        items_new=0,
    )
    return writes.create(session=session, actor=actor, obj=source, label=SOURCE)


def update(*, session: Session, actor: Actor, source_id: int, data: SourceUpdate) -> Source:
    source = get(session=session, source_id=source_id)
    changes = writes.changes_of(data)
    writes.refuse_empty(changes, "url", "kind", "interval_minutes", "is_active", "cluster_ids")
    if "name" in changes and not changes["name"]:
        changes["name"] = default_name(changes.get("url") or source.url)
    if changes.get("url"):
        _check_unique_url(session, changes["url"], source.id)
        if changes["url"] != source.url:
            changes.update(etag=None, last_modified=None)  # conditional headers belong to the old address
    _check_clusters(session, changes.get("cluster_ids"))
    if changes.get("is_active") and not source.is_active:
        changes["next_run_at"] = utcnow()  # a source switched back on is polled at once
    return writes.update(
        session=session, actor=actor, obj=source, changes=changes, expected_version=data.version, label=SOURCE
    )


def delete(*, session: Session, actor: Actor, source_id: int, version: int | None) -> None:
    source = get(session=session, source_id=source_id)
    if is_busy(source):
        raise ConflictError(
            f"{SOURCE} #{source_id} сейчас загружается обработчиком — удалите его через минуту"
        )
    writes.delete(session=session, actor=actor, obj=source, expected_version=version, label=SOURCE)


def record_check(*, session: Session, actor: Actor, source: Source, outcome_message: str) -> None:
    """A manual check is a write (it may store news): the change log says who asked and what came of it."""
    record_change(
        session=session,
        actor=actor,
        action="update",
        entity=source,
        before=None,
        after={"check": outcome_message},
    )


def recent_documents(*, session: Session, source_id: int, limit: int = 20) -> list[RawDocument]:
    return list(
        session.scalars(
            select(RawDocument)
            .where(RawDocument.source_id == source_id)
            .order_by(RawDocument.fetched_at.desc(), RawDocument.id.desc())
            .limit(limit)
        )
    )
