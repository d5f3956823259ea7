"""The KPI report of a cluster for a year: what it holds (``build_report``) and its XLSX form.

Deterministic: the same data (and the same «today» for overdue items) gives the same cell values; rows are
ordered by program, KPI and roadmap order, and no clock time is written into the cells. The report's date is
the date of its data: the latest change of the cluster, its programs, directions, KPIs with their plans and
values, and roadmap items (``data_as_of``), shown in the subtitle and used as the file's creation date.
People read the report: KPIs are named, never shown by their code (the code stays in the API).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy.orm import Session

from clusterdesk.registry import service as registry_service
from clusterdesk.spreadsheet import xlsx_row
from clusterdesk.strategy import roadmap, service, status
from clusterdesk.strategy.labels import KPI_STATUS_LABELS
from clusterdesk.strategy.models import Program, RoadmapItem
from clusterdesk.strategy.roadmap_transfer import COLUMNS as ROADMAP_COLUMNS
from clusterdesk.strategy.roadmap_transfer import roadmap_rows
from clusterdesk.strategy.schemas import KpiStatusRow
from clusterdesk.strategy.xlsx import newest, save, style_sheet

KPI_HEADER = ["Показатель", "Ед. изм.", "План", "Факт", "% плана", "Статус", "Подтверждение"]
STATUS_COLUMN = KPI_HEADER.index("Статус") + 1
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
    data_as_of: datetime  # the latest change of what the report holds (UTC)

    @property
    def title(self) -> str:
        return f"Показатели эффективности кластера за {self.year} год"

    @property
    def as_of_text(self) -> str:
        return f"Данные на {self.data_as_of:%d.%m.%Y}"


def _changed_at(cluster_stamp: datetime, programs: list[Program], items: list[RoadmapItem]) -> datetime:
    stamps: list[datetime | None] = [cluster_stamp, *(i.updated_at for i in items)]
    for program in programs:
        stamps += [program.updated_at, *(d.updated_at for d in program.directions)]
        for kpi in program.kpis:
            stamps += [
                kpi.updated_at,
                *(t.updated_at for t in kpi.targets),
                *(v.updated_at for v in kpi.values),
            ]
    found = newest(stamps)
    assert found is not None  # the cluster's own stamp is always there
    return found


def build_report(*, session: Session, cluster_id: int, year: int, today: date | None = None) -> KpiReport:
    today = today or date.today()
    cluster = registry_service.get_cluster(session=session, cluster_id=cluster_id)
    programs = service.programs_for_year(session=session, cluster_id=cluster.id, year=year)
    rows: list[list[Any]] = []
    all_items: list[RoadmapItem] = []
    for program in programs:
        items = roadmap.get_items(session=session, program_id=program.id)
        all_items += items
        for item, cells in zip(items, roadmap_rows(items), strict=True):
            rows.append([program.title, *cells, "да" if item.is_overdue(today) else "", item.source or ""])
    return KpiReport(
        cluster_name=cluster.name,
        year=year,
        programs=[p.title for p in programs],
        kpis=status.cluster_status(session=session, cluster_id=cluster.id, year=year, today=today),
        roadmap=rows,
        data_as_of=_changed_at(cluster.updated_at, list(programs), all_items),
    )


def kpi_cells(row: KpiStatusRow) -> list[Any]:
    return [
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
    sheet.append(xlsx_row([f"{report.cluster_name}. {subtitle}. {report.as_of_text}"]))
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
        status_cell = sheet.cell(row=sheet.max_row, column=STATUS_COLUMN)
        status_cell.fill = PatternFill("solid", fgColor=STATUS_COLOURS[row.status])
    style_sheet(sheet, [50, 12, 12, 12, 10, 14, 50], number_columns=(3, 4, 5), header_row=4)

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
    return save(workbook, created=report.data_as_of)
