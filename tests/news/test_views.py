"""News pages in real Chromium: the feed with highlighted entities, an item with facts, the review queue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.browser


def test_feed_item_and_review_queue(live_server: str, page: Page, tmp_path: Path, backend: str) -> None:
    page.goto(f"{live_server}/news")
    expect(page.get_by_test_id("news-total")).to_have_text("7")
    tusur = page.locator("a.ent-org", has_text="ТУСУРа").first
    expect(tusur).to_have_attribute("href", re.compile(r"^/organizations/\d+$"))
    screenshot(page, tmp_path, "news-feed", backend)

    page.get_by_label("Поиск").fill("минитрактора")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_test_id("news-total")).to_have_text("1")
    page.get_by_test_id("news-item").get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text("Участники промышленного кластера")
    expect(page.locator(".fact").filter(has_text="Проект")).to_contain_text("беспилотный минитрактор")
    expect(page.locator(".fact").filter(has_text="Решение")).to_contain_text("программа развития")
    screenshot(page, tmp_path, "news-item", backend)

    page.locator("a.ent-org", has_text="ТУСУРа").first.click()
    expect(page.locator("h1")).to_contain_text("ТУСУР")

    login_in_browser(page, live_server)
    page.goto(f"{live_server}/review")
    rows = page.get_by_test_id("review-row")
    before = rows.count()
    screenshot(page, tmp_path, "news-review", backend)
    assert before >= 1  # the seeds hold at least one link below the threshold
    rows.first.get_by_role("button", name="Отклонить").click()
    expect(page.get_by_test_id("review-row")).to_have_count(before - 1)


def test_organization_card_shows_its_news_timeline(live_server: str, page: Page) -> None:
    page.goto(f"{live_server}/organizations?q=Микрана")
    page.get_by_role("link", name="АО «НПФ «Микран»", exact=True).click()
    timeline = page.get_by_test_id("org-news")
    expect(timeline.get_by_role("link")).to_have_count(1)
    expect(timeline).to_contain_text(
        "Участники промышленного кластера Томской области презентовали свои проекты"
    )
    expect(timeline).to_contain_text("проект")
    page.goto(f"{live_server}/organizations?q=Минэкономразвития")
    page.get_by_role("link", name="Минэкономразвития России", exact=True).click()
    expect(page.get_by_test_id("org-news")).to_contain_text("С 5 по 9 апреля в учебном центре НИУ «ВШЭ»")


def test_event_fact_accepted_from_the_review_page(live_server: str, page: Page) -> None:
    """The demo already holds the event «Команда возможностей»: the fact is linked to it, not copied."""
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/review")
    card = page.locator("article.fact-card").filter(has_text="Команда возможностей")
    expect(card.get_by_role("button", name="Создать событие")).to_have_count(0)
    expect(card).to_contain_text("→ мероприятие Команда возможностей")
    card.get_by_role("button", name="Связать с существующим").click()
    expect(page.locator(".fact").filter(has_text="Команда возможностей")).to_contain_text("Событие принято")
    page.goto(f"{live_server}/events?view=list")
    expect(page.locator("main").get_by_text("Команда возможностей")).to_have_count(1)  # no copy
    page.goto(f"{live_server}/review")
    expect(page.locator("article.fact-card").filter(has_text="Команда возможностей")).to_have_count(0)
    project = page.locator("article.fact-card").filter(has_text="минитрактор")
    expect(project.get_by_role("button", name="Связать с существующим")).to_be_visible()
    expect(project).to_contain_text("→ проект Лидары")
    # an event the demo does not hold (the forum «Технопром-2025» itself) is still created
    fresh = page.locator("article.fact-card").filter(has=page.get_by_role("button", name="Создать событие"))
    expect(fresh.filter(has_text="Технопром-2025")).to_have_count(1)


def test_the_feed_is_filtered_by_an_organisation_typed_by_name(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    """No drop-down of the first names of the registry: any organisation is found by what the reader types."""
    page.goto(f"{live_server}/news")
    field = page.get_by_test_id("org-filter")
    field.fill("микран")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_test_id("news-total")).to_have_text("1")
    expect(field).to_have_value("АО «НПФ «Микран»")  # the registry's name of the organisation chosen
    expect(page.get_by_test_id("news-item")).to_contain_text("Участники промышленного кластера")

    field.fill("томский государственный университет")
    page.get_by_role("button", name="Найти").click()
    problem = page.get_by_test_id("org-problem")
    expect(problem).to_contain_text("подходит несколько организаций")
    expect(problem.get_by_test_id("org-candidate")).to_have_text(["ТГУ", "ТУСУР"])
    expect(page.get_by_test_id("news-total")).to_have_text("7")  # not filtered until one is chosen
    screenshot(page, tmp_path, "news-feed-org-choice", backend)
    problem.get_by_role("link", name="ТУСУР").click()
    expect(field).to_have_value("ТУСУР")
    expect(page.get_by_test_id("org-problem")).to_have_count(0)
    shown = int(page.get_by_test_id("news-total").inner_text())
    assert 0 < shown < 7
    page.get_by_test_id("news-item").first.locator("header a").click()  # names ТУСУР (maybe past the excerpt)
    expect(page.locator("a.ent-org", has_text="ТУСУР").first).to_be_visible()
    page.go_back()

    field.fill("Рогаикопыта")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_test_id("org-problem")).to_have_text(
        "Организация «Рогаикопыта» в реестре не найдена: показаны все новости"
    )
    expect(page.get_by_test_id("news-total")).to_have_text("7")
