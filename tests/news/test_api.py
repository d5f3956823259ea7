"""News API on SQLite and PostgreSQL: submit, feed filters, facts, the review queue."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.registry.demo import load_demo_registry
from tests.conftest import Accounts

TEXT = (
    "Томск. Заместитель губернатора по промышленности и инвестициям Василий Потёмкин сообщил, что "
    "АО «НПФ «Микран» и ТУСУР представили проект производства лидаров для беспилотников. "
    "По словам Потёмкина, ТУСУР и ООО «Лидарные системы» помогут с подготовкой кадров."
)


def _submit(client: TestClient, accounts: Accounts, text: str = TEXT, role: str = "manager") -> dict:
    response = client.post(
        "/api/v1/news",
        json={"text": text, "title": "Лидары для беспилотников", "published": "2025-09-10"},
        headers=accounts.headers(role),
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_submit_links_entities_and_is_idempotent(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    load_demo_registry(session=session)
    session.commit()
    body = _submit(client, accounts)
    assert (body["new"], body["already"]) == (1, 0)
    item = body["items"][0]
    assert item["published"] == "2025-09-10" and item["sources"][0]["offset"] == 0
    by_text = {e["text"]: e for e in item["entities"]}
    assert by_text["ТУСУР"]["link"]["name"] == "ТУСУР"
    assert by_text["НПФ «Микран»"]["link"]["entity_type"] == "organization"
    assert by_text["Василий Потёмкин"]["link"]["name"] == "Василий Потёмкин"
    for entity in item["entities"]:
        assert item["text"][entity["start"] : entity["end"]] == entity["text"]
    again = _submit(client, accounts)
    assert (again["new"], again["already"]) == (0, 1)


def test_submit_needs_a_manager_and_one_of_text_or_url(client: TestClient, accounts: Accounts) -> None:
    assert client.post("/api/v1/news", json={"text": TEXT}).status_code == 401
    assert (
        client.post("/api/v1/news", json={"text": TEXT}, headers=accounts.headers("analyst")).status_code
        == 403
    )
    both = client.post(
        "/api/v1/news",
        json={"text": TEXT, "url": "http://127.0.0.1:9/x"},
        headers=accounts.headers("manager"),
    )
    assert both.status_code == 422


def test_feed_filters_and_facts(client: TestClient, accounts: Accounts, session: Session) -> None:
    load_demo_registry(session=session)
    session.commit()
    _submit(client, accounts)
    orgs = client.get("/api/v1/organizations", params={"q": "Микран"}).json()["items"]
    micran = orgs[0]["id"]
    assert client.get("/api/v1/news", params={"org_id": micran}).json()["total"] == 1
    assert client.get("/api/v1/news", params={"q": "лидаров"}).json()["total"] == 1
    assert client.get("/api/v1/news", params={"q": "минитрактор"}).json()["total"] == 0
    assert client.get("/api/v1/news", params={"since": "2025-09-11"}).json()["total"] == 0
    assert client.get("/api/v1/news", params={"until": "2025-09-10"}).json()["total"] == 1
    facts = client.get("/api/v1/facts", params={"type": "post"}).json()
    assert facts["total"] >= 1
    post = facts["items"][0]
    assert post["fields"]["person"] == "Василий Потёмкин"
    assert "Потёмкин" in post["evidence_text"]


def test_review_queue_accept_link_create_reject(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    load_demo_registry(session=session)
    session.commit()
    _submit(client, accounts)
    manager = accounts.headers("manager")
    queue = client.get("/api/v1/review/mentions", headers=manager).json()
    surname_only = next(m for m in queue["items"] if m["text"] == "Потёмкина")
    assert surname_only["link"]["name"] == "Василий Потёмкин" and surname_only["link"]["confidence"] < 0.75
    assert client.get("/api/v1/review/mentions").status_code == 401
    denied = client.post(
        f"/api/v1/review/mentions/{surname_only['id']}",
        json={"action": "accept"},
        headers=accounts.headers("analyst"),
    )
    assert denied.status_code == 403
    accepted = client.post(
        f"/api/v1/review/mentions/{surname_only['id']}", json={"action": "accept"}, headers=manager
    ).json()
    assert accepted["status"] == "accepted" and accepted["link"]["confidence"] == 1.0
    assert all(
        m["id"] != surname_only["id"]
        for m in client.get("/api/v1/review/mentions", headers=manager).json()["items"]
    )
    item = client.get("/api/v1/news").json()["items"][0]
    micran = next(e for e in item["entities"] if e["text"] == "НПФ «Микран»")
    rejected = client.post(
        f"/api/v1/review/mentions/{micran['id']}", json={"action": "reject"}, headers=manager
    )
    assert rejected.json()["status"] == "rejected" and rejected.json()["link"] is None
    target = next(e for e in item["entities"] if e["type"] == "ORG" and e["link"] is None)
    assert target["normal"] == "ООО «Лидарные системы»"
    created = client.post(
        f"/api/v1/review/mentions/{target['id']}", json={"action": "create"}, headers=manager
    )
    assert created.status_code == 200 and created.json()["link"]["name"] == target["normal"]
    assert client.get("/api/v1/organizations", params={"q": "Лидарные системы"}).json()["total"] == 1
    location = next(e for e in item["entities"] if e["type"] == "LOC")
    not_linkable = client.post(
        f"/api/v1/review/mentions/{location['id']}", json={"action": "reject"}, headers=manager
    )
    assert not_linkable.status_code == 400
    bad = client.post(f"/api/v1/review/mentions/{target['id']}", json={"action": "link"}, headers=manager)
    assert bad.status_code == 422 and "entity_id" in bad.text
    log = client.get(
        "/api/v1/audit", params={"entity_type": "news_mention", "entity_id": target["id"]}, headers=manager
    ).json()
    assert log["total"] == 1 and log["items"][0]["after"]["status"] == "accepted"


def test_submit_url_of_a_local_page(client: TestClient, accounts: Accounts, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A page served on 127.0.0.1: trafilatura keeps the article and drops the site's navigation."""
    import functools
    import http.server
    import threading

    paragraphs = TEXT.split(". ")
    html = (
        "<html><head><title>Лидары для беспилотников</title></head><body>"
        "<nav><a href='/'>Главная</a> <a href='/news'>Все новости</a> <a href='/ads'>Реклама</a></nav>"
        "<article><h1>Лидары для беспилотников</h1>"
        + "".join(f"<p>{p}.</p>" for p in paragraphs)
        + "</article><footer>© Новости Томска, все права защищены</footer></body></html>"
    )
    (tmp_path / "lidar.html").write_text(html, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/lidar.html"
        response = client.post("/api/v1/news", json={"url": url}, headers=accounts.headers("manager"))
    finally:
        server.shutdown()
    assert response.status_code == 201, response.text
    item = response.json()["items"][0]
    assert item["sources"][0]["url"] == url
    assert (
        "лидаров" in item["text"] and "Реклама" not in item["text"] and "права защищены" not in item["text"]
    )
