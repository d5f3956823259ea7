"""Shared XLSX formatting for the roadmap export and the KPI report."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
FIXED_TIME = datetime(2000, 1, 1)  # the report's content, not the clock, decides what it holds


def newest(stamps: Iterable[datetime | None]) -> datetime | None:
    """The latest of some ``updated_at`` values, in UTC (SQLite gives them back without a zone)."""
    aware = [s if s.tzinfo else s.replace(tzinfo=UTC) for s in stamps if s is not None]
    return max(aware).astimezone(UTC) if aware else None


def style_sheet(
    sheet: Worksheet,
    widths: Sequence[int],
    *,
    date_columns: Iterable[int] = (),
    number_columns: Iterable[int] = (),
    header_row: int = 1,
) -> None:
    """Bold shaded header, column widths, wrapped text, dates as ДД.ММ.ГГГГ, frozen header, filter."""
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column in date_columns:
        for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=column, max_col=column):
            cell.number_format = "DD.MM.YYYY"
    for column in number_columns:
        for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=column, max_col=column):
            cell.number_format = "#,##0.##"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if sheet.max_row > header_row:
        last = get_column_letter(len(widths))
        sheet.auto_filter.ref = f"A{header_row}:{last}{sheet.max_row}"


def save(workbook: Workbook, created: datetime | None = None) -> bytes:
    """The file's bytes; its creation date is ``created``, the date of the data it holds, not the clock."""
    workbook.properties.creator = "ClusterDesk"
    workbook.properties.created = (created or FIXED_TIME).astimezone(UTC).replace(tzinfo=None, microsecond=0)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
