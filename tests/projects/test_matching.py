"""Acceptance: with the demo data plus clearly-marked test members, the lidar maker ranks first with reasons;
a need nobody meets is a chain gap until a member adds a matching capability.

The seeds do not say which company makes lidars, so the lidar maker here is a test organisation.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.projects import demo as projects_demo
from clusterdesk.projects import documents, matching, service
from clusterdesk.projects.models import Need
from clusterdesk.projects.schemas import CapabilityCreate, NeedCreate
from clusterdesk.registry import demo as registry_demo
from clusterdesk.registry.models import Cluster, Membership, MembershipRole, Organization, OrganizationKind
from tests.conftest import Accounts

TEST_MEMBERS = {
    "ООО «Тест-Лидар» (тестовые данные)": ("Производство лидаров для беспилотников", "26.51"),
    "ООО «Тест-Связь» (тестовые данные)": ("Спутниковые модемы и антенны для связи", "26.30"),
    "ООО «Тест-Агро» (тестовые данные)": ("Ремонт сельскохозяйственной техники", "33.12"),
}


@pytest.fixture
def cluster(session: Session, accounts: Accounts) -> Cluster:
    registry_demo.load_demo(session=session)
    projects_demo.load_demo(session=session)
    found = session.scalar(select(Cluster).where(Cluster.name == registry_demo.INDUSTRIAL))
    assert found is not None
    for name, (capability, code) in TEST_MEMBERS.items():
        org = Organization(
            short_name=name, name=name, kind=OrganizationKind.enterprise, okved2=[], aliases=[]
        )
        session.add(org)
        session.flush()
        session.add(Membership(cluster_id=found.id, organization_id=org.id, role=MembershipRole.member))
        data = CapabilityCreate(organization_id=org.id, name=capability, okved2=code)
        service.create_capability(session=session, actor=SYSTEM, data=data)
    session.add(
        Membership(cluster_id=found.id, organization_id=accounts.member_org.id, role=MembershipRole.member)
    )
    session.flush()
    return found


def test_lidar_need_ranks_the_lidar_maker_first_with_reasons(
    client: TestClient, accounts: Accounts, cluster: Cluster
) -> None:
    need = client.post(
        "/api/v1/needs",
        json={
            "organization_id": accounts.member_org.id,
            "kind": "component",
            "description": "лидарные датчики для БПЛА",
        },
        headers=accounts.headers("member"),
    )
    assert need.status_code == 201, need.text
    response = client.get(f"/api/v1/needs/{need.json()['id']}/matches", params={"limit": 10})
    assert response.status_code == 200
    matches = response.json()
    assert matches[0]["name"] == "ООО «Тест-Лидар» (тестовые данные)"
    assert set(matches[0]) >= {"organization_id", "name", "score", "reasons"}
    reasons = " | ".join(matches[0]["reasons"])
    assert "«Производство лидаров для беспилотников»" in reasons
    assert "лидар" in reasons and "беспилотник" in reasons  # lemma + abbreviation БПЛА -> беспилотник
    assert "участник кластера" in reasons
    assert all(m["score"] <= matches[0]["score"] for m in matches if m["member"])
    assert accounts.member_org.id not in {m["organization_id"] for m in matches}  # never the need's owner


def test_members_come_before_the_rest_of_the_registry(session: Session, cluster: Cluster) -> None:
    outsider = Organization(
        short_name="АО «Внешний лидар» (тест)",
        name="x",
        kind=OrganizationKind.enterprise,
        okved2=[],
        aliases=[],
    )
    session.add(outsider)
    session.flush()
    service.create_capability(
        session=session,
        actor=SYSTEM,
        data=CapabilityCreate(organization_id=outsider.id, name="Лидарные датчики для БПЛА и дронов"),
    )
    member = session.scalar(select(Organization).where(Organization.short_name.like("ООО «Тест-Агро»%")))
    assert member is not None
    need = service.create_need(
        session=session,
        actor=SYSTEM,
        data=NeedCreate(organization_id=member.id, kind="component", description="лидарные датчики для БПЛА"),
    )
    found = matching.matches_for_need(session=session, need_id=need.id, limit=10)
    flags = [m.member for m in found]
    assert flags == sorted(flags, reverse=True)  # members first
    outside = next(m for m in found if m.organization_id == outsider.id)
    assert not outside.member and outside.score > found[0].score  # the better outsider still comes after


def test_gap_appears_and_disappears_once_a_member_can_meet_it(
    client: TestClient, accounts: Accounts, cluster: Cluster, session: Session
) -> None:
    member = accounts.member_org
    need = client.post(
        "/api/v1/needs",
        json={
            "organization_id": member.id,
            "kind": "equipment",
            "description": "Криогенная вакуумная камера для термовакуумных испытаний",
        },
        headers=accounts.headers("member"),
    ).json()
    gaps = client.get(f"/api/v1/clusters/{cluster.id}/gaps")
    assert gaps.status_code == 200
    assert need["id"] in {g["need_id"] for g in gaps.json()}
    research = next(g for g in gaps.json() if g["kind"] == "equipment" and g["owner"] == "кластер в целом")
    assert "научной инфраструктуры" in research["description"]  # the demo need: no member meets it either

    maker_id = session.scalar(
        select(Organization.id).where(Organization.short_name == next(iter(TEST_MEMBERS)))
    )
    added = client.post(
        "/api/v1/capabilities",
        json={
            "organization_id": maker_id,
            "name": "Изготовление криогенных вакуумных камер",
            "description": "Камеры для термовакуумных испытаний",
            "okved2": "28.29",
        },
        headers=accounts.headers("manager"),
    )
    assert added.status_code == 201, added.text
    after = client.get(f"/api/v1/clusters/{cluster.id}/gaps").json()
    assert need["id"] not in {g["need_id"] for g in after}


def test_matches_of_an_unknown_need_are_404(client: TestClient) -> None:
    assert client.get("/api/v1/needs/999999/matches").status_code == 404


def test_reasons_name_the_matching_document_in_russian_without_corpus_boilerplate(session: Session) -> None:
    """The demo as shipped: the need «научная инфраструктура» shares only meeting words («кластер»,
    «совещание», «источник») with the demo projects; words found in most capabilities and projects are no
    shared terms, and the reasons say which capability or project matched, in plain Russian (no model
    names or raw cosines)."""
    registry_demo.load_demo(session=session)
    projects_demo.load_demo(session=session)
    need_id = session.scalar(select(Need.id).where(Need.description == projects_demo.NEED))
    assert need_id is not None
    found = matching.matches_for_need(session=session, need_id=need_id, limit=10)
    assert found
    index, _ = documents.current_index(session=session)
    for word in ("кластер", "совещание", "источник"):
        assert index.is_common(word), word
    assert not index.is_common("беспилотник")  # a thesaurus concept: common here, still meaningful
    by_project = [m for m in found if "совпадает с проектом" in m.reasons[0]]
    assert len(by_project) == 4  # one project, four presenters: the tie is said, not left unexplained
    assert all("(общий для 4 организаций списка)" in m.reasons[0] for m in by_project)
    for match in found:
        text = " | ".join(match.reasons)
        assert re.match(r"совпадает с (возможностью|проектом|описанием организации) «[^»]+", text), text
        assert "общие понятия: источник" not in text and "совещание" not in text and "кластер," not in text
        assert "косинус" not in text and "e5" not in text
        assert re.search(r"близость текстов по смыслу \d+%", text), text
