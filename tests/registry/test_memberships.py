"""Membership from the web forms on both databases: set on the new-organisation form, changed and ended
on the cluster page with a date and a reason, every step audited; bad input is a Russian 4xx."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.registry.models import Cluster, ClusterKind, Membership, MembershipRole, Organization
from tests.conftest import PASSWORD, Accounts


def _login(client: TestClient) -> None:
    response = client.post(
        "/login", data={"username": "manager-user", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303


def test_membership_set_on_the_form_then_role_changed_and_ended_with_a_reason(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    cluster = Cluster(name="Томский инновационный кластер", kind=ClusterKind.innovation)
    session.add(cluster)
    session.commit()
    _login(client)
    fields = client.get("/registry/membership-fields")
    assert fields.status_code == 200 and "Томский инновационный кластер" in fields.text
    created = client.post(
        "/organizations/new",
        data={
            "short_name": "Сибирские сенсоры",
            "name": "ООО «Сибирские сенсоры»",
            "kind": "enterprise",
            "cluster_id": str(cluster.id),
            "member_role": "anchor",
            "member_since": "2026-03-01",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    org = session.scalar(select(Organization).where(Organization.short_name == "Сибирские сенсоры"))
    assert org is not None
    membership = session.scalar(select(Membership).where(Membership.organization_id == org.id))
    assert membership is not None and membership.role == MembershipRole.anchor
    assert membership.since == date(2026, 3, 1)

    changed = client.post(
        f"/memberships/{membership.id}/role",
        data={"role": "member", "version": str(membership.version)},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    session.refresh(membership)
    assert membership.role == MembershipRole.member
    too_early = client.post(f"/memberships/{membership.id}/end", data={"until": "2020-01-01"})
    assert too_early.status_code == 422 and "раньше даты вступления" in too_early.text
    ended = client.post(
        f"/memberships/{membership.id}/end",
        data={"until": "2026-12-01", "end_reason": "по заявлению", "version": str(membership.version)},
        follow_redirects=False,
    )
    assert ended.status_code == 303
    session.refresh(membership)
    assert membership.until == date(2026, 12, 1) and membership.end_reason == "по заявлению"
    page = client.get(f"/clusters/{cluster.id}")
    assert 'data-testid="member"' not in page.text  # no longer a current member
    audit = session.scalars(
        select(ChangeRecord)
        .where(ChangeRecord.entity_type == "membership", ChangeRecord.entity_id == membership.id)
        .order_by(ChangeRecord.id)  # PostgreSQL returns an unordered select in any order
    ).all()
    assert [r.action for r in audit] == ["create", "update", "update"]
    assert audit[-1].after["end_reason"] == "по заявлению"  # type: ignore[index]
    again = client.post(f"/memberships/{membership.id}/end", data={"until": "2026-12-02"})
    assert again.status_code == 409 and "уже завершено" in again.text


def test_bad_membership_input_on_the_form_stores_nothing(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _login(client)
    response = client.post(
        "/organizations/new",
        data={"short_name": "Фирма", "name": "ООО «Фирма»", "kind": "enterprise", "cluster_id": "999999"},
    )
    assert response.status_code == 404 and "Кластер #999999" in response.text
    assert session.scalar(select(Organization).where(Organization.short_name == "Фирма")) is None
    wrong_date = client.post(
        "/organizations/new",
        data={
            "short_name": "Фирма",
            "name": "ООО «Фирма»",
            "kind": "enterprise",
            "cluster_id": "1",
            "member_since": "вчера",
        },
    )
    assert wrong_date.status_code in (404, 422)
    assert client.post("/memberships/1/end", data={"until": "x"}).status_code in (404, 422)
