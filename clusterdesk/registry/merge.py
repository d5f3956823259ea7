"""Merge two organisations or two people, and undo a merge exactly.

Everything that points at the absorbed record moves to the survivor. The references are found from the
models' foreign keys (``Base.metadata``, complete once clusterdesk/startup.py has loaded every domain's
tables), so a table added by a new domain moves too without a change here.
A reference row that would clash with one the survivor already has (the same pair under a unique key, or a
second open membership of the same cluster) is removed instead and kept in the merge record, so undo can put
it back. The absorbed record's names become the survivor's other names; the merge is one audited change.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    LargeBinary,
    Numeric,
    Table,
    and_,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clusterdesk import labels
from clusterdesk.audit.service import Actor, record_change, snapshot
from clusterdesk.audit.writes import check_exists, get_or_404
from clusterdesk.db import Base, utcnow
from clusterdesk.errors import ConflictError, FieldProblem, ValidationFailed
from clusterdesk.lemmas import fold, search_text
from clusterdesk.registry.models import Organization, Person
from clusterdesk.registry.upkeep_models import MergeRecord

EntityType = Literal["organization", "person"]
MODELS: dict[str, type[Any]] = {"organization": Organization, "person": Person}
# «удалён» / «удалена»: the past participles agree with the type's gender (clusterdesk/labels.py)
DELETED = {"m": "удалён", "f": "удалена", "n": "удалено"}
CHANGED = {"m": "изменён", "f": "изменена", "n": "изменено"}
CHOOSABLE: dict[str, tuple[str, ...]] = {
    "organization": (
        "short_name",
        "name",
        "kind",
        "inn",
        "ogrn",
        "okved2",
        "region",
        "city",
        "website",
        "description",
    ),
    "person": ("full_name", "surname", "first_name", "patronymic", "description"),
}
# besides unique keys: rows that must not be duplicated while open (until IS NULL) — columns that must agree
OPEN_ROW_RULES: dict[str, tuple[str, ...]] = {
    "membership": ("cluster_id", "organization_id"),
    "post": ("person_id", "organization_id", "title"),
}


@dataclass(frozen=True)
class Reference:
    """A column of some table that holds the id of an organisation or a person."""

    table: Table
    column: Column[Any]

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.column.name}"


def references_to(entity_type: str) -> list[Reference]:
    """Every foreign key column in the models that points at the entity's table.

    Every domain's tables are in ``Base.metadata`` once the application has started (clusterdesk/startup.py
    imports clusterdesk.models for this), so a reference from any domain is known.
    """
    target = MODELS[entity_type].__table__
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is target:
                found.append(Reference(table, fk.parent))
    return sorted(found, key=lambda r: r.name)


# Rows as JSON and back ----------------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if hasattr(value, "value") and not isinstance(value, int | str):  # enum members
        return value.value
    return value


def _from_json(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(column.type, Numeric):
        return Decimal(value)
    return value


def _row_json(row: Any) -> dict[str, Any]:
    return {key: _to_json(value) for key, value in row._mapping.items()}


def _row_values(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    return {name: _from_json(table.c[name], value) for name, value in data.items() if name in table.c}


def _read_row(session: Session, table: Table, key: dict[str, Any]) -> dict[str, Any] | None:
    where = and_(*(table.c[k] == v for k, v in key.items()))
    row = session.execute(select(table).where(where)).first()
    return _row_json(row) if row is not None else None


def _where(table: Table, key: dict[str, Any]) -> Any:
    return and_(*(table.c[k] == _from_json(table.c[k], v) for k, v in key.items()))


# Moving references --------------------------------------------------------------------------------------


def _unique_sets(table: Table, column: Column[Any]) -> list[list[str]]:
    """Column sets that must stay unique and include ``column``."""
    sets = [[c.name for c in table.primary_key.columns]]
    for constraint in table.constraints:
        if constraint.__class__.__name__ == "UniqueConstraint":
            sets.append([c.name for c in constraint.columns])  # type: ignore[attr-defined]
    for index in table.indexes:
        if index.unique:
            sets.append([c.name for c in index.columns])
    for col in table.columns:
        if col.unique:
            sets.append([col.name])
    return [s for s in sets if column.name in s]


def _clashes(session: Session, ref: Reference, row: dict[str, Any], keep_id: int) -> bool:
    """Would moving this row give the survivor a second copy of something it already has?"""
    table, column = ref.table, ref.column
    for names in _unique_sets(table, column):
        others = [n for n in names if n != column.name]
        if any(row[n] is None for n in others):
            continue  # NULLs never clash
        condition = and_(column == keep_id, *(table.c[n] == _from_json(table.c[n], row[n]) for n in others))
        if session.execute(select(table).where(condition).limit(1)).first() is not None:
            return True
    rule = OPEN_ROW_RULES.get(table.name)
    if rule and "until" in table.c and row.get("until") is None and column.name in rule:
        others = [n for n in rule if n != column.name]
        condition = and_(
            column == keep_id,
            table.c["until"].is_(None),
            *(table.c[n] == row[n] for n in others),
        )
        if session.execute(select(table).where(condition).limit(1)).first() is not None:
            return True
    return False


def _move_references(
    session: Session, entity_type: str, keep_id: int, absorb_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    moved: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    for ref in references_to(entity_type):
        table, column = ref.table, ref.column
        pk = [c.name for c in table.primary_key.columns]
        for raw in session.execute(select(table).where(column == absorb_id)).all():
            row = _row_json(raw)
            key = {k: row[k] for k in pk}
            if _clashes(session, ref, row, keep_id):
                session.execute(delete(table).where(_where(table, key)))
                removed.append({"table": table.name, "row": row})
                continue
            session.execute(update(table).where(_where(table, key)).values({column.name: keep_id}))
            after_key = {k: (keep_id if k == column.name else v) for k, v in key.items()}
            moved.append({"table": table.name, "column": column.name, "key": after_key})
    return moved, removed


def _forget(session: Session, table_name: str, key: dict[str, Any]) -> None:
    """Drop from the session the object of a row deleted behind the ORM's back."""
    for obj in list(session.identity_map.values()):
        table = getattr(obj, "__table__", None)
        if (
            table is not None
            and table.name == table_name
            and all(getattr(obj, k, None) == v for k, v in key.items())
        ):
            session.expunge(obj)


