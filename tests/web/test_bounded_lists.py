"""No JSON endpoint returns an unbounded list: every list (a top-level array, or a page object with ``items``)
takes a bounded ``page_size`` — or is on the short list below of lists bounded by what they list, each with
its reason. A new list endpoint without a bound fails here (issue 15: a store of a million mentions)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.config import Settings
from clusterdesk.web.app import create_app
from clusterdesk.web.query import MAX_PAGE_SIZE

# Lists whose length is bounded by what they list, not by the size of the store: a user's own settings, a
# catalogue shipped in a file, the children of one entity. Each entry names the reason.
BOUNDED_BY_WHAT_THEY_LIST = {
    "/api/v1/subscriptions": "one user's own subscriptions",
    "/api/v1/webhooks": "the installation's configured receivers (admin only)",
    "/api/v1/reporting/indicators": "the catalogue of indicators shipped in a file",
    "/api/v1/kpi-catalogue": "the catalogue of indicators shipped in a file",
    "/api/v1/computed-indicators": "the registered computed indicators (code, not data)",
    "/api/v1/reporting/kpi-feeds": "the configured indicator feeds",
    "/api/v1/kpis/{kpi_id}/targets": "one KPI's yearly targets",
    "/api/v1/kpis/{kpi_id}/values": "one KPI's yearly values",
    "/api/v1/clusters/{cluster_id}/kpi-status": "one cluster's KPIs",
    "/api/v1/programs": "development programmes: a few per cluster",
    "/api/v1/directions": "directions of the programmes: a few per programme",
    # ``items`` is a count here; every list in the answer is a top-10 (media/visibility.py TOP)
    "/api/v1/media/organizations/{organization_id}/visibility": "figures of one organisation, top-10 lists",
    "/api/v1/media/clusters/{cluster_id}/visibility": "figures of one cluster, top-10 lists",
    "/api/v1/media/stories/{story_id}": "the publications of one story (one happening)",
}


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _list_operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """GET operations answering JSON that is a list or a page of items."""
    found = {}
    for path, operations in spec["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        content = operation["responses"].get("200", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        if schema is None:
            continue
        body = _resolve(spec, schema)
        if body.get("type") == "array" or "items" in body.get("properties", {}):
            found[path] = operation
    return found


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('openapi') / 'spec.db'}"
    return create_app(Settings(environment="test", database_url=url)).openapi()


def test_every_list_endpoint_takes_a_bounded_page_size_or_is_bounded_by_what_it_lists(
    spec: dict[str, Any],
) -> None:
    lists = _list_operations(spec)
    assert "/api/v1/news" in lists and "/api/v1/facts" in lists  # the walk does find the lists
    unbounded = []
    for path, operation in lists.items():
        parameters = {p["name"]: p.get("schema", {}) for p in operation.get("parameters", [])}
        bound = parameters.get("page_size") or parameters.get("limit")  # a page, or the top N
        if bound is not None:
            assert bound.get("maximum", float("inf")) <= MAX_PAGE_SIZE, path
            assert bound.get("default", MAX_PAGE_SIZE) <= MAX_PAGE_SIZE, path
        elif path not in BOUNDED_BY_WHAT_THEY_LIST:
            unbounded.append(path)
    assert unbounded == []
    assert set(BOUNDED_BY_WHAT_THEY_LIST) <= set(lists), "names that are no lists now"


def test_a_page_larger_than_the_bound_is_refused_not_served(client: TestClient, session: Session) -> None:
    for path in ("/api/v1/news", "/api/v1/facts", "/api/v1/organizations", "/api/v1/review/mentions"):
        response = client.get(path, params={"page_size": MAX_PAGE_SIZE + 1})
        assert response.status_code in (401, 403, 422), path  # never a page of everything
        if response.status_code == 422:
            assert "page_size" in response.text
