"""Import and export of organisations as CSV or XLSX: all rows valid or nothing stored."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from clusterdesk.errors import FieldProblem
from clusterdesk.registry.labels import ORGANIZATION_KIND_LABELS, parse_kind
from clusterdesk.registry.models import Organization
from clusterdesk.registry.schemas import OrganizationCreate
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


_CYRILLIC = re.compile("[А-Яа-яЁё]")
_LOWER_CYRILLIC = re.compile("[а-яё]")
SINGLE_BYTE_ENCODINGS = ("cp1251", "koi8-r", "cp866")
PLAUSIBLE = 0.5


def _russian_score(text: str) -> float:
    """Share of lower case among Cyrillic letters times the share of Cyrillic among non-ASCII visible signs.

    A wrong single-byte decoding swaps case (CP1251 <-> KOI8-R) or yields pseudo-graphics (CP866); Latin
    columns (codes, sites) do not count either way. The news decoder judges text the same way.
    """
    cyrillic = len(_CYRILLIC.findall(text))
    if cyrillic == 0:
        return 0.0
    other = sum(1 for ch in text if ord(ch) > 127 and not ch.isspace() and ch not in "«»—–№ё")
    return (len(_LOWER_CYRILLIC.findall(text)) / cyrillic) * (cyrillic / max(other, cyrillic))


def decode_csv(content: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), else the Cyrillic single-byte encoding whose text reads as Russian."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best: tuple[float, str] | None = None
    for encoding in SINGLE_BYTE_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _russian_score(text)
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] < PLAUSIBLE:
        raise TableError(
            f"{filename}: кодировка не распознана — текст не читается как русский ни в UTF-8, "
            "ни в Windows-1251, KOI8-R или CP866; сохраните файл как «CSV UTF-8»"
        )
    return best[1]


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
        text = decode_csv(content, filename)
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
