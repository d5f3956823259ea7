"""Request-scoped dependencies: the transaction, the settings and the current user.

Transaction policy: one transaction per request, committed when the handler answers below 400 and rolled back
when it answers 400 or more (a form page re-rendered with 422 or 409) or raises. ``TransactionRoute`` is the
route class of every router: it sees the handler's response before the session dependency closes and marks a
failed answer, so a handler that caught a DomainError never commits what its failed flush left behind.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from fastapi.routing import APIRoute
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from clusterdesk.auth import service as auth_service
from clusterdesk.auth.models import User
from clusterdesk.auth.security import read_token
from clusterdesk.config import Settings
from clusterdesk.errors import AuthenticationError

SESSION_COOKIE = "clusterdesk_session"
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


FAILED = "clusterdesk_failed_response"


class TransactionRoute(APIRoute):
    """Marks the request when its handler answers with a status of 400 or more (see the module docstring)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def marking_handler(request: Request) -> Response:
            response = await handler(request)
            if response.status_code >= 400:
                setattr(request.state, FAILED, True)
            return response

        return marking_handler


def end_transaction(session: Session, request: Request) -> None:
    """Commit what the request did, unless its handler answered with a status of 400 or more."""
    if getattr(request.state, FAILED, False):
        session.rollback()
    else:
        session.commit()


def _finish(session: Session, request: Request, *, failed: bool) -> None:
    """End the request's transaction (rolled back when ``failed``) and give the connection back."""
    try:
        if failed:
            session.rollback()
        else:
            end_transaction(session, request)
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed on success, rolled back on an error answer or exception.

    An async dependency: opening a session reads nothing, so the request does not hop to a worker thread for
    it; the end (commit or rollback, then close) is one hop, shielded so that a client that went away never
    leaves a connection checked out.
    """
    session: Session = request.app.state.session_factory()
    try:
        yield session
    except BaseException:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(_finish, session, request, failed=True)
        raise
    with anyio.CancelScope(shield=True):
        await run_in_threadpool(_finish, session, request, failed=False)


# scope="function": commit before the response is sent, so a redirect never outruns its own write
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def _user_from_token(session: Session, settings: Settings, token: str) -> User:
    user = auth_service.get(session=session, user_id=read_token(token, secret_key=settings.secret_key))
    if user is None or not user.is_active:
        raise AuthenticationError("Учётная запись не найдена или отключена")
    return user


async def get_api_user(
    session: SessionDep, settings: SettingsDep, token: str | None = Depends(oauth2_scheme)
) -> User | None:
    """The bearer token's user, or None for anonymous reads; a bad token is 401, never anonymous."""
    if not token:
        return None  # anonymous: no query, no hop to a worker thread
    return await run_in_threadpool(_user_from_token, session, settings, token)


def _web_user(session: Session, settings: Settings, token: str) -> User | None:
    try:
        return _user_from_token(session, settings, token)
    except AuthenticationError:
        return None


async def get_web_user(request: Request, session: SessionDep, settings: SettingsDep) -> User | None:
    """The session cookie's user; an expired cookie simply means anonymous on web pages."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return await run_in_threadpool(_web_user, session, settings, token)


ApiUser = Annotated[User | None, Depends(get_api_user)]
WebUser = Annotated[User | None, Depends(get_web_user)]