# Merge --------------------------------------------------------------------------------------------------


def _choose(entity_type: str, keep: Any, absorb: Any, fields: dict[str, str]) -> dict[str, Any]:
    """The survivor's values: each chosen field from the record named, gaps filled from the absorbed one."""
    allowed = CHOOSABLE[entity_type]
    problems = [
        FieldProblem(
            f"fields.{name}", "неизвестное поле" if name not in allowed else "ожидается keep или absorb"
        )
        for name, side in fields.items()
        if name not in allowed or side not in ("keep", "absorb")
    ]
    if problems:
        raise ValidationFailed(problems)
    values = {}
    for name in allowed:
        side = fields.get(name)
        mine, theirs = getattr(keep, name), getattr(absorb, name)
        if side == "absorb" or (side is None and mine in (None, "", []) and theirs not in (None, "", [])):
            values[name] = theirs
    return values


def _aliases(keep: Organization, absorb: Organization, values: dict[str, Any]) -> list[str]:
    short_name, name = values.get("short_name", keep.short_name), values.get("name", keep.name)
    own = {fold(short_name), fold(name)}
    result: list[str] = []
    for alias in (
        *(keep.aliases or []),
        keep.short_name,
        keep.name,
        absorb.short_name,
        absorb.name,
        *(absorb.aliases or []),
    ):
        if fold(alias) not in own and fold(alias) not in {fold(a) for a in result}:
            result.append(alias)
    return result


