"""Login and logout for the web UI: a signed token in an HttpOnly, SameSite=Lax cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from clusterdesk.auth import service, throttle
from clusterdesk.auth.security import issue_token
from clusterdesk.errors import AuthenticationError
from clusterdesk.web.deps import SESSION_COOKIE, SessionDep, SettingsDep, WebUser
from clusterdesk.web.routing import page_router
from clusterdesk.web.security import safe_next
from clusterdesk.web.templating import render

router = page_router()


@router.get("/login")
def login_page(request: Request, user: WebUser, next: str | None = None) -> Response:
    return render(request, "auth/login.html", {"user": user, "next": safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        user = service.authenticate(
            session=session,
            username=username,
            password=password,
            throttle=throttle.for_app(request.app.state),
            address=request.client.host if request.client else "",
        )
    except (AuthenticationError, throttle.TooManyAttemptsError) as exc:
        context = {"user": None, "next": safe_next(next), "error": exc.message, "username": username}
        return render(request, "auth/login.html", context, status_code=exc.status_code)
    token = issue_token(
        user_id=user.id, secret_key=settings.secret_key, ttl_minutes=settings.token_ttl_minutes
    )
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
        max_age=settings.token_ttl_minutes * 60,
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
