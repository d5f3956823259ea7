"""Record and read changes. Every write service calls ``record_change`` explicitly."""

from __future__ import annotations

import contextvars
import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, inspect, or_, select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


@dataclass(frozen=True)
class Actor:
    """Who is writing: a user, or the system (CLI, demo loader, pipeline)."""

    id: int | None
    name: str


SYSTEM = Actor(id=None, name="system")
SKIPPED_COLUMNS = frozenset({"password_hash", "search_text", "created_at", "updated_at"})


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The object's column values as JSON-ready data (secrets and derived columns left out)."""
    mapper = inspect(obj).mapper
    return {
        attr.key: _jsonable(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in SKIPPED_COLUMNS
    }


def entity_type_of(obj: Any) -> str:
    return str(obj.__tablename__)


def record_change(
    *,
    session: Session,
    actor: Actor,
    action: str,
    entity: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> ChangeRecord:
    record = ChangeRecord(
        actor_id=actor.id,
        actor_name=actor.name,
        request_id=request_id_var.get(),
        action=action,
        entity_type=entity_type_of(entity),
        entity_id=getattr(entity, "id", None),
        before=before,
        after=after,
    )
    session.add(record)
    return record


def _about_organization(organization_id: int) -> Any:
    """The organisation itself, or any row whose before/after names it (posts, memberships, parties...)."""
    return or_(
        and_(ChangeRecord.entity_type == "organization", ChangeRecord.entity_id == organization_id),
        ChangeRecord.after["organization_id"].as_integer() == organization_id,
        ChangeRecord.before["organization_id"].as_integer() == organization_id,
    )


def get_all(
    *,
    session: Session,
    entity_type: str | None = None,
    entity_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    user: str | None = None,
    organization_id: int | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[ChangeRecord], int]:
    """Change records, newest first; ``since`` inclusive, ``until`` exclusive; ``user`` is a login name."""
    query = select(ChangeRecord)
    if entity_type:
        query = query.where(ChangeRecord.entity_type == entity_type)
    if entity_id is not None:
        query = query.where(ChangeRecord.entity_id == entity_id)
    if since is not None:
        query = query.where(ChangeRecord.at >= since)
    if until is not None:
        query = query.where(ChangeRecord.at < until)
    if user:
        query = query.where(ChangeRecord.actor_name == user)
    if organization_id is not None:
        query = query.where(_about_organization(organization_id))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(ChangeRecord.id.desc()).offset((page - 1) * page_size).limit(page_size)
    ).all()
    return list(rows), total


def changed_fields(record: ChangeRecord) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for each field that differs, for the history page."""
    before = record.before or {}
    after = record.after or {}
    keys = [k for k in {**before, **after} if k not in ("version",)]
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
