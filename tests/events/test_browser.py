"""Calendar, event, agreement pages and the organisation card in real Chromium, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.browser


def test_calendar_event_agreement_and_card(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    login_in_browser(page, live_server)
    page.get_by_role("link", name="Календарь").click()
    page.get_by_role("link", name="Следующий месяц").wait_for()
    page.goto(f"{live_server}/events?view=month&month=2025-05")
    expect(page.get_by_test_id("month-title")).to_have_text("Май 2025")
    grid = page.get_by_test_id("calendar-grid")
    expect(grid.get_by_role("link", name="Команда возможностей")).to_have_count(3)  # 25, 26 and 27 May
    expect(page.locator("main")).to_contain_text("без точной даты")
    screenshot(page, tmp_path, "events-calendar-month", backend)

    page.get_by_role("link", name="Список").click()
    undated = page.get_by_test_id("undated-events")
    expect(undated).to_contain_text("5–9 апреля (год в новости не указан)")
    expect(undated).to_contain_text("Пленарная сессия форума U-Novus 2025")
    expect(page.get_by_test_id("dated-events")).to_contain_text("25 мая 2025 — 27 мая 2025")
    screenshot(page, tmp_path, "events-calendar-list", backend)

    undated.get_by_role("link", name="Россия-Беларусь", exact=False).click()
    participants = page.get_by_test_id("participants")
    expect(participants).to_contain_text("модератор")
    expect(participants).to_contain_text("Виктор Рулевский")
    page.get_by_text("Добавить участника").click()
    page.get_by_label("Организация").select_option(label="ТУСУР")
    page.get_by_label("Роль").select_option("participant")
    page.get_by_role("button", name="Добавить").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")
    expect(participants).to_contain_text("ТУСУР")
    screenshot(page, tmp_path, "events-event", backend)

    page.get_by_role("link", name="Соглашения").first.click()
    page.get_by_role("link", name="Сотрудничество в области развития образовательных программ").click()
    expect(page.get_by_test_id("parties")).to_contain_text("ПАО «МТС»")
    page.get_by_text("Добавить обязательство").click()
    page.get_by_placeholder("Что нужно сделать").fill("Согласовать план совместных мероприятий")
    page.get_by_label("Чья сторона").select_option(label="ТУСУР")
    page.get_by_label("Срок").fill("2026-03-01")
    page.get_by_role("button", name="Добавить").first.click()
    obligations = page.get_by_test_id("obligations")
    expect(obligations).to_contain_text("Согласовать план совместных мероприятий")
    page.get_by_label("Статус: Согласовать план совместных мероприятий").select_option("done")
    expect(obligations).to_contain_text("выполнено")
    expect(obligations).to_contain_text("☑")
    screenshot(page, tmp_path, "events-agreement", backend)

    page.get_by_test_id("parties").get_by_role("link", name="ТУСУР").click()
    expect(page.get_by_test_id("card-events")).to_contain_text("Россия-Беларусь")
    expect(page.get_by_test_id("card-agreements")).to_contain_text("ПАО «МТС»")
    page.get_by_test_id("card-events").scroll_into_view_if_needed()
    screenshot(page, tmp_path, "events-organization-card", backend)

    page.goto(f"{live_server}/events/new")
    page.get_by_label("Название *").fill("Совещание участников кластера")
    page.get_by_label("Тип *").select_option("meeting")
    page.get_by_label("Начало").fill("2025-09-12")
    page.get_by_label("Окончание").fill("2025-09-10")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("alert")).to_contain_text("раньше даты начала")
    page.get_by_label("Окончание").fill("2025-09-12")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("h1")).to_contain_text("Совещание участников кластера")
    with page.expect_download() as download:
        page.get_by_role("button", name="В календарь (.ics)").click()
    [downloaded] = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert str(downloaded["summary"]) == "Совещание участников кластера"
