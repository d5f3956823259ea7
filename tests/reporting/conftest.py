"""A small industrial cluster with four participants, a member user for two of them, and a campaign helper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.auth.models import Role, User
from clusterdesk.auth.security import issue_token
from clusterdesk.registry.models import (
    Cluster,
    ClusterKind,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
)
from tests.conftest import TEST_SECRET, Accounts

PERIOD = "2025"
INDICATORS = ["revenue", "industrial_output", "output_to_participants", "headcount", "special_territory"]


@dataclass
class World:
    cluster: Cluster
    orgs: list[Organization]  # [0] is accounts.member_org (user «member-user»), [1] has «member-b»
    headers: Callable[[str], dict[str, str]]  # role name or «member-b»
    authority: Organization


def organization(session: Session, name: str, inn: str | None = None) -> Organization:
    org = Organization(
        short_name=name,
        name=name,
        kind=OrganizationKind.enterprise,
        inn=inn,
        okved2=[],
        aliases=[],
        search_text=f" {name.lower()} ",
    )
    session.add(org)
    session.flush()
    return org


@pytest.fixture
def world(session: Session, accounts: Accounts, password_hash: str) -> World:
    cluster = Cluster(name="Промышленный кластер БАС", kind=ClusterKind.industrial)
    session.add(cluster)
    session.flush()
    orgs = [
        accounts.member_org,
        organization(session, "ООО «Бета»", "7017000012"),
        organization(session, "АО «Гамма»"),
        organization(session, "ООО «Дельта»"),
    ]
    authority = organization(session, "Департамент промышленности")
    for org in orgs:
        session.add(Membership(cluster_id=cluster.id, organization_id=org.id, role=MembershipRole.member))
    session.add(
        Membership(cluster_id=cluster.id, organization_id=authority.id, role=MembershipRole.authority)
    )
    member_b = User(
        username="member-b",
        password_hash=password_hash,
        role=Role.member,
        is_active=True,
        organization_id=orgs[1].id,
    )
    session.add(member_b)
    session.commit()

    def headers(who: str) -> dict[str, str]:
        if who == "member-b":
            token = issue_token(user_id=member_b.id, secret_key=TEST_SECRET, ttl_minutes=10)
            return {"Authorization": f"Bearer {token}"}
        return accounts.headers(who)

    return World(cluster=cluster, orgs=orgs, headers=headers, authority=authority)


def open_campaign(client: TestClient, world: World, **extra: object) -> dict:
    body = {
        "cluster_id": world.cluster.id,
        "period": PERIOD,
        "indicators": INDICATORS,
        "deadline": "2026-03-31",
    }
    response = client.post(
        "/api/v1/reporting/campaigns", json={**body, **extra}, headers=world.headers("manager")
    )
    assert response.status_code == 201, response.text
    return response.json()


def forms_by_org(client: TestClient, world: World, campaign_id: int) -> dict[int, dict]:
    response = client.get(
        f"/api/v1/reporting/campaigns/{campaign_id}/submissions", headers=world.headers("manager")
    )
    assert response.status_code == 200, response.text
    return {s["organization_id"]: s for s in response.json()["items"]}
