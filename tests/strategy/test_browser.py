"""A manager sets up a program in real Chromium and sees it on the dashboard (SQLite and PostgreSQL).

Program, two directions, five roadmap items (one depends on another, one overdue), three KPIs (one computed),
plan 100 / fact 80 shown as 80 % and lagging, the computed participant count rising when a member joins,
the XLSX report download, and a roadmap XLSX with a bad date that stores nothing and names the row.
Set CLUSTERDESK_SCREENSHOTS=docs/screenshots to refresh the screenshots.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect

from clusterdesk.strategy.roadmap_transfer import COLUMNS
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.browser

YEAR = date.today().year - 1  # the report year: finished, so plan 100 / fact 80 is final
SMART = "Инновационный кластер «Smart Technologies Tomsk»"
ITEMS = [  # title, direction, start, due, status, depends on
    ("Опытный образец лидара", "Лидары и сенсоры", f"{YEAR}-02-01", f"{YEAR}-03-31", "in_progress", None),
    (
        "Испытания лидара",
        "Лидары и сенсоры",
        f"{YEAR}-04-01",
        f"{YEAR}-09-30",
        "done",
        "Опытный образец лидара",
    ),
    ("Учебный курс по БАС", "Подготовка кадров", f"{YEAR + 2}-02-01", f"{YEAR + 2}-06-30", "planned", None),
    ("Набор первой группы", "Подготовка кадров", f"{YEAR + 2}-07-01", f"{YEAR + 2}-09-30", "planned", None),
    (
        "Серийный выпуск лидаров",
        "Лидары и сенсоры",
        f"{YEAR + 2}-03-01",
        f"{YEAR + 2}-12-31",
        "planned",
        None,
    ),
]


def _add_kpi(page: Page, catalogue_name: str, target: str) -> None:
    page.get_by_role("button", name="+ Показатель").click()
    page.get_by_label("Из каталога типовых показателей").select_option(label=catalogue_name)
    page.get_by_label("План: год").fill(str(YEAR))
    page.get_by_label("План: значение").fill(target)
    page.get_by_role("button", name="Создать показатель").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")


def _add_value(page: Page, kpi_name: str, value: str, note: str) -> None:
    page.get_by_test_id("kpis").get_by_role("link", name=kpi_name).click()
    page.locator("summary", has_text="Внести фактическое значение").click()
    page.get_by_label("Год", exact=True).fill(str(YEAR))
    page.get_by_label("Значение", exact=True).fill(value)
    page.get_by_label("Заметка").fill(note)
    page.get_by_role("button", name="Сохранить значение").click()
    expect(page.get_by_test_id("values")).to_contain_text(note)


def _bad_roadmap(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS.values()))
    sheet.append(["Новый пункт", "", "", "01.02.2026", "30.06.2026"])
    sheet.append(["Пункт с плохой датой", "", "", "01.02.2026", "31.02.2026"])
    workbook.save(path)
    return path


def test_manager_builds_a_program_and_sees_it_on_the_dashboard(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    login_in_browser(page, live_server)
    page.get_by_role("link", name="Стратегия").first.click()
    expect(page.get_by_test_id("kpi-card").first).to_be_visible()
    page.wait_for_timeout(300)  # let ECharts draw before the screenshot
    screenshot(page, tmp_path, "strategy-dashboard-demo", backend)

    page.get_by_role("button", name="+ Новая программа").click()
    page.get_by_label("Кластер").select_option(label=SMART)
    page.get_by_label("Название программы").fill("Программа развития на пять лет")
    page.get_by_label("Первый год").fill(str(YEAR))
    page.get_by_label("Последний год").fill(str(YEAR + 4))
    page.get_by_role("button", name="Создать программу").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")
    program_url = page.url.split("?")[0]

    for title in ("Лидары и сенсоры", "Подготовка кадров"):
        page.locator("summary", has_text="Добавить направление").click()
        page.get_by_label("Название направления").fill(title)
        page.get_by_role("button", name="Добавить направление").click()
    expect(page.get_by_test_id("directions").locator("li")).to_have_count(2)

    for title, direction, start, due, status, depends_on in ITEMS:
        page.get_by_role("button", name="+ Пункт дорожной карты").click()
        page.get_by_label("Название пункта").fill(title)
        page.get_by_label("Направление").select_option(label=direction)
        page.get_by_label("Статус").select_option(status)
        page.get_by_label("Начало").fill(start)
        page.get_by_label("Срок").fill(due)
        if depends_on:
            page.get_by_label("Зависит от").select_option(label=depends_on)
        page.get_by_role("button", name="Сохранить").click()
        expect(page.get_by_role("status")).to_have_text("Изменения сохранены")
    rows = page.get_by_test_id("roadmap-row")
    expect(rows).to_have_count(5)
    expect(page.locator("tr.overdue")).to_have_count(1)
    expect(page.locator("tr.overdue")).to_contain_text("Опытный образец лидара")
    expect(page.get_by_test_id("roadmap")).to_contain_text("Испытания лидара")

    _add_kpi(page, "Объём выпуска продукции участниками кластера", "100")
    _add_kpi(page, "Доля импортных комплектующих в продукции участников", "40")
    _add_kpi(page, "Число участников кластера", "20")
    expect(page.get_by_test_id("kpis")).to_contain_text("вычисляется: Число участников кластера")
    screenshot(page, tmp_path, "strategy-program", backend)
    _add_value(page, "Объём выпуска продукции участниками кластера", "80", "Сводка отчётов участников")
    screenshot(page, tmp_path, "strategy-kpi", backend)
    page.goto(program_url)
    _add_value(page, "Доля импортных комплектующих в продукции участников", "50", "Опрос участников")

    page.goto(f"{live_server}/strategy")
    page.get_by_label("Кластер").select_option(label=SMART)
    page.get_by_label("Год").select_option(str(YEAR))
    page.get_by_role("button", name="Показать").click()
    output = page.locator("[data-testid=kpi-card][data-code=output]")
    expect(output.get_by_test_id("kpi-status")).to_have_text("отстаёт")
    expect(output.get_by_test_id("kpi-percent")).to_have_text("80%")
    imports = page.locator("[data-testid=kpi-card][data-code=import_share]")
    expect(imports.get_by_test_id("kpi-percent")).to_have_text("80%")  # lower is better: 40 / 50
    expect(page.get_by_test_id("lagging")).to_contain_text("Объём выпуска продукции")
    expect(page.get_by_test_id("overdue")).to_contain_text("Опытный образец лидара")
    expect(page.get_by_test_id("kpi-chart")).to_have_count(3)
    expect(page.locator("[data-testid=kpi-chart] svg").first).to_be_visible()
    expect(page.locator("#gantt .bar-wrapper")).to_have_count(2)  # the items of YEAR; three are later
    expect(page.locator("#gantt .bar-wrapper.bar-overdue")).to_have_count(1)
    expect(page.get_by_test_id("other-years")).to_contain_text("Ещё 3 пункта в другие годы")
    page.wait_for_timeout(300)
    screenshot(page, tmp_path, "strategy-dashboard", backend)
    participants = page.locator("[data-testid=kpi-card][data-code=participants] strong").nth(1)
    before = int(participants.inner_text())

    page.get_by_label("Год").select_option(str(YEAR + 2))
    page.get_by_role("button", name="Показать").click()
    expect(page.locator("#gantt .bar-wrapper")).to_have_count(3)
    page.get_by_role("link", name="Подготовка кадров").click()
    expect(page.locator("#gantt .bar-wrapper")).to_have_count(2)
    screenshot(page, tmp_path, "strategy-dashboard-direction", backend)
    page.get_by_label("Год").select_option(str(YEAR))
    page.get_by_role("button", name="Показать").click()

    with page.expect_download() as download_info:
        page.get_by_test_id("report-xlsx").click()
    report = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    output_row = next(
        r
        for r in report["Показатели"].iter_rows(values_only=True)
        if r[0] == "Объём выпуска продукции участниками кластера"
    )
    assert output_row[2:6] == (100, 80, 80, "отстаёт")
    assert any(r[1] == "Опытный образец лидара" for r in report["Дорожная карта"].iter_rows(values_only=True))

    page.get_by_role("link", name="Кластеры").first.click()
    page.get_by_role("link", name=SMART).click()
    page.locator("summary", has_text="Добавить участника").click()
    page.locator("select[name=organization_id]").select_option(index=0)
    page.get_by_role("button", name="Добавить").click()
    page.goto(f"{live_server}/strategy?cluster_id={page.url.rstrip('/').split('/')[-1]}&year={YEAR}")
    expect(page.locator("[data-testid=kpi-card][data-code=participants] strong").nth(1)).to_have_text(
        str(before + 1)
    )

    page.goto(program_url)
    page.locator("summary", has_text="Загрузить дорожную карту из XLSX").click()
    page.get_by_label("Файл дорожной карты").set_input_files(_bad_roadmap(tmp_path / "карта.xlsx"))
    page.get_by_role("button", name="Загрузить").click()
    expect(page.get_by_test_id("import-problems")).to_contain_text("строка 3")
    expect(page.get_by_test_id("import-problems")).to_contain_text("31.02.2026")
    expect(page.get_by_test_id("roadmap-row")).to_have_count(5)
    screenshot(page, tmp_path, "strategy-roadmap-import-error", backend)
