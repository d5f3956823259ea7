"""XLSX import and export of projects and capabilities: every row valid, or nothing stored."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import actor_of, require_organization_editor, require_writer
from clusterdesk.errors import DomainError, FieldProblem, ImportReport, ValidationFailed
from clusterdesk.projects import service
from clusterdesk.projects.labels import (
    CAPABILITY_KIND_LABELS,
    PARTICIPANT_ROLE_LABELS,
    PROJECT_STATUS_LABELS,
    parse_label,
)
from clusterdesk.projects.models import Capability, CapabilityKind, ParticipantRole, Project, ProjectStatus
from clusterdesk.projects.schemas import (
    CapabilityCreate,
    CapabilityUpdate,
    ParticipantIn,
    ProjectCreate,
    ProjectUpdate,
)
from clusterdesk.registry.models import Organization
from clusterdesk.registry.transfer import TableError, read_table
from clusterdesk.spreadsheet import xlsx_row

CAPABILITY_COLUMNS = {
    "organization": "Организация",
    "name": "Название",
    "description": "Описание",
    "kind": "Вид",
    "okved2": "ОКВЭД2",
    "trl": "УГТ",
    "source": "Источник",
}
PROJECT_COLUMNS = {
    "title": "Название",
    "description": "Описание",
    "lead": "Ведущая организация",
    "participants": "Участники",
    "status": "Статус",
    "trl": "УГТ",
    "budget": "Бюджет, руб.",
    "investment_sought": "Нужно инвестиций, руб.",
    "investment_attracted": "Привлечено инвестиций, руб.",
    "start_date": "Начало",
    "end_date": "Окончание",
    "priority_direction": "Приоритетное направление",
    "source": "Источник",
}


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def _rows(
    content: bytes, filename: str, columns: dict[str, str], required: tuple[str, ...]
) -> list[tuple[int, dict]]:
    header, rows = read_table(content, filename)
    lookup = {**{f: f for f in columns}, **{h.lower(): f for f, h in columns.items()}}
    fields = [lookup.get(h.lower()) for h in header]
    missing = [columns[f] for f in required if f not in fields]
    if missing:
        raise TableError(f"{filename}: нет обязательных столбцов: {', '.join(missing)}")
    return [
        (number, {f: _cell(v) for f, v in zip(fields, row, strict=False) if f is not None})
        for number, row in enumerate(rows, start=2)
    ]


def _organizations(session: Session) -> Callable[[str], Organization | None]:
    """Find an organisation by short name, full name, alias or INN, any case."""
    by_key: dict[str, Organization] = {}
    for org in session.scalars(select(Organization)):
        for key in (org.short_name, org.name, org.inn, *(org.aliases or [])):
            if key:
                by_key.setdefault(key.strip().lower(), org)
    return lambda name: by_key.get(str(name).strip().lower())


def _problems(exc: ValidationError, row: int, columns: dict[str, str]) -> list[FieldProblem]:
    out = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "?"
        column = columns.get(field, columns.get("lead" if field == "lead_organization_id" else field, field))
        out.append(FieldProblem(column, error["msg"].removeprefix("Value error, "), row))
    return out


def _fail_on(problems: list[FieldProblem], filename: str) -> None:
    if problems:
        raise ValidationFailed(problems, message=f"{filename}: ошибок: {len(problems)}, ничего не сохранено")


def _read(
    content: bytes, filename: str, columns: dict[str, str], required: tuple[str, ...]
) -> list[tuple[int, dict]]:
    try:
        return _rows(content, filename, columns, required)
    except TableError as exc:
        raise ValidationFailed([FieldProblem("file", str(exc))], message=str(exc)) from exc


def _write_rows(
    report: ImportReport, filename: str, rows: list[tuple[int, Callable[[], bool | None]]]
) -> None:
    """Run each row's write; a refusal names its row and stops everything (the transaction rolls back)."""
    for number, write in rows:
        try:
            outcome = write()
        except DomainError as exc:
            raise ValidationFailed(
                [FieldProblem("—", exc.message, number)],
                message=f"{filename}, строка {number}: {exc.message}",
            ) from exc
        if outcome is None:
            report.created += 1
        elif outcome:
            report.updated += 1
        else:
            report.unchanged += 1


# Capabilities --------------------------------------------------------------------------------------------


def import_capabilities(
    *, session: Session, user: User | None, content: bytes, filename: str
) -> ImportReport:
    """Create capabilities, or update the one with the same organisation and name."""
    user = require_writer(user, "загружать компетенции")
    find = _organizations(session)
    problems: list[FieldProblem] = []
    parsed: list[tuple[int, CapabilityCreate]] = []
    for number, record in _read(content, filename, CAPABILITY_COLUMNS, ("organization", "name")):
        org = find(record.pop("organization") or "")
        if org is None:
            problems.append(
                FieldProblem(CAPABILITY_COLUMNS["organization"], "организация не найдена в реестре", number)
            )
            continue
        try:
            require_organization_editor(user, {org.id}, "импортировать возможности чужой организации")
        except DomainError as exc:
            problems.append(FieldProblem(CAPABILITY_COLUMNS["organization"], exc.message, number))
            continue
        try:
            if record.get("kind"):
                record["kind"] = parse_label(CapabilityKind, CAPABILITY_KIND_LABELS, str(record["kind"]))
            else:
                record.pop("kind", None)
            record["okved2"] = str(record["okved2"]) if record.get("okved2") is not None else None
            parsed.append((number, CapabilityCreate(organization_id=org.id, **record)))
        except ValueError as exc:
            if isinstance(exc, ValidationError):
                problems.extend(_problems(exc, number, CAPABILITY_COLUMNS))
            else:
                problems.append(FieldProblem(CAPABILITY_COLUMNS["kind"], str(exc), number))
    _fail_on(problems, filename)
    actor = actor_of(user)
    report = ImportReport()

    def writer(data: CapabilityCreate) -> Callable[[], bool | None]:
        def write() -> bool | None:
            same_org = session.scalars(
                select(Capability).where(Capability.organization_id == data.organization_id)
            )
            # compared in Python: SQLite's lower() folds only ASCII letters
            found = next((c for c in same_org if c.name.casefold() == data.name.casefold()), None)
            if found is None:
                service.create_capability(session=session, actor=actor, data=data)
                return None
            before = found.version
            fields = data.model_dump(exclude={"organization_id"})
            update = CapabilityUpdate(**fields, version=found.version)
            service.update_capability(session=session, actor=actor, capability_id=found.id, data=update)
            return found.version != before

        return write

    _write_rows(report, filename, [(n, writer(d)) for n, d in parsed])
    return report


