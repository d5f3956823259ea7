"""The «joint_projects» KPI: projects of two or more members under way in the year."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.projects import service
from clusterdesk.projects.schemas import ParticipantIn, ProjectCreate
from clusterdesk.registry.models import (
    Cluster,
    ClusterKind,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
)
from clusterdesk.strategy.indicators import all_indicators, compute


def _org(session: Session, name: str) -> Organization:
    org = Organization(short_name=name, name=name, kind=OrganizationKind.enterprise, okved2=[], aliases=[])
    session.add(org)
    session.flush()
    return org


def _project(
    session: Session, title: str, lead: int, partner: int, role: str = "partner", **fields: object
) -> None:
    data = ProjectCreate(
        title=title,
        lead_organization_id=lead,
        participants=[ParticipantIn(organization_id=partner, role=role)],
        **fields,
    )
    service.create_project(session=session, actor=SYSTEM, data=data)


def test_joint_projects_counts_member_pairs_in_the_year(session: Session) -> None:
    cluster = Cluster(name="Тестовый кластер", kind=ClusterKind.industrial)
    session.add(cluster)
    a, b, outsider, late = (
        _org(session, "А"),
        _org(session, "Б"),
        _org(session, "Вне"),
        _org(session, "Поздний"),
    )
    session.flush()
    for org, since in ((a, None), (b, date(2024, 3, 1)), (late, date(2026, 1, 1))):
        session.add(
            Membership(cluster_id=cluster.id, organization_id=org.id, role=MembershipRole.member, since=since)
        )
    session.flush()
    _project(session, "Совместный", a.id, b.id, status="active", start_date=date(2024, 5, 1))
    _project(session, "С внешним", a.id, outsider.id, status="active")
    _project(session, "Только представлен", a.id, b.id, role="presenter", status="active")
    _project(session, "Заявка", a.id, b.id, status="proposed")
    _project(session, "С поздним", a.id, late.id, status="completed", end_date=date(2026, 6, 1))
    assert "joint_projects" in all_indicators()
    assert compute("joint_projects", session=session, cluster_id=cluster.id, year=2025) == 1.0
    assert compute("joint_projects", session=session, cluster_id=cluster.id, year=2023) == 0.0  # not started
    assert compute("joint_projects", session=session, cluster_id=cluster.id, year=2026) == 2.0
