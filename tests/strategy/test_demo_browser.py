"""The demo's /strategy in real Chromium: example figures marked «пример», a Gantt that stays inside its box.

Also /events opening where the demo's events are. Set CLUSTERDESK_SCREENSHOTS=docs/screenshots to refresh
the screenshot events-demo (strategy-dashboard-demo comes from test_browser.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clusterdesk.examples import EXAMPLE
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.browser

INDUSTRIAL = "Промышленный кластер электроники и беспилотных технологий Томской области"
TOLERANCE = 1  # px: sub-pixel rounding of SVG boxes


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - TOLERANCE
        and inner["y"] >= outer["y"] - TOLERANCE
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + TOLERANCE
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + TOLERANCE
    )


def test_demo_strategy_marks_examples_and_keeps_the_gantt_in_its_box(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/strategy?year=2026")
    cards = page.get_by_test_id("kpi-card")
    expect(cards).to_have_count(3)
    for index in range(3):
        expect(cards.nth(index).get_by_test_id("kpi-source")).to_contain_text(EXAMPLE)
    expect(page.locator("[data-testid=kpi-card][data-code=investment_total]")).to_contain_text("отстаёт")
    expect(page.locator("[data-testid=kpi-card][data-code=output]")).to_contain_text("в графике")
    expect(page.get_by_test_id("kpi-chart")).to_have_count(3)
    expect(page.get_by_test_id("chart-source").first).to_contain_text(EXAMPLE)

    # the cluster's whole name fits in the dropdown
    select = page.locator("select[name=cluster_id]")
    expect(select.locator("option:checked")).to_have_text(INDUSTRIAL)
    text_width, room = select.evaluate(
        """s => { const css = getComputedStyle(s), ctx = document.createElement('canvas').getContext('2d');
                  ctx.font = css.font;
                  return [ctx.measureText(s.options[s.selectedIndex].text).width,
                          s.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight)]; }"""
    )
    assert text_width <= room, (text_width, room)

    # the 2026 roadmap: the four items dated in 2026 (examples, marked), not the 2025 milestone
    box = page.locator(".gantt-box[data-ready='1']")
    expect(box).to_have_count(1)
    bars = page.locator("#gantt .bar-wrapper")
    expect(bars).to_have_count(4)
    labels = page.locator("#gantt .bar-label")
    for index in range(4):
        expect(labels.nth(index)).to_contain_text("(пример)")
    expect(page.locator("#gantt")).not_to_contain_text("Создание кластера")
    expect(page.get_by_test_id("other-years")).to_contain_text("Ещё 1 пункт в другие годы")
    outer = box.bounding_box()
    grid = page.locator("#gantt .grid-background").bounding_box()
    assert outer and grid and grid["width"] >= outer["width"] - 4  # the grid fills its box
    for index in range(4):
        for part in (bars.nth(index).locator(".bar"), labels.nth(index)):
            inner = part.bounding_box()
            assert inner and _inside(inner, outer), (index, inner, outer)

    page.goto(f"{live_server}/strategy?year=2025")
    expect(page.locator("#gantt")).to_contain_text("Создание кластера")

    page.get_by_role("link", name="Календарь").first.click()
    expect(page.get_by_test_id("month-title")).to_have_text("Май 2025")
    expect(page.get_by_test_id("calendar-grid")).to_contain_text("Команда возможностей")
    screenshot(page, tmp_path, "events-demo", backend)
