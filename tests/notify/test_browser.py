"""The feed, subscription settings and the change log in real Chromium, on SQLite and PostgreSQL.

Screenshots go to $CLUSTERDESK_SCREENSHOTS (docs/screenshots/ when refreshing the docs).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from clusterdesk.audit.labels import OBJECT_TYPES
from clusterdesk.config import Settings
from clusterdesk.notify import digests, subscriptions
from tests.conftest import login_in_browser, screenshot
from tests.notify.conftest import BASE_URL, Smtp, World

pytestmark = pytest.mark.browser
RAW_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b(?:" + "|".join(OBJECT_TYPES) + r")\s*#")


def test_feed_subscriptions_and_readable_change_log(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    login_in_browser(page, live_server)
    block = page.get_by_test_id("home-activity")
    expect(block).to_contain_text("Что нового")
    expect(block.get_by_test_id("feed-line").first).to_be_visible()
    screenshot(page, tmp_path, "notify-home", backend)

    # an edit to a member organisation shows up in the feed and in the change log
    page.goto(f"{live_server}/organizations?q=Микран")
    page.get_by_role("link", name="АО «НПФ «Микран»", exact=True).click()
    page.get_by_role("button", name="Изменить").click()
    page.get_by_label("Город").fill("Северск")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")
    org_url = page.url.split("?")[0]

    page.get_by_role("link", name="Что нового").click()
    page.get_by_role("link", name="за неделю").click()
    lines = page.get_by_test_id("feed-line")
    expect(
        lines.filter(has_text=re.compile("Изменено: организация «АО «НПФ «Микран»»: .*город"))
    ).to_have_count(1)
    expect(lines.filter(has_text="Ждут проверки")).to_have_count(1)
    expect(lines.filter(has_text="Новость — ")).not_to_have_count(0)
    screenshot(page, tmp_path, "notify-activity", backend)
    page.get_by_role("button", name="Отметить всё прочитанным").click()
    expect(page.locator(".feed-line.unread")).to_have_count(0)

    page.get_by_role("link", name="Мои подписки").click()
    expect(page.get_by_test_id("email-off")).to_contain_text("Отправка писем отключена")
    expect(page.get_by_test_id("subscription").first).to_contain_text("кластер")
    form = page.get_by_test_id("subscribe-form")
    form.get_by_label("На что").select_option("keyword")
    form.get_by_role("textbox", name="Ключевое слово").fill("Микран")
    form.get_by_label("Как часто").select_option("instant")
    form.get_by_role("button", name="Подписаться").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")
    keyword = page.get_by_test_id("subscription").filter(has_text="«Микран»")
    expect(keyword).to_contain_text("ключевое слово")
    keyword.get_by_role("button", name="получить ссылку").click()
    expect(
        page.get_by_test_id("subscription").filter(has_text="«Микран»").get_by_role("link", name="ссылка")
    ).to_be_visible()
    screenshot(page, tmp_path, "notify-subscriptions", backend)

    page.get_by_role("link", name="Журнал").click()
    table = page.locator("table.audit")
    expect(page.get_by_test_id("audit-row").first).to_be_visible()
    visible = page.locator("main").inner_text()
    assert not RAW_NAME.findall(visible), RAW_NAME.findall(visible)[:5]
    first = page.get_by_test_id("audit-row").filter(has_text="АО «НПФ «Микран»").first
    expect(first).to_contain_text("изменение")
    expect(first).to_contain_text("организация")
    expect(first).to_contain_text("город")
    expect(first).to_contain_text("Северск")
    screenshot(page, tmp_path, "audit-log", backend)

    filters = page.get_by_test_id("audit-filter")
    tomorrow = date.today() + timedelta(days=1)
    filters.get_by_label("С даты").fill(tomorrow.isoformat())
    filters.get_by_role("button", name="Показать").click()
    expect(table).to_contain_text("Изменений нет.")
    filters = page.get_by_test_id("audit-filter")
    filters.get_by_label("С даты").fill(date.today().isoformat())
    filters.get_by_label("По дату").fill(date.today().isoformat())
    filters.get_by_label("Тип объекта").select_option(label="Организации")
    filters.get_by_role("button", name="Показать").click()
    rows = page.get_by_test_id("audit-row")
    expect(rows.first).to_be_visible()
    for text in rows.all_inner_texts():
        assert "организация" in text
    screenshot(page, tmp_path, "audit-log-filtered", backend)
    rows.first.get_by_role("link", name="АО «НПФ «Микран»").click()
    expect(page).to_have_url(org_url)


def test_digest_email_as_a_reader_sees_it(
    session: Session,
    world: World,
    smtp: Smtp,
    mail_settings: Settings,
    page: Page,
    tmp_path: Path,
    backend: str,
) -> None:
    subscriptions.set_email(session=session, user=world.manager, email="manager@example.ru")
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert digests.send_digests(session=session, settings=mail_settings, period="weekly", now=now).sent == 1
    html = smtp.inbox.messages[0].get_body(preferencelist=("html",)).get_content()
    page.set_content(html)
    expect(page.get_by_role("heading", name="Требует внимания")).to_be_visible()
    link = page.get_by_role("link", name=re.compile("Подготовить программу стажировок"))
    expect(link).to_have_attribute("href", f"{BASE_URL}/agreements/{world.obligation_due.agreement_id}")
    expect(page.get_by_role("link", name="Отписаться от писем")).to_be_visible()
    screenshot(page, tmp_path, "notify-digest-email", backend)
