"""The talent API: programs, demand, targeted training, the gap table and its XLSX export."""

from __future__ import annotations

from io import BytesIO

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.registry import service as registry
from clusterdesk.registry.models import ClusterKind, OrganizationKind
from clusterdesk.registry.schemas import ClusterCreate, MembershipCreate, OrganizationCreate
from tests.conftest import Accounts


def _university(session: Session) -> int:
    org = registry.create_organization(
        session=session,
        actor=SYSTEM,
        data=OrganizationCreate(short_name="ТУСУР", name="ТУСУР полное", kind=OrganizationKind.university),
    )
    session.commit()
    return org.id


def _post(client: TestClient, accounts: Accounts, path: str, body: dict, role: str = "manager") -> dict:
    response = client.post(f"/api/v1/{path}", json=body, headers=accounts.headers(role))
    assert response.status_code == 201, response.text
    return response.json()


def test_thirty_radio_engineers_against_twenty_graduates_is_a_shortfall_of_ten(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    university = _university(session)
    program = _post(
        client,
        accounts,
        "programs-edu",
        {
            "organization_id": university,
            "specialty_code": "11.03.01",
            "specialty": "Радиотехника",
            "level": "bachelor",
            "intake": 25,
            "graduates_per_year": 20,
        },
    )
    assert program["id"] and program["version"] == 1
    demand = _post(
        client,
        accounts,
        "specialist-demand",
        {"organization_id": accounts.member_org.id, "specialty_code": "11.03.01", "year": 2027, "count": 30},
        role="member",  # a member states their own organisation's demand
    )
    assert demand["count"] == 30

    rows = client.get("/api/v1/talent/gaps", params={"year": 2027}).json()
    assert rows == [
        {
            "specialty_code": "11.03.01",
            "specialty": "Радиотехника",
            "year": 2027,
            "demand": 30,
            "supply": 20,
            "shortfall": 10,
            "programs": [
                {
                    "id": program["id"],
                    "organization_id": university,
                    "organization": "ТУСУР",
                    "name": "Радиотехника",
                    "level": "bachelor",
                    "graduates": 20,
                }
            ],
            "sources": [],  # typed by people: no source text; the demo's examples say «пример» here
        }
    ]
    assert client.get("/api/v1/talent/gaps", params={"year": 2028}).json() == []

    export = client.get("/api/v1/talent/gaps.xlsx", params={"year": 2027})
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:6] == [
        "Код ОКСО",
        "Специальность",
        "Год",
        "Потребность",
        "Выпуск",
        "Дефицит",
    ]
    values = [c.value for c in sheet[2]]
    assert values[:6] == ["11.03.01", "Радиотехника", 2027, 30, 20, 10]
    assert "ТУСУР" in values[6]


