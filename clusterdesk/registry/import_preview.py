"""Import in two steps: a preview of what a file would change, then the same plan applied in one transaction.

The preview lists the rows that create a record, those that update one (each field: old -> new), those
that change nothing, and every problem with its row and column. Nothing is stored while any problem remains.
Matching uses dictionaries built once from the stored rows, so time grows linearly with file and registry.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.service import (
    SKIPPED_COLUMNS,
    Actor,
    record_change,
    request_id_var,
    snapshot,
)
from clusterdesk.db import utcnow
from clusterdesk.errors import FieldProblem, ImportReport, ValidationFailed
from clusterdesk.lemmas import fold, search_text
from clusterdesk.registry import transfer
from clusterdesk.registry.import_columns import COLUMNS, KIND_LABELS, ParsedRow, parse_rows
from clusterdesk.registry.labels import MEMBERSHIP_ROLE_LABELS, ORGANIZATION_KIND_LABELS
from clusterdesk.registry.models import Cluster, Membership, Organization, Person, Post
from clusterdesk.registry.schemas import PersonCreate

CHUNK = 1000
IMPORT_ENTITY = "registry_import"
ORG_FIELDS = tuple(transfer.COLUMNS)
PERSON_FIELDS = ("full_name", "surname", "first_name", "patronymic", "description")
Progress = Callable[[int, int], None]
Operation = Callable[["_Applier"], None]


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class RowResult:
    row: int
    label: str
    entity_id: int | None = None
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class ImportPreview:
    """What a file would do; ``apply_import`` refuses while ``errors`` is not empty."""

    kind: str
    filename: str
    create: list[RowResult] = field(default_factory=list)
    update: list[RowResult] = field(default_factory=list)
    unchanged: list[RowResult] = field(default_factory=list)
    errors: list[FieldProblem] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list, repr=False)

    @property
    def title(self) -> str:
        return KIND_LABELS[self.kind]

    def as_dict(self) -> dict[str, Any]:
        def rows(results: list[RowResult]) -> list[dict[str, Any]]:
            return [
                {
                    "row": r.row,
                    "label": r.label,
                    "id": r.entity_id,
                    "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in r.changes],
                }
                for r in results
            ]

        return {
            "kind": self.kind,
            "filename": self.filename,
            "create": rows(self.create),
            "update": rows(self.update),
            "unchanged": rows(self.unchanged),
            "errors": [{"row": p.row, "column": p.field, "message": p.message} for p in self.errors],
        }


def _shown(name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if name == "kind":
        return ORGANIZATION_KIND_LABELS.get(value, str(value))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _same(old: Any, new: Any) -> bool:
    return ((old in (None, "", [])) and (new in (None, "", []))) or old == new


# per table of the fast path: columns unique among the new rows of one file (the planner refuses repeats)
NATURAL_KEYS = {
    "organization": (Organization.__table__.c.name,),
    "membership": (Membership.__table__.c.cluster_id, Membership.__table__.c.organization_id),
}


def _plain(value: Any) -> Any:
    """A column value as the change log stores it (as ``audit.service.snapshot`` does)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Applier:
    """Writes in chunks: new rows as one multi-row INSERT per table, changes via the ORM; all audited."""

    def __init__(self, session: Session, actor: Actor, progress: Progress | None, total: int) -> None:
        self.session, self.actor, self.progress, self.total = session, actor, progress, total
        self.created: list[Any] = []
        self.updated: list[tuple[Any, dict[str, Any]]] = []
        self.rows: dict[Any, list[dict[str, Any]]] = {}
        self.pending = 0
        self.done = 0
        self.later: list[tuple[Any, dict[str, Any]]] = []  # memberships, once their organisation has an id

    def add(self, obj: Any) -> None:
        self.session.add(obj)
        self.created.append(obj)
        self._maybe_flush()

    def insert(self, model: Any, values: dict[str, Any]) -> dict[str, Any]:
        """A new row without an ORM object (fast path); its ``id`` is filled in at the next flush."""
        self.rows.setdefault(model, []).append(values)
        self._maybe_flush()
        return values

    def change(self, obj: Any, changes: dict[str, Any]) -> None:
        before = snapshot(obj)
        for key, value in changes.items():
            setattr(obj, key, value)
        self.updated.append((obj, before))
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        self.pending += 1
        if self.pending >= CHUNK:
            self.flush()

    def _insert_rows(self) -> None:
        audit: list[dict[str, Any]] = []
        request_id = request_id_var.get()
        for model, rows in self.rows.items():
            table = model.__table__
            natural = NATURAL_KEYS[table.name]
            # one multi-row INSERT per batch; rows are matched to their ids by a key unique in the file,
            # not by position (RETURNING order is not promised for multi-row inserts)
            returned = self.session.execute(insert(table).returning(table.c.id, *natural), rows).all()
            ids = {tuple(r)[1:]: r.id for r in returned}
            for row in rows:
                new_id = ids[tuple(row[c.name] for c in natural)]
                row["id"] = new_id
                after = {k: _plain(v) for k, v in row.items() if k not in SKIPPED_COLUMNS}
                audit.append(
                    {
                        "at": utcnow(),
                        "actor_id": self.actor.id,
                        "actor_name": self.actor.name,
                        "request_id": request_id,
                        "action": "create",
                        "entity_type": table.name,
                        "entity_id": new_id,
                        "before": None,
                        "after": {"version": 1, **after},
                    }
                )
        if audit:
            self.session.execute(insert(ChangeRecord), audit)
        self.rows = {}

    def flush(self) -> None:
        self.session.flush()
        self._insert_rows()
        for obj in self.created:
            record_change(
                session=self.session,
                actor=self.actor,
                action="create",
                entity=obj,
                before=None,
                after=snapshot(obj),
            )
        for obj, before in self.updated:
            record_change(
                session=self.session,
                actor=self.actor,
                action="update",
                entity=obj,
                before=before,
                after=snapshot(obj),
            )
        self.done += self.pending
        self.created, self.updated, self.pending = [], [], 0
        if self.progress is not None:
            self.progress(self.done, self.total)


