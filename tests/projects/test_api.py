"""The projects API contract: 201 with id and version, 401/403/409/422, members edit only their own."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.registry.models import Organization, OrganizationKind
from tests.conftest import Accounts


def _org(session: Session, name: str, kind: OrganizationKind = OrganizationKind.enterprise) -> Organization:
    org = Organization(short_name=name, name=name, kind=kind, okved2=[], aliases=[], search_text="")
    session.add(org)
    session.flush()
    return org


def _post(client: TestClient, accounts: Accounts, path: str, body: dict, role: str = "manager") -> dict:
    response = client.post(f"/api/v1/{path}", json=body, headers=accounts.headers(role))
    assert response.status_code == 201, response.text
    return response.json()


def test_capability_create_read_update_with_version(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    org = _org(session, "ООО «Оптика»")
    body = {
        "organization_id": org.id,
        "name": "Лидары",
        "description": "Лазерные дальномеры",
        "okved2": "26.51",
    }
    created = _post(client, accounts, "capabilities", body)
    assert isinstance(created["id"], int) and created["version"] == 1 and created["okved2"] == "26.51"
    url = f"/api/v1/capabilities/{created['id']}"
    ok = client.patch(url, json={"trl": 6, "version": 1}, headers=accounts.headers("manager"))
    assert ok.status_code == 200 and ok.json()["version"] == 2 and ok.json()["trl"] == 6
    stale = client.patch(url, json={"trl": 7, "version": 1}, headers=accounts.headers("manager"))
    assert stale.status_code == 409 and "версия 2" in stale.json()["detail"]
    audited = session.query(ChangeRecord).filter_by(entity_type="capability", entity_id=created["id"]).count()
    assert audited == 2


def test_invalid_bodies_are_422_naming_the_field(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    org = _org(session, "ООО «Оптика»")
    headers = accounts.headers("manager")
    bad_okved = client.post(
        "/api/v1/capabilities",
        json={"organization_id": org.id, "name": "X", "okved2": "99.99.99"},
        headers=headers,
    )
    assert bad_okved.status_code == 422 and bad_okved.json()["detail"][0]["loc"] == ["body", "okved2"]
    bad_trl = client.post("/api/v1/projects", json={"title": "П", "trl": 10}, headers=headers)
    assert bad_trl.status_code == 422 and bad_trl.json()["detail"][0]["loc"] == ["body", "trl"]
    bad_kind = client.post(
        "/api/v1/needs",
        json={"organization_id": org.id, "kind": "magic", "description": "что-то"},
        headers=headers,
    )
    assert bad_kind.status_code == 422 and bad_kind.json()["detail"][0]["loc"] == ["body", "kind"]
    no_owner = client.post(
        "/api/v1/needs", json={"kind": "equipment", "description": "стенд"}, headers=headers
    )
    assert no_owner.status_code == 422 and "organization_id" in no_owner.text
    unknown_org = client.post(
        "/api/v1/capabilities", json={"organization_id": 999999, "name": "X"}, headers=headers
    )
    assert unknown_org.status_code == 422 and unknown_org.json()["problems"][0]["field"] == "organization_id"


def test_no_token_401_wrong_role_403_member_only_own(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    other = _org(session, "ООО «Чужая»")
    own = accounts.member_org
    body = {"organization_id": other.id, "name": "Радары"}
    assert client.post("/api/v1/capabilities", json=body).status_code == 401
    assert (
        client.post("/api/v1/capabilities", json=body, headers=accounts.headers("analyst")).status_code == 403
    )
    assert (
        client.post("/api/v1/capabilities", json=body, headers=accounts.headers("member")).status_code == 403
    )
    mine = _post(
        client, accounts, "capabilities", {"organization_id": own.id, "name": "Радары"}, role="member"
    )
    need = _post(
        client,
        accounts,
        "needs",
        {"organization_id": own.id, "kind": "component", "description": "СВЧ-усилители"},
        role="member",
    )
    assert need["status"] == "open"
    foreign_need = {"organization_id": other.id, "kind": "component", "description": "СВЧ-усилители"}
    assert (
        client.post("/api/v1/needs", json=foreign_need, headers=accounts.headers("member")).status_code == 403
    )
    project = {"title": "Чужой проект", "lead_organization_id": other.id}
    assert (
        client.post("/api/v1/projects", json=project, headers=accounts.headers("member")).status_code == 403
    )
    own_project = _post(
        client, accounts, "projects", {"title": "Свой проект", "lead_organization_id": own.id}, role="member"
    )
    assert own_project["participants"][0] == {
        "id": own_project["participants"][0]["id"],
        "organization_id": own.id,
        "role": "lead",
    }
    deleted = client.delete(f"/api/v1/capabilities/{mine['id']}", headers=accounts.headers("member"))
    assert deleted.status_code == 204
    assert client.get(f"/api/v1/capabilities/{mine['id']}").status_code == 404


def test_project_with_partners_roles_money_and_dates(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    lead, uni = _org(session, "АО «Лидер»"), _org(session, "Университет", OrganizationKind.university)
    body = {
        "title": "Беспилотный минитрактор",
        "lead_organization_id": lead.id,
        "participants": [{"organization_id": uni.id, "role": "university"}],
        "budget": "12500000.00",
        "investment_sought": 5000000,
        "trl": 4,
        "status": "active",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "source": "пользователь",
    }
    project = _post(client, accounts, "projects", body)
    roles = {(p["organization_id"], p["role"]) for p in project["participants"]}
    assert roles == {(lead.id, "lead"), (uni.id, "university")}
    assert float(project["budget"]) == 12_500_000 and project["trl"] == 4
    backwards = client.post(
        "/api/v1/projects", json={**body, "end_date": "2024-01-01"}, headers=accounts.headers("manager")
    )
    assert backwards.status_code == 422
    listed = client.get("/api/v1/projects", params={"organization_id": uni.id}).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == project["id"]
    patched = client.patch(
        f"/api/v1/projects/{project['id']}",
        json={"participants": [], "version": project["version"]},
        headers=accounts.headers("manager"),
    )
    assert {p["role"] for p in patched.json()["participants"]} == {"lead"}


def test_supply_link_between_two_organisations(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    supplier, consumer = _org(session, "Поставщик"), _org(session, "Потребитель")
    capability = _post(client, accounts, "capabilities", {"organization_id": supplier.id, "name": "Платы"})
    link = _post(
        client,
        accounts,
        "supply-links",
        {
            "supplier_id": supplier.id,
            "consumer_id": consumer.id,
            "capability_id": capability["id"],
            "kind": "supplies",
        },
    )
    assert link["kind"] == "supplies" and link["version"] == 1
    wrong = client.post(
        "/api/v1/supply-links",
        json={"supplier_id": consumer.id, "consumer_id": supplier.id, "capability_id": capability["id"]},
        headers=accounts.headers("manager"),
    )
    assert wrong.status_code == 422
    same = client.post(
        "/api/v1/supply-links",
        json={"supplier_id": supplier.id, "consumer_id": supplier.id},
        headers=accounts.headers("manager"),
    )
    assert same.status_code == 422
    listed = client.get("/api/v1/supply-links", params={"organization_id": consumer.id}).json()
    assert listed["total"] == 1
