"""Computed KPI indicators of the projects domain (registered in the strategy domain's registry)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from clusterdesk.indicators import indicator
from clusterdesk.projects.models import ParticipantRole, Project, ProjectStatus
from clusterdesk.registry.models import Membership

COUNTED_STATUSES = (ProjectStatus.active, ProjectStatus.completed, ProjectStatus.suspended)


def members_during(session: Session, cluster_id: int, year: int) -> set[int]:
    """Organisations that were members of the cluster at any time in ``year`` (open ends: always)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    query = select(Membership.organization_id).where(
        Membership.cluster_id == cluster_id,
        or_(Membership.since.is_(None), Membership.since <= end),
        or_(Membership.until.is_(None), Membership.until >= start),
    )
    return set(session.scalars(query))


@indicator("joint_projects", "Совместные проекты участников", "шт.")
def joint_projects(*, session: Session, cluster_id: int, year: int) -> float:
    """Projects under way in ``year`` (active, suspended or completed, dates overlapping the year) with two
    or more member organisations taking part; presenting a project at a meeting is not taking part."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    members = members_during(session, cluster_id, year)
    projects = session.scalars(
        select(Project)
        .where(
            Project.status.in_(COUNTED_STATUSES),
            or_(Project.start_date.is_(None), Project.start_date <= end),
            or_(Project.end_date.is_(None), Project.end_date >= start),
        )
        .options(selectinload(Project.participants))
    )
    count = 0
    for project in projects:
        taking_part = {p.organization_id for p in project.participants if p.role != ParticipantRole.presenter}
        if project.lead_organization_id is not None:
            taking_part.add(project.lead_organization_id)
        count += len(taking_part & members) >= 2
    return float(count)