# Organisations ------------------------------------------------------------------------------------------


class _OrganizationIndex:
    def __init__(self, session: Session) -> None:
        self.by_inn: dict[str, Organization] = {}
        self.by_ogrn: dict[str, Organization] = {}
        self.by_name: dict[str, Organization] = {}
        for org in session.scalars(select(Organization)):
            self.remember(org)
        self.clusters: dict[str, Cluster] = {}
        for cluster in session.scalars(select(Cluster)):
            self.clusters[fold(cluster.name)] = cluster
            self.clusters[str(cluster.id)] = cluster
        self.open_memberships: dict[tuple[int, int], Membership] = {
            (m.cluster_id, m.organization_id): m
            for m in session.scalars(select(Membership).where(Membership.until.is_(None)))
        }

    def remember(self, org: Organization) -> None:
        if org.inn:
            self.by_inn[org.inn] = org
        if org.ogrn:
            self.by_ogrn[org.ogrn] = org
        self.by_name.setdefault(fold(org.name), org)

    def match(self, values: dict[str, Any]) -> Organization | None:
        """Same INN, else same OGRN, else the same full name (any case)."""
        return (
            (values.get("inn") and self.by_inn.get(values["inn"]))
            or (values.get("ogrn") and self.by_ogrn.get(values["ogrn"]))
            or self.by_name.get(fold(values["name"]))
            or None
        )


def _plan_organizations(session: Session, preview: ImportPreview, rows: list[ParsedRow]) -> None:
    index = _OrganizationIndex(session)
    columns = COLUMNS["organizations"]
    seen: dict[tuple[str, str], int] = {}
    for parsed in rows:
        values, number = parsed.values, parsed.row
        if not parsed.valid:
            cluster_name = transfer._cell(parsed.raw.get("cluster"))
            if cluster_name and fold(cluster_name) not in index.clusters:
                message = f"кластер «{cluster_name}» не найден"
                preview.errors.append(FieldProblem(columns["cluster"], message, number))
            continue
        problems: list[FieldProblem] = []
        for key in ("inn", "ogrn", "name"):
            value = values.get(key)
            marker = (key, fold(value) if key == "name" else value) if value else None
            if marker and marker in seen:
                problems.append(
                    FieldProblem(columns[key], f"«{value}» уже встречается в строке {seen[marker]}", number)
                )
            elif marker:
                seen[marker] = number
        existing = index.match(values)
        for key, lookup in (("inn", index.by_inn), ("ogrn", index.by_ogrn)):
            owner = lookup.get(values.get(key) or "")
            if owner is not None and owner is not existing:
                problems.append(
                    FieldProblem(
                        columns[key],
                        f"{values[key]} уже принадлежит «{owner.short_name}» (#{owner.id})",
                        number,
                    )
                )
        cluster = None
        if values.get("cluster"):
            cluster = index.clusters.get(fold(values["cluster"]))
            if cluster is None:
                problems.append(
                    FieldProblem(columns["cluster"], f"кластер «{values['cluster']}» не найден", number)
                )
        if problems:
            preview.errors.extend(problems)
            continue
        fields = {k: values[k] for k in ORG_FIELDS if k in parsed.present}
        label = values["short_name"]
        if existing is None:
            changes = [
                FieldChange(columns[k], "—", _shown(k, v)) for k, v in fields.items() if not _same(None, v)
            ]
            result = RowResult(number, label, None, changes)
            preview.create.append(result)
            membership = _membership_change(index, None, cluster, values, result)
            preview.operations.append(_create_organization(session, {**fields}, membership))
            continue
        diff = {k: v for k, v in fields.items() if not _same(getattr(existing, k), v)}
        result = RowResult(
            number,
            label,
            existing.id,
            [FieldChange(columns[k], _shown(k, getattr(existing, k)), _shown(k, v)) for k, v in diff.items()],
        )
        membership = _membership_change(index, existing, cluster, values, result)
        (preview.update if result.changes else preview.unchanged).append(result)
        if result.changes:
            preview.operations.append(_update_organization(session, existing, diff, membership))