def export_capabilities(capabilities: Iterable[Capability]) -> bytes:
    rows = [
        [
            c.organization.short_name,
            c.name,
            c.description,
            CAPABILITY_KIND_LABELS[c.kind],
            c.okved2,
            c.trl,
            c.source,
        ]
        for c in capabilities
    ]
    return _workbook("Возможности", list(CAPABILITY_COLUMNS.values()), rows, [30, 45, 60, 16, 12, 8, 40])


# Projects ------------------------------------------------------------------------------------------------


def _participants(
    text: str | None, find: Callable[[str], Organization | None]
) -> tuple[list[ParticipantIn], str | None]:
    """«ТУСУР (вуз); АО «Микран» (партнёр)» -> participants; the role defaults to «партнёр»."""
    out: list[ParticipantIn] = []
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        role = ParticipantRole.partner
        if part.endswith(")") and "(" in part:
            name, _, label = part[:-1].rpartition("(")
            try:
                role = parse_label(ParticipantRole, PARTICIPANT_ROLE_LABELS, label)
                part = name.strip()
            except ValueError:
                pass
        org = find(part)
        if org is None:
            return [], f"организация «{part}» не найдена в реестре"
        out.append(ParticipantIn(organization_id=org.id, role=role))
    return out, None


def import_projects(*, session: Session, actor: Actor, content: bytes, filename: str) -> ImportReport:
    """Create projects, or update the one with the same title (participants replaced by the file's)."""
    find = _organizations(session)
    problems: list[FieldProblem] = []
    parsed: list[tuple[int, ProjectCreate]] = []
    for number, record in _read(content, filename, PROJECT_COLUMNS, ("title",)):
        row_problems: list[FieldProblem] = []
        lead = record.pop("lead", None)
        if lead:
            org = find(lead)
            if org is None:
                row_problems.append(
                    FieldProblem(PROJECT_COLUMNS["lead"], f"«{lead}» не найдена в реестре", number)
                )
            else:
                record["lead_organization_id"] = org.id
        participants, problem = _participants(record.pop("participants", None), find)
        if problem:
            row_problems.append(FieldProblem(PROJECT_COLUMNS["participants"], problem, number))
        record["participants"] = participants
        if record.get("status"):
            try:
                record["status"] = parse_label(ProjectStatus, PROJECT_STATUS_LABELS, str(record["status"]))
            except ValueError as exc:
                row_problems.append(FieldProblem(PROJECT_COLUMNS["status"], str(exc), number))
                record.pop("status")
        else:
            record.pop("status", None)
        try:
            data = ProjectCreate(**{k: v for k, v in record.items() if v is not None})
            if not row_problems:
                parsed.append((number, data))
        except ValidationError as exc:
            row_problems.extend(_problems(exc, number, PROJECT_COLUMNS))
        problems.extend(row_problems)
    _fail_on(problems, filename)
    report = ImportReport()

    def writer(data: ProjectCreate) -> Callable[[], bool | None]:
        def write() -> bool | None:
            found = session.scalar(select(Project).where(Project.title == data.title))
            if found is None:
                service.create_project(session=session, actor=actor, data=data)
                return None
            before = (found.version, sorted((p.organization_id, p.role) for p in found.participants))
            update = ProjectUpdate(**data.model_dump(), version=found.version)
            service.update_project(session=session, actor=actor, project_id=found.id, data=update)
            return before != (found.version, sorted((p.organization_id, p.role) for p in found.participants))

        return write

    _write_rows(report, filename, [(n, writer(d)) for n, d in parsed])
    return report


def _participants_text(project: Project) -> str:
    return "; ".join(
        f"{p.organization.short_name} ({PARTICIPANT_ROLE_LABELS[p.role]})"
        for p in project.participants
        if p.role != ParticipantRole.lead
    )


def export_projects(projects: Iterable[Project]) -> bytes:
    rows = [
        [
            p.title,
            p.description,
            p.lead_organization.short_name if p.lead_organization else None,
            _participants_text(p),
            PROJECT_STATUS_LABELS[p.status],
            p.trl,
            p.budget,
            p.investment_sought,
            p.investment_attracted,
            p.start_date,
            p.end_date,
            p.priority_direction,
            p.source,
        ]
        for p in projects
    ]
    widths = [45, 60, 28, 60, 14, 8, 16, 16, 16, 12, 12, 30, 40]
    return _workbook("Проекты", list(PROJECT_COLUMNS.values()), rows, widths)


def _workbook(title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    for row in rows:
        sheet.append(xlsx_row(row))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
