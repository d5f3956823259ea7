"""Shapes of the sources API and forms."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clusterdesk.intake.models import SourceKind

Interval = Annotated[int, Field(ge=1, le=7 * 24 * 60, description="Период опроса, минут")]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_url(value: str | None) -> str | None:
    """An absolute http(s) address with a host; anything else is refused in Russian."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise ValueError("укажите адрес источника")
    if len(value) > 2000:
        raise ValueError("адрес длиннее 2000 символов")
    if _CONTROL.search(value) or " " in value:
        raise ValueError("адрес не может содержать пробелы и управляющие символы")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 — raises on a port that is not a number
    except ValueError as exc:
        raise ValueError("неверный адрес: пример — https://tsu.ru/news/") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("адрес должен начинаться с http:// или https:// (например, https://tsu.ru/news/)")
    if not parts.hostname or ("." not in parts.hostname and parts.hostname != "localhost"):
        raise ValueError("в адресе нет имени сайта (например, https://tsu.ru/news/)")
    return value


def check_text(value: str | None) -> str | None:
    if value is not None and _CONTROL.search(value):
        raise ValueError("текст содержит управляющие символы")
    return value


class _Checked(BaseModel):
    @field_validator("url", check_fields=False)
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return check_url(value)

    @field_validator("name", check_fields=False)
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return check_text(value.strip() if value else value) or None

    @field_validator("cluster_ids", check_fields=False)
    @classmethod
    def _clusters(cls, value: list[int] | None) -> list[int] | None:
        if value is None:
            return None
        if any(not 0 < v < 2**31 for v in value):
            raise ValueError("номер кластера вне допустимого диапазона")
        return sorted(set(value))


class SourceCreate(_Checked):
    url: str = Field(description="Адрес ленты, страницы-списка, карты сайта или страницы")
    kind: SourceKind = SourceKind.feed
    name: str | None = Field(default=None, max_length=300, description="По умолчанию — имя сайта")
    interval_minutes: Interval = 60
    is_active: bool = True
    cluster_ids: list[int] = Field(default_factory=list, description="Кластеры, которым служит источник")


class SourceUpdate(_Checked):
    url: str | None = None
    kind: SourceKind | None = None
    name: str | None = Field(default=None, max_length=300)
    interval_minutes: Interval | None = None
    is_active: bool | None = None
    cluster_ids: list[int] | None = None
    version: int | None = Field(default=None, description="Версия, которую прочитал клиент")


class SourceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    name: str
    url: str
    kind: SourceKind
    interval_minutes: int
    is_active: bool
    cluster_ids: list[int]
    health: str
    next_run_at: datetime
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    failures: int
    items_seen: int
    items_new: int
    busy: bool = Field(description="Источник сейчас загружает обработчик")


class SourcePage(BaseModel):
    items: list[SourceRead]
    total: int


class CheckResult(BaseModel):
    source_id: int
    ok: bool
    not_modified: bool
    seen: int
    new: int
    duplicates: int
    documents: int
    error: str | None
    article_errors: list[str]
    message: str


class NewsByText(BaseModel):
    """News pasted in the browser."""

    text: Annotated[str, Field(min_length=20, max_length=2_000_000)]
    title: str | None = Field(default=None, max_length=1000)
    published: date | None = None

    @field_validator("text", "title")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return check_text(value)


class NewsByUrl(BaseModel):
    url: str

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        checked = check_url(value)
        assert checked is not None
        return checked
