from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ChangeRecordRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    request_id: str | None
    action: str
    entity_type: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    entity_label: str = Field("", description="Тип объекта по-русски, например «организация»")
    entity_name: str = Field("", description="Название объекта")
    url: str | None = Field(None, description="Страница объекта (нет, если объект удалён)")
    deleted: bool = Field(False, description="Объекта больше нет в базе")


class ChangeRecordPage(BaseModel):
    items: list[ChangeRecordRead]
    total: int
