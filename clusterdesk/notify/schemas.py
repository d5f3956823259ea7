from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from clusterdesk.notify.models import DeliveryStatus, Frequency, TargetType


class SubscriptionCreate(BaseModel):
    target_type: TargetType
    target: int | str = Field(
        description="id организации, кластера или человека; текст ключевого слова; вид факта"
    )
    frequency: Frequency = Frequency.daily


class RecipientEmail(BaseModel):
    """The address for digests; empty stops the e-mails (the service checks the address itself)."""

    email: str = Field("", max_length=320)


class SubscriptionUpdate(BaseModel):
    frequency: Frequency | None = None
    version: int | None = None


class SubscriptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    target_type: TargetType
    target: int | str
    target_label: str = Field(description="Что отслеживается, по-русски")
    frequency: Frequency
    feed_url: str | None = Field(None, description="Atom-лента этой подписки (секретная ссылка)")
    version: int


class ActivityLineRead(BaseModel):
    key: str
    kind: str
    at: datetime
    text: str
    url: str
    attention: bool
    unread: bool


class ActivityRead(BaseModel):
    since: datetime
    until: datetime
    items: list[ActivityLineRead]


class WebhookCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    url: str = Field(min_length=1, max_length=2000, description="http(s)-адрес получателя")
    secret: str = Field(min_length=8, max_length=200, description="Секрет для подписи HMAC-SHA256")
    events: list[str] = Field(min_length=1, max_length=500)
    enabled: bool = True


class WebhookUpdate(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=200)
    url: str | None = Field(None, min_length=1, max_length=2000)
    secret: str | None = Field(None, min_length=8, max_length=200)
    events: list[str] | None = Field(None, min_length=1, max_length=500)
    enabled: bool | None = None
    version: int | None = None


class WebhookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    url: str
    events: list[str]
    enabled: bool
    version: int


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    webhook_id: int
    event: str
    event_key: str
    payload: dict[str, Any]
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
