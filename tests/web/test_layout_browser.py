"""The layout in real Chromium: the icon loads (no 404 in the console), the API docs lead back to the app
under the CSP, an anonymous visitor's menu holds only pages that open, and an unknown address is a Russian
page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, Response, expect

from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.browser


def _watch(page: Page) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    missing: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"{page.url}: console: {message.text}")

    def on_response(response: Response) -> None:
        if response.status == 404 and response.url.endswith((".ico", ".png", ".css", ".js")):
            missing.append(response.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: page error: {error}"))
    page.on("response", on_response)
    return problems, missing


def test_icon_docs_back_link_and_anonymous_menu(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    problems, missing = _watch(page)
    page.goto(f"{live_server}/")
    icon = page.evaluate(
        "fetch(document.querySelector('link[rel=icon]').href)"
        ".then(r => [r.status, r.headers.get('content-type')])"
    )
    assert icon == [200, "image/x-icon"]
    menu = page.locator("nav.menu")
    expect(menu.get_by_role("link", name="Новости")).to_be_visible()
    for hidden in ("Проверка", "Сверка", "Источники", "+ Новость", "Отчётность", "Что нового", "Журнал"):
        expect(menu.get_by_role("link", name=hidden, exact=True)).to_have_count(0)
    for href in menu.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        response = page.goto(f"{live_server}{href}")
        assert response is not None and response.status == 200 and "/login" not in page.url, href
    screenshot(page, tmp_path, "layout-anonymous-menu", backend)

    page.goto(f"{live_server}/docs")
    expect(page.locator(".swagger-ui .info")).to_contain_text("ClusterDesk API")
    back = page.get_by_role("link", name="← ClusterDesk")
    expect(back).to_be_visible()
    screenshot(page, tmp_path, "layout-api-docs", backend)
    back.click()
    page.wait_for_url(f"{live_server}/")
    expect(page.locator("nav.menu")).to_be_visible()
    assert not missing, missing
    assert not problems, "\n".join(problems)

    # unknown addresses: the browser logs the 404 itself; the answer is Russian
    response = page.goto(f"{live_server}/no/such/page")
    assert response is not None and response.status == 404
    expect(page.locator("main h2")).to_have_text("Не найдено")
    expect(page.locator("main")).to_contain_text("Страница не найдена: проверьте адрес")
    screenshot(page, tmp_path, "layout-404", backend)
    response = page.goto(f"{live_server}/api/v1/no-such-thing")
    assert response is not None and response.status == 404
    assert response.json() == {"detail": "Страница не найдена: проверьте адрес"}

    login_in_browser(page, live_server)
    expect(page.locator("nav.menu").get_by_role("link", name="Проверка", exact=True)).to_be_visible()
    assert not missing, missing
