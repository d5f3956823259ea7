"""The KPI report of a cluster for a year: what it holds (``build_report``) and its XLSX form.

Deterministic: the same data (and the same «today» for overdue items) gives the same cell values; rows are
ordered by program, KPI and roadmap order, and no clock time is written into the cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy.orm import Session

from clusterdesk.registry import service as registry_service
from clusterdesk.spreadsheet import xlsx_row
from clusterdesk.strategy import roadmap, service, status
from clusterdesk.strategy.labels import KPI_STATUS_LABELS
from clusterdesk.strategy.roadmap_transfer import COLUMNS as ROADMAP_COLUMNS
from clusterdesk.strategy.roadmap_transfer import roadmap_rows
from clusterdesk.strategy.schemas import KpiStatusRow
from clusterdesk.strategy.xlsx import save, style_sheet

KPI_HEADER = ["Код", "Показатель", "Ед. изм.", "План", "Факт", "% плана", "Статус", "Подтверждение"]
ROADMAP_HEADER = ["Программа", *ROADMAP_COLUMNS.values(), "Просрочен", "Источник данных"]
STATUS_COLOURS = {"met": "DCFCE7", "on_track": "E0F2FE", "lagging": "FEE2E2", "no_data": "F1F5F9"}
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class KpiReport:
    cluster_name: str
    year: int
    programs: list[str]
    kpis: list[KpiStatusRow]
    roadmap: list[list[Any]]  # ROADMAP_HEADER columns

    @property
    def title(self) -> str:
        return f"Показатели эффективности кластера за {self.year} год"


def build_report(*, session: Session, cluster_id: int, year: int, today: date | None = None) -> KpiReport:
    today = today or date.today()
    cluster = registry_service.get_cluster(session=session, cluster_id=cluster_id)
    programs = service.programs_for_year(session=session, cluster_id=cluster.id, year=year)
    rows: list[list[Any]] = []
    for program in programs:
        items = roadmap.get_items(session=session, program_id=program.id)
        for item, cells in zip(items, roadmap_rows(items), strict=True):
            rows.append([program.title, *cells, "да" if item.is_overdue(today) else "", item.source or ""])
    return KpiReport(
        cluster_name=cluster.name,
        year=year,
        programs=[p.title for p in programs],
        kpis=status.cluster_status(session=session, cluster_id=cluster.id, year=year, today=today),
        roadmap=rows,
    )


def kpi_cells(row: KpiStatusRow) -> list[Any]:
    return [
        row.code,
        row.name,
        row.unit,
        row.plan,
        row.fact,
        row.percent,
        KPI_STATUS_LABELS[row.status],
        row.sources or "—",
    ]


def _title_rows(sheet: Any, report: KpiReport, subtitle: str) -> None:
    sheet.append(xlsx_row([report.title]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(xlsx_row([f"{report.cluster_name}. {subtitle}"]))
    sheet.append([])


def report_xlsx(report: KpiReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Показатели"
    programs = "; ".join(report.programs) or "нет программы развития на этот год"
    _title_rows(sheet, report, f"Программа: {programs}")
    sheet.append(KPI_HEADER)
    for row in report.kpis:
        sheet.append(xlsx_row(kpi_cells(row)))
        status_cell = sheet.cell(row=sheet.max_row, column=7)
        status_cell.fill = PatternFill("solid", fgColor=STATUS_COLOURS[row.status])
    style_sheet(sheet, [16, 50, 12, 12, 12, 10, 14, 50], number_columns=(4, 5, 6), header_row=4)

    roadmap_sheet = workbook.create_sheet("Дорожная карта")
    _title_rows(roadmap_sheet, report, "Дорожная карта")
    roadmap_sheet.append(ROADMAP_HEADER)
    for cells in report.roadmap:
        roadmap_sheet.append(xlsx_row(cells))
    style_sheet(
        roadmap_sheet,
        [30, 45, 26, 30, 12, 12, 14, 10, 30, 36, 36, 10, 45],
        date_columns=(5, 6),
        header_row=4,
    )
    return save(workbook)
