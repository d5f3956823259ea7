"""Request-scoped dependencies: the transaction, the settings and the current user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from clusterdesk.auth import service as auth_service
from clusterdesk.auth.models import User
from clusterdesk.auth.security import read_token
from clusterdesk.config import Settings
from clusterdesk.errors import AuthenticationError

SESSION_COOKIE = "clusterdesk_session"
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on any error."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function": commit before the response is sent, so a redirect never outruns its own write
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def _user_from_token(session: Session, settings: Settings, token: str) -> User:
    user = auth_service.get(session=session, user_id=read_token(token, secret_key=settings.secret_key))
    if user is None or not user.is_active:
        raise AuthenticationError("Учётная запись не найдена или отключена")
    return user


def get_api_user(
    session: SessionDep, settings: SettingsDep, token: str | None = Depends(oauth2_scheme)
) -> User | None:
    """The bearer token's user, or None for anonymous reads; a bad token is 401, never anonymous."""
    return _user_from_token(session, settings, token) if token else None


def get_web_user(request: Request, session: SessionDep, settings: SettingsDep) -> User | None:
    """The session cookie's user; an expired cookie simply means anonymous on web pages."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        return _user_from_token(session, settings, token)
    except AuthenticationError:
        return None


ApiUser = Annotated[User | None, Depends(get_api_user)]
WebUser = Annotated[User | None, Depends(get_web_user)]
