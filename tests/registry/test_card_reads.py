"""The organisation card reads its people and clusters in a fixed number of selects, whatever their number."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from clusterdesk.errors import NotFoundError
from clusterdesk.registry import service
from clusterdesk.registry.models import (
    Cluster,
    ClusterKind,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Person,
    Post,
)
from tests.news.test_read_paths import statements


def _organization(session: Session, people: int, clusters: int) -> int:
    kind = OrganizationKind.enterprise
    org = Organization(short_name=f"Орг {people}", name=f"ООО «Орг {people}»", kind=kind)
    session.add(org)
    session.flush()
    for number in range(people):
        person = Person(full_name=f"Иван Иванов {number}", surname="Иванов", first_name="Иван")
        session.add(Post(person=person, organization_id=org.id, title="инженер"))
    for number in range(clusters):
        cluster = Cluster(name=f"Кластер {people}-{number}", kind=ClusterKind.industrial)
        session.add(Membership(cluster=cluster, organization_id=org.id, role=MembershipRole.member))
    session.flush()
    session.expunge_all()
    return org.id


def _read_card(session: Session, organization_id: int) -> tuple[list[str], list[str]]:
    org = service.get_organization_card(session=session, organization_id=organization_id)
    return [p.person.full_name for p in org.posts], [m.cluster.name for m in org.memberships]


def test_the_cards_people_and_clusters_cost_the_same_selects_for_one_or_many(session: Session) -> None:
    small, large = _organization(session, 1, 1), _organization(session, 12, 4)
    with statements(session) as few:
        people, clusters = _read_card(session, small)
    assert people == ["Иван Иванов 0"] and clusters == ["Кластер 1-0"]
    session.expunge_all()
    with statements(session) as many:
        people, clusters = _read_card(session, large)
    assert sorted(people) == sorted(f"Иван Иванов {n}" for n in range(12)) and len(clusters) == 4
    assert len(many) == len(few) <= 6  # the 404 check, the organisation, posts, people, memberships, clusters


def test_a_card_of_an_organisation_not_stored_is_a_clear_404(session: Session) -> None:
    for missing in (10**6, 2**31, 0):
        with pytest.raises(NotFoundError, match="не найдена"):
            service.get_organization_card(session=session, organization_id=missing)
