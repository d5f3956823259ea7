"""One filter definition per list, shared by the UI list, the API and the exports."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, or_, select

from clusterdesk.projects.models import (
    Capability,
    Need,
    NeedKind,
    NeedStatus,
    Project,
    ProjectParticipant,
    ProjectStatus,
    SupplyLink,
)
from clusterdesk.registry.models import Membership


def _members_of(cluster_id: int) -> Select:
    return select(Membership.organization_id).where(
        Membership.cluster_id == cluster_id, Membership.until.is_(None)
    )


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class ProjectFilter:
    q: str | None = None
    organization_id: int | None = None
    cluster_id: int | None = None
    status: ProjectStatus | None = None

    def apply(self, query: Select) -> Select:
        if self.q:
            query = query.where(Project.title.ilike(f"%{_escape_like(self.q)}%", escape="\\"))
        if self.organization_id is not None:
            takes_part = select(ProjectParticipant.project_id).where(
                ProjectParticipant.organization_id == self.organization_id
            )
            query = query.where(
                or_(Project.lead_organization_id == self.organization_id, Project.id.in_(takes_part))
            )
        if self.cluster_id is not None:
            member_projects = select(ProjectParticipant.project_id).where(
                ProjectParticipant.organization_id.in_(_members_of(self.cluster_id))
            )
            query = query.where(or_(Project.cluster_id == self.cluster_id, Project.id.in_(member_projects)))
        if self.status is not None:
            query = query.where(Project.status == self.status)
        return query


@dataclass(frozen=True)
class NeedFilter:
    organization_id: int | None = None
    project_id: int | None = None
    cluster_id: int | None = None
    status: NeedStatus | None = None
    kind: NeedKind | None = None

    def apply(self, query: Select) -> Select:
        if self.organization_id is not None:
            query = query.where(Need.organization_id == self.organization_id)
        if self.project_id is not None:
            query = query.where(Need.project_id == self.project_id)
        if self.cluster_id is not None:
            members = _members_of(self.cluster_id)
            member_projects = select(ProjectParticipant.project_id).where(
                ProjectParticipant.organization_id.in_(members)
            )
            query = query.where(
                or_(
                    Need.cluster_id == self.cluster_id,
                    Need.organization_id.in_(members),
                    Need.project_id.in_(member_projects),
                )
            )
        if self.status is not None:
            query = query.where(Need.status == self.status)
        if self.kind is not None:
            query = query.where(Need.kind == self.kind)
        return query


@dataclass(frozen=True)
class CapabilityFilter:
    q: str | None = None
    organization_id: int | None = None
    cluster_id: int | None = None

    def apply(self, query: Select) -> Select:
        if self.q:
            query = query.where(Capability.name.ilike(f"%{_escape_like(self.q)}%", escape="\\"))
        if self.organization_id is not None:
            query = query.where(Capability.organization_id == self.organization_id)
        if self.cluster_id is not None:
            query = query.where(Capability.organization_id.in_(_members_of(self.cluster_id)))
        return query


@dataclass(frozen=True)
class SupplyLinkFilter:
    organization_id: int | None = None

    def apply(self, query: Select) -> Select:
        if self.organization_id is not None:
            query = query.where(
                or_(
                    SupplyLink.supplier_id == self.organization_id,
                    SupplyLink.consumer_id == self.organization_id,
                )
            )
        return query
