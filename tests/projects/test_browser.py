"""The cooperation graph page, the projects list and a need's matches in real headless Chromium.

The demo data holds no cooperation edges beyond the joint presentation (the seeds name none), so the test adds
clearly-marked test data through the API: a lidar maker, a joint project with TUSUR and a lidar need.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import BROWSER_MANAGER, screenshot

pytestmark = pytest.mark.browser


def _api(page: Page, base: str, token: str, path: str, body: dict) -> dict:
    response = page.request.post(
        f"{base}/api/v1/{path}", data=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 201, response.text()
    return response.json()


def test_cluster_graph_need_matches_and_projects(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    username, password = BROWSER_MANAGER
    token = page.request.post(
        f"{live_server}/api/v1/auth/token", form={"username": username, "password": password}
    ).json()["access_token"]
    cluster = page.request.get(f"{live_server}/api/v1/clusters").json()["items"]
    industrial = next(c for c in cluster if c["kind"] == "industrial")
    tusur = page.request.get(f"{live_server}/api/v1/organizations", params={"q": "ТУСУР"}).json()["items"][0]
    maker = _api(
        page,
        live_server,
        token,
        "organizations",
        {
            "short_name": "ООО «Тест-Лидар» (тест)",
            "name": "ООО «Тест-Лидар» (тестовые данные)",
            "kind": "enterprise",
        },
    )
    _api(
        page,
        live_server,
        token,
        "memberships",
        {"cluster_id": industrial["id"], "organization_id": maker["id"]},
    )
    _api(
        page,
        live_server,
        token,
        "capabilities",
        {"organization_id": maker["id"], "name": "Производство лидаров для беспилотников", "okved2": "26.51"},
    )
    _api(
        page,
        live_server,
        token,
        "projects",
        {
            "title": "Тестовый проект: лидар для минитрактора",
            "lead_organization_id": maker["id"],
            "participants": [{"organization_id": tusur["id"], "role": "university"}],
            "trl": 5,
            "status": "active",
        },
    )
    need = _api(
        page,
        live_server,
        token,
        "needs",
        {"cluster_id": industrial["id"], "kind": "component", "description": "лидарные датчики для БПЛА"},
    )

    page.goto(f"{live_server}/cooperation")
    graph = page.get_by_test_id("graph")
    expect(graph).to_have_attribute("data-ready", "1", timeout=15000)
    # 6 demo members + the test maker, and ПАО «МТС», linked to ТУСУР by the demo agreement
    expect(page.get_by_test_id("node-count")).to_have_text("8")
    expect(page.get_by_test_id("isolated")).to_contain_text("Администрация Томской области")
    expect(page.get_by_test_id("isolated")).not_to_contain_text("ТУСУР")  # the joint test project links it
    expect(page.get_by_test_id("gaps")).to_contain_text("Научная инфраструктура")  # the demo need: a gap
    expect(page.get_by_test_id("gaps")).not_to_contain_text("лидарные датчики")  # the test maker meets it
    expect(page.get_by_test_id("central-row")).to_have_count(8)
    assert page.evaluate("window.cooperationGraph.nodes().length") == 8
    assert "agreement" in page.evaluate("window.cooperationGraph.edges().map(e => e.data('kind'))")
    screenshot(page, tmp_path, "projects-cluster-graph", backend)

    box = graph.bounding_box()
    assert box is not None
    position = page.evaluate(f"window.cooperationGraph.getElementById('{maker['id']}').renderedPosition()")
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_url(f"{live_server}/organizations/{maker['id']}")
    expect(page.locator("h1")).to_contain_text("Тест-Лидар")

    page.goto(f"{live_server}/needs/{need['id']}")
    first = page.get_by_test_id("match-row").first
    expect(first).to_contain_text("Тест-Лидар")
    expect(first).to_contain_text("общие понятия: беспилотник, лидар")
    screenshot(page, tmp_path, "projects-need-matches", backend)

    page.goto(f"{live_server}/projects")
    expect(page.get_by_test_id("project-row")).to_have_count(4)
    expect(page.locator("body")).to_contain_text("представил проект")
    screenshot(page, tmp_path, "projects-list", backend)
