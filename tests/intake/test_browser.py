"""Intake pages in real Chromium: add a source, check it now, add news by URL and by pasted text."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import login_in_browser, screenshot
from tests.intake.site import ARTICLES, Site, rss

pytestmark = pytest.mark.browser

PASTED = (
    "Томский государственный университет и АО «НПФ «Микран» подписали соглашение о сотрудничестве. "
    "Стороны откроют в Томске совместный центр подготовки инженеров радиоэлектроники."
)


def test_manager_adds_a_source_checks_it_and_adds_news_in_two_clicks(
    live_server: str, page: Page, tmp_path: Path, backend: str, site: Site
) -> None:
    for path in ("/news/1", "/news/2"):
        site.set(path, ARTICLES[path])
    site.set("/rss", rss([("/news/1", "ТУСУР")], site.base), content_type="application/rss+xml")
    login_in_browser(page, live_server)
    page.get_by_role("link", name="Источники").click()
    expect(page.get_by_test_id("sources")).to_contain_text("Демо: лента новостей кластера")

    page.get_by_role("button", name="Добавить источник").click()
    page.get_by_label("Адрес *").fill("ftp://example.ru/rss")
    page.get_by_label("Название (по умолчанию — имя сайта)").fill("Новости ТУСУР")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#url-error")).to_contain_text("http://")
    page.get_by_label("Адрес *").fill(site.url("/rss"))
    page.get_by_label("Опрашивать раз в (минут) *").fill("30")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")

    page.get_by_role("button", name="Проверить сейчас").click()
    expect(page.get_by_test_id("check-outcome")).to_contain_text("новых новостей: 1")
    expect(page.get_by_test_id("documents")).to_contain_text(site.url("/news/1"))
    page.get_by_role("button", name="Все источники").click()
    row = page.locator("tr", has_text="Новости ТУСУР")
    expect(row.get_by_test_id("health")).to_have_text("работает")
    screenshot(page, tmp_path, "intake-sources", backend)
    page.get_by_role("button", name="Обработчик").click()
    expect(page.get_by_test_id("busy")).to_contain_text("Ни один источник сейчас не загружается")
    screenshot(page, tmp_path, "intake-worker", backend)
    page.goto(f"{live_server}/sources")

    # a link a colleague sent: open «Добавить новость», paste, one click
    page.get_by_role("button", name="Добавить новость").click()
    page.get_by_label("Адрес страницы").fill(site.url("/news/2"))
    page.get_by_role("button", name="Добавить по ссылке").click()
    expect(page.get_by_test_id("added-summary")).to_contain_text("Новых новостей: 1")
    expect(page.get_by_test_id("added-item")).to_contain_text("Администрация Томской области")

    page.get_by_role("link", name="+ Новость").click()  # from any page: the menu, paste, one click
    page.get_by_label("Текст новости").fill(PASTED)
    page.get_by_label("Заголовок (необязательно)").fill("ТГУ и «Микран» откроют центр")
    page.get_by_role("button", name="Добавить текст").click()
    expect(page.get_by_test_id("added-summary")).to_contain_text("Новых новостей: 1")
    item = page.get_by_test_id("added-item")
    expect(item).to_contain_text("ТГУ и «Микран» откроют центр")
    expect(item).to_contain_text("в реестре")  # a mention linked to the demo registry
    shot = screenshot(page, tmp_path, "intake-added", backend)
    assert shot.stat().st_size > 10_000
    item.get_by_role("link", name="Открыть новость").click()
    expect(page.locator("h1")).to_have_text("ТГУ и «Микран» откроют центр")
