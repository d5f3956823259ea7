"""Defences every page shares: security headers with a nonce-based CSP, the CSRF token of a browser session,
safe redirect targets, a refusal of control characters in addresses, and SQLite's write intent per request.

The CSP allows scripts only from our own origin plus inline ``<script nonce>`` blocks the templates mark with
``csp_nonce()``; no inline event handlers (``onclick=`` …) — behaviour lives in /static/clusterdesk.js.
Styles allow 'unsafe-inline': the templates and the chart libraries (ECharts, Frappe Gantt, Swagger UI) set
style attributes, and a style cannot run script.

CSRF: a random token in a SameSite=Lax, HttpOnly cookie (double submit); every HTML form carries it in the
hidden field ``csrf_token`` (``csrf_field()`` in templates) and htmx sends it as the ``X-CSRF-Token`` header.
A form post without it, with a foreign ``Origin`` or with ``Origin: null`` is refused (403). The JSON API is
exempt: it accepts only a bearer header, which a foreign site cannot make a browser send.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote, urlsplit

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from markupsafe import Markup
from sqlalchemy.orm import Session

from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import READ_ONLY_ROLES
from clusterdesk.auth.security import read_token
from clusterdesk.db import write_intent
from clusterdesk.errors import AuthenticationError, PermissionDeniedError
from clusterdesk.types import bad_character
from clusterdesk.web.deps import SESSION_COOKIE, SessionDep

CSRF_COOKIE = "clusterdesk_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _cookie_token(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, token = part.strip().partition("=")
                if key == CSRF_COOKIE and 20 <= len(token) <= 100 and token.isascii():
                    return token
    return None


class SecurityMiddleware:
    """Pure ASGI (so it wraps error pages too): per-request CSP nonce and CSRF token, security headers,
    SQLite write intent for unsafe methods, and a 422 for control characters in the address."""

    def __init__(self, app: ASGIApp, *, secure_cookies: bool = False) -> None:
        self.app = app
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        existing = _cookie_token(scope)
        token = existing or secrets.token_urlsafe(32)
        state = scope.setdefault("state", {})
        state["csp_nonce"] = nonce
        state["csrf_token"] = token
        state["csrf_cookie_present"] = existing is not None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = {
                    b"content-security-policy": content_security_policy(nonce).encode(),
                    b"x-frame-options": b"DENY",
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"same-origin",
                    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
                }
                headers += [(name, value) for name, value in extra.items() if name not in names]
                if existing is None:
                    cookie = f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"
                    if self.secure_cookies:
                        cookie += "; Secure"
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        address = unquote(scope.get("path", "")) + unquote(scope.get("query_string", b"").decode("latin-1"))
        if bad_character(address, multiline=False):
            await self._refuse(scope, receive, send_with_headers)
            return
        intent = write_intent.set(scope.get("method", "GET") in UNSAFE_METHODS)
        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            write_intent.reset(intent)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        from clusterdesk.web.errors import error_response

        request = Request(scope, receive)
        response = error_response(request, 422, "Адрес запроса содержит недопустимый (управляющий) символ")
        await response(scope, receive, send)


def csrf_token(request: Request) -> str:
    return request.state.csrf_token


def csrf_field(request: Request) -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, csrf_token(request))


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return True  # browsers send Origin on cross-site posts; its absence is an old client or a tool
    return origin == f"{request.url.scheme}://{request.url.netloc}"  # «null» (sandboxed frame) is foreign


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: a state-changing request to a page must come from our own page."""
    if request.method not in UNSAFE_METHODS or request.url.path.startswith("/api/"):
        return
    if not _same_origin(request):
        raise PermissionDeniedError("Запрос отправлен с другого сайта и отклонён")
    expected = request.state.csrf_token if request.state.csrf_cookie_present else None
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    if not expected or not given or not hmac.compare_digest(expected.encode(), given.encode()):
        raise PermissionDeniedError(
            "Форма устарела или отправлена не со страницы ClusterDesk: обновите страницу и повторите"
        )


def safe_next(target: str | None, default: str = "/") -> str:
    """A redirect target only if it is a path on this site: «/news?page=2» yes; «//evil.example»,
    «/\\evil.example», «https://evil.example», «javascript:…» no."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if bad_character(target, multiline=False) or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


SIGN_IN_PATHS = frozenset({"/login", "/logout", "/api/v1/auth/token"})


async def read_only_roles(request: Request, session: SessionDep) -> None:
    """App-wide dependency: a read-only role (the analyst) changes nothing anywhere, whatever a route's own
    check says — a second lock behind each domain's permissions (tests/web/test_role_matrix.py). A read
    answers at once, without a hop to a worker thread."""
    if request.method not in UNSAFE_METHODS or request.url.path in SIGN_IN_PATHS:
        return
    await run_in_threadpool(_refuse_read_only_roles, request, session)


def _refuse_read_only_roles(request: Request, session: Session) -> None:
    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else request.cookies.get(SESSION_COOKIE)
    if not token:
        return
    try:
        user_id = read_token(token, secret_key=request.app.state.settings.secret_key)
    except AuthenticationError:
        return  # the route's own dependency answers 401 (API) or treats the page as anonymous
    user = session.get(User, user_id)
    role = user.role if user is not None else None
    if role in READ_ONLY_ROLES:
        raise PermissionDeniedError(f"Роль «{role.value}» только для чтения: изменения недоступны")