def _membership_change(
    index: _OrganizationIndex,
    org: Organization | None,
    cluster: Cluster | None,
    values: dict[str, Any],
    result: RowResult,
) -> dict[str, Any] | None:
    """What the membership columns ask for: None when nothing changes."""
    if cluster is None:
        return None
    role = values["role"]
    current = index.open_memberships.get((cluster.id, org.id)) if org is not None else None
    if current is None:
        result.changes.append(FieldChange("Кластер", "—", f"{cluster.name} ({MEMBERSHIP_ROLE_LABELS[role]})"))
        return {"cluster_id": cluster.id, "role": role, "since": values.get("member_since"), "existing": None}
    if current.role != role:
        result.changes.append(
            FieldChange("Роль в кластере", MEMBERSHIP_ROLE_LABELS[current.role], MEMBERSHIP_ROLE_LABELS[role])
        )
        return {"existing": current, "role": role}
    return None


# every column a new organisation row carries, so that one multi-row INSERT fits all rows of a file
NEW_ORGANIZATION: dict[str, Any] = {
    **dict.fromkeys(ORG_FIELDS),
    "okved2": [],
    "aliases": [],
    "is_demo": False,
    "source": None,
}


def _create_organization(
    session: Session, fields: dict[str, Any], membership: dict[str, Any] | None
) -> Operation:
    def run(applier: _Applier) -> None:
        row = {**NEW_ORGANIZATION, **fields}
        row["search_text"] = search_text([row["short_name"], row["name"], *row["aliases"]])
        applier.insert(Organization, row)
        if membership is not None:
            applier.later.append((row, membership))

    return run


def _update_organization(
    session: Session, org: Organization, diff: dict[str, Any], membership: dict[str, Any] | None
) -> Operation:
    def run(applier: _Applier) -> None:
        if diff:
            changes = dict(diff)
            if {"short_name", "name", "aliases"} & changes.keys():
                probe = {k: changes.get(k, getattr(org, k)) for k in ("short_name", "name", "aliases")}
                changes["search_text"] = search_text(
                    [probe["short_name"], probe["name"], *(probe["aliases"] or [])]
                )
            applier.change(org, changes)
        if membership is not None:
            applier.later.append((org, membership))

    return run


def _apply_memberships(applier: _Applier) -> None:
    for org, spec in applier.later:
        if spec.get("existing") is not None:
            applier.change(spec["existing"], {"role": spec["role"]})
        else:
            applier.insert(
                Membership,
                {
                    "cluster_id": spec["cluster_id"],
                    "organization_id": org["id"] if isinstance(org, dict) else org.id,
                    "role": spec["role"],
                    "since": spec["since"],
                    "until": None,
                    "is_demo": False,
                    "source": None,
                },
            )


# People -------------------------------------------------------------------------------------------------


def _people_by_name(session: Session) -> dict[str, list[Person]]:
    found: dict[str, list[Person]] = {}
    for person in session.scalars(select(Person).order_by(Person.id)):
        found.setdefault(fold(person.full_name), []).append(person)
    return found


