"""Reported supply flows become weighted edges of the cooperation graph (amounts, not counts)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.projects.graph import cooperation_graph
from clusterdesk.reporting.flows import reported_flows
from tests.reporting.conftest import World, forms_by_org, open_campaign


def test_accepted_forms_add_weighted_supply_edges(client: TestClient, world: World, session: Session) -> None:
    campaign = open_campaign(client, world)
    forms = forms_by_org(client, world, campaign["id"])
    a, b, c, _d = world.orgs
    values = {"revenue": 1, "industrial_output": 1, "headcount": 1, "special_territory": 0}
    reports = (
        (a, "member", [{"organization_id": b.id, "sales": 300}, {"organization_id": c.id, "purchases": 40}]),
        (b, "member-b", [{"organization_id": a.id, "purchases": 250}]),  # the same flow, seen by the buyer
    )
    for org, who, counterparties in reports:
        path = f"/api/v1/reporting/submissions/{forms[org.id]['id']}"
        body = {"values": values, "counterparties": counterparties, "version": 1}
        assert client.patch(path, json=body, headers=world.headers(who)).status_code == 200
        client.post(f"{path}/submit", headers=world.headers(who))
    assert reported_flows(session=session, cluster_id=world.cluster.id) == []  # nothing accepted yet
    for org, _who, _c in reports:
        client.post(
            f"/api/v1/reporting/submissions/{forms[org.id]['id']}/accept", headers=world.headers("manager")
        )
    assert reported_flows(session=session, cluster_id=world.cluster.id) == [
        (a.id, b.id, 300.0),
        (c.id, a.id, 40.0),
    ]
    graph = cooperation_graph(session=session, cluster_id=world.cluster.id)
    supply = {(e.source, e.target): e.weight for e in graph.edges if e.kind == "reported_supply"}
    assert supply == {(a.id, b.id): 300.0, (c.id, a.id): 40.0}
    assert world.orgs[3].id in graph.isolated and a.id not in graph.isolated
