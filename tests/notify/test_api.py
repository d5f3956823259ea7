"""The subscriptions and activity API, the subscription pages and the Atom feed (current user only)."""

from __future__ import annotations

from xml.etree import ElementTree

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.conftest import Accounts


def test_subscriptions_crud_and_defaults(client: TestClient, accounts: Accounts) -> None:
    member = accounts.headers("member")
    listed = client.get("/api/v1/subscriptions", headers=member)
    assert listed.status_code == 200
    (default,) = listed.json()
    assert default["target_type"] == "organization" and default["target"] == accounts.member_org.id
    assert default["target_label"] == "АО «Тестовая фирма»" and default["frequency"] == "weekly"

    made = client.post(
        "/api/v1/subscriptions",
        json={"target_type": "keyword", "target": "  беспилотники ", "frequency": "instant"},
        headers=member,
    )
    assert made.status_code == 201
    sub = made.json()
    assert sub["target"] == "беспилотники" and sub["target_label"] == "«беспилотники»"
    changed = client.patch(f"/api/v1/subscriptions/{sub['id']}", json={"frequency": "off"}, headers=member)
    assert changed.status_code == 200 and changed.json()["frequency"] == "off"
    # somebody else's subscription does not exist for me
    assert (
        client.patch(
            f"/api/v1/subscriptions/{sub['id']}",
            json={"frequency": "daily"},
            headers=accounts.headers("manager"),
        ).status_code
        == 404
    )
    assert client.delete(f"/api/v1/subscriptions/{sub['id']}", headers=member).status_code == 204
    assert [s["id"] for s in client.get("/api/v1/subscriptions", headers=member).json()] == [default["id"]]


def test_subscription_errors_are_russian_422(client: TestClient, accounts: Accounts) -> None:
    member = accounts.headers("member")
    cases = [
        ({"target_type": "organization", "target": 999999}, "не найден"),
        ({"target_type": "organization", "target": "Томск"}, "нужен номер"),
        ({"target_type": "fact_kind", "target": "weather"}, "вид факта"),
        ({"target_type": "keyword", "target": "  !!! "}, "ключевое слово"),
        ({"target_type": "keyword", "target": "Мик\x00ран"}, "ключевое слово"),
        ({"target_type": "cluster", "target": 2**40}, "не найден"),
    ]
    for body, words in cases:
        answer = client.post("/api/v1/subscriptions", json=body, headers=member)
        assert answer.status_code == 422, body
        assert words in answer.text
    assert client.get("/api/v1/subscriptions").status_code == 401
    # an id in the address that no row can have is «not found» (the kit's rule, web/errors.py)
    assert (
        client.patch(f"/api/v1/subscriptions/{2**40}", json={"frequency": "off"}, headers=member).status_code
        == 404
    )
    hook = {"name": "CRM\x00", "url": "https://example.ru/h", "secret": "12345678", "events": ["fact.new"]}
    answer = client.post("/api/v1/webhooks", json=hook, headers=accounts.headers("admin"))
    assert answer.status_code == 422 and "управляющие символы" in answer.text


def test_activity_api_and_atom_feed(client: TestClient, accounts: Accounts, session: Session) -> None:
    manager = accounts.headers("manager")
    made = client.post(
        "/api/v1/subscriptions",
        json={"target_type": "organization", "target": accounts.member_org.id, "frequency": "daily"},
        headers=manager,
    )
    sub_id = made.json()["id"]
    patched = client.patch(
        f"/api/v1/organizations/{accounts.member_org.id}",
        json={"city": "Северск", "version": 1},
        headers=manager,
    )
    assert patched.status_code == 200, patched.text
    feed = client.get("/api/v1/activity", params={"since": "2000-01-01T00:00:00"}, headers=manager)
    assert feed.status_code == 200
    texts = [(i["text"], i["url"], i["unread"]) for i in feed.json()["items"]]
    assert (
        "Изменено: организация «АО «Тестовая фирма»»: город",
        f"/organizations/{accounts.member_org.id}",
        True,
    ) in texts

    with_link = client.post(f"/api/v1/subscriptions/{sub_id}/feed", headers=manager).json()
    url = with_link["feed_url"]
    assert url.startswith("http://127.0.0.1:8000/feeds/")
    path = url.removeprefix("http://127.0.0.1:8000")
    atom = client.get(path)
    assert atom.status_code == 200 and atom.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ElementTree.fromstring(atom.content)
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert "Изменено: организация «АО «Тестовая фирма»»: город" in titles
    links = [e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)]
    assert f"http://127.0.0.1:8000/organizations/{accounts.member_org.id}" in links
    revoked = client.delete(f"/api/v1/subscriptions/{sub_id}/feed", headers=manager).json()
    assert revoked["feed_url"] is None
    assert client.get(path).status_code == 404


def test_pages_render_in_russian(client: TestClient, accounts: Accounts) -> None:
    login = client.post("/login", data={"username": "manager-user", "password": "correct-horse-battery"})
    assert login.status_code in (200, 303)
    activity = client.get("/activity?period=week")
    assert activity.status_code == 200 and "Что нового" in activity.text
    subs = client.get("/subscriptions")
    assert subs.status_code == 200
    assert "Отправка писем отключена" in subs.text  # no SMTP configured in the test settings
    saved = client.post("/subscriptions/email", data={"email": "not an address"})
    assert saved.status_code == 422 and "адрес электронной почты указан неверно" in saved.text
    added = client.post(
        "/subscriptions", data={"target_type": "keyword", "keyword": "Микран", "frequency": "daily"}
    )
    assert added.status_code == 200 and "«Микран»" in added.text  # followed the redirect
    home = client.get("/")
    assert 'data-testid="home-activity"' in home.text
