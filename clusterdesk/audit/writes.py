"""Audited create/update/delete shared by every domain service (flush, never commit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from clusterdesk import labels
from clusterdesk.audit.service import Actor, record_change, snapshot
from clusterdesk.errors import ConflictError, FieldProblem, NotFoundError, StaleVersionError, ValidationFailed

T = TypeVar("T")

STALE_MESSAGE = (
    "{label} #{id} изменён другим пользователем (версия {current}, у вас {given}). "
    "Обновите страницу и внесите изменения заново."
)


# Ids are int4 on PostgreSQL: a larger number names no row (and must not reach the database as a DataError).
MAX_ID = 2**31 - 1


def get_or_404(
    session: Session,
    model: type[T],
    entity_id: int,
    *,
    within: tuple[str, int] | None = None,
    options: Sequence[Any] = (),
) -> T:
    """The row, or a NotFoundError that names what was looked for in Russian («Организация #9 не найдена»).

    ``within=("agreement_id", 5)``: a child row counts only under that parent. ``options``: loader options
    (``selectinload(...)``) applied to the row even when the session already holds it. The one lookup-or-404
    of the code base: services call it, route files call the services.
    """
    obj = None
    if 0 < entity_id <= MAX_ID:
        obj = session.get(model, entity_id, options=options, populate_existing=bool(options))
    if obj is not None and within is not None and getattr(obj, within[0]) != within[1]:
        obj = None
    if obj is None:
        raise NotFoundError(labels.not_found(model.__tablename__, entity_id))  # type: ignore[attr-defined]
    return obj


def check_exists(session: Session, model: Any, entity_id: int | None, field: str) -> None:
    """A body field that names a missing row is the client's mistake: 422 naming the field."""
    if entity_id is None:
        return
    if not 0 < entity_id <= MAX_ID or session.get(model, entity_id) is None:
        raise ValidationFailed([FieldProblem(field, labels.not_found(model.__tablename__, entity_id))])


def changes_of(data: Any) -> dict[str, Any]:
    """The fields an update schema actually carries (PATCH semantics), without the version."""
    return data.model_dump(exclude_unset=True, exclude={"version"})


def refuse_empty(changes: Mapping[str, Any], *required: str) -> None:
    """A required field may be left out of an update, but not set to nothing."""
    for name in required:
        if name in changes and changes[name] is None:
            raise ValidationFailed([FieldProblem(name, "обязательное поле не может быть пустым")])


def _flush(session: Session, label: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        raise ConflictError(f"{label}: запись противоречит уже сохранённым данным ({exc.orig})") from exc


def create(*, session: Session, actor: Actor, obj: T, label: str) -> T:
    session.add(obj)
    _flush(session, label)
    record_change(session=session, actor=actor, action="create", entity=obj, before=None, after=snapshot(obj))
    return obj


def update(
    *,
    session: Session,
    actor: Actor,
    obj: T,
    changes: Mapping[str, Any],
    expected_version: int | None,
    label: str,
) -> T:
    """Apply ``changes``; refuse if the client read an older version than the stored one."""
    current = obj.version  # type: ignore[attr-defined]
    obj_id = obj.id  # type: ignore[attr-defined]
    if expected_version is not None and expected_version != current:
        raise StaleVersionError(
            STALE_MESSAGE.format(label=label, id=obj_id, current=current, given=expected_version)
        )
    before = snapshot(obj)
    for key, value in changes.items():
        setattr(obj, key, value)
    if snapshot(obj) == before:
        return obj
    try:
        _flush(session, label)
    except StaleDataError as exc:
        raise StaleVersionError(
            STALE_MESSAGE.format(label=label, id=obj_id, current="новее", given=current)
        ) from exc
    record_change(
        session=session, actor=actor, action="update", entity=obj, before=before, after=snapshot(obj)
    )
    return obj


def delete(*, session: Session, actor: Actor, obj: Any, expected_version: int | None, label: str) -> None:
    obj_id = obj.id
    if expected_version is not None and expected_version != obj.version:
        raise StaleVersionError(
            STALE_MESSAGE.format(label=label, id=obj_id, current=obj.version, given=expected_version)
        )
    before = snapshot(obj)
    record_change(session=session, actor=actor, action="delete", entity=obj, before=before, after=None)
    session.delete(obj)
    try:
        _flush(session, label)
    except StaleDataError as exc:
        raise StaleVersionError(f"{label} #{obj_id} изменён или удалён другим пользователем") from exc
