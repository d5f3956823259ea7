"""Users: create, authenticate, bootstrap the first admin."""

from __future__ import annotations

import secrets
from functools import cache

from sqlalchemy import column, select, table
from sqlalchemy.orm import Session

from clusterdesk import labels
from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.auth.models import Role, User
from clusterdesk.auth.schemas import UserCreate
from clusterdesk.auth.security import hash_password, verify_password
from clusterdesk.auth.throttle import LoginThrottle
from clusterdesk.errors import (
    AuthenticationError,
    ConflictError,
    FieldProblem,
    NotFoundError,
    ValidationFailed,
)


def _organization_exists(session: Session, organization_id: int) -> bool:
    """Through the user's foreign key, so that auth (below the domains) does not import the registry."""
    if not 0 < organization_id <= writes.MAX_ID:
        return False
    [key] = User.__table__.c.organization_id.foreign_keys
    table_name, column_name = key.target_fullname.split(".")
    target = table(table_name, column(column_name)).c[column_name]
    return session.scalar(select(target).where(target == organization_id)) is not None


def get(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_by_username(*, session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def get_all(*, session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def create(*, session: Session, actor: Actor, data: UserCreate) -> User:
    if get_by_username(session=session, username=data.username):
        raise ConflictError(f"Пользователь «{data.username}» уже существует")
    if data.role == Role.member and data.organization_id is None:
        raise ValidationFailed(
            [FieldProblem("organization_id", "для роли member укажите организацию (--org ID)")]
        )
    if data.organization_id is not None and not _organization_exists(session, data.organization_id):
        raise NotFoundError(labels.not_found("organization", data.organization_id))
    user = User(
        username=data.username,
        full_name=data.full_name,
        password_hash=hash_password(data.password),
        role=data.role,
        organization_id=data.organization_id,
        is_active=True,
    )
    return writes.create(session=session, actor=actor, obj=user, label="Пользователь")


@cache
def _dummy_hash() -> str:
    """A real argon2 hash to verify against when the username is unknown, so that the answer takes as long
    as for a known one and timing does not tell which usernames exist."""
    return hash_password(secrets.token_urlsafe(16))


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    throttle: LoginThrottle | None = None,
    address: str = "",
) -> User:
    """The user with this password; throttled (429) after repeated failures for the name or the address."""
    if throttle is not None:
        throttle.check(username, address)
    user = get_by_username(session=session, username=username)
    matches = verify_password(password, user.password_hash if user is not None else _dummy_hash())
    if user is None or not user.is_active or not matches:
        if throttle is not None:
            throttle.failed(username, address)
        raise AuthenticationError("Неверное имя пользователя или пароль")
    if throttle is not None:
        throttle.succeeded(username)
    return user


def ensure_admin(*, session: Session, username: str, password: str) -> User:
    """Create the bootstrap admin once; an existing account is left as it is.

    Built without ``UserCreate`` so that the documented local default password («admin») is accepted;
    settings refuse that default outside local use.
    """
    existing = get_by_username(session=session, username=username)
    if existing is not None:
        return existing
    user = User(username=username, password_hash=hash_password(password), role=Role.admin, is_active=True)
    return writes.create(
        session=session, actor=Actor(id=None, name="bootstrap"), obj=user, label="Пользователь"
    )
