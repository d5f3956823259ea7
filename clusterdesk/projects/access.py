"""Who may write projects, needs, capabilities and supply links: managers anything, members their own."""

from __future__ import annotations

from sqlalchemy.orm import Session

from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import require_manager, require_organization_editor
from clusterdesk.projects.models import Need, Project


def project_organizations(project: Project) -> set[int]:
    orgs = {p.organization_id for p in project.participants}
    if project.lead_organization_id is not None:
        orgs.add(project.lead_organization_id)
    return orgs


def may_create_project(user: User | None, organization_ids: set[int]) -> User:
    if not organization_ids:
        return require_manager(user, "создавать проекты без своей организации")
    return require_organization_editor(user, organization_ids, "создавать проекты чужих организаций")


def may_write_project(user: User | None, project: Project) -> User:
    return require_organization_editor(user, project_organizations(project), "изменять этот проект")


def may_write_need_of(
    session: Session, user: User | None, organization_id: int | None, project_id: int | None
) -> User:
    if organization_id is not None:
        return require_organization_editor(user, {organization_id}, "изменять потребности этой организации")
    if project_id is not None:
        project = session.get(Project, project_id)
        orgs = project_organizations(project) if project else set()
        return require_organization_editor(user, orgs, "изменять потребности этого проекта")
    return require_manager(user, "изменять потребности кластера в целом")


def may_write_need(session: Session, user: User | None, need: Need) -> User:
    return may_write_need_of(session, user, need.organization_id, need.project_id)


def may_write_capability(user: User | None, organization_id: int) -> User:
    return require_organization_editor(user, {organization_id}, "изменять возможности этой организации")


def may_write_supply_link(user: User | None, supplier_id: int, consumer_id: int) -> User:
    return require_organization_editor(
        user, {supplier_id, consumer_id}, "изменять связи поставок чужих организаций"
    )
