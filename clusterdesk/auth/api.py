"""Token login for the API, and the caller's own profile."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from clusterdesk.auth import service, throttle
from clusterdesk.auth.permissions import require_user
from clusterdesk.auth.schemas import Token, UserRead
from clusterdesk.auth.security import issue_token
from clusterdesk.web.deps import ApiUser, SessionDep, SettingsDep
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1/auth", tags=["auth"])


@router.post("/token", response_model=Token)
def login_for_token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Token:
    user = service.authenticate(
        session=session,
        username=form.username,
        password=form.password,
        throttle=throttle.for_app(request.app.state),
        address=request.client.host if request.client else "",
    )
    token = issue_token(
        user_id=user.id, secret_key=settings.secret_key, ttl_minutes=settings.token_ttl_minutes
    )
    return Token(access_token=token)


@router.get("/me", response_model=UserRead)
def read_me(user: ApiUser) -> UserRead:
    return UserRead.model_validate(require_user(user))
