"""Import and export of organisations as CSV or XLSX: all rows valid or nothing stored."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from pydantic import ValidationError
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.errors import FieldProblem, ImportReport, ValidationFailed
from clusterdesk.registry import service
from clusterdesk.registry.labels import ORGANIZATION_KIND_LABELS, parse_kind
from clusterdesk.registry.models import Organization
from clusterdesk.registry.schemas import OrganizationCreate, OrganizationUpdate
from clusterdesk.spreadsheet import xlsx_row

# field -> Russian column header; an imported file may use either
COLUMNS: dict[str, str] = {
    "short_name": "Краткое наименование",
    "name": "Полное наименование",
    "kind": "Тип",
    "inn": "ИНН",
    "ogrn": "ОГРН",
    "okved2": "ОКВЭД2",
    "aliases": "Другие названия",
    "region": "Регион",
    "city": "Город",
    "website": "Сайт",
    "description": "Описание",
}
LIST_FIELDS = ("okved2", "aliases")
LIST_SEPARATOR = ";"
_HEADER_TO_FIELD = {**{f: f for f in COLUMNS}, **{h.lower(): f for f, h in COLUMNS.items()}}


class TableError(ValueError):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


def read_table(content: bytes, filename: str) -> tuple[list[str], list[list[Any]]]:
    """Header and data rows of a CSV (UTF-8 or CP1251, «,» or «;») or XLSX file."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:
            raise TableError(f"{filename}: не удаётся прочитать XLSX ({exc})") from exc
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    elif suffix == ".csv":
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise TableError(f"{filename}: кодировка не распознана (ожидается UTF-8 или Windows-1251)")
        try:
            dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    else:
        raise TableError(f"{filename}: поддерживаются файлы .csv и .xlsx")
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise TableError(f"{filename}: файл пуст")
    return [str(h or "").strip() for h in rows[0]], rows[1:]


def _fields_of(header: Sequence[str], filename: str) -> list[str | None]:
    fields = [_HEADER_TO_FIELD.get(h.lower()) for h in header]
    missing = [COLUMNS[f] for f in ("short_name", "name", "kind") if f not in fields]
    if missing:
        raise TableError(f"{filename}: нет обязательных столбцов: {', '.join(missing)}")
    return fields


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel turns an INN typed as a number into a float
    return str(value).strip()


def _record(fields: Sequence[str | None], row: Sequence[Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for field, value in zip(fields, row, strict=False):
        if field is None:
            continue
        text = _cell(value)
        record[field] = (
            [v.strip() for v in text.split(LIST_SEPARATOR) if v.strip()] if field in LIST_FIELDS else text
        )
    return record


def _problems(exc: ValidationError, row_number: int) -> list[FieldProblem]:
    problems = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "?"
        message = error["msg"].removeprefix("Value error, ")
        problems.append(FieldProblem(field=COLUMNS.get(field, field), message=message, row=row_number))
    return problems


def parse_organizations(
    content: bytes, filename: str
) -> tuple[list[tuple[int, OrganizationCreate]], list[FieldProblem]]:
    """Validate every row; row numbers are as the user sees them in Excel (header is row 1)."""
    header, rows = read_table(content, filename)
    fields = _fields_of(header, filename)
    parsed: list[tuple[int, OrganizationCreate]] = []
    problems: list[FieldProblem] = []
    seen: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows, start=2):
        record = _record(fields, row)
        try:
            if record.get("kind"):
                record["kind"] = parse_kind(record["kind"])
        except ValueError as exc:
            problems.append(FieldProblem(COLUMNS["kind"], str(exc), index))
            record.pop("kind")
        try:
            data = OrganizationCreate(**record)
        except ValidationError as exc:
            problems.extend(
                p for p in _problems(exc, index) if p.field != COLUMNS["kind"] or record.get("kind")
            )
            continue
        for field in ("inn", "ogrn"):
            value = getattr(data, field)
            if value and (field, value) in seen:
                problems.append(
                    FieldProblem(
                        COLUMNS[field], f"{value} уже встречается в строке {seen[field, value]}", index
                    )
                )
            elif value:
                seen[field, value] = index
        parsed.append((index, data))
    return parsed, problems


def import_organizations(*, session: Session, actor: Actor, content: bytes, filename: str) -> ImportReport:
    """Create new organisations and update known ones (same INN, OGRN or full name); any bad row stops all."""
    try:
        parsed, problems = parse_organizations(content, filename)
    except TableError as exc:
        raise ValidationFailed([FieldProblem("file", str(exc))], message=str(exc)) from exc
    if problems:
        raise ValidationFailed(problems, message=f"{filename}: ошибок: {len(problems)}, ничего не сохранено")
    report = ImportReport()
    for row_number, data in parsed:
        existing = service.find_organization_by_identity(
            session=session, inn=data.inn, ogrn=data.ogrn, name=data.name
        )
        try:
            if existing is None:
                service.create_organization(session=session, actor=actor, data=data)
                report.created += 1
                continue
            before = existing.version
            update = OrganizationUpdate(**data.model_dump(), version=existing.version)
            service.update_organization(
                session=session, actor=actor, organization_id=existing.id, data=update
            )
            if existing.version == before:
                report.unchanged += 1
            else:
                report.updated += 1
        except Exception as exc:
            message = getattr(exc, "message", str(exc))
            raise ValidationFailed(
                [FieldProblem("—", message, row_number)],
                message=f"{filename}, строка {row_number}: {message}",
            ) from exc
    return report


def _export_row(org: Organization) -> list[str]:
    row = []
    for field in COLUMNS:
        value = getattr(org, field)
        if field in LIST_FIELDS:
            value = f"{LIST_SEPARATOR} ".join(value or [])
        elif field == "kind":
            value = ORGANIZATION_KIND_LABELS[value]
        row.append(value or "")
    return row


def export_csv(organizations: Iterable[Organization]) -> bytes:
    """UTF-8 with BOM and «;» so that Excel in a Russian locale opens it as columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS.values())
    writer.writerows(_export_row(org) for org in organizations)
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(organizations: Iterable[Organization]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Организации"
    sheet.append(list(COLUMNS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    for org in organizations:
        sheet.append(xlsx_row(_export_row(org)))
    widths = {
        "short_name": 28,
        "name": 60,
        "kind": 28,
        "inn": 14,
        "ogrn": 17,
        "okved2": 22,
        "aliases": 40,
        "region": 22,
        "city": 16,
        "website": 28,
        "description": 60,
    }
    for index, field in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths[field]
        if field in ("inn", "ogrn"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "@"  # identifiers stay text, leading zeros kept
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