def merge(
    *,
    session: Session,
    actor: Actor,
    entity_type: EntityType,
    keep_id: int,
    absorb_id: int,
    fields: dict[str, str] | None = None,
) -> MergeRecord:
    """Move everything from ``absorb_id`` to ``keep_id``, delete the absorbed record, keep the undo data."""
    model = MODELS[entity_type]
    if keep_id == absorb_id:
        raise ValidationFailed([FieldProblem("absorb_id", "нельзя объединить запись саму с собой")])
    check_exists(session, model, keep_id, "keep_id")
    check_exists(session, model, absorb_id, "absorb_id")
    keep, absorb = session.get_one(model, keep_id), session.get_one(model, absorb_id)
    values = _choose(entity_type, keep, absorb, fields or {})
    if entity_type == "organization":
        values["aliases"] = _aliases(keep, absorb, values)
    table = model.__table__
    session.flush()
    keep_before, before_snapshot = _read_row(session, table, {"id": keep_id}), snapshot(keep)
    absorbed_row, absorbed_snapshot = _read_row(session, table, {"id": absorb_id}), snapshot(absorb)
    absorbed_name = absorb.short_name if entity_type == "organization" else absorb.full_name
    try:
        moved, removed = _move_references(session, entity_type, keep_id, absorb_id)
        session.execute(delete(table).where(table.c.id == absorb_id))
    except IntegrityError as exc:
        raise ConflictError(f"Объединить не удалось: ссылки противоречат друг другу ({exc.orig})") from exc
    _forget(session, table.name, {"id": absorb_id})
    for item in removed:
        pk = [c.name for c in Base.metadata.tables[item["table"]].primary_key.columns]
        _forget(session, item["table"], {k: item["row"][k] for k in pk})
    session.expire_all()
    keep = session.get_one(model, keep_id)
    for name, value in values.items():
        setattr(keep, name, value)
    names = (
        [keep.short_name, keep.name, *(keep.aliases or [])]
        if entity_type == "organization"
        else [keep.full_name]
    )
    keep.search_text = search_text(names)
    keep.updated_at = utcnow()  # a merge always makes a new version, even when no field changed
    session.flush()
    record = MergeRecord(
        actor_name=actor.name,
        entity_type=entity_type,
        keep_id=keep_id,
        absorb_id=absorb_id,
        absorbed_name=absorbed_name,
        fields=fields or {},
        keep_before=keep_before,
        keep_after_version=keep.version,
        absorbed_row=absorbed_row,
        moved=moved,
        removed=removed,
    )
    session.add(record)
    session.flush()
    record_change(
        session=session,
        actor=actor,
        action="merge",
        entity=keep,
        before={**before_snapshot, "absorbed": absorbed_snapshot},
        after={
            **snapshot(keep),
            "absorbed": {"id": absorb_id, "name": absorbed_name},
            "merge_id": record.id,
            "moved": len(moved),
            "removed": len(removed),
        },
    )
    return record


def get_merge(*, session: Session, merge_id: int) -> MergeRecord:
    return get_or_404(session, MergeRecord, merge_id)


def undo_merge(*, session: Session, actor: Actor, merge_id: int) -> MergeRecord:
    """Put both records back as they were and every moved or removed reference where it was."""
    record = get_merge(session=session, merge_id=merge_id)
    if record.undone_at is not None:
        raise ConflictError(f"Объединение #{record.id} уже отменено ({record.undone_by})")
    model = MODELS[record.entity_type]
    kind = labels.entry(record.entity_type)
    label = kind.singular
    table = model.__table__
    session.flush()
    keep = session.get(model, record.keep_id)
    if keep is None:
        raise ConflictError(
            f"{label} #{record.keep_id} {DELETED[kind.gender]} после объединения; отмена невозможна"
        )
    if keep.version != record.keep_after_version:
        raise ConflictError(
            f"{label} #{record.keep_id} {CHANGED[kind.gender]} после объединения (версия {keep.version}, "
            f"после объединения была {record.keep_after_version}); отмена затёрла бы новые данные"
        )
    if session.execute(select(table.c.id).where(table.c.id == record.absorb_id)).first() is not None:
        raise ConflictError(f"Номер #{record.absorb_id} уже занят другой записью; отмена невозможна")
    before_undo = snapshot(keep)
    try:
        restored = _row_values(table, {k: v for k, v in record.keep_before.items() if k != "id"})
        restored["version"] = keep.version + 1
        restored["updated_at"] = utcnow()
        # the survivor first: it may hold the absorbed record's INN or OGRN until then
        session.execute(update(table).where(table.c.id == record.keep_id).values(restored))
        session.execute(insert(table).values(_row_values(table, record.absorbed_row)))
        tables = Base.metadata.tables
        for item in record.moved:
            moved_table = tables[item["table"]]
            session.execute(
                update(moved_table)
                .where(_where(moved_table, item["key"]))
                .values({item["column"]: record.absorb_id})
            )
        for item in record.removed:
            removed_table = tables[item["table"]]
            session.execute(insert(removed_table).values(_row_values(removed_table, item["row"])))
    except IntegrityError as exc:
        raise ConflictError(f"Отменить объединение не удалось: данные изменились ({exc.orig})") from exc
    session.expire_all()
    record.undone_at = utcnow()
    record.undone_by = actor.name
    keep = session.get_one(model, record.keep_id)
    session.flush()
    record_change(
        session=session,
        actor=actor,
        action="unmerge",
        entity=keep,
        before=before_undo,
        after={**snapshot(keep), "restored": {"id": record.absorb_id, "name": record.absorbed_name}},
    )
    return record


def get_merges(*, session: Session, limit: int = 200) -> list[MergeRecord]:
    return list(session.scalars(select(MergeRecord).order_by(MergeRecord.id.desc()).limit(limit)))
