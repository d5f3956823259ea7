"""Roadmap XLSX import (all rows or nothing, row-level errors) and export, on both databases."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.errors import ValidationFailed
from clusterdesk.strategy import roadmap_transfer, service
from clusterdesk.strategy.models import RoadmapDependency, RoadmapItem, RoadmapStatus
from clusterdesk.strategy.roadmap_transfer import COLUMNS, parse_date
from clusterdesk.strategy.schemas import DirectionCreate
from tests.conftest import Accounts
from tests.strategy.conftest import Setup

HEADER = list(COLUMNS.values())


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(title: str, start: Any = None, due: Any = None, depends: str = "", **extra: str) -> list[Any]:
    values = {"title": title, "start_date": start, "due_date": due, "depends_on": depends, **extra}
    return [values.get(field, "") for field in COLUMNS]


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_parse_date_accepts_cells_and_russian_text() -> None:
    assert parse_date("05.03.2026") == date(2026, 3, 5)
    assert parse_date("2026-03-05") == date(2026, 3, 5)
    assert parse_date(None) is None and parse_date("") is None
    with pytest.raises(ValueError, match="не дата"):
        parse_date("31.02.2026")


def test_good_file_creates_items_with_dependencies_and_reimport_changes_nothing(
    session: Session, setup: Setup
) -> None:
    service.create_direction(
        session=session, actor=SYSTEM, data=DirectionCreate(program_id=setup.program.id, title="Лидары")
    )
    content = _xlsx(
        [
            _row(
                "Опытный образец", date(2026, 1, 15), date(2026, 6, 30), direction="Лидары", status="В работе"
            ),
            _row("Испытания", "01.07.2026", "30.09.2026", depends="Опытный образец", progress="10%"),
            _row("Серия", None, "31.12.2026", depends="Испытания; Опытный образец"),
        ]
    )
    report = roadmap_transfer.import_roadmap(
        session=session, actor=SYSTEM, program_id=setup.program.id, content=content, filename="карта.xlsx"
    )
    assert (report.created, report.updated) == (3, 0)
    items = {i.title: i for i in session.scalars(select(RoadmapItem))}
    assert items["Опытный образец"].status == RoadmapStatus.in_progress
    assert items["Опытный образец"].direction.title == "Лидары"
    assert items["Испытания"].progress == 10 and items["Испытания"].start_date == date(2026, 7, 1)
    assert sorted(items["Серия"].depends_on_ids) == sorted(
        [items["Испытания"].id, items["Опытный образец"].id]
    )
    session.expire_all()
    again = roadmap_transfer.import_roadmap(
        session=session, actor=SYSTEM, program_id=setup.program.id, content=content, filename="карта.xlsx"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    exported = load_workbook(
        io.BytesIO(roadmap_transfer.export_roadmap(session=session, program_id=setup.program.id))
    )
    rows = list(exported.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert [r[0] for r in rows[1:]] == ["Опытный образец", "Испытания", "Серия"]


def test_one_bad_date_row_stores_nothing_and_names_the_row(session: Session, setup: Setup) -> None:
    content = _xlsx(
        [
            _row("Опытный образец", "15.01.2026", "30.06.2026"),
            _row("Испытания", "01.07.2026", "31.02.2026", depends="Опытный образец"),
            _row("Серия", None, "31.12.2026"),
        ]
    )
    with pytest.raises(ValidationFailed) as caught:
        roadmap_transfer.import_roadmap(
            session=session, actor=SYSTEM, program_id=setup.program.id, content=content, filename="карта.xlsx"
        )
    problems = caught.value.problems
    assert [(p.row, p.field) for p in problems] == [(3, "Срок")]
    assert "строка 3" in caught.value.message and "ничего не сохранено" in caught.value.message
    assert _count(session, RoadmapItem) == 0 and _count(session, RoadmapDependency) == 0


def test_unknown_references_and_cycles_are_row_errors(session: Session, setup: Setup) -> None:
    content = _xlsx(
        [
            _row("А", depends="Б", direction="Нет такого"),
            _row("Б", depends="А", organizations="ООО «Призрак»"),
            _row("В", status="почти", depends="Г"),
        ]
    )
    with pytest.raises(ValidationFailed) as caught:
        roadmap_transfer.import_roadmap(
            session=session, actor=SYSTEM, program_id=setup.program.id, content=content, filename="карта.xlsx"
        )
    found = {(p.row, p.field) for p in caught.value.problems}
    assert {(2, "Направление"), (3, "Ответственные организации"), (4, "Статус")} <= found
    messages = " ".join(p.message for p in caught.value.problems)
    assert "нет пункта «Г»" in messages
    assert _count(session, RoadmapItem) == 0


def test_cycle_in_file_is_refused(session: Session, setup: Setup) -> None:
    content = _xlsx([_row("А", depends="Б"), _row("Б", depends="А")])
    with pytest.raises(ValidationFailed, match="цикл"):
        roadmap_transfer.import_roadmap(
            session=session, actor=SYSTEM, program_id=setup.program.id, content=content, filename="карта.xlsx"
        )
    assert _count(session, RoadmapItem) == 0


def test_api_import_answers_422_with_rows(client: TestClient, accounts: Accounts, setup: Setup) -> None:
    content = _xlsx([_row("Хороший", None, "01.02.2026"), _row("Плохой", None, "вчера")])
    files = {"file": ("карта.xlsx", content, "application/octet-stream")}
    data = {"program_id": str(setup.program.id)}
    assert client.post("/api/v1/roadmap/import", data=data, files=files).status_code == 401
    response = client.post(
        "/api/v1/roadmap/import", data=data, files=files, headers=accounts.headers("manager")
    )
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"row": 3, "field": "Срок", "message": "«вчера» — не дата; ожидается ДД.ММ.ГГГГ"}
    ]
    listed = client.get("/api/v1/roadmap", params={"program_id": setup.program.id}).json()
    assert listed["total"] == 0
    good = {"file": ("карта.xlsx", _xlsx([_row("Хороший", None, "01.02.2026")]), "application/octet-stream")}
    ok = client.post("/api/v1/roadmap/import", data=data, files=good, headers=accounts.headers("manager"))
    assert ok.status_code == 200 and ok.json()["created"] == 1
    export = client.get("/api/v1/roadmap/export", params={"program_id": setup.program.id})
    assert load_workbook(io.BytesIO(export.content)).active["A2"].value == "Хороший"
