"""Registry upkeep in real Chromium: import preview and confirm, duplicate warning, duplicates and merge."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.browser

HEADER = ["Краткое наименование", "Полное наименование", "Тип", "ИНН", "Город", "Кластер", "Роль в кластере"]
TUSUR = ["ТУСУР", "Томский государственный университет систем управления и радиоэлектроники", "Университет"]


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_members_xlsx_preview_blocks_a_bad_row_then_applies_as_one_import(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    login_in_browser(page, live_server)
    page.get_by_role("link", name="Сверка").click()
    page.get_by_role("link", name="Импорт").click()
    new = ["Сибирские сенсоры", "ООО «Сибирские сенсоры»", "Предприятие", "", "Томск", "", ""]
    changed = [*TUSUR, "", "Северск", "", ""]
    bad = ["Фирма", "ООО «Фирма»", "завод", "12345", "", "", ""]
    page.get_by_label("Файл (.xlsx или .csv)").set_input_files(
        str(_xlsx(tmp_path / "члены.xlsx", [new, changed, bad]))
    )
    page.get_by_role("button", name="Проверить файл").click()

    preview = page.get_by_test_id("import-preview")
    expect(preview.get_by_test_id("preview-create")).to_contain_text("Сибирские сенсоры")
    expect(preview.get_by_test_id("preview-update")).to_contain_text("Город")
    expect(preview.get_by_test_id("preview-update")).to_contain_text("Северск")
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Тип")
    expect(errors).to_contain_text("ИНН")
    expect(errors.locator("tbody tr").first).to_contain_text("4")
    expect(page.get_by_role("button", name="Применить импорт")).to_have_count(0)
    screenshot(page, tmp_path, "registry-import-preview-errors", backend)

    page.get_by_label("Файл (.xlsx или .csv)").set_input_files(
        str(_xlsx(tmp_path / "члены.xlsx", [new, changed]))
    )
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.get_by_test_id("count-errors")).to_have_text("Ошибок: 0")
    screenshot(page, tmp_path, "registry-import-preview", backend)
    page.get_by_role("button", name="Применить импорт").click()
    expect(page.get_by_role("status")).to_contain_text("создано 1, изменено 1")

    page.goto(f"{live_server}/audit?entity_type=registry_import")
    rows = page.get_by_test_id("audit-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("импорт")
    expect(rows.first).to_contain_text("члены.xlsx")


def test_duplicate_warning_on_create_then_scan_merge_and_undo(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/organizations/new")
    page.get_by_label("Краткое наименование *").fill("Микран")
    page.get_by_label("Тип *").select_option("enterprise")
    page.get_by_label("Полное (юридическое) наименование *").fill("Микран")
    page.get_by_role("button", name="Сохранить").click()
    warning = page.get_by_test_id("possible-duplicates")
    expect(warning).to_contain_text("Возможно, это АО «НПФ «Микран»")
    page.get_by_role("button", name="Всё равно создать").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")

    page.goto(f"{live_server}/registry/duplicates")
    pairs = page.get_by_test_id("duplicate-pairs")
    row = pairs.locator("tr", has_text="Микран").first
    expect(row).to_contain_text("названия совпадают")
    screenshot(page, tmp_path, "registry-duplicates", backend)
    row.get_by_role("button", name="Объединить…").click()
    expect(page.get_by_test_id("merge-fields")).to_contain_text("Краткое наименование")
    screenshot(page, tmp_path, "registry-merge", backend)
    page.get_by_role("button", name="Объединить").click()
    expect(page.get_by_role("status")).to_contain_text("объединена")
    merges = page.get_by_test_id("merges")
    expect(merges).to_contain_text("Микран")
    merges.get_by_role("button", name="Отменить").first.click()
    expect(page.get_by_role("status")).to_contain_text("отменено")
    expect(page.get_by_test_id("merges")).to_contain_text("отменено")


def test_new_rector_from_the_news_accepted_in_one_click(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    token = page.request.post(
        f"{live_server}/api/v1/auth/token", form={"username": "manager", "password": "manager-password"}
    ).json()["access_token"]
    submitted = page.request.post(
        f"{live_server}/api/v1/news",
        data={
            "text": "Алексей Шелупанов назначен ректором ТУСУРа. Об этом сообщила пресс-служба университета."
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert submitted.status == 201, submitted.text()
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/registry/proposals")
    page.get_by_role("button", name="Проверить новости").click()
    expect(page.get_by_role("status")).to_have_text("Новых предложений: 1")
    proposal = page.get_by_test_id("proposal")
    expect(proposal).to_contain_text("Алексей Шелупанов — ректор, ТУСУР; завершить: Виктор Рулевский")
    expect(proposal.locator("blockquote")).to_contain_text("назначен ректором ТУСУРа")
    screenshot(page, tmp_path, "registry-proposals", backend)
    proposal.get_by_role("button", name="Принять").click()
    expect(page.get_by_role("status")).to_contain_text("Принято")
    expect(page.get_by_test_id("no-proposals")).to_be_visible()
    page.get_by_role("button", name="Проверить новости").click()
    expect(page.get_by_role("status")).to_have_text("Новых предложений: 0")


def test_membership_set_on_the_form_and_ended_on_the_cluster_page(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/organizations/new")
    page.get_by_label("Краткое наименование *").fill("ЛидарСиб")
    page.get_by_label("Тип *").select_option("enterprise")
    page.get_by_label("Полное (юридическое) наименование *").fill("ООО «ЛидарСиб»")
    fields = page.get_by_test_id("membership-fields")
    cluster = fields.get_by_label("Кластер", exact=True).locator("option").nth(1).inner_text()
    fields.get_by_label("Кластер", exact=True).select_option(label=cluster)
    fields.get_by_label("Роль в кластере").select_option("anchor")
    screenshot(page, tmp_path, "registry-organization-form-membership", backend)
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_have_text("Изменения сохранены")

    page.goto(f"{live_server}/clusters")
    page.get_by_role("link", name=cluster).first.click()
    member = page.get_by_test_id("member").filter(has_text="ЛидарСиб")
    expect(member).to_contain_text("Якорный участник")
    member.get_by_text("Изменить членство").click()
    member.get_by_label("Причина выхода").fill("по заявлению")
    screenshot(page, tmp_path, "registry-cluster-membership", backend)
    member.get_by_role("button", name="Завершить членство").click()
    expect(page.get_by_test_id("member").filter(has_text="ЛидарСиб")).to_have_count(0)
