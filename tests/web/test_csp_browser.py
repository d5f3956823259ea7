"""Every page under the Content-Security-Policy in real Chromium: no console error and no page error on the
menu pages and the pages with charts (ECharts), graphs (Cytoscape), the Gantt chart (Frappe Gantt), htmx
search and the Swagger UI; a stored ``javascript:`` address shown as text; a Russian 404 in the layout with
the signed-in user."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from sqlalchemy import select

from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.registry.models import Cluster, Organization
from tests.conftest import login_in_browser

pytestmark = pytest.mark.browser


def _watch(page: Page) -> list[str]:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"{page.url}: console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: page error: {error}"))
    return problems


def test_every_page_runs_under_the_csp_without_console_errors(
    live_server: str, page: Page, scratch_url: str
) -> None:
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as db:
        org_id = db.scalars(select(Organization.id).order_by(Organization.id)).first()
        cluster_id = db.scalars(select(Cluster.id).order_by(Cluster.id)).first()
    engine.dispose()
    problems = _watch(page)
    login_in_browser(page, live_server)
    menu = page.locator("nav.menu a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(menu) >= 10
    pages = [*menu, f"/organizations/{org_id}", f"/clusters/{cluster_id}", f"/clusters/{cluster_id}/graph"]
    for path in dict.fromkeys(pages):
        response = page.goto(f"{live_server}{path}")
        assert response is not None and response.status == 200, path
        assert "content-security-policy" in response.headers
        page.wait_for_load_state("networkidle")
    # htmx live search sends its request (and the CSRF header) under the CSP
    page.goto(f"{live_server}/organizations")
    page.get_by_label("Поиск по названию").fill("Томск")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server}/docs")
    expect(page.locator(".swagger-ui .info")).to_contain_text("ClusterDesk API")
    assert not problems, "\n".join(problems)


def test_charts_actually_draw_under_the_csp(live_server: str, page: Page) -> None:
    problems = _watch(page)
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/strategy")
    page.wait_for_load_state("networkidle")
    assert page.locator("canvas, svg").count() > 0  # ECharts canvases, the Gantt's SVG
    assert not problems, "\n".join(problems)


def test_stored_javascript_url_is_text_and_404_is_russian_in_the_layout(
    live_server: str, page: Page, scratch_url: str
) -> None:
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as db:
        org = db.scalars(select(Organization).order_by(Organization.id)).first()
        org.website = "javascript:alert(document.domain)"
        org_id = org.id
    engine.dispose()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/organizations/{org_id}")
    expect(page.locator("main")).to_contain_text("javascript:alert(document.domain)")
    assert page.locator("a[href^='javascript:']").count() == 0
    page.get_by_text("javascript:alert(document.domain)").click()
    assert dialogs == []

    response = page.goto(f"{live_server}/no-such-page")
    assert response is not None and response.status == 404
    expect(page.locator("main h2")).to_have_text("Не найдено")
    expect(page.locator("main")).to_contain_text("Страница не найдена")
    expect(page.get_by_role("banner")).to_contain_text("manager · менеджер кластера")
    response = page.goto(f"{live_server}/organizations/999999")
    assert response is not None and response.status == 404
    expect(page.locator("main")).to_contain_text("Организация #999999 не найдена")
