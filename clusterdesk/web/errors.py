"""Every error answer in Russian: domain errors with their own message, unknown addresses, wrong methods,
invalid parameters, values the database cannot hold — as JSON under /api/, as a page inside the layout (with
the signed-in user) everywhere else. No input should reach the 500 handler; if one does, the page is still
Russian and the traceback goes to the log, not to the user."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from clusterdesk.db import write_intent
from clusterdesk.errors import AuthenticationError, DomainError, ValidationFailed
from clusterdesk.russian import RUSSIAN_MESSAGES
from clusterdesk.types import INT4_MAX

log = logging.getLogger(__name__)

STATUS_MESSAGES = {
    400: "Неверный запрос",
    401: "Требуется вход в систему",
    403: "Недостаточно прав",
    404: "Страница не найдена: проверьте адрес",
    405: "Этот метод запроса здесь не поддерживается",
    406: "Запрошенный формат ответа не поддерживается",
    409: "Конфликт с уже сохранёнными данными",
    413: "Слишком большой запрос",
    415: "Неподдерживаемый тип содержимого",
    422: "Неверные данные запроса",
    429: "Слишком много запросов: подождите и повторите",
    500: "Внутренняя ошибка сервера. Мы уже знаем о ней из журнала; попробуйте позже.",
}
TITLES = {
    401: "Требуется вход",
    403: "Недостаточно прав",
    404: "Не найдено",
    405: "Метод не поддерживается",
    409: "Конфликт",
    422: "Неверные данные",
    429: "Слишком много попыток",
    500: "Ошибка сервера",
}
RECORD_NOT_FOUND = "Запись не найдена: нет объекта с таким номером"
OUT_OF_RANGE = "Число вне допустимого диапазона (не больше 2147483647)"


@dataclass(frozen=True)
class ErrorView:
    status_code: int
    message: str

    @property
    def title(self) -> str:
        return TITLES.get(self.status_code, "Ошибка")


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json"


def current_user(request: Request) -> Any:
    """The signed-in user for the layout of an error page (a fresh read-only session: the request's own
    session may be the one that failed)."""
    from clusterdesk.web.deps import SESSION_COOKIE, _user_from_token

    token = request.cookies.get(SESSION_COOKIE)
    factory = getattr(request.app.state, "session_factory", None)
    if not token or factory is None:
        return None
    reading = write_intent.set(False)  # a read: no SQLite write lock for the layout of an error page
    session = factory()
    try:
        user = _user_from_token(session, request.app.state.settings, token)
        session.expunge(user)
        return user
    except Exception:  # an expired cookie or an unreachable database: show the page as anonymous
        return None
    finally:
        session.close()
        write_intent.reset(reading)


def error_response(
    request: Request,
    status_code: int,
    message: str,
    *,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if is_api(request):
        return JSONResponse(body or {"detail": message}, status_code=status_code, headers=headers)
    from clusterdesk.web.templating import render

    context = {"error": ErrorView(status_code, message), "user": current_user(request)}
    response = render(request, "error.html", context, status_code=status_code)
    if headers:
        response.headers.update(headers)
    return response


async def domain_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    if not is_api(request) and isinstance(exc, AuthenticationError):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    body: dict[str, object] = {"detail": exc.message}
    if isinstance(exc, ValidationFailed):
        body["problems"] = [{"row": p.row, "field": p.field, "message": p.message} for p in exc.problems]
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, AuthenticationError) else None
    return error_response(request, exc.status_code, exc.message, body=body, headers=headers)


def _russian(error: dict[str, Any]) -> str:
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if error["type"] in ("greater_than_equal", "greater_than") and "ctx" in error:
        return f"значение должно быть не меньше {error['ctx'].get('ge', error['ctx'].get('gt'))}"
    if error["type"] in ("less_than_equal", "less_than") and "ctx" in error:
        return f"значение должно быть не больше {error['ctx'].get('le', error['ctx'].get('lt'))}"
    if error["type"] == "string_too_long" and "ctx" in error:
        return f"не длиннее {error['ctx'].get('max_length')} символов"
    return RUSSIAN_MESSAGES.get(error["type"], "неверное значение")


async def validation_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error["loc"] and error["loc"][0] == "path" for error in errors):
        # /organizations/3000000000 or /organizations/abc: no such record, whatever the reason
        return error_response(request, 404, RECORD_NOT_FOUND)
    detail = [{"loc": list(error["loc"]), "msg": _russian(error), "type": error["type"]} for error in errors]
    where = "; ".join(
        f"{'.'.join(str(part) for part in item['loc'][1:]) or item['loc'][0]}: {item['msg']}"
        for item in detail
    )
    return error_response(request, 422, f"Неверные данные запроса — {where}", body={"detail": detail})


async def http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else None
    # Starlette's own details are English («Not Found»); ours (raised by the application) are Russian
    russian = detail if detail and any("а" <= ch.lower() <= "я" for ch in detail) else None
    message = russian or STATUS_MESSAGES.get(exc.status_code, "Ошибка запроса")
    return error_response(request, exc.status_code, message, headers=getattr(exc, "headers", None))


def _path_id_out_of_range(request: Request) -> bool:
    """/organizations/3000000000: an id no integer column can hold names no record."""
    return any(
        isinstance(value, str) and value.isascii() and value.isdigit() and int(value) > INT4_MAX
        for value in request.path_params.values()
    )


async def data_error_handler(request: Request, exc: Exception) -> Response:
    """A value the database refused (a number out of range, an over-long text that slipped past the
    schemas): the client's mistake, 404 for an id in the address, else 422 — the schemas and the column
    guard in db.py should have said so first; the log keeps the database's words."""
    reason = str(getattr(exc, "orig", exc)).splitlines()[0]
    log.warning("database refused a value on %s %s: %s", request.method, request.url.path, reason)
    if _path_id_out_of_range(request):
        return error_response(request, 404, RECORD_NOT_FOUND)
    return error_response(request, 422, "Значение не подходит для хранения: " + OUT_OF_RANGE.lower())


async def integrity_error_handler(request: Request, exc: Exception) -> Response:
    log.warning("integrity error on %s %s: %s", request.method, request.url.path, exc)
    return error_response(
        request, 409, "Запись противоречит уже сохранённым данным (повтор или ссылка на удалённую запись)"
    )


async def overflow_handler(request: Request, exc: Exception) -> Response:
    if _path_id_out_of_range(request):
        return error_response(request, 404, RECORD_NOT_FOUND)
    return error_response(request, 422, OUT_OF_RANGE)


async def server_error_handler(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, STATUS_MESSAGES[500])


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, domain_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(DataError, data_error_handler)
    app.add_exception_handler(IntegrityError, integrity_error_handler)
    app.add_exception_handler(OverflowError, overflow_handler)
    app.add_exception_handler(Exception, server_error_handler)
