"""Intake pages over HTTP: the list, the form's Russian 422s, check now, adding news by text and file."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.auth.security import issue_token
from clusterdesk.intake.models import RawDocument, Source
from clusterdesk.news.models import NewsItem
from clusterdesk.web.deps import SESSION_COOKIE
from tests.conftest import TEST_SECRET, Accounts
from tests.intake.site import ARTICLES, Site

TEXT = (
    "Томский государственный университет систем управления и радиоэлектроники и компания «Микран» "
    "подписали соглашение о создании совместной лаборатории радиофотоники в Томске."
)


def _login(client: TestClient, accounts: Accounts, role: str = "manager") -> None:
    token = issue_token(user_id=accounts.users[role].id, secret_key=TEST_SECRET, ttl_minutes=10)
    client.cookies.set(SESSION_COOKIE, token)


def test_source_form_refuses_a_bad_url_in_russian_and_keeps_the_input(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _login(client, accounts)
    form = {
        "url": "ftp://tsu.ru/rss",
        "kind": "feed",
        "interval_minutes": "30",
        "name": "ТГУ",
        "is_active": "on",
    }
    response = client.post("/sources/new", data=form)
    assert response.status_code == 422
    assert 'id="url-error"' in response.text and "http://" in response.text
    assert 'value="ftp://tsu.ru/rss"' in response.text and 'value="ТГУ"' in response.text
    bad_interval = client.post(
        "/sources/new", data={**form, "url": "https://tsu.ru/rss", "interval_minutes": "-5"}
    )
    assert bad_interval.status_code == 422 and 'id="interval_minutes-error"' in bad_interval.text
    junk = client.post(
        "/sources/new", data={**form, "url": "https://tsu.ru/rss", "kind": "x", "cluster_ids": "9" * 30}
    )
    assert junk.status_code == 422
    assert session.scalar(select(func.count()).select_from(Source)) == 0

    created = client.post("/sources/new", data={**form, "url": "https://tsu.ru/rss"}, follow_redirects=False)
    assert created.status_code == 303
    page = client.get("/sources")
    assert page.status_code == 200 and "ТГУ" in page.text and "ещё не опрашивался" in page.text
    source = session.scalars(select(Source)).one()
    edit = client.get(f"/sources/{source.id}/edit")
    assert edit.status_code == 200 and "https://tsu.ru/rss" in edit.text
    saved = client.post(
        f"/sources/{source.id}/edit",
        data={**form, "url": "https://tsu.ru/rss", "name": "Новости ТГУ", "version": str(source.version)},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert client.post(f"/sources/{source.id}/edit", data={**form, "url": " "}).status_code == 422


def test_pages_need_a_reader_and_forms_a_manager(client: TestClient, accounts: Accounts) -> None:
    assert client.get("/sources", follow_redirects=False).status_code == 303  # to the login page
    _login(client, accounts, "member")
    assert client.get("/sources").status_code == 403
    _login(client, accounts, "analyst")
    assert client.get("/sources").status_code == 200
    assert client.get("/sources/worker").status_code == 200
    assert client.get("/sources/new").status_code == 403
    assert client.get("/sources/123456").status_code == 404
    assert client.get("/sources/99999999999").status_code == 404


def test_check_now_shows_the_outcome(
    client: TestClient, accounts: Accounts, session: Session, site: Site
) -> None:
    site.set("/news/2", ARTICLES["/news/2"])
    _login(client, accounts)
    client.post("/sources/new", data={"url": site.url("/news/2"), "kind": "page", "interval_minutes": "60"})
    source = session.scalars(select(Source)).one()
    response = client.post(f"/sources/{source.id}/check")
    assert response.status_code == 200
    assert "новых новостей: 1" in response.text and site.url("/news/2") in response.text


def test_news_by_text_is_stored_once_and_shown_with_entities(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _login(client, accounts)
    response = client.post(
        "/intake/add", data={"mode": "text", "text": TEXT, "title": "Лаборатория", "published": "2026-11-02"}
    )
    assert response.status_code == 200, response.text
    assert (
        "Новых новостей: 1" in response.text and "Упоминания" in response.text and "Микран" in response.text
    )
    again = client.post("/intake/add", data={"mode": "text", "text": TEXT, "title": "Лаборатория"})
    assert "уже добавляли" in again.text
    assert session.scalar(select(func.count()).select_from(NewsItem)) == 1
    assert session.scalar(select(func.count()).select_from(RawDocument)) == 1
    audited = session.scalar(
        select(func.count()).select_from(ChangeRecord).where(ChangeRecord.actor_name == "manager-user")
    )
    assert audited == 2  # the raw document and the news item

    bad = client.post("/intake/add", data={"mode": "text", "text": "коротко", "published": "вчера"})
    assert bad.status_code == 422 and 'id="text-error"' in bad.text and 'id="published-error"' in bad.text
    bad_url = client.post("/intake/add", data={"mode": "url", "url": "javascript:alert(1)"})
    assert bad_url.status_code == 422 and 'id="url-error"' in bad_url.text


def test_news_by_file_in_cp1251_and_eml(client: TestClient, accounts: Accounts, session: Session) -> None:
    _login(client, accounts)
    files = {"file": ("новость.txt", TEXT.encode("cp1251"), "text/plain")}
    response = client.post("/intake/add", data={"mode": "file"}, files=files)
    assert response.status_code == 200 and "Микран" in response.text
    eml = (
        "From: press@tusur.ru\r\nSubject: =?utf-8?b?0JvQsNCx0L7RgNCw0YLQvtGA0LjRjw==?=\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Администрация Томской области и Томский государственный университет подписали соглашение о "
        "подготовке инженеров для предприятий электронной промышленности региона на пять лет."
    ).encode("utf-8")
    mail = client.post(
        "/intake/add", data={"mode": "file"}, files={"file": ("press.eml", eml, "message/rfc822")}
    )
    assert mail.status_code == 200 and "Лаборатория" in mail.text
    exe = client.post(
        "/intake/add", data={"mode": "file"}, files={"file": ("x.exe", b"MZ\x00", "application/x")}
    )
    assert exe.status_code == 422 and "принимаются файлы" in exe.text
    binary = client.post(
        "/intake/add", data={"mode": "file"}, files={"file": ("x.txt", b"\x00\x01" * 50, "text/plain")}
    )
    assert binary.status_code == 422 and 'id="file-error"' in binary.text


def test_worker_page_lists_every_job_with_its_last_run(
    client: TestClient, accounts: Accounts, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from clusterdesk.intake import views
    from clusterdesk.intake.worker import Worker
    from clusterdesk.jobs import Job

    jobs = [
        Job("notify.daily", timedelta(days=1), lambda session, moment: 3, "Ежедневная сводка"),
        Job("notify.alerts", timedelta(minutes=15), lambda session, moment: 0, "Оповещения"),
    ]
    monkeypatch.setattr(
        views, "all_jobs", lambda: jobs
    )  # the domains' registry, as h12's notify/jobs.py fills it
    bind = session.get_bind()
    factory = sessionmaker(bind=bind, join_transaction_mode="create_savepoint")
    Worker(factory, jobs=jobs[:1]).run_due_jobs()
    _login(client, accounts, "analyst")
    page = client.get("/sources/worker")
    assert page.status_code == 200
    assert "Ежедневная сводка" in page.text and "раз в сутки" in page.text and "готово" in page.text
    assert "Оповещения" in page.text and "каждые 15 мин" in page.text and "ещё не запускалось" in page.text
