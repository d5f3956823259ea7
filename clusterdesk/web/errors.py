"""Map domain errors to HTTP answers with the message a user can act on."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from clusterdesk.errors import AuthenticationError, DomainError, ValidationFailed


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def domain_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    if not _is_api(request) and isinstance(exc, AuthenticationError):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    body: dict[str, object] = {"detail": exc.message}
    if isinstance(exc, ValidationFailed):
        body["problems"] = [{"row": p.row, "field": p.field, "message": p.message} for p in exc.problems]
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, AuthenticationError) else None
    if not _is_api(request):
        from clusterdesk.web.templating import render

        return render(request, "error.html", {"error": exc, "user": None}, status_code=exc.status_code)
    return JSONResponse(body, status_code=exc.status_code, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, domain_error_handler)
