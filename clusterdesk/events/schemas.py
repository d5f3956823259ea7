"""Shapes of the events and agreements API: ``XCreate``, ``XUpdate`` (optional + version), ``XRead``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from clusterdesk.events.models import AgreementKind, EventKind, ObligationStatus, ParticipantRole
from clusterdesk.types import InputModel, OptionalHttpUrl

Name = Annotated[str, Field(min_length=1, max_length=500)]


def _clean(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        if value.strip() and value.strip() not in out:
            out.append(value.strip())
    return out


class _Dates(InputModel):
    @model_validator(mode="after")
    def _end_not_before_start(self) -> _Dates:
        start, end = getattr(self, "start", None), getattr(self, "end", None)
        if start and end and end < start:
            raise ValueError("дата окончания (end) раньше даты начала (start)")
        return self


class ParticipantCreate(InputModel):
    organization_id: int | None = None
    person_id: int | None = None
    name: str | None = Field(default=None, max_length=500, description="Как назван в источнике")
    role: ParticipantRole = ParticipantRole.participant
    note: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _someone(self) -> ParticipantCreate:
        if self.organization_id is None and self.person_id is None and not (self.name or "").strip():
            raise ValueError("укажите организацию (organization_id), человека (person_id) или имя (name)")
        return self


class ParticipantRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    organization_id: int | None
    person_id: int | None
    name: str
    role: ParticipantRole
    note: str | None


class SourceCreate(InputModel):
    news_item_id: int | None = None
    title: str | None = Field(default=None, max_length=1000)
    url: OptionalHttpUrl = None
    excerpt: str | None = None


class SourceRead(SourceCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int


class EventCreate(_Dates):
    name: Name
    kind: EventKind
    start: dt.date | None = Field(default=None, description="Пусто, если дата неизвестна")
    end: dt.date | None = None
    date_text: str | None = Field(
        default=None, max_length=300, description="Что известно о дате, как в источнике"
    )
    place: str | None = Field(default=None, max_length=500)
    topics: list[str] = Field(default_factory=list)
    description: str | None = None
    cluster_id: int | None = None
    participants: list[ParticipantCreate] = Field(default_factory=list)

    _topics = field_validator("topics")(classmethod(lambda cls, v: _clean(v)))


class EventUpdate(_Dates):
    name: Name | None = None
    kind: EventKind | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    date_text: str | None = Field(default=None, max_length=300)
    place: str | None = Field(default=None, max_length=500)
    topics: list[str] | None = None
    description: str | None = None
    cluster_id: int | None = None
    version: int = Field(description="Версия объекта, которую прочитал клиент")


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    name: str
    kind: EventKind
    start: dt.date | None
    end: dt.date | None
    date_text: str | None
    place: str | None
    topics: list[str]
    description: str | None
    cluster_id: int | None
    participants: list[ParticipantRead]
    sources: list[SourceRead]
    is_demo: bool
    source: str | None


class EventPage(BaseModel):
    items: list[EventRead]
    total: int


class ObligationCreate(InputModel):
    text: Annotated[str, Field(min_length=1)]
    organization_id: int | None = Field(default=None, description="Чья это обязанность (сторона соглашения)")
    due: dt.date | None = None
    status: ObligationStatus = ObligationStatus.planned


class ObligationUpdate(InputModel):
    text: Annotated[str, Field(min_length=1)] | None = None
    organization_id: int | None = None
    due: dt.date | None = None
    status: ObligationStatus | None = None
    version: int


class ObligationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    organization_id: int | None
    text: str
    due: dt.date | None
    status: ObligationStatus


class DocumentCreate(InputModel):
    title: Name
    url: OptionalHttpUrl = None
    document_date: dt.date | None = None


class DocumentRead(DocumentCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int


class PartyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    organization_id: int
    signatory: str | None
    contact: str | None


class PartyUpdate(InputModel):
    signatory: str | None = Field(default=None, max_length=300)
    contact: str | None = Field(default=None, max_length=300)
    version: int


class AgreementCreate(InputModel):
    party_ids: list[int] = Field(description="Организации-стороны, не меньше двух")
    date: dt.date | None = Field(default=None, description="Дата подписания; пусто, если неизвестна")
    kind: AgreementKind
    subject: Annotated[str, Field(min_length=1)]
    valid_until: dt.date | None = None
    term_text: str | None = Field(default=None, max_length=300, description="Срок действия словами")
    description: str | None = None
    cluster_id: int | None = None
    obligations: list[ObligationCreate] = Field(default_factory=list)

    @field_validator("party_ids")
    @classmethod
    def _two_parties(cls, value: list[int]) -> list[int]:
        unique = list(dict.fromkeys(value))
        if len(unique) < 2:
            raise ValueError("у соглашения должно быть не меньше двух разных сторон")
        return unique

    @model_validator(mode="after")
    def _term_after_date(self) -> AgreementCreate:
        if self.date and self.valid_until and self.valid_until < self.date:
            raise ValueError("срок действия (valid_until) раньше даты подписания (date)")
        return self


class AgreementUpdate(InputModel):
    party_ids: list[int] | None = None
    date: dt.date | None = None
    kind: AgreementKind | None = None
    subject: Annotated[str, Field(min_length=1)] | None = None
    valid_until: dt.date | None = None
    term_text: str | None = Field(default=None, max_length=300)
    description: str | None = None
    cluster_id: int | None = None
    version: int

    @field_validator("party_ids")
    @classmethod
    def _two_parties(cls, value: list[int] | None) -> list[int] | None:
        if value is None:
            return None
        unique = list(dict.fromkeys(value))
        if len(unique) < 2:
            raise ValueError("у соглашения должно быть не меньше двух разных сторон")
        return unique


class AgreementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    party_ids: list[int]
    date: dt.date | None = Field(validation_alias=AliasChoices("signed_on", "date"))
    kind: AgreementKind
    subject: str
    valid_until: dt.date | None
    term_text: str | None
    description: str | None
    cluster_id: int | None
    parties: list[PartyRead]
    obligations: list[ObligationRead]
    documents: list[DocumentRead]
    sources: list[SourceRead]
    is_demo: bool
    source: str | None


class AgreementPage(BaseModel):
    items: list[AgreementRead]
    total: int
