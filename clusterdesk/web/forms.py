"""HTML form handling: turn a form into a Pydantic model, or into messages per field."""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from clusterdesk.errors import PermissionDeniedError

M = TypeVar("M", bound=BaseModel)


# Pydantic's own messages are English; the people who fill these forms read Russian.
RUSSIAN_MESSAGES = {
    "missing": "обязательное поле",
    "enum": "выберите значение из списка",
    "literal_error": "выберите значение из списка",
    "int_parsing": "введите целое число",
    "int_type": "введите целое число",
    "float_parsing": "введите число",
    "decimal_parsing": "введите число",
    "date_from_datetime_parsing": "дата в формате ДД.ММ.ГГГГ",
    "date_parsing": "дата в формате ДД.ММ.ГГГГ",
    "date_type": "дата в формате ДД.ММ.ГГГГ",
    "string_too_short": "слишком короткое значение",
    "string_too_long": "слишком длинное значение",
    "string_pattern_mismatch": "значение в неверном формате",
    "greater_than_equal": "значение меньше допустимого",
    "less_than_equal": "значение больше допустимого",
    "url_parsing": "неверный адрес",
}


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


def parse(model: type[M], data: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    try:
        return model(**data), {}
    except ValidationError as exc:
        return None, field_messages(exc)


def split_lines(value: str | None) -> list[str]:
    """Textarea or comma-separated lists: one item a line, or separated by «;»."""
    if not value:
        return []
    return [part.strip() for line in value.splitlines() for part in line.split(";") if part.strip()]


def check_same_origin(request: Request) -> None:
    """Refuse cross-site form posts (the session cookie is SameSite=Lax; this is the second lock)."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        expected = f"{request.url.scheme}://{request.url.netloc}"
        if origin != expected:
            raise PermissionDeniedError("Запрос отправлен с другого сайта и отклонён")
