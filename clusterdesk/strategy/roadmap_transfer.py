"""Roadmap as XLSX: export, and import where every row is checked first and any problem stores nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import networkx as nx
from openpyxl import Workbook
from pydantic import ValidationError
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.errors import DomainError, FieldProblem, ImportReport, ValidationFailed
from clusterdesk.registry.models import Organization
from clusterdesk.registry.transfer import TableError, read_table
from clusterdesk.spreadsheet import xlsx_row
from clusterdesk.strategy import roadmap
from clusterdesk.strategy.labels import ROADMAP_STATUS_LABELS, parse_roadmap_status
from clusterdesk.strategy.models import Program, RoadmapItem
from clusterdesk.strategy.schemas import RoadmapItemCreate, RoadmapItemUpdate
from clusterdesk.strategy.service import get_program
from clusterdesk.strategy.xlsx import newest, save, style_sheet

COLUMNS: dict[str, str] = {
    "title": "Пункт",
    "direction": "Направление",
    "organizations": "Ответственные организации",
    "start_date": "Начало",
    "due_date": "Срок",
    "status": "Статус",
    "progress": "Прогресс, %",
    "depends_on": "Зависит от",
    "expected_result": "Ожидаемый результат",
    "actual_result": "Фактический результат",
}
WIDTHS = {"title": 50, "direction": 30, "organizations": 36, "expected_result": 40, "actual_result": 40}
SEPARATOR = ";"
_HEADER_TO_FIELD = {**{f: f for f in COLUMNS}, **{h.lower(): f for f, h in COLUMNS.items()}}
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value: Any) -> date | None:
    """A date cell, or text as ДД.ММ.ГГГГ / ГГГГ-ММ-ДД; empty is None; anything else is a ValueError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"«{text}» — не дата; ожидается ДД.ММ.ГГГГ")


def _split(value: Any) -> list[str]:
    return [part.strip() for part in _text(value).split(SEPARATOR) if part.strip()]


@dataclass
class ParsedRow:
    row: int
    fields: dict[str, Any]
    depends_on: list[str] = field(default_factory=list)


def _find_organizations(session: Session, names: list[str]) -> dict[str, int]:
    if not names:
        return {}
    query = select(Organization).where(or_(Organization.short_name.in_(names), Organization.name.in_(names)))
    found: dict[str, int] = {}
    for org in session.scalars(query):
        found[org.short_name] = org.id
        found[org.name] = org.id
    return found


def _parse_row(
    session: Session, program: Program, index: int, record: dict[str, Any], problems: list[FieldProblem]
) -> ParsedRow | None:
    before = len(problems)
    fields: dict[str, Any] = {"program_id": program.id, "title": _text(record.get("title"))}
    for name in ("start_date", "due_date"):
        try:
            fields[name] = parse_date(record.get(name))
        except ValueError as exc:
            problems.append(FieldProblem(COLUMNS[name], str(exc), index))
    if _text(record.get("status")):
        try:
            fields["status"] = parse_roadmap_status(_text(record["status"]))
        except ValueError as exc:
            problems.append(FieldProblem(COLUMNS["status"], str(exc), index))
    progress = _text(record.get("progress")).rstrip("%").strip()
    if progress:
        fields["progress"] = progress
    direction = _text(record.get("direction"))
    if direction:
        by_title = {d.title.lower(): d.id for d in program.directions}
        if direction.lower() in by_title:
            fields["direction_id"] = by_title[direction.lower()]
        else:
            problems.append(
                FieldProblem(COLUMNS["direction"], f"нет направления «{direction}» в программе", index)
            )
    names = _split(record.get("organizations"))
    known = _find_organizations(session, names)
    for name in names:
        if name not in known:
            problems.append(FieldProblem(COLUMNS["organizations"], f"организация «{name}» не найдена", index))
    fields["organization_ids"] = sorted({known[n] for n in names if n in known})
    for name in ("expected_result", "actual_result"):
        fields[name] = _text(record.get(name)) or None
    if len(problems) == before:
        try:
            RoadmapItemCreate(**fields)
        except ValidationError as exc:
            for error in exc.errors():
                name = str(error["loc"][0]) if error["loc"] else "?"
                message = error["msg"].removeprefix("Value error, ")
                problems.append(FieldProblem(COLUMNS.get(name, name), message, index))
    if len(problems) != before:
        return None
    return ParsedRow(row=index, fields=fields, depends_on=_split(record.get("depends_on")))


