"""Who may do what. Anonymous users read public pages; writes need a role that allows them."""

from __future__ import annotations

from clusterdesk.audit.service import Actor
from clusterdesk.auth.models import Role, User
from clusterdesk.errors import AuthenticationError, PermissionDeniedError

MANAGING_ROLES = frozenset({Role.admin, Role.manager})
READ_ALL_ROLES = frozenset({Role.admin, Role.manager, Role.analyst})
# The analyst reads everything and changes nothing (README); web/security.py also refuses it globally.
READ_ONLY_ROLES = frozenset({Role.analyst})


def actor_of(user: User | None) -> Actor:
    return Actor(id=user.id, name=user.username) if user else Actor(id=None, name="anonymous")


def require_user(user: User | None) -> User:
    if user is None:
        raise AuthenticationError("Требуется вход в систему")
    return user


def require_writer(user: User | None, action: str = "изменять данные") -> User:
    """Any signed-in user whose role may change data (every role but the read-only analyst)."""
    user = require_user(user)
    if user.role in READ_ONLY_ROLES:
        raise PermissionDeniedError(f"Роль «{user.role.value}» только для чтения: нельзя {action}")
    return user


def require_role(user: User | None, roles: frozenset[Role], action: str) -> User:
    user = require_user(user)
    if user.role not in roles:
        raise PermissionDeniedError(f"Роль «{user.role.value}» не позволяет: {action}")
    return user


def require_manager(user: User | None, action: str) -> User:
    return require_role(user, MANAGING_ROLES, action)


def require_reader_of_all(user: User | None, action: str) -> User:
    return require_role(user, READ_ALL_ROLES, action)


def require_organization_editor(user: User | None, organization_ids: set[int], action: str) -> User:
    """Managers edit anything; a member only what belongs to their own organisation."""
    user = require_user(user)
    if user.role in MANAGING_ROLES:
        return user
    if (
        user.role == Role.member
        and user.organization_id is not None
        and user.organization_id in organization_ids
    ):
        return user
    raise PermissionDeniedError(
        f"Нет прав: {action} (доступно менеджерам кластера и представителю организации)"
    )


def can_edit_organization(user: User | None, organization_id: int) -> bool:
    try:
        require_organization_editor(user, {organization_id}, "")
    except (AuthenticationError, PermissionDeniedError):
        return False
    return True
