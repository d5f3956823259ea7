"""HTML form handling: the one form flow (``submit_form``), and a form turned into a model or messages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from clusterdesk.errors import (
    AuthenticationError,
    DomainError,
    FieldProblem,
    PermissionDeniedError,
    ValidationFailed,
)
from clusterdesk.labels import field_label
from clusterdesk.russian import RUSSIAN_MESSAGES, parse_day
from clusterdesk.web.filters import base_type

M = TypeVar("M", bound=BaseModel)


def _message(error: Any) -> str:
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return RUSSIAN_MESSAGES.get(error["type"], str(error["msg"]))


def field_messages(exc: ValidationError) -> dict[str, str]:
    messages: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "__all__"
        messages.setdefault(field, _message(error))
    return messages


def _russian_dates(model: type[BaseModel], data: dict[str, Any]) -> dict[str, str]:
    """A form's date fields as a Russian reader types them (дд.мм.гггг, ISO accepted) -> dates in ``data``;
    a wrong one -> its Russian message («нет такой даты»)."""
    problems = {}
    for name, field in model.model_fields.items():
        raw = data.get(name)
        if base_type(field.annotation) is not date or not isinstance(raw, str) or not raw.strip():
            continue
        try:
            data[name] = parse_day(raw.strip())
        except ValueError as exc:
            problems[name] = f"{exc}: «{raw.strip()[:40]}»"
    return problems


def parse(model: type[M], data: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """A form's fields -> the model, or a Russian message per field."""
    data = dict(data)
    problems = _russian_dates(model, data)
    try:
        parsed = model(**data)
    except ValidationError as exc:
        return None, {**field_messages(exc), **problems}
    return (None, problems) if problems else (parsed, {})


def parse_or_raise(model: type[M], data: Mapping[str, Any], what: str = "") -> M:
    """Small inline forms without a page of their own: invalid input is a 422 error page naming the fields."""
    parsed, errors = parse(model, dict(data))
    if parsed is None:
        prefix = f"{what}: " if what else ""
        problems = [FieldProblem(k, v) for k, v in errors.items()]
        raise ValidationFailed(
            problems, prefix + "; ".join(f"{field_label(None, k)}: {v}" for k, v in errors.items())
        )
    return parsed


ShowForm = Callable[[dict[str, str], int], Response]


def submit_form(
    *,
    session: Session,
    model: type[M],
    values: Mapping[str, Any],
    save: Callable[[M], str],
    show: ShowForm,
    confirm: Callable[[M], Response | None] | None = None,
) -> Response:
    """The form flow of every page: parse → call the service → redirect (303) to where ``save`` says.

    Invalid input re-renders the form (``show(errors, 422)``) with a Russian message per field; a DomainError
    from ``save`` rolls the transaction back and re-renders the form with its message (per field for a
    ValidationFailed, else under «__all__») and its status (422, 409 for a stale version, ...), so nothing
    of a failed write is committed. A permission or login error is not about the input: the error page.
    ``confirm(data)`` may answer instead of saving (a «возможно, это …» question before a create).
    """
    data, errors = parse(model, dict(values))
    if data is None:
        return show(errors, 422)
    question = confirm(data) if confirm is not None else None
    if question is not None:
        return question
    try:
        target = save(data)
    except (PermissionDeniedError, AuthenticationError):
        raise  # not a problem with the input: the error page, as for any other request
    except DomainError as exc:
        session.rollback()
        return show(_messages_of(exc, model), exc.status_code)
    return RedirectResponse(target, status_code=303)


def _messages_of(exc: DomainError, model: type[BaseModel]) -> dict[str, str]:
    """A service's problems with the form's own fields go next to them; anything else above the form."""
    if not isinstance(exc, ValidationFailed) or not exc.problems:
        return {"__all__": exc.message}
    messages: dict[str, str] = {}
    other = []
    for problem in exc.problems:
        if problem.row is None and problem.field in model.model_fields:
            messages.setdefault(problem.field, problem.message)
        else:
            other.append(str(problem))
    if other:
        messages["__all__"] = "; ".join(other)
    return messages


def split_lines(value: str | None) -> list[str]:
    """Textarea or comma-separated lists: one item a line, or separated by «;»."""
    if not value:
        return []
    return [part.strip() for line in value.splitlines() for part in line.split(";") if part.strip()]


async def check_same_origin(request: Request) -> None:
    """Refuse cross-site form posts (the session cookie is SameSite=Lax; this is the second lock).
    Async: no I/O, so a page does not hop to a worker thread for it."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        expected = f"{request.url.scheme}://{request.url.netloc}"
        if origin != expected:
            raise PermissionDeniedError("Запрос отправлен с другого сайта и отклонён")
