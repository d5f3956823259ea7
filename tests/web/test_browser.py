"""The web UI in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

A user logs in, creates an organisation, finds it by an inflected form of its name, edits it and sees the
change in its audit history. Runs against a real uvicorn server on SQLite and on PostgreSQL. Set
CLUSTERDESK_SCREENSHOTS=docs/screenshots to refresh the screenshots in the docs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def test_login_create_find_edit_and_audit(live_server: str, page: Page, tmp_path: Path, backend: str) -> None:
    page.goto(f"{live_server}/")
    expect(page.locator("h1")).to_have_text("ClusterDesk")
    screenshot(page, tmp_path, "home-anonymous", backend)

    page.locator("a[href='/login']").click()
    page.get_by_label("Имя пользователя").fill("manager")
    page.get_by_label("Пароль").fill("wrong-password")
    page.locator("main").get_by_role("button", name="Войти").click()
    expect(page.get_by_role("alert")).to_contain_text("Неверное имя пользователя или пароль")
    page.get_by_label("Пароль").fill("manager-password")
    page.locator("main").get_by_role("button", name="Войти").click()
    expect(page.get_by_role("banner")).to_contain_text("manager · менеджер кластера")
    screenshot(page, tmp_path, "home", backend)

    page.get_by_role("link", name="Организации").first.click()
    screenshot(page, tmp_path, "organizations", backend)
    page.get_by_role("button", name="+ Добавить организацию").click()
    page.get_by_label("Краткое наименование").fill("ЛидарТех")
    page.get_by_label("Полное (юридическое) наименование").fill(
        "Общество с ограниченной ответственностью «ЛидарТех»"
    )
    page.get_by_label("Тип").select_option("enterprise")
    page.get_by_label("ИНН").fill("7707083894")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#inn-error")).to_contain_text("контрольной суммы")
    screenshot(page, tmp_path, "organization-form-error", backend)
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
    screenshot(page, tmp_path, "organization-card", backend)

    page.goto(f"{live_server}/organizations?q=ТУСУРа")
    page.get_by_role("link", name="ТУСУР", exact=True).click()
    expect(page.locator("body")).to_contain_text("Юрий Борисович Гриценко")
    screenshot(page, tmp_path, "organization-tusur", backend)
    page.goto(f"{live_server}/clusters")
    page.get_by_role("link", name="Промышленный кластер электроники").click()
    expect(page.locator("body")).to_contain_text("Участники по типам")
    screenshot(page, tmp_path, "cluster", backend)
    page.goto(f"{live_server}/audit")
    screenshot(page, tmp_path, "audit", backend)
    page.goto(f"{live_server}/docs")
    expect(page.locator(".swagger-ui")).to_contain_text("ClusterDesk API", timeout=15000)
    screenshot(page, tmp_path, "api-docs", backend)
