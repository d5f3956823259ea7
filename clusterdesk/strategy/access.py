"""Strategy permissions: managers write; a member submits their organisation's values; reads are open."""

from __future__ import annotations

from clusterdesk.auth.models import Role, User
from clusterdesk.auth.permissions import require_manager, require_organization_editor, require_user
from clusterdesk.strategy.schemas import KpiValueCreate


def may_manage(user: User | None) -> User:
    return require_manager(user, "изменять программу развития, дорожную карту и показатели")


def value_for_user(user: User | None, data: KpiValueCreate) -> tuple[User, KpiValueCreate]:
    """A member's value is their organisation's contribution; anyone else needs a managing role."""
    user = require_user(user)
    if user.role == Role.member and data.organization_id is None and user.organization_id is not None:
        data = data.model_copy(update={"organization_id": user.organization_id})
    if data.organization_id is None:
        return may_manage(user), data
    action = "вносить факт показателя за эту организацию"
    return require_organization_editor(user, {data.organization_id}, action), data


def may_change_value(user: User | None, organization_id: int | None) -> User:
    if organization_id is None:
        return may_manage(user)
    return require_organization_editor(user, {organization_id}, "изменять факт показателя этой организации")
