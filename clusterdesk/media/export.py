"""The visibility figures as an XLSX workbook: one sheet per table, Russian headers, every text cleaned."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from clusterdesk.media.visibility import Visibility
from clusterdesk.spreadsheet import xlsx_row


def _sheet(book: Workbook, title: str, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    sheet: Worksheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E2E8F0")
    for row in rows:
        sheet.append(xlsx_row(row))
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def visibility_xlsx(figures: Visibility, subject: str, period: str) -> bytes:
    """Summary, time series, share of voice (for a cluster), prominence, co-mentions, topics, outlets."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _sheet(
        book,
        "Сводка",
        ["Показатель", "Значение"],
        [
            ["Кто", subject],
            ["Период", period],
            ["Новостей с упоминанием", figures.items],
            ["Публикаций с перепечатками", figures.publications],
            ["Число СМИ", figures.outlets],
            ["Новостей без даты (в динамику не входят)", figures.undated],
        ],
        [32, 60],
    )
    _sheet(book, "Динамика", ["Период", "Новостей"], [list(r) for r in figures.series], [16, 12])
    if figures.share:
        _sheet(
            book,
            "Доля голоса",
            ["Участник", "Новостей", "Доля, %"],
            [[name, n, round(share * 100, 1)] for _, name, n, share in figures.share],
            [50, 12, 10],
        )
    _sheet(book, "Заметность", ["Где упомянут", "Новостей"], [list(r) for r in figures.prominence], [28, 12])
    _sheet(
        book,
        "Организации рядом",
        ["Организация", "Общих новостей"],
        [[name, n] for _, name, n in figures.organizations],
        [50, 16],
    )
    _sheet(book, "Люди рядом", ["Человек", "Общих новостей"], [list(r) for r in figures.people], [40, 16])
    _sheet(book, "Темы", ["Тема", "Новостей"], [list(r) for r in figures.topics], [36, 12])
    _sheet(book, "Издания", ["Издание", "Новостей"], [list(r) for r in figures.top_outlets], [36, 12])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
