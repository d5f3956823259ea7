"""The KPI report as PDF (reportlab) with DejaVu Sans shipped in the package: Cyrillic renders anywhere."""

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
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clusterdesk.strategy.reports import KPI_HEADER, STATUS_COLOURS, KpiReport, kpi_cells

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


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
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=8, leading=10),
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
        invariant=1,  # no creation time or random id: the same data gives the same file
    )
    programs = "; ".join(report.programs) or "нет программы развития на этот год"
    story: list[Any] = [
        Paragraph(_text(report.title), styles["title"]),
        Paragraph(_text(f"{report.cluster_name}. Программа: {programs}"), styles["subtitle"]),
        Spacer(1, 6),
    ]
    kpi_rows = []
    for row in report.kpis:
        cells = kpi_cells(row)
        cells[3:6] = [_number(row.plan), _number(row.fact), _number(row.percent)]
        kpi_rows.append(cells)
    widths = [w * mm for w in (32, 66, 18, 20, 20, 16, 22, 79)]
    table = _table(KPI_HEADER, kpi_rows, widths, styles)
    for index, row in enumerate(report.kpis, start=1):
        colour = colors.HexColor(f"#{STATUS_COLOURS[row.status]}")
        table.setStyle(TableStyle([("BACKGROUND", (6, index), (6, index), colour)]))
    story += [Paragraph("Показатели", styles["h2"]), table]
    header = ["Пункт", "Направление", "Ответственные", "Начало", "Срок", "Статус", "%", "Просрочен"]
    rows = [[_with_source(r[1], r[12]), r[2], r[3], r[4], r[5], r[6], r[7], r[11]] for r in report.roadmap]
    widths = [w * mm for w in (72, 42, 44, 24, 24, 30, 12, 21)]
    story += [Paragraph("Дорожная карта", styles["h2"])]
    story += [_table(header, rows, widths, styles)] if rows else [Paragraph("Пунктов нет.", styles["cell"])]
    document.build(story)
    return buffer.getvalue()
