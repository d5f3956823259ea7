"""The cooperation graph endpoint: nodes with degree and betweenness, edges, isolated members, communities."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.projects import service
from clusterdesk.projects.schemas import ParticipantIn, ProjectCreate, SupplyLinkCreate
from clusterdesk.registry.models import (
    Cluster,
    ClusterKind,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
)


def test_graph_shape_centrality_isolated_and_communities(client: TestClient, session: Session) -> None:
    cluster = Cluster(name="Кластер", kind=ClusterKind.industrial)
    session.add(cluster)
    orgs = {}
    for name, kind in (
        ("Хаб", "university"),
        ("А", "enterprise"),
        ("Б", "enterprise"),
        ("В", "enterprise"),
        ("Один", "enterprise"),
    ):
        orgs[name] = Organization(
            short_name=name, name=name, kind=OrganizationKind(kind), okved2=[], aliases=[]
        )
        session.add(orgs[name])
    session.flush()
    for org in orgs.values():
        session.add(Membership(cluster_id=cluster.id, organization_id=org.id, role=MembershipRole.member))
    outside = Organization(
        short_name="Внешний", name="Внешний", kind=OrganizationKind.investor, okved2=[], aliases=[]
    )
    session.add(outside)
    session.flush()
    hub = orgs["Хаб"].id
    for name in ("А", "Б"):
        data = ProjectCreate(
            title=f"Проект {name}",
            lead_organization_id=hub,
            participants=[ParticipantIn(organization_id=orgs[name].id)],
        )
        service.create_project(session=session, actor=SYSTEM, data=data)
    service.create_supply_link(
        session=session,
        actor=SYSTEM,
        data=SupplyLinkCreate(supplier_id=orgs["В"].id, consumer_id=hub, kind="trains_for"),
    )
    service.create_project(
        session=session,
        actor=SYSTEM,
        data=ProjectCreate(
            title="Инвестпроект",
            lead_organization_id=orgs["А"].id,
            participants=[ParticipantIn(organization_id=outside.id, role="investor")],
        ),
    )
    response = client.get(f"/api/v1/clusters/{cluster.id}/graph")
    assert response.status_code == 200
    graph = response.json()
    nodes = {n["name"]: n for n in graph["nodes"]}
    assert set(nodes) == {"Хаб", "А", "Б", "В", "Один", "Внешний"}
    assert nodes["Хаб"]["degree"] == 3 and nodes["Хаб"]["kind"] == "university"
    assert nodes["Хаб"]["betweenness"] == max(n["betweenness"] for n in graph["nodes"]) > 0
    assert nodes["Внешний"]["member"] is False
    assert graph["isolated"] == [orgs["Один"].id]
    kinds = {(e["source"], e["target"], e["kind"]) for e in graph["edges"]}
    assert (orgs["В"].id, hub, "trains_for") in kinds
    assert all(set(e) == {"source", "target", "kind", "weight"} for e in graph["edges"])
    in_communities = {org_id for community in graph["communities"] for org_id in community}
    assert hub in in_communities and orgs["Один"].id not in in_communities
    assert client.get("/api/v1/clusters/999999/graph").status_code == 404
    assert client.get(f"/clusters/{cluster.id}/graph").status_code == 200


def test_agreements_are_edges_of_the_graph(client: TestClient, session: Session) -> None:
    from clusterdesk.events.agreements import create_agreement
    from clusterdesk.events.schemas import AgreementCreate

    cluster = Cluster(name="Кластер соглашений", kind=ClusterKind.innovation)
    session.add(cluster)
    university = Organization(
        short_name="Вуз", name="Вуз", kind=OrganizationKind.university, okved2=[], aliases=[]
    )
    company = Organization(
        short_name="Фирма", name="Фирма", kind=OrganizationKind.enterprise, okved2=[], aliases=[]
    )
    session.add_all([university, company])
    session.flush()
    for org in (university, company):
        session.add(Membership(cluster_id=cluster.id, organization_id=org.id, role=MembershipRole.member))
    session.commit()
    before = client.get(f"/api/v1/clusters/{cluster.id}/graph").json()
    assert before["edges"] == []
    create_agreement(
        session=session,
        actor=SYSTEM,
        data=AgreementCreate(
            party_ids=[university.id, company.id], kind="education", subject="Образовательные программы"
        ),
    )
    session.commit()
    graph = client.get(f"/api/v1/clusters/{cluster.id}/graph").json()
    assert graph["edges"] == [
        {"source": university.id, "target": company.id, "kind": "agreement", "weight": 1.0}
    ]
    assert {n["id"]: n["degree"] for n in graph["nodes"]} == {university.id: 1, company.id: 1}