def _plan_people(session: Session, preview: ImportPreview, rows: list[ParsedRow]) -> None:
    people = _people_by_name(session)
    columns = COLUMNS["people"]
    seen: dict[str, int] = {}
    for parsed in rows:
        values, number = parsed.values, parsed.row
        key = fold(values["full_name"])
        if key in seen:
            preview.errors.append(
                FieldProblem(columns["full_name"], f"уже встречается в строке {seen[key]}", number)
            )
            continue
        seen[key] = number
        matches = people.get(key, [])
        if len(matches) > 1:
            ids = ", ".join(f"#{p.id}" for p in matches)
            preview.errors.append(
                FieldProblem(
                    columns["full_name"],
                    f"в реестре несколько людей с этим ФИО ({ids}); объедините их",
                    number,
                )
            )
            continue
        if not matches:
            shown = [
                FieldChange(columns[k], "—", _shown(k, values[k])) for k in PERSON_FIELDS if values.get(k)
            ]
            preview.create.append(RowResult(number, values["full_name"], None, shown))
            preview.operations.append(_create_person(values))
            continue
        person = matches[0]
        fields = {k: values[k] for k in PERSON_FIELDS if k in parsed.present}
        diff = {k: v for k, v in fields.items() if not _same(getattr(person, k), v)}
        result = RowResult(
            number,
            values["full_name"],
            person.id,
            [FieldChange(columns[k], _shown(k, getattr(person, k)), _shown(k, v)) for k, v in diff.items()],
        )
        (preview.update if diff else preview.unchanged).append(result)
        if diff:
            preview.operations.append(_update_person(person, diff))


def _create_person(values: dict[str, Any]) -> Operation:
    def run(applier: _Applier) -> None:
        person = Person(**{k: values.get(k) for k in PERSON_FIELDS})
        person.search_text = search_text([person.full_name])
        applier.add(person)

    return run


def _update_person(person: Person, diff: dict[str, Any]) -> Operation:
    def run(applier: _Applier) -> None:
        changes = dict(diff)
        if "full_name" in changes:
            changes["search_text"] = search_text([changes["full_name"]])
        applier.change(person, changes)

    return run


# Posts --------------------------------------------------------------------------------------------------


def _plan_posts(session: Session, preview: ImportPreview, rows: list[ParsedRow]) -> None:
    columns = COLUMNS["posts"]
    by_inn: dict[str, Organization] = {}
    by_name: dict[str, list[Organization]] = {}
    for known in session.scalars(select(Organization)):
        if known.inn:
            by_inn[known.inn] = known
        for name in {fold(n) for n in (known.short_name, known.name, *(known.aliases or []))}:
            by_name.setdefault(name, []).append(known)
    people = _people_by_name(session)
    posts: dict[tuple[int, int, str], Post] = {
        (p.person_id, p.organization_id, fold(p.title)): p for p in session.scalars(select(Post))
    }
    new_people: dict[str, dict[str, Any]] = {}
    seen: dict[tuple[str, int, str], int] = {}
    for parsed in rows:
        values, number = parsed.values, parsed.row
        org: Organization | None = None
        if values.get("inn"):
            org = by_inn.get(values["inn"])
            if org is None:
                preview.errors.append(
                    FieldProblem(columns["inn"], f"организация с ИНН {values['inn']} не найдена", number)
                )
                continue
        else:
            candidates = by_name.get(fold(values["organization"]), [])
            if len(candidates) != 1:
                message = (
                    f"организация «{values['organization']}» не найдена"
                    if not candidates
                    else f"«{values['organization']}» — несколько организаций; укажите ИНН"
                )
                preview.errors.append(FieldProblem(columns["organization"], message, number))
                continue
            org = candidates[0]
        name_key = fold(values["full_name"])
        marker = (name_key, org.id, fold(values["title"]))
        if marker in seen:
            preview.errors.append(
                FieldProblem(columns["title"], f"та же должность уже в строке {seen[marker]}", number)
            )
            continue
        seen[marker] = number
        matches = people.get(name_key, [])
        if len(matches) > 1:
            preview.errors.append(
                FieldProblem(
                    columns["full_name"], "в реестре несколько людей с этим ФИО; объедините их", number
                )
            )
            continue
        label = f"{values['full_name']} — {values['title']}, {org.short_name}"
        period: dict[str, Any] = {k: values[k] for k in ("since", "until") if k in parsed.present}
        existing = posts.get((matches[0].id, org.id, fold(values["title"]))) if matches else None
        if existing is None:
            changes = [FieldChange(columns[k], "—", _shown(k, v)) for k, v in period.items() if v]
            if not matches:
                changes.insert(0, FieldChange("Человек", "—", f"{values['full_name']} (новый)"))
            preview.create.append(RowResult(number, label, None, changes))
            spec = new_people.setdefault(name_key, {"full_name": values["full_name"], "person": None})
            person = matches[0] if matches else None
            preview.operations.append(_create_post(person, spec, org, values["title"], period))
            continue
        diff = {k: v for k, v in period.items() if not _same(getattr(existing, k), v)}
        if (
            diff.get("since")
            and (diff.get("until") or existing.until)
            and (diff.get("until") or existing.until) < diff["since"]
        ):
            preview.errors.append(FieldProblem(columns["since"], "дата начала позже даты окончания", number))
            continue
        result = RowResult(
            number,
            label,
            existing.id,
            [FieldChange(columns[k], _shown(k, getattr(existing, k)), _shown(k, v)) for k, v in diff.items()],
        )
        (preview.update if diff else preview.unchanged).append(result)
        if diff:
            preview.operations.append(_change(existing, diff))


