"""The web UI in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

A user logs in, creates an organisation, finds it by an inflected form of its name, edits it and sees the
change in its audit history. Runs against a real uvicorn server on SQLite and on PostgreSQL. Set
CLUSTERDESK_SCREENSHOTS=docs/screenshots to refresh the screenshots in the docs.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect, sync_playwright

from clusterdesk.audit.service import SYSTEM
from clusterdesk.auth.schemas import UserCreate
from clusterdesk.auth.service import create as create_user
from clusterdesk.config import Settings
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.registry.demo import load_demo_registry
from clusterdesk.web.app import create_app

CHROMIUM = os.environ.get("CLUSTERDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(scratch_url: str, tmp_path: Path) -> Iterator[str]:
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as session:
        load_demo_registry(session=session)
        create_user(
            session=session,
            actor=SYSTEM,
            data=UserCreate(username="manager", password="manager-password", role="manager"),
        )
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=scratch_url,
        secret_key="browser-test-secret-0123456789abcdef",
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, engine=engine), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    engine.dispose()


@pytest.fixture
def page() -> Iterator[Page]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (Debian package 'chromium')"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
        yield context.new_page()
        browser.close()


def _shot(page: Page, tmp_path: Path, name: str, backend: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    target = os.environ.get("CLUSTERDESK_SCREENSHOTS")
    if target and backend == "sqlite":
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def test_login_create_find_edit_and_audit(live_server: str, page: Page, tmp_path: Path, backend: str) -> None:
    page.goto(f"{live_server}/")
    expect(page.locator("h1")).to_have_text("ClusterDesk")
    _shot(page, tmp_path, "home-anonymous", backend)

    page.locator("a[href='/login']").click()
    page.get_by_label("Имя пользователя").fill("manager")
    page.get_by_label("Пароль").fill("wrong-password")
    page.locator("main").get_by_role("button", name="Войти").click()
    expect(page.get_by_role("alert")).to_contain_text("Неверное имя пользователя или пароль")
    page.get_by_label("Пароль").fill("manager-password")
    page.locator("main").get_by_role("button", name="Войти").click()
    expect(page.get_by_role("banner")).to_contain_text("manager · менеджер кластера")
    _shot(page, tmp_path, "home", backend)

    page.get_by_role("link", name="Организации").first.click()
    _shot(page, tmp_path, "organizations", backend)
    page.get_by_role("button", name="+ Добавить организацию").click()
    page.get_by_label("Краткое наименование").fill("ЛидарТех")
    page.get_by_label("Полное (юридическое) наименование").fill(
        "Общество с ограниченной ответственностью «ЛидарТех»"
    )
    page.get_by_label("Тип").select_option("enterprise")
    page.get_by_label("ИНН").fill("7707083894")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#inn-error")).to_contain_text("контрольной суммы")
    _shot(page, tmp_path, "organization-form-error", backend)
    page.get_by_label("ИНН").fill("7707083893")
    page.get_by_label("Коды ОКВЭД2").fill("26.51; 26.30")
    page.get_by_label("Другие названия").fill("Лидартех; LidarTech")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")
    expect(page.locator("h1")).to_contain_text("ЛидарТех")

    page.goto(f"{live_server}/organizations")
    page.get_by_label("Поиск по названию").fill("ЛидарТеха")  # genitive: «у ЛидарТеха»
    expect(page.get_by_test_id("total")).to_have_text("1")
    page.get_by_role("link", name="ЛидарТех", exact=True).click()
    expect(page.locator("h1")).to_contain_text("ЛидарТех")

    page.get_by_role("button", name="Изменить").click()
    page.get_by_label("Город").fill("Томск")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")
    history = page.get_by_test_id("audit-row")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("изменение")
    expect(history.first).to_contain_text("город")
    expect(history.first).to_contain_text("Томск")
    expect(history.first).to_contain_text("manager")
    _shot(page, tmp_path, "organization-card", backend)

    page.goto(f"{live_server}/organizations?q=ТУСУРа")
    page.get_by_role("link", name="ТУСУР", exact=True).click()
    expect(page.locator("body")).to_contain_text("Юрий Борисович Гриценко")
    _shot(page, tmp_path, "organization-tusur", backend)
    page.goto(f"{live_server}/clusters")
    page.get_by_role("link", name="Промышленный кластер электроники").click()
    expect(page.locator("body")).to_contain_text("Участники по типам")
    _shot(page, tmp_path, "cluster", backend)
    page.goto(f"{live_server}/audit")
    _shot(page, tmp_path, "audit", backend)
    page.goto(f"{live_server}/docs")
    expect(page.locator(".swagger-ui")).to_contain_text("ClusterDesk API", timeout=15000)
    _shot(page, tmp_path, "api-docs", backend)
