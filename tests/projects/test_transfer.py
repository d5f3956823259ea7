"""XLSX import/export of projects and capabilities: row-level errors, nothing stored on any error."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.projects.models import Capability, Project
from clusterdesk.registry.models import Organization, OrganizationKind
from tests.conftest import Accounts


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client: TestClient, accounts: Accounts, path: str, content: bytes, role: str = "manager"):
    files = {"file": ("data.xlsx", content, "application/octet-stream")}
    return client.post(f"/api/v1/{path}/import", files=files, headers=accounts.headers(role))


def _orgs(session: Session) -> tuple[Organization, Organization]:
    a = Organization(
        short_name="Оптикон", name="ООО «Оптикон»", kind=OrganizationKind.enterprise, okved2=[], aliases=[]
    )
    b = Organization(
        short_name="ТехВуз", name="ТехВуз", kind=OrganizationKind.university, okved2=[], aliases=[]
    )
    session.add_all([a, b])
    session.commit()  # a failed import rolls the request back: keep these rows (savepoint released)
    return a, b


def test_capabilities_import_all_or_nothing_then_export(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _orgs(session)
    header = ["Организация", "Название", "Описание", "Вид", "ОКВЭД2", "УГТ"]
    bad = _xlsx(
        [
            header,
            ["Оптикон", "Лидары", "Лазерные сканеры", "продукция", "26.70", 6],
            ["Нет такой", "Платы", None, None, None, None],
            ["Оптикон", "Камеры", None, "товар", "99.99", 12],
        ]
    )
    response = _upload(client, accounts, "capabilities", bad)
    assert response.status_code == 422
    problems = {(p["row"], p["field"]) for p in response.json()["problems"]}
    assert {(3, "Организация"), (4, "Вид")} <= problems
    assert session.scalar(select(func.count(Capability.id))) == 0  # nothing stored
    good = _xlsx(
        [
            header,
            ["Оптикон", "Лидары", "Лазерные сканеры", "продукция", "26.70", 6],
            ["ТехВуз", "Кадры", None, "услуга", None, None],
        ]
    )
    assert _upload(client, accounts, "capabilities", good).json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert _upload(client, accounts, "capabilities", good).json() == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
    }
    exported = client.get("/api/v1/capabilities/export")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["Организация", "Название"]
    assert sorted(r[:2] for r in rows[1:]) == [["Оптикон", "Лидары"], ["ТехВуз", "Кадры"]]


def test_member_may_import_only_own_capabilities(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _orgs(session)
    content = _xlsx([["Организация", "Название"], ["Оптикон", "Лидары"]])
    response = _upload(client, accounts, "capabilities", content, role="member")
    assert response.status_code == 422 and response.json()["problems"][0]["row"] == 2


def test_projects_import_with_participants_and_round_trip(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    a, b = _orgs(session)
    header = ["Название", "Ведущая организация", "Участники", "Статус", "УГТ", "Бюджет, руб.", "Начало"]
    bad = _xlsx(
        [
            header,
            ["Лидар для трактора", "Оптикон", "ТехВуз (вуз)", "реализуется", 4, 1000000, "2025-01-01"],
            ["Второй", "Оптикон", "Никто (партнёр)", "мечта", 11, None, None],
        ]
    )
    response = _upload(client, accounts, "projects", bad)
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["problems"] if p["row"] == 3}
    assert {"Участники", "Статус", "УГТ"} <= fields
    assert session.scalar(select(func.count(Project.id))) == 0
    good = _xlsx(
        [header, ["Лидар для трактора", "Оптикон", "ТехВуз (вуз)", "реализуется", 4, 1000000, "2025-01-01"]]
    )
    assert _upload(client, accounts, "projects", good).json()["created"] == 1
    project = session.scalar(select(Project))
    assert project is not None and project.trl == 4 and project.lead_organization_id == a.id
    assert {(p.organization_id, p.role.value) for p in project.participants} == {
        (a.id, "lead"),
        (b.id, "university"),
    }
    exported = load_workbook(io.BytesIO(client.get("/api/v1/projects/export").content)).active
    values = [c.value for c in exported[2]]
    assert values[:5] == ["Лидар для трактора", None, "Оптикон", "ТехВуз (вуз)", "реализуется"]
    again = _xlsx([[c.value for c in exported[1]], values])
    assert _upload(client, accounts, "projects", again).json() == {"created": 0, "updated": 0, "unchanged": 1}
