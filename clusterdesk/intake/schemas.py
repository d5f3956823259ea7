"""Shapes of the sources API and forms."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clusterdesk.intake.models import SourceKind
from clusterdesk.types import DbId, HttpUrlText, InputModel

Interval = Annotated[int, Field(ge=1, le=7 * 24 * 60, description="Период опроса, минут")]
SourceName = Annotated[str, Field(max_length=300, description="По умолчанию — имя сайта")]
SourceUrl = Annotated[
    HttpUrlText, Field(description="Адрес ленты, страницы-списка, карты сайта или страницы")
]


class _SourceFields(InputModel):
    """Control characters and out-of-range numbers are refused by InputModel, addresses by HttpUrlText."""

    @field_validator("name", check_fields=False)
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return value.strip() or None if value else None

    @field_validator("cluster_ids", check_fields=False)
    @classmethod
    def _clusters(cls, value: list[int] | None) -> list[int] | None:
        return None if value is None else sorted(set(value))


class SourceCreate(_SourceFields):
    url: SourceUrl
    kind: SourceKind = SourceKind.feed
    name: SourceName | None = None
    interval_minutes: Interval = 60
    is_active: bool = True
    cluster_ids: list[DbId] = Field(default_factory=list, description="Кластеры, которым служит источник")


class SourceUpdate(_SourceFields):
    url: SourceUrl | None = None
    kind: SourceKind | None = None
    name: SourceName | None = None
    interval_minutes: Interval | None = None
    is_active: bool | None = None
    cluster_ids: list[DbId] | None = None
    version: int | None = Field(
        default=None, ge=0, le=2**31 - 1, description="Версия, которую прочитал клиент"
    )


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


class NewsByText(InputModel):
    """News pasted in the browser (``text`` may hold line breaks, the title may not)."""

    text: Annotated[str, Field(min_length=20, max_length=2_000_000)]
    title: Annotated[str, Field(max_length=1000)] | None = None
    published: date | None = None


class NewsByUrl(InputModel):
    url: HttpUrlText