def test_graduates_by_year_override_and_largest_shortfall_first(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    university = _university(session)
    base = {"organization_id": university, "level": "bachelor"}
    _post(
        client,
        accounts,
        "programs-edu",
        {**base, "specialty_code": "11.03.01", "specialty": "Радиотехника", "graduates_per_year": 20,
         "graduates_by_year": {"2026": 5}},
    )  # fmt: skip
    _post(
        client,
        accounts,
        "programs-edu",
        {**base, "specialty_code": "11.03.02", "specialty": "Инфокоммуникационные технологии",
         "graduates_per_year": 10},
    )  # fmt: skip
    member = accounts.member_org.id
    for code, year, count in (("11.03.01", 2026, 8), ("11.03.01", 2027, 8), ("11.03.02", 2026, 40)):
        _post(
            client,
            accounts,
            "specialist-demand",
            {"organization_id": member, "specialty_code": code, "year": year, "count": count},
        )
    rows = client.get("/api/v1/talent/gaps").json()
    assert [(r["specialty_code"], r["year"], r["supply"], r["shortfall"]) for r in rows] == [
        ("11.03.02", 2026, 10, 30),
        ("11.03.01", 2026, 5, 3),
        ("11.03.01", 2027, 20, 0),
    ]


def test_cluster_filter_counts_only_members_demand(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    university = _university(session)
    cluster = registry.create_cluster(
        session=session, actor=SYSTEM, data=ClusterCreate(name="Кластер", kind=ClusterKind.industrial)
    )
    registry.create_membership(
        session=session,
        actor=SYSTEM,
        data=MembershipCreate(cluster_id=cluster.id, organization_id=university),
    )
    session.commit()
    for org in (university, accounts.member_org.id):
        _post(
            client,
            accounts,
            "specialist-demand",
            {"organization_id": org, "specialty_code": "11.03.01", "year": 2027, "count": 7},
        )
    [row] = client.get("/api/v1/talent/gaps", params={"cluster_id": cluster.id, "year": 2027}).json()
    assert row["demand"] == 7 and row["supply"] == 0 and row["shortfall"] == 7
    assert client.get("/api/v1/talent/gaps", params={"year": 2027}).json()[0]["demand"] == 14


def test_permissions_and_validation(client: TestClient, accounts: Accounts, session: Session) -> None:
    university = _university(session)
    demand = {"organization_id": university, "specialty_code": "11.03.01", "year": 2027, "count": 5}
    assert client.post("/api/v1/specialist-demand", json=demand).status_code == 401
    assert (
        client.post("/api/v1/specialist-demand", json=demand, headers=accounts.headers("member")).status_code
        == 403
    )
    assert (
        client.post("/api/v1/specialist-demand", json=demand, headers=accounts.headers("analyst")).status_code
        == 403
    )
    bad = client.post(
        "/api/v1/specialist-demand",
        json={**demand, "specialty_code": "11.3.1"},
        headers=accounts.headers("manager"),
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "specialty_code"]
    zero = client.post(
        "/api/v1/specialist-demand", json={**demand, "count": 0}, headers=accounts.headers("manager")
    )
    assert zero.status_code == 422 and zero.json()["detail"][0]["loc"] == ["body", "count"]
    own = _post(
        client, accounts, "specialist-demand", {**demand, "organization_id": accounts.member_org.id}, "member"
    )
    url = f"/api/v1/specialist-demand/{own['id']}"
    changed = client.patch(url, json={"count": 6, "version": 1}, headers=accounts.headers("member"))
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert (
        client.patch(url, json={"count": 7, "version": 1}, headers=accounts.headers("member")).status_code
        == 409
    )
    theirs = _post(client, accounts, "specialist-demand", demand)
    foreign = client.patch(
        f"/api/v1/specialist-demand/{theirs['id']}",
        json={"count": 1, "version": 1},
        headers=accounts.headers("member"),
    )
    assert foreign.status_code == 403
    assert client.delete(url, headers=accounts.headers("member")).status_code == 204


def test_targeted_training_under_an_agreement(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    university = _university(session)
    company = accounts.member_org.id
    program = _post(
        client,
        accounts,
        "programs-edu",
        {
            "organization_id": university,
            "specialty_code": "11.03.01",
            "specialty": "Радиотехника",
            "level": "bachelor",
        },
    )
    agreement = _post(
        client,
        accounts,
        "agreements",
        {"party_ids": [university, company], "kind": "education", "subject": "Кадры"},
    )
    body = {"organization_id": company, "program_id": program["id"], "agreement_id": agreement["id"],
            "kind": "internship", "year": 2026, "students": 4}  # fmt: skip
    training = _post(client, accounts, "targeted-training", body, role="member")
    assert training["students"] == 4 and training["agreement_id"] == agreement["id"]
    listed = client.get("/api/v1/targeted-training", params={"agreement_id": agreement["id"]}).json()
    assert [t["id"] for t in listed] == [training["id"]]
    missing = client.post(
        "/api/v1/targeted-training", json={**body, "program_id": 999999}, headers=accounts.headers("manager")
    )
    assert missing.status_code == 422
