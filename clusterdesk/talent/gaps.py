"""The gap table: members' demand for specialists against the graduates of the programs that supply them."""

from __future__ import annotations

from collections import defaultdict
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.spreadsheet import xlsx_row
from clusterdesk.talent.labels import EDUCATION_LEVEL_LABELS
from clusterdesk.talent.models import EducationalProgram, SpecialistDemand
from clusterdesk.talent.schemas import GapProgram, GapRow
from clusterdesk.talent.service import cluster_members


def specialist_gaps(
    *, session: Session, cluster_id: int | None = None, year: int | None = None
) -> list[GapRow]:
    """One row per specialty and year with demand; the largest shortfall first.

    Demand counts the organisations of the cluster (all, without one). Supply is the year's expected graduates
    of every program with the same ОКСО code: ``graduates_by_year`` where given, else ``graduates_per_year``.
    Programs are not limited to cluster members: a university outside the cluster still trains its engineers.
    """
    query = select(SpecialistDemand)
    if cluster_id is not None:
        query = query.where(SpecialistDemand.organization_id.in_(cluster_members(cluster_id)))
    if year is not None:
        query = query.where(SpecialistDemand.year == year)
    demand: dict[tuple[str, int], int] = defaultdict(int)
    sources: dict[tuple[str, int], list[str]] = defaultdict(list)
    asked: dict[str, str] = {}
    for item in session.scalars(query):
        demand[(item.specialty_code, item.year)] += item.count
        if item.source:
            sources[(item.specialty_code, item.year)].append(item.source)
        if item.specialty:
            asked.setdefault(item.specialty_code, item.specialty)
    codes = {code for code, _ in demand}
    programs: dict[str, list[EducationalProgram]] = defaultdict(list)
    names: dict[str, str] = {}  # the classifier's name as the programs give it, else the members' words
    if codes:
        found = select(EducationalProgram).where(EducationalProgram.specialty_code.in_(codes))
        for program in session.scalars(found.order_by(EducationalProgram.id)):
            programs[program.specialty_code].append(program)
            names.setdefault(program.specialty_code, program.specialty)
    names = {**asked, **names}
    rows = []
    for (code, row_year), needed in demand.items():
        supplying = [
            GapProgram(
                id=p.id,
                organization_id=p.organization_id,
                organization=p.organization.short_name,
                name=p.name or p.specialty,
                level=p.level,
                graduates=p.graduates_in(row_year),
            )
            for p in programs[code]
        ]
        supply = sum(p.graduates for p in supplying)
        said = sources[(code, row_year)] + [p.source for p in programs[code] if p.source]
        rows.append(
            GapRow(
                specialty_code=code,
                specialty=names.get(code, code),
                year=row_year,
                demand=needed,
                supply=supply,
                shortfall=max(needed - supply, 0),
                programs=supplying,
                sources=list(dict.fromkeys(said)),
            )
        )
    return sorted(rows, key=lambda r: (-r.shortfall, r.specialty_code, r.year))


HEADERS = (
    "Код ОКСО",
    "Специальность",
    "Год",
    "Потребность",
    "Выпуск",
    "Дефицит",
    "Программы-поставщики",
    "Источник данных",
)


def gaps_xlsx(rows: list[GapRow]) -> bytes:
    """The gap table as a formatted workbook (codes kept as text)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Дефицит кадров"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E2E8F0")
    for row in rows:
        supplying = "; ".join(
            f"{p.organization}: {p.name} ({EDUCATION_LEVEL_LABELS[p.level]}), {p.graduates}"
            for p in row.programs
        )
        sheet.append(
            xlsx_row(
                [
                    row.specialty_code,
                    row.specialty,
                    row.year,
                    row.demand,
                    row.supply,
                    row.shortfall,
                    supplying or "—",
                    "; ".join(row.sources) or "—",
                ]
            )
        )
        sheet.cell(sheet.max_row, 1).number_format = "@"
        if row.shortfall:
            sheet.cell(sheet.max_row, 6).font = Font(bold=True, color="B91C1C")
    for column, width in zip("ABCDEFGH", (12, 40, 8, 13, 10, 10, 70, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
