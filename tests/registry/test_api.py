"""The registry API contract: paths, status codes, shapes, including 401/403/409/422."""

from __future__ import annotations

import warnings

from fastapi.testclient import TestClient

from tests.conftest import PASSWORD, Accounts

ORG = {
    "short_name": "ТУСУР",
    "name": "Томский государственный университет систем управления и радиоэлектроники",
    "kind": "university",
    "inn": "7707083893",
    "ogrn": "1027700132195",
    "okved2": ["85.22", "72.19"],
    "aliases": ["Томский университет систем управления"],
    "region": "Томская область",
    "city": "Томск",
    "website": "https://tusur.ru",
    "description": "Университет",
}


def _create(client: TestClient, accounts: Accounts, path: str, body: dict, role: str = "manager") -> dict:
    response = client.post(f"/api/v1/{path}", json=body, headers=accounts.headers(role))
    assert response.status_code == 201, response.text
    return response.json()


def test_token_login_with_password_form(client: TestClient, accounts: Accounts) -> None:
    response = client.post("/api/v1/auth/token", data={"username": "manager-user", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["access_token"]
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["role"] == "manager"
    bad = client.post("/api/v1/auth/token", data={"username": "manager-user", "password": "wrong"})
    assert bad.status_code == 401


def test_create_organization_answers_201_with_id_and_version(client: TestClient, accounts: Accounts) -> None:
    body = _create(client, accounts, "organizations", ORG)
    assert isinstance(body["id"], int) and body["version"] == 1
    assert body["okved2"] == ["85.22", "72.19"] and body["okved2_main"] == "85.22"
    fetched = client.get(f"/api/v1/organizations/{body['id']}").json()
    assert fetched["name"] == ORG["name"] and fetched["aliases"] == ORG["aliases"]


def test_writes_without_token_are_401_and_with_wrong_role_403(client: TestClient, accounts: Accounts) -> None:
    assert client.post("/api/v1/organizations", json=ORG).status_code == 401
    for role in ("analyst", "member"):
        response = client.post("/api/v1/organizations", json=ORG, headers=accounts.headers(role))
        assert response.status_code == 403, role
    forged = client.post("/api/v1/organizations", json=ORG, headers={"Authorization": "Bearer forged"})
    assert forged.status_code == 401


def test_invalid_inn_is_422_naming_the_field(client: TestClient, accounts: Accounts) -> None:
    response = client.post(
        "/api/v1/organizations", json={**ORG, "inn": "7707083894"}, headers=accounts.headers("manager")
    )
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert errors[0]["loc"] == ["body", "inn"]
    assert "контрольной суммы" in errors[0]["msg"]
    missing = client.post(
        "/api/v1/organizations", json={"short_name": "X"}, headers=accounts.headers("manager")
    )
    assert {tuple(e["loc"]) for e in missing.json()["detail"]} >= {("body", "name"), ("body", "kind")}
    okved = client.post(
        "/api/v1/organizations", json={**ORG, "okved2": ["99.99.99"]}, headers=accounts.headers("manager")
    )
    assert okved.status_code == 422 and okved.json()["detail"][0]["loc"] == ["body", "okved2"]


def test_patch_with_stale_version_is_409(client: TestClient, accounts: Accounts) -> None:
    org = _create(client, accounts, "organizations", ORG)
    url = f"/api/v1/organizations/{org['id']}"
    first = client.patch(url, json={"city": "Северск", "version": 1}, headers=accounts.headers("manager"))
    assert first.status_code == 200 and first.json()["version"] == 2 and first.json()["city"] == "Северск"
    stale = client.patch(url, json={"city": "Томск", "version": 1}, headers=accounts.headers("manager"))
    assert stale.status_code == 409
    assert "версия 2" in stale.json()["detail"]
    assert client.get(url).json()["city"] == "Северск"
    no_version = client.patch(url, json={"city": "Томск"}, headers=accounts.headers("manager"))
    assert no_version.status_code == 422 and no_version.json()["detail"][0]["loc"] == ["body", "version"]


def test_duplicate_inn_is_409(client: TestClient, accounts: Accounts) -> None:
    _create(client, accounts, "organizations", ORG)
    again = client.post(
        "/api/v1/organizations", json={**ORG, "short_name": "Копия"}, headers=accounts.headers("admin")
    )
    assert again.status_code == 409 and "ТУСУР" in again.json()["detail"]


def test_list_search_in_any_case_form_and_filters(client: TestClient, accounts: Accounts) -> None:
    tusur = _create(client, accounts, "organizations", ORG)
    _create(
        client,
        accounts,
        "organizations",
        {
            "short_name": "АО «НПФ «Микран»",
            "name": "АО «НПФ «Микран»",
            "kind": "enterprise",
            "aliases": ["Микран"],
        },
    )
    for q in ("ТУСУРа", "тусур", "университета систем"):
        page = client.get("/api/v1/organizations", params={"q": q}).json()
        assert page["total"] == 1 and page["items"][0]["id"] == tusur["id"], q
    assert client.get("/api/v1/organizations", params={"q": "Микрана"}).json()["total"] == 1
    assert (
        client.get("/api/v1/organizations", params={"kind": "enterprise"}).json()["total"] == 2
    )  # + member org
    cluster = _create(
        client, accounts, "clusters", {"name": "Кластер", "kind": "industrial", "region": "Томская область"}
    )
    _create(
        client,
        accounts,
        "memberships",
        {"cluster_id": cluster["id"], "organization_id": tusur["id"], "role": "university"},
    )
    in_cluster = client.get("/api/v1/organizations", params={"cluster_id": cluster["id"]}).json()
    assert [o["id"] for o in in_cluster["items"]] == [tusur["id"]]
    paged = client.get("/api/v1/organizations", params={"page": 2, "page_size": 1}).json()
    assert paged["total"] == 3 and len(paged["items"]) == 1
    assert client.get("/api/v1/organizations", params={"kind": "alien"}).status_code == 422
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an empty and_() is deprecated by SQLAlchemy and will be an error
        for q in ("!!!", "«»", " - "):  # no words: the search filters nothing
            assert client.get("/api/v1/organizations", params={"q": q}).json()["total"] == 3, q
            assert client.get("/api/v1/people", params={"q": q}).status_code == 200, q
            assert client.get("/api/v1/news", params={"q": q}).status_code == 200, q


def test_member_edits_only_own_organization_and_its_people(client: TestClient, accounts: Accounts) -> None:
    own = accounts.member_org
    other = _create(client, accounts, "organizations", ORG)
    member = accounts.headers("member")
    ok = client.patch(
        f"/api/v1/organizations/{own.id}", json={"city": "Томск", "version": own.version}, headers=member
    )
    assert ok.status_code == 200
    denied = client.patch(
        f"/api/v1/organizations/{other['id']}", json={"city": "Томск", "version": 1}, headers=member
    )
    assert denied.status_code == 403
    person = _create(client, accounts, "people", {"full_name": "Иванов Иван Иванович"}, role="member")
    assert (person["surname"], person["first_name"], person["patronymic"]) == ("Иванов", "Иван", "Иванович")
    post = _create(
        client,
        accounts,
        "posts",
        {"person_id": person["id"], "organization_id": own.id, "title": "директор", "since": "2024-01-01"},
        role="member",
    )
    foreign_post = client.post(
        "/api/v1/posts",
        json={"person_id": person["id"], "organization_id": other["id"], "title": "консультант"},
        headers=member,
    )
    assert foreign_post.status_code == 403
    renamed = client.patch(
        f"/api/v1/people/{person['id']}",
        json={"full_name": "Иванов Иван Петрович", "version": 1},
        headers=member,
    )
    assert renamed.status_code == 200
    ended = client.patch(
        f"/api/v1/posts/{post['id']}", json={"until": "2025-06-30", "version": 1}, headers=member
    )
    assert ended.status_code == 200 and ended.json()["until"] == "2025-06-30"
    backwards = client.patch(
        f"/api/v1/posts/{post['id']}", json={"until": "2020-01-01", "version": 2}, headers=member
    )
    assert backwards.status_code == 422


def test_people_posts_clusters_memberships_crud(client: TestClient, accounts: Accounts) -> None:
    manager = accounts.headers("manager")
    org = _create(client, accounts, "organizations", ORG)
    person = _create(client, accounts, "people", {"full_name": "Юрий Борисович Гриценко"})
    assert person["surname"] == "Гриценко" and person["patronymic"] == "Борисович"
    post = _create(
        client,
        accounts,
        "posts",
        {
            "person_id": person["id"],
            "organization_id": org["id"],
            "title": "начальник инновационного управления",
        },
    )
    assert client.get("/api/v1/posts", params={"person_id": person["id"]}).json()["total"] == 1
    assert client.get("/api/v1/people", params={"q": "Гриценко"}).json()["total"] == 1
    assert (
        client.get("/api/v1/people", params={"organization_id": org["id"]}).json()["items"][0]["id"]
        == person["id"]
    )
    cluster = _create(
        client,
        accounts,
        "clusters",
        {"name": "Smart Technologies Tomsk", "kind": "innovation", "region": "Томская область"},
    )
    membership = _create(
        client,
        accounts,
        "memberships",
        {"cluster_id": cluster["id"], "organization_id": org["id"], "role": "university"},
    )
    assert membership["version"] == 1
    duplicate = client.post(
        "/api/v1/memberships",
        json={"cluster_id": cluster["id"], "organization_id": org["id"], "role": "member"},
        headers=manager,
    )
    assert duplicate.status_code == 409
    assert (
        client.post(
            "/api/v1/memberships",
            json={"cluster_id": cluster["id"], "organization_id": org["id"], "role": "member"},
            headers=accounts.headers("member"),
        ).status_code
        == 403
    )
    patched = client.patch(
        f"/api/v1/clusters/{cluster['id']}", json={"kind": "industrial", "version": 1}, headers=manager
    )
    assert patched.json()["kind"] == "industrial"
    bad_kind = client.post("/api/v1/clusters", json={"name": "X", "kind": "virtual"}, headers=manager)
    assert bad_kind.status_code == 422 and bad_kind.json()["detail"][0]["loc"] == ["body", "kind"]
    assert client.delete(f"/api/v1/memberships/{membership['id']}", headers=manager).status_code == 204
    assert client.delete(f"/api/v1/posts/{post['id']}?version=1", headers=manager).status_code == 204
    assert client.delete(f"/api/v1/people/{person['id']}?version=5", headers=manager).status_code == 409
    assert client.delete(f"/api/v1/people/{person['id']}?version=1", headers=manager).status_code == 204
    assert client.get(f"/api/v1/people/{person['id']}").status_code == 404
    assert client.delete(f"/api/v1/organizations/{org['id']}", headers=manager).status_code == 204
    assert client.get(f"/api/v1/organizations/{org['id']}").status_code == 404


def test_delete_organization_removes_its_posts_and_memberships_with_audit(
    client: TestClient, accounts: Accounts
) -> None:
    manager = accounts.headers("manager")
    org = _create(client, accounts, "organizations", ORG)
    person = _create(client, accounts, "people", {"full_name": "Виктор Рулевский"})
    post = _create(
        client,
        accounts,
        "posts",
        {"person_id": person["id"], "organization_id": org["id"], "title": "ректор"},
    )
    assert client.delete(f"/api/v1/organizations/{org['id']}", headers=manager).status_code == 204
    assert client.get(f"/api/v1/posts/{post['id']}").status_code == 404
    log = client.get(
        "/api/v1/audit", params={"entity_type": "post", "entity_id": post["id"]}, headers=manager
    ).json()
    assert [r["action"] for r in log["items"]] == ["delete", "create"]


def test_audit_endpoint_by_role(client: TestClient, accounts: Accounts) -> None:
    org = _create(client, accounts, "organizations", ORG)
    client.patch(
        f"/api/v1/organizations/{org['id']}",
        json={"city": "Северск", "version": 1},
        headers=accounts.headers("manager"),
    )
    params = {"entity_type": "organization", "entity_id": org["id"]}
    for role in ("manager", "admin", "analyst"):
        log = client.get("/api/v1/audit", params=params, headers=accounts.headers(role))
        assert log.status_code == 200, role
    body = log.json()
    assert body["total"] == 2
    update = body["items"][0]
    assert update["action"] == "update" and update["actor_name"] == "manager-user"
    assert update["before"]["city"] == "Томск" and update["after"]["city"] == "Северск"
    assert update["request_id"]
    assert client.get("/api/v1/audit", params=params, headers=accounts.headers("member")).status_code == 403
    assert client.get("/api/v1/audit", params=params).status_code == 401


def test_openapi_lists_the_contract(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/v1/organizations",
        "/api/v1/organizations/{organization_id}",
        "/api/v1/people",
        "/api/v1/posts",
        "/api/v1/clusters",
        "/api/v1/memberships",
        "/api/v1/audit",
        "/api/v1/auth/token",
    ):
        assert path in spec["paths"], path
    assert set(spec["paths"]["/api/v1/organizations/{organization_id}"]) == {"get", "patch", "delete"}


def test_import_over_api_reports_rows_and_exports(client: TestClient, accounts: Accounts) -> None:
    bad = "short_name;name;kind;inn\nА;ООО А;enterprise;7707083893\nБ;ООО Б;enterprise;123\n".encode()
    response = client.post(
        "/api/v1/organizations/import",
        files={"file": ("orgs.csv", bad, "text/csv")},
        headers=accounts.headers("manager"),
    )
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"row": 3, "field": "ИНН", "message": response.json()["problems"][0]["message"]}
    ]
    assert client.get("/api/v1/organizations", params={"q": "ООО А"}).json()["total"] == 0
    good = "short_name;name;kind\nА;ООО А;enterprise\n".encode()
    forbidden = client.post(
        "/api/v1/organizations/import",
        files={"file": ("orgs.csv", good, "text/csv")},
        headers=accounts.headers("analyst"),
    )
    assert forbidden.status_code == 403
    ok = client.post(
        "/api/v1/organizations/import",
        files={"file": ("orgs.csv", good, "text/csv")},
        headers=accounts.headers("manager"),
    )
    assert ok.json() == {"created": 1, "updated": 0, "unchanged": 0}
    export = client.get("/api/v1/organizations/export", params={"format": "csv", "kind": "enterprise"})
    assert export.status_code == 200 and "ООО А" in export.content.decode("utf-8-sig")
