"""Import/export of organisations: all rows or nothing, every problem with row and column."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.errors import ValidationFailed
from clusterdesk.registry import transfer
from clusterdesk.registry.import_preview import import_organizations
from clusterdesk.registry.models import Organization

ACTOR = Actor(id=None, name="importer")
# Real, check-digit-valid INNs are not needed for 50 rows: INN is optional, so most rows leave it empty.
VALID_INNS = ["7707083893", "7736207543"]


def _csv(rows: list[dict[str, str]], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _fifty_rows() -> list[dict[str, str]]:
    rows = [
        {
            "Краткое наименование": f"Компания {i}",
            "Полное наименование": f"ООО «Компания {i}»",
            "Тип": "Предприятие",
            "ИНН": "",
            "ОКВЭД2": "26.30",
            "Другие названия": f"К{i}; Фирма {i}",
            "Город": "Томск",
        }
        for i in range(1, 51)
    ]
    rows[0]["ИНН"], rows[1]["ИНН"] = VALID_INNS
    return rows


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organization)) or 0


def test_one_bad_inn_among_fifty_rows_stores_nothing(session: Session) -> None:
    rows = _fifty_rows()
    rows[36]["ИНН"] = "7707083894"  # spreadsheet row 38: header is row 1
    before = _count(session)
    with pytest.raises(ValidationFailed) as info:
        import_organizations(session=session, actor=ACTOR, content=_csv(rows), filename="members.csv")
    problems = info.value.problems
    assert len(problems) == 1
    assert (problems[0].row, problems[0].field) == (38, "ИНН")
    assert "7707083894" in problems[0].message and "контрольной" in problems[0].message
    session.rollback()
    assert _count(session) == before


def test_every_bad_row_is_reported(session: Session) -> None:
    rows = _fifty_rows()
    rows[4]["Тип"] = "Космодром"
    rows[9]["ОКВЭД2"] = "26.30; 99.99.99"
    rows[19]["Полное наименование"] = ""
    rows[29]["ИНН"] = VALID_INNS[0]  # same INN as row 2
    with pytest.raises(ValidationFailed) as info:
        import_organizations(session=session, actor=ACTOR, content=_csv(rows), filename="members.csv")
    found = {(p.row, p.field) for p in info.value.problems}
    assert found == {(6, "Тип"), (11, "ОКВЭД2"), (21, "Полное наименование"), (31, "ИНН")}


def test_valid_file_imports_and_reimport_doubles_nothing(session: Session) -> None:
    before = _count(session)
    content = _csv(_fifty_rows(), delimiter=",")
    report = import_organizations(session=session, actor=ACTOR, content=content, filename="m.csv")
    assert (report.created, report.updated) == (50, 0)
    again = import_organizations(session=session, actor=ACTOR, content=content, filename="m.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 50)
    assert _count(session) == before + 50
    stored = session.scalar(select(Organization).where(Organization.short_name == "Компания 7"))
    assert stored is not None and stored.aliases == ["К7", "Фирма 7"] and stored.okved2 == ["26.30"]


def test_cp1251_csv_is_read(session: Session) -> None:
    content = "short_name;name;kind\nТУСУР;Томский университет;university\n".encode("cp1251")
    report = import_organizations(session=session, actor=ACTOR, content=content, filename="cp.csv")
    assert report.created == 1


def test_missing_columns_and_unknown_format_are_clear_errors(session: Session) -> None:
    with pytest.raises(ValidationFailed, match="нет обязательных столбцов: Тип"):
        import_organizations(
            session=session, actor=ACTOR, content=b"short_name;name\nA;B\n", filename="x.csv"
        )
    with pytest.raises(ValidationFailed, match=r"\.csv и \.xlsx"):
        import_organizations(session=session, actor=ACTOR, content=b"{}", filename="x.json")


def test_xlsx_export_round_trips(session: Session) -> None:
    import_organizations(session=session, actor=ACTOR, content=_csv(_fifty_rows()), filename="m.csv")
    items = session.scalars(select(Organization).order_by(Organization.short_name)).all()
    content = transfer.export_xlsx(items)
    sheet = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    assert header == list(transfer.COLUMNS.values())
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Компания 1")
    assert row[header.index("ИНН")] == VALID_INNS[0]
    assert row[header.index("Тип")] == "Предприятие"
    again = import_organizations(session=session, actor=ACTOR, content=content, filename="back.xlsx")
    assert again.created == 0 and again.updated == 0


def test_csv_export_opens_in_russian_excel(session: Session) -> None:
    import_organizations(session=session, actor=ACTOR, content=_csv(_fifty_rows()), filename="m.csv")
    content = transfer.export_csv(session.scalars(select(Organization)).all())
    assert content.startswith("\ufeff".encode())
    first_line = content.decode("utf-8-sig").splitlines()[0]
    assert first_line.split(";")[:3] == ["Краткое наименование", "Полное наименование", "Тип"]
