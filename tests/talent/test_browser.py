"""The talent gap page in real Chromium: a member's demand of 30 radio engineers against 20 graduates."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.browser


def test_gap_of_ten_radio_engineers_with_the_program_named(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    login_in_browser(page, live_server)
    page.get_by_role("link", name="Кадры").click()
    table = page.get_by_test_id("gap-table")
    # the demo's example figures fill the table and the chart, each marked «пример»
    expect(table.get_by_test_id("example-mark").first).to_have_text("пример")
    expect(page.get_by_test_id("chart-source")).to_contain_text("пример, не из открытых источников")
    expect(page.get_by_test_id("gap-source")).to_contain_text("пример, не из открытых источников")
    expect(page.locator("#gap-chart[data-ready='1'] svg")).to_have_count(1)
    screenshot(page, tmp_path, "talent", backend)

    page.get_by_label("Вуз или колледж").select_option(label="ТУСУР")
    program = page.locator("form[action='/talent/programs']")
    program.get_by_label("Код ОКСО").fill("11.03.03")
    program.get_by_label("Уровень").select_option("bachelor")
    program.get_by_label("Специальность (по ОКСО)").fill("Конструирование и технология электронных средств")
    program.get_by_label("Выпуск в год").fill("20")
    program.get_by_role("button", name="Добавить программу").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")

    demand = page.locator("form[action='/talent/demand']")
    demand.get_by_label("Организация").select_option(label="АО «НПФ «Микран»")
    demand.get_by_label("Код ОКСО").fill("11.03.03")
    demand.get_by_label("Год").fill("2027")
    demand.get_by_label("Человек").fill("30")
    demand.get_by_label("Специальность / профессия").fill("Конструктор РЭА")
    demand.get_by_role("button", name="Добавить потребность").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")

    page.locator("form.filters").get_by_label("Год").select_option("2027")
    page.get_by_role("button", name="Показать").click()
    row = page.get_by_test_id("gap-table").locator("tr", has_text="11.03.03")
    expect(row.get_by_test_id("shortfall")).to_have_text("10")
    expect(row).to_contain_text("ТУСУР: Конструирование и технология электронных средств (бакалавриат) — 20")
    expect(row.get_by_test_id("example-mark")).to_have_count(0)  # typed by a person: not an example
    expect(page.locator("#gap-chart[data-ready='1'] svg")).to_have_count(1)  # ECharts drew the chart
    screenshot(page, tmp_path, "talent-gaps", backend)

    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать XLSX").click()
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"  # an XLSX is a zip file
