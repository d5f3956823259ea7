"""Registry write permissions, shared by the API, the web views and imports."""

from __future__ import annotations

from sqlalchemy.orm import Session

from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import require_manager, require_organization_editor, require_writer
from clusterdesk.registry import service


def may_write_organization(user: User | None, organization_id: int | None) -> User:
    if organization_id is None:
        return require_manager(user, "создавать и удалять организации")
    return require_organization_editor(user, {organization_id}, "изменять эту организацию")


def may_create_person(user: User | None) -> User:
    return require_writer(user, "добавлять людей")


def may_write_person(session: Session, user: User | None, person_id: int) -> User:
    orgs = service.person_organization_ids(session=session, person_id=person_id)
    return require_organization_editor(user, orgs, "изменять этого человека")


def may_write_post(user: User | None, organization_id: int) -> User:
    return require_organization_editor(user, {organization_id}, "изменять должности в этой организации")


def may_write_cluster(user: User | None) -> User:
    return require_manager(user, "изменять кластеры и членство в них")
