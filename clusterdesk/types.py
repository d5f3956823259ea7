"""Input types every domain's schemas share: text a database and a spreadsheet can store, http(s) links, and
integers that fit the columns (PostgreSQL ``integer`` is 32-bit; SQLite's is 64-bit).

This module is part of the core: it imports nothing from the domains. Messages are Russian, for the people who
fill the forms and for API clients alike.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlsplit

import idna
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, ValidationInfo, field_validator

INT4_MIN = -(2**31)
INT4_MAX = 2**31 - 1
INT8_MIN = -(2**63)
INT8_MAX = 2**63 - 1

# Line breaks and tabs are ordinary in descriptions and notes; everywhere else they are refused too.
MULTILINE_ALLOWED = frozenset("\t\n\r")
# Fields that hold several lines (descriptions, notes, pasted excerpts) under these names in any domain.
MULTILINE_FIELDS = frozenset(
    {
        "description",
        "note",
        "notes",
        "text",
        "excerpt",
        "comment",
        "expected_result",
        "actual_result",
        "evidence",
        "subject",
        "body",
        "content",
    }
)


# exactly the characters of Unicode categories Cc (C0, DEL, C1) and Cs (surrogates)
_CONTROL_OR_SURROGATE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def bad_character(value: str, *, multiline: bool) -> str | None:
    """A description of the first character that must not be stored, or None.

    Refused: NUL and every other control character (tab and line breaks only where several lines are allowed),
    and lone surrogates (UTF-8, hence PostgreSQL, cannot encode them).
    """
    if _CONTROL_OR_SURROGATE.search(value) is None:  # the usual case, in C: every stored text passes here
        return None
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc":
            if multiline and char in MULTILINE_ALLOWED:
                continue
            if char == "\x00":
                return "нулевой байт (NUL)"
            if char in MULTILINE_ALLOWED:
                return "перевод строки или табуляция (допустима одна строка)"
            return f"управляющий символ U+{ord(char):04X}"
        if category == "Cs":
            return f"недопустимый символ U+{ord(char):04X}"
    return None


def _single_line(value: str) -> str:
    problem = bad_character(value, multiline=False)
    if problem:
        raise ValueError(f"недопустимый символ: {problem}")
    return value


def _multi_line(value: str) -> str:
    problem = bad_character(value, multiline=True)
    if problem:
        raise ValueError(f"недопустимый символ: {problem}")
    return value


def Text(max_length: int, *, min_length: int = 0, multiline: bool = False) -> Any:
    """A string of at most the column's length with no control characters (``Text(300)``)."""
    check = _multi_line if multiline else _single_line
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(check)]


SafeText = Annotated[str, AfterValidator(_single_line)]
# Text(n) as names a type checker reads (a call is not a type annotation): the common column lengths.
Text100 = Annotated[str, Field(max_length=100), AfterValidator(_single_line)]
Text200 = Annotated[str, Field(max_length=200), AfterValidator(_single_line)]
LongText = Annotated[str, AfterValidator(_multi_line)]


def is_http_url(value: str | None) -> bool:
    """True for a well-formed absolute http(s) address with a host; anything else (javascript:, data:,
    relative paths, broken hosts such as ``http://[::1/`` or ``http://º/``) is not a link."""
    if not value or bad_character(value, multiline=False):
        return False
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError on a malformed port)
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not host:
        return False
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        idna.encode(host)  # strict IDNA 2008: «президент.рф» passes, «º» or «a b» do not
    except (idna.IDNAError, UnicodeError):
        return False
    return True


def _http_url(value: str) -> str:
    value = value.strip()
    if "://" not in value and ":" not in value.split("/", 1)[0] and "." in value.split("/", 1)[0]:
        value = "https://" + value  # «tusur.ru»: a bare site name is an https address
    if not is_http_url(value):
        raise ValueError(
            "нужен адрес вида https://… или http://… (другие схемы и неверные адреса не принимаются)"
        )
    return value


HttpUrlText = Annotated[str, Field(max_length=1000), AfterValidator(_http_url)]


def _blank_url_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


OptionalHttpUrl = Annotated[HttpUrlText | None, BeforeValidator(_blank_url_to_none)]

DbId = Annotated[int, Field(ge=1, le=INT4_MAX, description="Идентификатор записи")]
DbInt = Annotated[int, Field(ge=INT4_MIN, le=INT4_MAX)]
Count = Annotated[int, Field(ge=0, le=INT4_MAX)]
Year = Annotated[int, Field(ge=1900, le=2200)]
PageNumber = Annotated[int, Field(ge=1, le=1_000_000)]


def _check(value: Any, *, multiline: bool) -> None:
    if isinstance(value, str):
        problem = bad_character(value, multiline=multiline)
        if problem:
            raise ValueError(f"недопустимый символ: {problem}")
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not INT4_MIN <= value <= INT4_MAX:
            raise ValueError(f"число вне допустимого диапазона ({INT4_MIN}…{INT4_MAX})")
    elif isinstance(value, Decimal):
        if not value.is_finite() or abs(value) >= Decimal(10) ** 16:
            raise ValueError("число вне допустимого диапазона")
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check(item, multiline=multiline)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, multiline=False)
            _check(item, multiline=multiline)


class InputModel(BaseModel):
    """Base of every request body: no field anywhere may carry a control character (line breaks only in the
    multi-line fields named in MULTILINE_FIELDS) or an integer that does not fit a database ``integer``."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any, info: ValidationInfo) -> Any:
        _check(value, multiline=info.field_name in MULTILINE_FIELDS)
        return value
