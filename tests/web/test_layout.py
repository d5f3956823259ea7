"""The layout around every page: the icon, the way back from the API docs, a menu that shows each role only
what it may open, and Russian answers to unknown addresses (a page for browsers, JSON under /api/)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.auth.security import issue_token
from clusterdesk.web.deps import SESSION_COOKIE
from clusterdesk.web.templating import menu_for, navigation
from tests.conftest import TEST_SECRET, Accounts, load_all_demo_data

ROLES = ("anonymous", "member", "analyst", "manager", "admin")


def _as(client: TestClient, accounts: Accounts, role: str) -> None:
    client.cookies.clear()
    if role != "anonymous":
        token = issue_token(user_id=accounts.users[role].id, secret_key=TEST_SECRET, ttl_minutes=10)
        client.cookies.set(SESSION_COOKIE, token)


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="container-fluid menu".*?</nav>', html, re.S)
    assert nav is not None
    return re.findall(r'<a href="([^"]+)"', nav.group(0))


def test_favicon_is_served_and_linked(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00" and b"PNG" in icon.content  # an ICO of PNG images
    home = client.get("/")
    assert '<link rel="icon" href="/favicon.ico"' in home.text
    docs = client.get("/docs")
    assert 'href="/favicon.ico"' in docs.text


def test_api_docs_lead_back_to_the_app(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and '<html lang="ru">' in docs.text
    assert re.search(r'<a href="/"[^>]*>← ClusterDesk</a>', docs.text)
    assert docs.text.index("← ClusterDesk") < docs.text.index('id="swagger-ui"')  # above the Swagger UI


def test_menu_shows_each_role_exactly_the_pages_it_may_open(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    load_all_demo_data(session)
    session.commit()
    for role in ROLES:
        _as(client, accounts, role)
        home = client.get("/")
        assert home.status_code == 200
        shown = _menu(home.text)
        for _label, href, _section in navigation():
            answer = client.get(href)  # /cooperation redirects to the first cluster's graph
            opens = answer.status_code == 200 and answer.url.path != "/login"
            assert (href in shown) == opens, (
                f"{role}: {href} answers {answer.status_code} at {answer.url.path}"
            )
            if not opens:  # an anonymous visitor is sent to the login page, a signed-in one is refused
                assert answer.url.path == "/login" or answer.status_code == 403, (role, href)
        if role == "anonymous":
            assert "/review" not in shown and "/news" in shown and "/audit" not in shown
        else:
            assert "/activity" in shown


def test_menu_for_filters_by_role() -> None:
    class Visitor:
        def __init__(self, role: str) -> None:
            self.role = role

    anonymous = {href for _, href, _ in menu_for(None)}
    managers = {href for _, href, _ in menu_for(Visitor("manager"))}
    assert "/review" not in anonymous and "/review" in managers
    assert "/intake/add" in managers and "/intake/add" not in {
        href for _, href, _ in menu_for(Visitor("analyst"))
    }
    assert anonymous < managers == {href for _, href, _ in navigation()}


@pytest.mark.parametrize(
    "path", ["/no-such-page", "/a/b/c", "/static/no-such-file.css", "/strategy/kpis/abc"]
)
def test_unknown_page_is_a_russian_page_in_the_layout(client: TestClient, path: str) -> None:
    answer = client.get(path, headers={"Accept": "text/html"})
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert '<html lang="ru"' in answer.text and re.search("(Страница|Запись) не найдена", answer.text)
    assert '<nav class="container-fluid menu"' in answer.text and '"detail"' not in answer.text


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/v1/no/such/thing", "/api/whatever"])
def test_unknown_api_address_is_russian_json(client: TestClient, path: str) -> None:
    answer = client.get(path, headers={"Accept": "text/html"})  # even a browser gets JSON under /api/
    assert answer.status_code == 404 and answer.headers["content-type"] == "application/json"
    assert answer.json() == {"detail": "Страница не найдена: проверьте адрес"}
