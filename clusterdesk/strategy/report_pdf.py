"""The KPI report as PDF (reportlab) with DejaVu Sans shipped in the package: Cyrillic renders anywhere.

Deterministic: no clock time and no random id; the creation date is the date of the report's data, so the
same data gives the same bytes. Column widths leave room for the longest word of each header, so a header
wraps between words, never inside one («Просрочен», not «Просроче/н»).
"""

from __future__ import annotations

import io
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clusterdesk.strategy.reports import KPI_HEADER, STATUS_COLOURS, KpiReport, kpi_cells

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
HEAD_SIZE = 8
CELL_PADDING = 12  # reportlab's default left + right padding of a table cell, in points
KPI_WIDTHS_MM = (74, 18, 20, 20, 18, 24, 99)
ROADMAP_HEADER = ["Пункт", "Направление", "Ответственные", "Начало", "Срок", "Статус", "%", "Просрочен"]
ROADMAP_WIDTHS_MM = (72, 42, 44, 24, 24, 28, 12, 27)


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", fontName=FONT, fontSize=9.5, leading=12, textColor="#475569"),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=6),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=HEAD_SIZE, leading=10),
    }


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return _number(value)
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _with_source(title: str, source: str | None) -> str:
    """The item with where its data came from (demo items: the news, and whether the dates are examples)."""
    return f"{title} (источник: {source})" if source else title


def header_widths(header: list[str], widths_mm: tuple[float, ...]) -> list[float]:
    """Column widths in points: each at least its header's longest word plus the cell padding; what a
    column needs more is taken from the widest column, so the table keeps its total width."""
    widths = [w * mm for w in widths_mm]
    for index, title in enumerate(header):
        longest = max(pdfmetrics.stringWidth(word, BOLD, HEAD_SIZE) for word in title.split())
        missing = longest + CELL_PADDING + 1 - widths[index]
        if missing > 0:
            widths[index] += missing
            widest = max(range(len(widths)), key=lambda i: widths[i] if i != index else -1)
            widths[widest] -= missing
    return widths


def _table(header: list[str], rows: list[list[Any]], widths: list[float], styles: dict) -> Table:
    data = [[Paragraph(h, styles["head"]) for h in header]]
    data += [[Paragraph(_text(c), styles["cell"]) for c in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE7F0")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#CBD5E1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def report_pdf(report: KpiReport) -> bytes:
    _register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=report.title,
        author="ClusterDesk",
        creator="ClusterDesk",
        subject=f"{report.cluster_name}. {report.as_of_text}",
        invariant=1,  # no clock time or random id: the same data gives the same file
    )
    programs = "; ".join(report.programs) or "нет программы развития на этот год"
    story: list[Any] = [
        Paragraph(_text(report.title), styles["title"]),
        Paragraph(_text(f"{report.cluster_name}. Программа: {programs}"), styles["subtitle"]),
        Paragraph(_text(report.as_of_text), styles["subtitle"]),
        Spacer(1, 6),
    ]
    kpi_rows = []
    for row in report.kpis:
        cells = kpi_cells(row)
        cells[2:5] = [_number(row.plan), _number(row.fact), _number(row.percent)]
        kpi_rows.append(cells)
    table = _table(KPI_HEADER, kpi_rows, header_widths(KPI_HEADER, KPI_WIDTHS_MM), styles)
    status_column = KPI_HEADER.index("Статус")
    for index, row in enumerate(report.kpis, start=1):
        colour = colors.HexColor(f"#{STATUS_COLOURS[row.status]}")
        table.setStyle(TableStyle([("BACKGROUND", (status_column, index), (status_column, index), colour)]))
    story += [Paragraph("Показатели", styles["h2"]), table]
    rows = [[_with_source(r[1], r[12]), r[2], r[3], r[4], r[5], r[6], r[7], r[11]] for r in report.roadmap]
    widths = header_widths(ROADMAP_HEADER, ROADMAP_WIDTHS_MM)
    story += [Paragraph("Дорожная карта", styles["h2"])]
    story += (
        [_table(ROADMAP_HEADER, rows, widths, styles)]
        if rows
        else [Paragraph("Пунктов нет.", styles["cell"])]
    )
    stamp = report.data_as_of

    def date_of_data(canvas: Canvas, _document: Any) -> None:
        # the PDF's CreationDate / ModDate: the date of the report's data, not the clock (nor 2000-01-01)
        canvas.setDateFormatter(lambda *_clock: f"D:{stamp:%Y%m%d%H%M%S}+00'00'")

    document.build(story, onFirstPage=date_of_data, onLaterPages=date_of_data)
    return buffer.getvalue()
