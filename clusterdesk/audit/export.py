"""The readable change log as CSV or XLSX (formula-like text is defused so a spreadsheet never runs it)."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from clusterdesk import labels
from clusterdesk.audit.readable import ReadableChange

HEADER = ["Когда (UTC)", "Кто", "Действие", "Тип объекта", "Объект", "Ссылка", "Изменения"]


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def rows(changes: list[ReadableChange], field_labels: dict[str, str], base_url: str = "") -> list[list[str]]:
    out = []
    for change in changes:
        diff = "; ".join(
            f"{field_labels.get(c.field, c.field)}: {_text(c.before)} → {_text(c.after)}"
            for c in change.changes
        )
        name = change.name + (" (удалён)" if change.deleted else "")
        out.append(
            [
                change.record.at.strftime("%Y-%m-%d %H:%M"),
                labels.actor(change.record.actor_name),
                change.action_label,
                change.type_label,
                name,
                base_url + change.url if change.url else "",
                diff,
            ]
        )
    return out


def to_csv(table: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows([[_safe(cell) for cell in row] for row in table])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly


def to_xlsx(table: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Журнал изменений"
    sheet.append(HEADER)
    for row in table:
        sheet.append([_safe(cell) for cell in row])
    for letter, width in zip("ABCDEFG", (18, 16, 12, 26, 40, 40, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