def _create_post(
    person: Person | None, spec: dict[str, Any], org: Organization, title: str, period: dict[str, Any]
) -> Operation:
    def run(applier: _Applier) -> None:
        target = person or spec["person"]
        if target is None:
            data = PersonCreate(full_name=spec["full_name"]).model_dump()
            target = Person(**data, search_text=search_text([data["full_name"]]))
            applier.add(target)
            applier.session.flush()
            spec["person"] = target
        applier.add(Post(person=target, organization_id=org.id, title=title, **period))

    return run


def _change(obj: Any, diff: dict[str, Any]) -> Operation:
    def run(applier: _Applier) -> None:
        applier.change(obj, diff)

    return run


PLANNERS = {"organizations": _plan_organizations, "people": _plan_people, "posts": _plan_posts}


def preview_import(*, session: Session, kind: str, content: bytes, filename: str) -> ImportPreview:
    """Read and match the file; store nothing."""
    preview = ImportPreview(kind=kind, filename=filename)
    try:
        rows, problems = parse_rows(kind, content, filename)
    except transfer.TableError as exc:
        preview.errors.append(FieldProblem("Файл", str(exc)))
        return preview
    preview.errors.extend(problems)
    with session.no_autoflush:
        PLANNERS[kind](session, preview, rows if kind == "organizations" else [r for r in rows if r.valid])
    preview.errors.sort(key=lambda p: (p.row or 0, p.field))
    return preview


def apply_import(
    *,
    session: Session,
    actor: Actor,
    kind: str,
    content: bytes,
    filename: str,
    progress: Progress | None = None,
) -> ImportPreview:
    """The preview's plan, stored in the caller's transaction and audited as one import; or nothing."""
    preview = preview_import(session=session, kind=kind, content=content, filename=filename)
    if preview.errors:
        shown = "; ".join(str(p) for p in preview.errors[:3])
        more = " …" if len(preview.errors) > 3 else ""
        raise ValidationFailed(
            preview.errors,
            message=f"{filename}: ошибок: {len(preview.errors)}, ничего не сохранено ({shown}{more})",
        )
    applier = _Applier(session, actor, progress, len(preview.operations))
    for operation in preview.operations:
        operation(applier)
    applier.flush()
    if applier.later:
        _apply_memberships(applier)
        applier.flush()
    summary = ImportSummary(kind=kind, filename=filename)
    record_change(
        session=session,
        actor=actor,
        action="import",
        entity=summary,
        before=None,
        after={
            "Файл": filename,
            "Что": KIND_LABELS[kind],
            "Создано": len(preview.create),
            "Изменено": len(preview.update),
            "Без изменений": len(preview.unchanged),
        },
    )
    return preview


@dataclass
class ImportSummary:
    """The import as one entry of the change log (it has no table of its own)."""

    kind: str
    filename: str
    id: int | None = None
    __tablename__ = IMPORT_ENTITY


def import_organizations(
    *, session: Session, actor: Actor, content: bytes, filename: str, progress: Progress | None = None
) -> ImportReport:
    """Organisations from a file, all rows or none (the CLI's and the API's import)."""
    preview = apply_import(
        session=session,
        actor=actor,
        kind="organizations",
        content=content,
        filename=filename,
        progress=progress,
    )
    return ImportReport(
        created=len(preview.create), updated=len(preview.update), unchanged=len(preview.unchanged)
    )