def parse_roadmap(
    session: Session, program: Program, content: bytes, filename: str
) -> tuple[list[ParsedRow], list[FieldProblem]]:
    """Check every row (header is row 1): dates, status, direction, organisations, dependencies, cycles."""
    header, rows = read_table(content, filename)
    fields = [_HEADER_TO_FIELD.get(h.lower()) for h in header]
    if "title" not in fields:
        raise TableError(f"{filename}: нет обязательного столбца «{COLUMNS['title']}»")
    problems: list[FieldProblem] = []
    parsed: list[ParsedRow] = []
    seen: dict[str, int] = {}
    wanted_links: list[tuple[int, str, list[str]]] = []
    original: dict[str, str] = {}
    for index, row in enumerate(rows, start=2):
        record = {f: v for f, v in zip(fields, row, strict=False) if f is not None}
        title = _text(record.get("title")).lower()
        if title and title in seen:
            problems.append(FieldProblem(COLUMNS["title"], f"пункт уже есть в строке {seen[title]}", index))
            continue
        seen[title] = index
        original[title] = _text(record.get("title"))
        wanted_links.append((index, title, _split(record.get("depends_on"))))
        found = _parse_row(session, program, index, record, problems)
        if found is not None:
            parsed.append(found)
    stored = {i.title.lower(): i for i in program.roadmap_items}
    graph = nx.DiGraph()
    for item in program.roadmap_items:
        graph.add_edges_from((item.title.lower(), d.depends_on.title.lower()) for d in item.dependencies)
    for index, title, depends_on in wanted_links:
        if title in graph:
            graph.remove_edges_from(list(graph.out_edges(title)))
        for other in depends_on:
            if other.lower() not in seen and other.lower() not in stored:
                problems.append(FieldProblem(COLUMNS["depends_on"], f"нет пункта «{other}»", index))
            elif other.lower() == title:
                problems.append(FieldProblem(COLUMNS["depends_on"], "пункт зависит сам от себя", index))
            else:
                graph.add_edge(title, other.lower())
    try:
        cycle = nx.find_cycle(graph)
        rows_on_cycle = sorted(seen[t] for t, _ in cycle if t in seen)
        names = {t.lower(): t for t in [*(i.title for i in program.roadmap_items), *original.values()]}
        path = " → ".join(f"«{names.get(t, t)}»" for t, _ in [*cycle, cycle[0]])
        problems.append(
            FieldProblem(
                COLUMNS["depends_on"],
                f"зависимости образуют цикл: {path}",
                rows_on_cycle[0] if rows_on_cycle else None,
            )
        )
    except nx.NetworkXNoCycle:
        pass
    return parsed, sorted(problems, key=lambda p: p.row or 0)


def import_roadmap(
    *, session: Session, actor: Actor, program_id: int, content: bytes, filename: str
) -> ImportReport:
    """Create new items and update those with the same title; any bad row stops everything."""
    program = get_program(session=session, program_id=program_id)
    try:
        parsed, problems = parse_roadmap(session, program, content, filename)
    except TableError as exc:
        raise ValidationFailed([FieldProblem("file", str(exc))], message=str(exc)) from exc
    if problems:
        details = "; ".join(str(p) for p in problems)
        raise ValidationFailed(
            problems, message=f"{filename}: ошибок: {len(problems)}, ничего не сохранено: {details}"
        )
    report = ImportReport()
    by_title: dict[str, RoadmapItem] = {i.title.lower(): i for i in program.roadmap_items}
    row_number = 0
    try:
        with session.begin_nested():  # a failure below leaves nothing behind, even if the caller goes on
            for item in parsed:
                row_number = item.row
                existing = by_title.get(item.fields["title"].lower())
                if existing is None:
                    created = roadmap.create_item(
                        session=session, actor=actor, data=RoadmapItemCreate(**item.fields)
                    )
                    by_title[created.title.lower()] = created
                    report.created += 1
                    continue
                before = existing.version
                changes = {k: v for k, v in item.fields.items() if k != "program_id"}
                roadmap.update_item(
                    session=session,
                    actor=actor,
                    item_id=existing.id,
                    data=RoadmapItemUpdate(**changes, version=existing.version),
                )
                report.updated += existing.version != before
                report.unchanged += existing.version == before
            for item in parsed:
                row_number = item.row
                target = by_title[item.fields["title"].lower()]
                wanted = [by_title[t.lower()].id for t in item.depends_on]
                if sorted(wanted) != sorted(target.depends_on_ids):
                    roadmap.update_item(
                        session=session,
                        actor=actor,
                        item_id=target.id,
                        data=RoadmapItemUpdate(depends_on=wanted, version=target.version),
                    )
    except DomainError as exc:
        raise ValidationFailed(
            [FieldProblem("—", exc.message, row_number)],
            message=f"{filename}, строка {row_number}: {exc.message}",
        ) from exc
    return report


def _row(item: RoadmapItem) -> list[Any]:
    return [
        item.title,
        item.direction.title if item.direction else "",
        f"{SEPARATOR} ".join(r.organization.short_name for r in item.responsibles if r.organization),
        item.start_date,
        item.due_date,
        ROADMAP_STATUS_LABELS[item.status],
        item.progress,
        f"{SEPARATOR} ".join(d.depends_on.title for d in item.dependencies),
        item.expected_result or "",
        item.actual_result or "",
    ]


def roadmap_rows(items: Sequence[RoadmapItem]) -> list[list[Any]]:
    return [_row(item) for item in items]


def export_roadmap(*, session: Session, program_id: int) -> bytes:
    program = get_program(session=session, program_id=program_id)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Дорожная карта"
    sheet.append(list(COLUMNS.values()))
    items = roadmap.get_items(session=session, program_id=program.id)
    for row in roadmap_rows(items):
        sheet.append(xlsx_row(row))
    style_sheet(sheet, [WIDTHS.get(f, 14) for f in COLUMNS], date_columns=(4, 5))
    return save(workbook, created=newest([program.updated_at, *(i.updated_at for i in items)]))
