"""The change log as people read it: Russian type names, object names, links, «поле: было → стало»."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from clusterdesk.audit.labels import ACTION_LABELS, link_of, own_name, type_label
from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.service import changed_fields
from clusterdesk.db import Base

# references whose id is shown as the referenced object's name (in names of unnamed rows and in diffs)
REFERENCES = {"organization_id": "organization", "person_id": "person", "cluster_id": "cluster"}
HIDDEN_FIELDS = frozenset({"id", "version", "search_text", "fingerprint"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass
class ReadableChange:
    record: ChangeRecord
    action_label: str
    type_label: str
    name: str
    url: str | None
    deleted: bool
    changes: list[FieldChange] = field(default_factory=list)


def _snapshot(record: ChangeRecord) -> dict[str, Any]:
    return {**(record.before or {}), **(record.after or {})}


def _ids_by_table(records: list[ChangeRecord]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for record in records:
        if record.entity_id is not None:
            wanted[record.entity_type].add(record.entity_id)
        for key, table in REFERENCES.items():
            for snap in (record.before or {}, record.after or {}):
                if isinstance(snap.get(key), int):
                    wanted[table].add(snap[key])
    return wanted


def _existing(session: Session, wanted: dict[str, set[int]]) -> dict[str, dict[int, dict[str, Any]]]:
    """For each table, the rows that still exist (id → their columns), looked up in one query per table."""
    found: dict[str, dict[int, dict[str, Any]]] = {}
    for table_name, ids in wanted.items():
        table = Base.metadata.tables.get(table_name)
        if table is None or "id" not in table.c:
            found[table_name] = {}
            continue
        rows = session.execute(select(table).where(table.c.id.in_(sorted(ids)))).mappings().all()
        found[table_name] = {row["id"]: dict(row) for row in rows}
    return found


def _reference_name(existing: dict[str, dict[int, dict[str, Any]]], table: str, ref_id: Any) -> str | None:
    row = existing.get(table, {}).get(ref_id) if isinstance(ref_id, int) else None
    return own_name(row) if row else None


def _name(record: ChangeRecord, snap: dict[str, Any], existing: dict[str, dict[int, dict[str, Any]]]) -> str:
    current = existing.get(record.entity_type, {}).get(record.entity_id or -1)
    name = own_name(current) or own_name(snap)
    if name:
        return name
    parts = [
        _reference_name(existing, table, snap.get(key))
        for key, table in REFERENCES.items()
        if snap.get(key) is not None
    ]
    named = [p for p in parts if p]
    if named:
        return " — ".join(named)
    return f"№ {record.entity_id}" if record.entity_id is not None else "без номера"


# Russian words for stored codes, per field: filled at start-up by the domains that own the codes
# (clusterdesk/startup.py), so the change log never shows «not_started» or an indicator's code.
VALUE_LABELS: dict[str, dict[str, str]] = {}


def register_value_labels(field: str, labels: dict[str, str]) -> None:
    """Words for the codes a field stores (a status, the keys of a mapping such as indicator codes)."""
    VALUE_LABELS.setdefault(field, {}).update(labels)


def _shown(value: Any, key: str, existing: dict[str, dict[int, dict[str, Any]]]) -> Any:
    if key in REFERENCES and isinstance(value, int):
        return _reference_name(existing, REFERENCES[key], value) or f"№ {value}"
    words = VALUE_LABELS.get(key, {})
    if isinstance(value, str):
        return words.get(value, value)
    if isinstance(value, dict):
        return "; ".join(f"{words.get(str(k), str(k))}: {v}" for k, v in value.items())
    if isinstance(value, list) and words:
        return [words.get(v, v) if isinstance(v, str) else v for v in value]
    return value


def describe(*, session: Session, records: list[ChangeRecord]) -> list[ReadableChange]:
    """Each record with its object's Russian type, name and link (or «удалён»), and the changed fields."""
    existing = _existing(session, _ids_by_table(records))
    readable = []
    for record in records:
        snap = _snapshot(record)
        alive = record.entity_id is not None and record.entity_id in existing.get(record.entity_type, {})
        url = link_of(record.entity_type, record.entity_id, snap)
        own_page = url is not None and record.entity_id is not None and url.endswith(f"/{record.entity_id}")
        deleted = not alive and record.entity_type in Base.metadata.tables
        changes = []
        if record.action == "update":
            changes = [
                FieldChange(key, _shown(old, key, existing), _shown(new, key, existing))
                for key, old, new in changed_fields(record)
                if key not in HIDDEN_FIELDS
            ]
        readable.append(
            ReadableChange(
                record=record,
                action_label=ACTION_LABELS.get(record.action, record.action),
                type_label=type_label(record.entity_type),
                name=_name(record, snap, existing),
                url=None if deleted and own_page else url,
                deleted=deleted,
                changes=changes,
            )
        )
    return readable


def describe_records(records: list[ChangeRecord] | None) -> list[ReadableChange]:
    """``describe`` for templates that only hold the records (the session is the records' own)."""
    if not records:
        return []
    session = object_session(records[0])
    if session is None:
        return []
    return describe(session=session, records=list(records))
