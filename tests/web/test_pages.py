"""Server-rendered pages: Russian UI, forms with validation messages, login by cookie."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.registry.demo import load_demo_registry
from clusterdesk.registry.models import Cluster
from tests.conftest import PASSWORD, Accounts


def _login(client: TestClient, username: str) -> None:
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303


def test_public_pages_answer_in_russian(client: TestClient, session: Session) -> None:
    load_demo_registry(session=session)
    session.commit()
    home = client.get("/")
    assert home.status_code == 200 and 'lang="ru"' in home.text and "Организации" in home.text
    assert "Промышленный кластер электроники и беспилотных технологий" in home.text
    orgs = client.get("/organizations", params={"q": "ТУСУРа"})
    assert orgs.status_code == 200 and "Томский государственный университет систем управления" in orgs.text
    assert "АО «Когнитив»" not in orgs.text
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    cluster_id = session.scalar(select(Cluster.id).order_by(Cluster.id))
    cluster_page = client.get(f"/clusters/{cluster_id}")
    assert cluster_page.status_code == 200 and "Участники по типам" in cluster_page.text
    assert client.get("/organizations/999999").status_code == 404
    assert client.get("/audit", follow_redirects=False).status_code == 303  # anonymous: to the login page


def test_htmx_search_returns_only_rows(client: TestClient, session: Session) -> None:
    load_demo_registry(session=session)
    session.commit()
    fragment = client.get("/organizations", params={"q": "Микрана"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "Микран" in fragment.text


def test_form_shows_field_errors_and_keeps_input(client: TestClient, accounts: Accounts) -> None:
    _login(client, "manager-user")
    response = client.post(
        "/organizations/new",
        data={"short_name": "Лидар", "name": "ООО «Лидар»", "kind": "enterprise", "inn": "1234567890"},
    )
    assert response.status_code == 422
    assert "не проходит проверку контрольной суммы" in response.text
    assert 'value="Лидар"' in response.text
    created = client.post(
        "/organizations/new",
        data={"short_name": "Лидар", "name": "ООО «Лидар»", "kind": "enterprise", "okved2": "26.51; 26.30"},
        follow_redirects=False,
    )
    assert created.status_code == 303
    card = client.get(created.headers["location"])
    assert "ООО «Лидар»" in card.text and "26.51 — " in card.text and "История изменений" in card.text


def test_stale_edit_form_is_409_with_message(client: TestClient, accounts: Accounts) -> None:
    _login(client, "manager-user")
    org = accounts.member_org
    url = f"/organizations/{org.id}/edit"
    base = {"short_name": org.short_name, "name": org.name, "kind": "enterprise", "version": str(org.version)}
    first = client.post(url, data={**base, "city": "Томск"}, follow_redirects=False)
    assert first.status_code == 303
    stale = client.post(url, data={**base, "city": "Северск"})
    assert stale.status_code == 409 and "изменён другим пользователем" in stale.text


def test_roles_on_pages(client: TestClient, accounts: Accounts) -> None:
    assert client.get("/organizations/new", follow_redirects=False).status_code == 303
    _login(client, "analyst-user")
    assert client.get("/organizations/new").status_code == 403
    assert client.get("/audit").status_code == 200
    _login(client, "member-user")
    assert client.get(f"/organizations/{accounts.member_org.id}/edit").status_code == 200
    assert client.get("/audit").status_code == 403


def test_cross_site_form_post_is_refused(client: TestClient, accounts: Accounts) -> None:
    _login(client, "manager-user")
    response = client.post(
        "/organizations/new",
        data={"short_name": "X", "name": "X", "kind": "other"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_bad_login_is_401_with_message(client: TestClient, accounts: Accounts) -> None:
    response = client.post("/login", data={"username": "manager-user", "password": "nope"})
    assert response.status_code == 401 and "Неверное имя пользователя или пароль" in response.text


def test_person_edit_form_permissions_validation_and_stale_version(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    from clusterdesk.audit.service import SYSTEM
    from clusterdesk.registry import service
    from clusterdesk.registry.schemas import PersonCreate, PostCreate

    own = service.create_person(session=session, actor=SYSTEM, data=PersonCreate(full_name="Иван Петров"))
    service.create_post(
        session=session,
        actor=SYSTEM,
        data=PostCreate(person_id=own.id, organization_id=accounts.member_org.id, title="инженер"),
    )
    stranger = service.create_person(
        session=session, actor=SYSTEM, data=PersonCreate(full_name="Пётр Сидоров")
    )
    session.commit()
    _login(client, "member-user")
    assert f"/people/{own.id}/edit" in client.get(f"/people/{own.id}").text
    assert client.get(f"/people/{stranger.id}/edit").status_code == 403
    form = {
        "full_name": "Иван Петрович Петров",
        "surname": "Петров",
        "first_name": "Иван",
        "patronymic": "Петрович",
        "version": "1",
    }
    empty = client.post(f"/people/{own.id}/edit", data={**form, "full_name": ""})
    assert empty.status_code == 422 and "ФИО" in empty.text
    saved = client.post(f"/people/{own.id}/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert "Иван Петрович Петров" in client.get(f"/people/{own.id}").text
    stale = client.post(f"/people/{own.id}/edit", data={**form, "description": "ещё раз"})
    assert stale.status_code == 409 and "изменён другим пользователем" in stale.text


def test_manager_creates_and_edits_a_cluster_from_forms(client: TestClient, accounts: Accounts) -> None:
    _login(client, "analyst-user")
    assert client.get("/clusters/new").status_code == 403
    _login(client, "manager-user")
    assert client.get("/clusters/new").status_code == 200
    missing = client.post("/clusters/new", data={"name": "Кластер БАС", "region": "Томская область"})
    assert missing.status_code == 422 and 'id="kind-error"' in missing.text
    created = client.post(
        "/clusters/new",
        data={
            "name": "Кластер БАС",
            "kind": "industrial",
            "region": "Томская область",
            "created_date": "2025-08-29",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    url = created.headers["location"]
    page = client.get(url)
    assert "Кластер БАС" in page.text and "29 августа 2025" in page.text
    edit = client.post(
        f"{url}/edit",
        data={"name": "Кластер беспилотных авиасистем", "kind": "industrial", "version": "1"},
        follow_redirects=False,
    )
    assert edit.status_code == 303
    stale = client.post(f"{url}/edit", data={"name": "Другое", "kind": "industrial", "version": "1"})
    assert stale.status_code == 409
    assert "Кластер беспилотных авиасистем" in client.get(url).text


def test_form_messages_are_russian(client: TestClient, accounts: Accounts) -> None:
    _login(client, "manager-user")
    response = client.post("/clusters/new", data={"name": "Без типа", "created_date": "вчера"})
    assert response.status_code == 422
    assert "обязательное поле" in response.text
    assert "ожидается дата в виде дд.мм.гггг: «вчера»" in response.text
    assert "Field required" not in response.text
