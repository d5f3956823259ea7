"""Accepted values feed a strategy KPI: the sum over members, each share with «представлено: …» evidence."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.reporting.conftest import World, forms_by_org, open_campaign


def _kpi(client: TestClient, world: World) -> int:
    headers = world.headers("manager")
    program = client.post(
        "/api/v1/programs",
        json={"cluster_id": world.cluster.id, "title": "Программа", "first_year": 2025, "last_year": 2030},
        headers=headers,
    ).json()
    kpi = client.post(
        "/api/v1/kpis",
        json={
            "program_id": program["id"],
            "code": "revenue",
            "name": "Выручка участников",
            "unit": "тыс. руб.",
        },
        headers=headers,
    )
    assert kpi.status_code == 201, kpi.text
    return kpi.json()["id"]


def _accept(client: TestClient, world: World, form: dict, who: str, revenue: float) -> None:
    path = f"/api/v1/reporting/submissions/{form['id']}"
    values = {"revenue": revenue, "industrial_output": 1, "headcount": 1, "special_territory": 0}
    assert (
        client.patch(
            path, json={"values": values, "version": form["version"]}, headers=world.headers(who)
        ).status_code
        == 200
    )
    assert client.post(f"{path}/submit", headers=world.headers(who)).status_code == 200
    assert client.post(f"{path}/accept", headers=world.headers("manager")).status_code == 200


def test_kpi_fed_by_revenue_shows_the_sum_with_evidence(client: TestClient, world: World) -> None:
    kpi_id = _kpi(client, world)
    campaign = open_campaign(client, world)
    forms = forms_by_org(client, world, campaign["id"])
    _accept(
        client, world, forms[world.orgs[0].id], "member", 1000
    )  # accepted before the link: fed on linking
    feed = client.post(
        "/api/v1/reporting/kpi-feeds",
        json={"kpi_id": kpi_id, "indicator": "revenue"},
        headers=world.headers("manager"),
    )
    assert feed.status_code == 201, feed.text
    _accept(client, world, forms[world.orgs[1].id], "member-b", 500.5)
    values = client.get(f"/api/v1/kpis/{kpi_id}/values", headers=world.headers("manager")).json()
    items = values["items"] if isinstance(values, dict) else values
    assert sorted(v["value"] for v in items) == [500.5, 1000]
    notes = sorted(v["evidence"]["note"] for v in items)
    assert notes[0].startswith("представлено: АО «Тестовая фирма», member-user, ")
    assert notes[1].startswith("представлено: ООО «Бета», member-b, ")
    status = client.get(f"/api/v1/clusters/{world.cluster.id}/kpi-status", params={"year": 2025}).json()
    row = next(r for r in status if r["code"] == "revenue")
    assert row["fact"] == 1500.5 and "представлено: ООО «Бета»" in row["evidence"]
    # returned after acceptance: its share leaves the KPI
    path = f"/api/v1/reporting/submissions/{forms[world.orgs[1].id]['id']}/return"
    assert (
        client.post(path, json={"comment": "Ошибка в выручке"}, headers=world.headers("manager")).status_code
        == 200
    )
    status = client.get(f"/api/v1/clusters/{world.cluster.id}/kpi-status", params={"year": 2025}).json()
    assert next(r for r in status if r["code"] == "revenue")["fact"] == 1000


def test_feed_refuses_unknown_indicator_and_twice(client: TestClient, world: World) -> None:
    kpi_id = _kpi(client, world)
    headers = world.headers("manager")
    bad = client.post(
        "/api/v1/reporting/kpi-feeds", json={"kpi_id": kpi_id, "indicator": "nope"}, headers=headers
    )
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "indicator"
    assert (
        client.post(
            "/api/v1/reporting/kpi-feeds", json={"kpi_id": kpi_id, "indicator": "revenue"}, headers=headers
        ).status_code
        == 201
    )
    again = client.post(
        "/api/v1/reporting/kpi-feeds", json={"kpi_id": kpi_id, "indicator": "export"}, headers=headers
    )
    assert again.status_code == 409
    member = client.post(
        "/api/v1/reporting/kpi-feeds",
        json={"kpi_id": kpi_id, "indicator": "revenue"},
        headers=world.headers("member"),
    )
    assert member.status_code == 403
