"""Hardening: headers, CSRF, login throttling, safe redirects and links, Russian error pages in the layout,
and inputs that used to reach the database (NUL, control characters, long names, huge ids, bad URLs)."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.orm import Session

from clusterdesk.auth import service as auth_service
from clusterdesk.registry.models import Organization, OrganizationKind
from clusterdesk.web.security import CSRF_HEADER, safe_next
from tests.conftest import PASSWORD, TEST_CSRF_TOKEN, Accounts

ORG = {"short_name": "ООО «Проверка»", "name": "Общество «Проверка»", "kind": "enterprise"}


def _login(client: TestClient, username: str, password: str = PASSWORD) -> int:
    response = client.post(
        "/login", data={"username": username, "password": password}, follow_redirects=False
    )
    return response.status_code


def _stored_org(session: Session, **fields: object) -> Organization:
    org = Organization(
        short_name=fields.pop("short_name", "АО «Сохранённая»"),
        name="Акционерное общество «Сохранённая»",
        kind=OrganizationKind.enterprise,
        okved2=[],
        aliases=[],
        search_text=" сохранённый ",
        **fields,
    )
    session.add(org)
    session.commit()
    return org


# Headers -------------------------------------------------------------------------------------------------


def test_security_headers_on_pages_and_api(client: TestClient) -> None:
    for path in ("/", "/api/v1/organizations", "/no-such-page", "/docs"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and re.search(r"script-src 'self' 'nonce-[\w-]+'", csp)
        assert "unsafe-eval" not in csp
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_inline_scripts_carry_the_nonce(client: TestClient) -> None:
    page = client.get("/docs")
    nonce = re.search(r"'nonce-([\w-]+)'", page.headers["content-security-policy"]).group(1)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page.text)
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)


# CSRF ------------------------------------------------------------------------------------------------------


def test_form_post_without_csrf_token_is_refused(client: TestClient, accounts: Accounts) -> None:
    assert _login(client, "manager-user") == 303
    del client.headers[CSRF_HEADER]
    refused = client.post("/organizations/new", data=ORG)
    assert refused.status_code == 403 and "обновите страницу" in refused.text
    wrong = client.post("/organizations/new", data={**ORG, "csrf_token": "x" * 32})
    assert wrong.status_code == 403
    accepted = client.post(
        "/organizations/new", data={**ORG, "csrf_token": TEST_CSRF_TOKEN}, follow_redirects=False
    )
    assert accepted.status_code == 303


@pytest.mark.parametrize("origin", ["null", "https://evil.example"])
def test_foreign_or_null_origin_is_refused(client: TestClient, accounts: Accounts, origin: str) -> None:
    assert _login(client, "manager-user") == 303
    response = client.post("/organizations/new", data=ORG, headers={"Origin": origin})
    assert response.status_code == 403 and "другого сайта" in response.text


def test_every_post_form_carries_the_token(client: TestClient, accounts: Accounts) -> None:
    assert _login(client, "manager-user") == 303
    for path in ("/", "/organizations/new", "/login"):
        html = client.get(path).text
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, flags=re.S | re.I)
        assert forms and all('name="csrf_token"' in body for body in forms), path
    assert "X-CSRF-Token" in client.get("/").text  # htmx sends it as a header


# Login throttling ---------------------------------------------------------------------------------------


def test_login_throttled_after_failures_even_with_the_right_password(
    client: TestClient, accounts: Accounts
) -> None:
    for _ in range(5):
        assert _login(client, "member-user", "wrong-password") == 401
    blocked = client.post("/login", data={"username": "member-user", "password": PASSWORD})
    assert blocked.status_code == 429 and "Слишком много неудачных попыток" in blocked.text
    api = client.post("/api/v1/auth/token", data={"username": "member-user", "password": PASSWORD})
    assert api.status_code == 429 and "повторите через" in api.json()["detail"]
    assert _login(client, "manager-user") == 303  # another account from the same address still works


def test_unknown_user_is_checked_against_a_dummy_hash(session: Session) -> None:
    auth_service._dummy_hash.cache_clear()
    with pytest.raises(Exception, match="Неверное имя"):
        auth_service.authenticate(session=session, username="nobody-at-all", password="whatever1")
    assert auth_service._dummy_hash.cache_info().misses == 1  # the argon2 verification ran


# Redirects and links ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "/\x00x"]
)
def test_redirects_only_to_local_paths(target: str) -> None:
    assert safe_next(target) == "/"


def test_login_next_cannot_leave_the_site(client: TestClient, accounts: Accounts) -> None:
    response = client.post(
        "/login",
        data={"username": "manager-user", "password": PASSWORD, "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert safe_next("/news?page=2") == "/news?page=2"


def test_stored_javascript_url_is_shown_as_text(client: TestClient, session: Session) -> None:
    org = _stored_org(session, website="javascript:alert(document.cookie)")
    html = client.get(f"/organizations/{org.id}").text
    assert "javascript:alert(document.cookie)" in html
    assert 'href="javascript:' not in html
    good = _stored_org(session, short_name="АО «Ссылка»", website="https://example.org/")
    assert '<a href="https://example.org/"' in client.get(f"/organizations/{good.id}").text


# Error pages --------------------------------------------------------------------------------------------


def test_404_page_is_russian_inside_the_layout(client: TestClient) -> None:
    # the signed-in user in the layout is checked against a real server in tests/web/test_csp_browser.py
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "Страница не найдена" in page.text and 'class="container-fluid menu"' in page.text
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json() == {"detail": "Страница не найдена: проверьте адрес"}
    method = client.put("/api/v1/organizations")
    assert method.status_code == 405 and "метод" in method.json()["detail"]


def test_missing_record_message_agrees_in_gender(client: TestClient) -> None:
    detail = client.get("/api/v1/organizations/9999").json()["detail"]
    assert detail == "Организация #9999 не найдена"


# Inputs that used to give 500 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organizations/3000000000",
        "/api/v1/organizations/99999999999999999999",
        "/organizations/3000000000",
    ],
)
def test_huge_ids_are_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and "не найден" in response.text


def test_huge_page_and_nul_in_query_are_4xx(client: TestClient) -> None:
    assert client.get("/api/v1/organizations", params={"page": 2**70}).status_code < 500
    nul = client.get("/api/v1/organizations", params={"q": "то\x00мск"})
    assert nul.status_code == 422 and "недопустимый" in nul.json()["detail"]
    assert client.get("/organizations", params={"q": "а\x00"}).status_code == 422


def test_bodies_with_nul_or_too_long_values_are_422_naming_the_field(
    client: TestClient, accounts: Accounts
) -> None:
    headers = accounts.headers("manager")
    nul = client.post("/api/v1/organizations", json={**ORG, "short_name": "А\x00Б"}, headers=headers)
    assert nul.status_code == 422 and nul.json()["detail"][0]["loc"] == ["body", "short_name"]
    assert "NUL" in nul.json()["detail"][0]["msg"]
    control = client.post("/api/v1/organizations", json={**ORG, "city": "Томск\x07"}, headers=headers)
    assert control.status_code == 422 and control.json()["detail"][0]["loc"] == ["body", "city"]
    person = client.post("/api/v1/people", json={"full_name": "Щ" * 150}, headers=headers)
    assert person.status_code == 422 and "фамилия длиннее 100" in person.text
    region = client.post("/api/v1/organizations", json={**ORG, "region": "Т" * 201}, headers=headers)
    assert region.status_code == 422 and "region" in region.text
    big = client.post(
        "/api/v1/memberships", json={"cluster_id": 2**31, "organization_id": 1}, headers=headers
    )
    assert big.status_code == 422


@pytest.mark.parametrize("url", ["http://º/", "http://[::1/", "javascript:alert(1)", "ftp://example.org/x"])
def test_invalid_urls_are_422(client: TestClient, accounts: Accounts, url: str) -> None:
    headers = accounts.headers("manager")
    news = client.post("/api/v1/news", json={"url": url}, headers=headers)
    assert news.status_code == 422 and news.json()["detail"][0]["loc"] == ["body", "url"]
    org = client.post("/api/v1/organizations", json={**ORG, "website": url}, headers=headers)
    assert org.status_code == 422 and "website" in org.text


def test_control_character_in_a_name_does_not_break_the_xlsx_export(
    client: TestClient, session: Session
) -> None:
    org = _stored_org(session, short_name="АО «Бель»", description='=HYPERLINK("http://evil")')
    # a control character stored before the guards existed (the column guard refuses new ones)
    session.execute(
        text("UPDATE organization SET short_name = :name WHERE id = :id"),
        {"name": "АО «Бе\x07ль»", "id": org.id},
    )
    session.commit()
    response = client.get("/api/v1/organizations/export", params={"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert "АО «Бель»" in values
    assert not any(v.startswith("=") for v in values)


def test_analyst_cannot_write_anywhere(client: TestClient, accounts: Accounts) -> None:
    response = client.post(
        "/api/v1/people", json={"full_name": "Иванов Иван"}, headers=accounts.headers("analyst")
    )
    assert response.status_code == 403 and "только для чтения" in response.json()["detail"]
    assert _login(client, "analyst-user") == 303
    page = client.post("/organizations/new", data=ORG)
    assert page.status_code == 403 and "только для чтения" in page.text
