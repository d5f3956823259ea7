"""Web forms of the projects domain: «+ Возможность», «+ Потребность», «+ Проект» (roles, validation)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.registry import service as registry_service
from clusterdesk.registry.models import Organization
from clusterdesk.registry.schemas import ClusterCreate, OrganizationCreate
from tests.conftest import PASSWORD, Accounts


def _login(client: TestClient, username: str) -> None:
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303


def _other_organization(session: Session) -> Organization:
    org = registry_service.create_organization(
        session=session,
        actor=SYSTEM,
        data=OrganizationCreate(short_name="ООО «Чужая»", name="ООО «Чужая фирма»", kind="enterprise"),
    )
    session.commit()
    return org


def test_manager_creates_capability_need_and_project(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    cluster = registry_service.create_cluster(
        session=session, actor=SYSTEM, data=ClusterCreate(name="Кластер БАС", kind="industrial")
    )
    session.commit()
    org_id = accounts.member_org.id
    _login(client, "manager-user")
    needs_page = client.get("/needs").text
    assert 'href="/needs/new"' in needs_page and 'href="/capabilities/new"' in needs_page
    assert 'href="/projects/new"' in client.get("/projects").text
    assert client.get("/projects/new").status_code == 200
    assert client.get("/needs/new").status_code == 200
    assert client.get("/capabilities/new").status_code == 200

    project = client.post(
        "/projects/new",
        data={
            "title": "Беспилотник для мониторинга ЛЭП",
            "description": "Опытный образец",
            "lead_organization_id": str(org_id),
            "cluster_id": str(cluster.id),
            "trl": "4",
            "status": "active",
            "start_date": "2025-09-01",
            "end_date": "2026-12-31",
        },
        follow_redirects=False,
    )
    assert project.status_code == 303
    project_url = project.headers["location"]
    assert "Беспилотник для мониторинга ЛЭП" in client.get(project_url).text
    assert "Беспилотник для мониторинга ЛЭП" in client.get("/projects").text
    project_id = int(project_url.rsplit("/", 1)[1])
    read = client.get(f"/api/v1/projects/{project_id}").json()
    assert read["trl"] == 4 and read["status"] == "active" and read["cluster_id"] == cluster.id
    assert read["lead_organization_id"] == org_id and read["end_date"] == "2026-12-31"

    need = client.post(
        "/needs/new",
        data={
            "project_id": str(project_id),
            "kind": "component",
            "description": "Литий-полимерные аккумуляторы большой ёмкости",
            "quantity": "200 шт.",
            "deadline": "2026-03-01",
        },
        follow_redirects=False,
    )
    assert need.status_code == 303
    need_page = client.get(need.headers["location"]).text
    assert "Литий-полимерные аккумуляторы" in need_page and "200 шт." in need_page
    assert "1 марта 2026" in need_page
    assert "Литий-полимерные аккумуляторы" in client.get("/needs").text

    capability = client.post(
        "/capabilities/new",
        data={
            "organization_id": str(org_id),
            "name": "Сборка печатных плат",
            "kind": "service",
            "description": "Монтаж SMD-компонентов",
            "okved2": "26.51",
            "trl": "9",
        },
        follow_redirects=False,
    )
    assert capability.status_code == 303
    items = client.get("/api/v1/capabilities", params={"organization_id": org_id}).json()["items"]
    assert [(c["name"], c["okved2"], c["trl"], c["kind"]) for c in items] == [
        ("Сборка печатных плат", "26.51", 9, "service")
    ]


def test_member_creates_only_for_own_organization(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    other = _other_organization(session)
    own_id = accounts.member_org.id
    _login(client, "member-user")
    assert 'href="/capabilities/new"' in client.get("/needs").text
    form = client.get("/capabilities/new").text
    assert "АО «Тестовая фирма»" in form and "ООО «Чужая»" not in form
    created = client.post(
        "/capabilities/new",
        data={"organization_id": str(own_id), "name": "Испытания на вибростенде"},
        follow_redirects=False,
    )
    assert created.status_code == 303
    foreign = client.post(
        "/capabilities/new", data={"organization_id": str(other.id), "name": "Чужая возможность"}
    )
    assert foreign.status_code == 403
    assert (
        client.post(
            "/needs/new",
            data={"organization_id": str(other.id), "kind": "personnel", "description": "Инженеры"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/projects/new", data={"title": "Чужой", "lead_organization_id": str(other.id)}
        ).status_code
        == 403
    )
    assert client.post("/projects/new", data={"title": "Ничей"}).status_code == 403
    names = [c["name"] for c in client.get("/api/v1/capabilities").json()["items"]]
    assert names == ["Испытания на вибростенде"]


def test_bad_okved2_code_is_422_with_russian_message(client: TestClient, accounts: Accounts) -> None:
    _login(client, "manager-user")
    response = client.post(
        "/capabilities/new",
        data={"organization_id": str(accounts.member_org.id), "name": "Лазерная резка", "okved2": "99.99.99"},
    )
    assert response.status_code == 422
    assert 'id="okved2-error"' in response.text and "нет в классификаторе ОКВЭД2" in response.text
    assert 'value="Лазерная резка"' in response.text
    missing = client.post("/needs/new", data={"description": "Без вида и владельца"})
    assert missing.status_code == 422 and 'id="kind-error"' in missing.text
    assert "обязательное поле" in missing.text and "Field required" not in missing.text
    dates = client.post(
        "/projects/new", data={"title": "Даты наоборот", "start_date": "2026-01-01", "end_date": "2025-01-01"}
    )
    assert dates.status_code == 422 and "раньше даты начала" in dates.text


def test_anonymous_is_sent_to_login_and_analyst_is_refused(client: TestClient, accounts: Accounts) -> None:
    for url in ("/capabilities/new", "/needs/new", "/projects/new"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
        posted = client.post(url, data={"name": "x"}, follow_redirects=False)
        assert posted.status_code == 303 and posted.headers["location"].startswith("/login")
    assert 'href="/needs/new"' not in client.get("/needs").text
    assert 'href="/projects/new"' not in client.get("/projects").text
    _login(client, "analyst-user")
    for url in ("/capabilities/new", "/needs/new", "/projects/new"):
        assert client.get(url).status_code == 403
        assert client.post(url, data={"name": "x"}).status_code == 403
    assert 'href="/capabilities/new"' not in client.get("/needs").text
    assert 'href="/projects/new"' not in client.get("/projects").text


def test_form_dates_are_typed_as_a_russian_reader_writes_them(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    from datetime import date

    from sqlalchemy import select

    from clusterdesk.projects.models import Project
    from clusterdesk.russian import day_text

    _login(client, "manager-user")
    form = client.get("/projects/new")
    assert 'type="date"' not in form.text and 'placeholder="дд.мм.гггг"' in form.text  # no mm/dd/yyyy
    bad = client.post("/projects/new", data={"title": "Февраль", "start_date": "31.02.2025"})
    assert bad.status_code == 422 and "нет такой даты: «31.02.2025»" in bad.text
    assert 'value="31.02.2025"' in bad.text  # kept to be corrected
    created = client.post(
        "/projects/new",
        data={"title": "Русские даты", "start_date": "5.4.2025", "end_date": "2025-12-31"},
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    project = session.scalar(select(Project).where(Project.title == "Русские даты"))
    assert project is not None
    assert (project.start_date, project.end_date) == (date(2025, 4, 5), date(2025, 12, 31))
    assert [day_text(v) for v in (project.start_date, "2025-12-31", "5.4.2025", None)] == [
        "05.04.2025",
        "31.12.2025",
        "5.4.2025",
        "",
    ]
