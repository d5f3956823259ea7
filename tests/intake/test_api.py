"""/api/v1/sources: CRUD for managers, reads for analysts, Russian 422s, «check now», writes audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.news.models import NewsItem
from tests.conftest import Accounts
from tests.intake.site import ARTICLES, Site, rss


def _changes(session: Session, entity_id: int) -> list[str]:
    return list(
        session.scalars(
            select(ChangeRecord.action)
            .where(ChangeRecord.entity_type == "intake_source", ChangeRecord.entity_id == entity_id)
            .order_by(ChangeRecord.id)
        )
    )


def test_manager_creates_reads_updates_and_deletes_a_source(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    headers = accounts.headers("manager")
    body = {"url": "https://tsu.ru/news/rss/", "kind": "feed", "interval_minutes": 30}
    created = client.post("/api/v1/sources", json=body, headers=headers)
    assert created.status_code == 201, created.text
    source = created.json()
    assert source["name"] == "tsu.ru" and source["health"] == "new" and source["busy"] is False

    listed = client.get("/api/v1/sources", headers=accounts.headers("analyst")).json()
    assert [s["url"] for s in listed["items"]] == ["https://tsu.ru/news/rss/"]

    patched = client.patch(
        f"/api/v1/sources/{source['id']}",
        json={"name": "Новости ТГУ", "is_active": False, "version": source["version"]},
        headers=headers,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["health"] == "paused"
    stale = client.patch(
        f"/api/v1/sources/{source['id']}", json={"name": "X", "version": source["version"]}, headers=headers
    )
    assert stale.status_code == 409 and "изменён другим пользователем" in stale.json()["detail"]

    deleted = client.delete(f"/api/v1/sources/{source['id']}", headers=headers)
    assert deleted.status_code == 204
    assert client.get(f"/api/v1/sources/{source['id']}", headers=headers).status_code == 404
    assert _changes(session, source["id"]) == ["create", "update", "delete"]


def test_bad_input_is_a_russian_422_naming_the_field(client: TestClient, accounts: Accounts) -> None:
    headers = accounts.headers("manager")
    for url in (
        "ftp://tsu.ru/news",
        "javascript:alert(1)",
        "/news",
        "http://",
        "http://a b.ru/",
        "http://º/",
    ):
        response = client.post("/api/v1/sources", json={"url": url}, headers=headers)
        assert response.status_code == 422, url
        problem = response.json()["detail"][0]
        assert problem["loc"][-1] == "url"
        assert any(word in problem["msg"] for word in ("адрес", "http")), problem
    # a bare site name is an https address, as everywhere in ClusterDesk (clusterdesk/types.py)
    bare = client.post("/api/v1/sources", json={"url": "tsu.ru/news"}, headers=headers)
    assert bare.status_code == 201 and bare.json()["url"] == "https://tsu.ru/news"
    for body in (
        {"url": "https://tsu.ru/", "interval_minutes": 0},
        {"url": "https://tsu.ru/", "kind": "ftp"},
    ):
        assert client.post("/api/v1/sources", json=body, headers=headers).status_code == 422
    huge = client.post(
        "/api/v1/sources", json={"url": "https://tsu.ru/", "cluster_ids": [2**40]}, headers=headers
    )
    assert huge.status_code == 422
    missing = client.post(
        "/api/v1/sources", json={"url": "https://tsu.ru/", "cluster_ids": [999999]}, headers=headers
    )
    assert missing.status_code == 422 and "cluster_ids" in missing.text and "не найден" in missing.text
    first = client.post("/api/v1/sources", json={"url": "https://tsu.ru/"}, headers=headers)
    assert first.status_code == 201
    again = client.post("/api/v1/sources", json={"url": "https://tsu.ru/"}, headers=headers)
    assert again.status_code == 422 and "уже опрашивается" in again.text
    # a number no row can have is «not found», as for every object (audit.writes.get_or_404)
    far = client.get("/api/v1/sources/99999999999", headers=headers)
    assert far.status_code == 404 and far.json()["detail"] == "Источник новостей #99999999999 не найден"


def test_only_managers_write_and_anonymous_reads_nothing(client: TestClient, accounts: Accounts) -> None:
    body = {"url": "https://tsu.ru/news/"}
    assert client.get("/api/v1/sources").status_code == 401
    assert client.post("/api/v1/sources", json=body).status_code == 401
    for role in ("member", "analyst"):
        assert client.post("/api/v1/sources", json=body, headers=accounts.headers(role)).status_code == 403
    assert client.post("/api/v1/sources", json=body, headers=accounts.headers("admin")).status_code == 201


def test_check_now_fetches_stores_and_reports(
    client: TestClient, accounts: Accounts, session: Session, site: Site
) -> None:
    site.set("/news/1", ARTICLES["/news/1"])
    site.set("/rss", rss([("/news/1", "ТУСУР")], site.base), content_type="application/rss+xml")
    site.set("/broken", "oops", status=404)
    headers = accounts.headers("manager")
    good = client.post("/api/v1/sources", json={"url": site.url("/rss")}, headers=headers).json()
    bad = client.post(
        "/api/v1/sources", json={"url": site.url("/broken"), "kind": "page"}, headers=headers
    ).json()

    checked = client.post(f"/api/v1/sources/{good['id']}/check", headers=headers)
    assert checked.status_code == 200, checked.text
    assert checked.json()["ok"] and checked.json()["new"] == 1
    assert session.scalar(select(func.count()).select_from(NewsItem)) == 1
    again = client.post(f"/api/v1/sources/{good['id']}/check", headers=headers).json()
    assert again["not_modified"] and again["new"] == 0

    failed = client.post(f"/api/v1/sources/{bad['id']}/check", headers=headers).json()
    assert not failed["ok"] and "не найдена (404)" in failed["error"]
    shown = client.get(f"/api/v1/sources/{bad['id']}", headers=headers).json()
    assert shown["health"] == "error" and "404" in shown["last_error"] and shown["failures"] == 1
    assert _changes(session, good["id"]) == ["create", "update", "update"]  # each check is in the change log
    assert (
        client.post(f"/api/v1/sources/{good['id']}/check", headers=accounts.headers("analyst")).status_code
        == 403
    )
