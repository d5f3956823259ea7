"""Pydantic shapes of the projects API: ``XCreate``, ``XUpdate`` (all optional + version), ``XRead``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from clusterdesk.projects.models import (
    CapabilityKind,
    NeedKind,
    NeedStatus,
    ParticipantRole,
    ProjectStatus,
    SupplyKind,
)
from clusterdesk.reference import okved2
from clusterdesk.types import InputModel

Title = Annotated[str, Field(min_length=1, max_length=500)]
Trl = Annotated[int, Field(ge=1, le=9, description="Уровень готовности технологии, 1–9")]
Money = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=2)]


def _blank_to_none(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


def check_okved2(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip()
    if okved2.lookup(code) is None:
        raise ValueError(f"кода «{code}» нет в классификаторе ОКВЭД2")
    return code


class OkvedField(InputModel):
    @field_validator("okved2", mode="before", check_fields=False)
    @classmethod
    def _blank(cls, value: object) -> object:
        return _blank_to_none(value)

    @field_validator("okved2", check_fields=False)
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        return check_okved2(value)


class Period(InputModel):
    @model_validator(mode="after")
    def _start_before_end(self) -> Period:
        start, end = getattr(self, "start_date", None), getattr(self, "end_date", None)
        if start and end and end < start:
            raise ValueError("дата окончания (end_date) раньше даты начала (start_date)")
        return self


# Projects ------------------------------------------------------------------------------------------------


class ParticipantIn(InputModel):
    organization_id: int
    role: ParticipantRole = ParticipantRole.partner


class ParticipantRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    organization_id: int
    role: ParticipantRole


class ProjectCreate(Period):
    title: Title
    description: str | None = None
    lead_organization_id: int | None = None
    cluster_id: int | None = None
    participants: list[ParticipantIn] = Field(default_factory=list)
    priority_direction: str | None = Field(default=None, max_length=300)
    budget: Money | None = None
    investment_sought: Money | None = None
    investment_attracted: Money | None = None
    trl: Trl | None = None
    status: ProjectStatus = ProjectStatus.proposed
    start_date: date | None = None
    end_date: date | None = None
    source: str | None = None


class ProjectUpdate(Period):
    title: Title | None = None
    description: str | None = None
    lead_organization_id: int | None = None
    cluster_id: int | None = None
    participants: list[ParticipantIn] | None = None
    priority_direction: str | None = Field(default=None, max_length=300)
    budget: Money | None = None
    investment_sought: Money | None = None
    investment_attracted: Money | None = None
    trl: Trl | None = None
    status: ProjectStatus | None = None
    start_date: date | None = None
    end_date: date | None = None
    source: str | None = None
    version: int = Field(description="Версия объекта, которую прочитал клиент")


class ProjectRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    title: str
    description: str | None
    lead_organization_id: int | None
    cluster_id: int | None
    participants: list[ParticipantRead]
    priority_direction: str | None
    budget: Decimal | None
    investment_sought: Decimal | None
    investment_attracted: Decimal | None
    trl: int | None
    status: ProjectStatus
    start_date: date | None
    end_date: date | None
    source: str | None
    news_item_id: int | None
    is_demo: bool
    created_at: datetime
    updated_at: datetime


class ProjectPage(BaseModel):
    items: list[ProjectRead]
    total: int


# Needs ---------------------------------------------------------------------------------------------------


class NeedCreate(OkvedField):
    organization_id: int | None = None
    project_id: int | None = None
    cluster_id: int | None = None
    kind: NeedKind
    description: Annotated[str, Field(min_length=3, max_length=5000)]
    okved2: str | None = None
    quantity: str | None = Field(default=None, max_length=200)
    deadline: date | None = None
    status: NeedStatus = NeedStatus.open
    source: str | None = None

    @model_validator(mode="after")
    def _has_owner(self) -> NeedCreate:
        if self.organization_id is None and self.project_id is None and self.cluster_id is None:
            raise ValueError("укажите, чья это потребность: organization_id, project_id или cluster_id")
        return self


class NeedUpdate(OkvedField):
    kind: NeedKind | None = None
    description: Annotated[str, Field(min_length=3, max_length=5000)] | None = None
    okved2: str | None = None
    quantity: str | None = Field(default=None, max_length=200)
    deadline: date | None = None
    status: NeedStatus | None = None
    source: str | None = None
    version: int


class NeedRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    organization_id: int | None
    project_id: int | None
    cluster_id: int | None
    kind: NeedKind
    description: str
    okved2: str | None
    quantity: str | None
    deadline: date | None
    status: NeedStatus
    source: str | None
    is_demo: bool


class NeedPage(BaseModel):
    items: list[NeedRead]
    total: int


# Capabilities --------------------------------------------------------------------------------------------


class CapabilityCreate(OkvedField):
    organization_id: int
    name: Title
    description: str | None = Field(default=None, max_length=5000)
    kind: CapabilityKind = CapabilityKind.product
    okved2: str | None = None
    trl: Trl | None = None
    source: str | None = None


class CapabilityUpdate(OkvedField):
    name: Title | None = None
    description: str | None = Field(default=None, max_length=5000)
    kind: CapabilityKind | None = None
    okved2: str | None = None
    trl: Trl | None = None
    source: str | None = None
    version: int


class CapabilityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    organization_id: int
    name: str
    description: str | None
    kind: CapabilityKind
    okved2: str | None
    trl: int | None
    source: str | None
    is_demo: bool


class CapabilityPage(BaseModel):
    items: list[CapabilityRead]
    total: int


# Supply links --------------------------------------------------------------------------------------------


class SupplyLinkCreate(InputModel):
    supplier_id: int
    consumer_id: int
    capability_id: int | None = None
    project_id: int | None = None
    kind: SupplyKind = SupplyKind.supplies
    description: str | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _two_sides(self) -> SupplyLinkCreate:
        if self.supplier_id == self.consumer_id:
            raise ValueError("поставщик и потребитель должны быть разными организациями")
        return self


class SupplyLinkUpdate(InputModel):
    capability_id: int | None = None
    project_id: int | None = None
    kind: SupplyKind | None = None
    description: str | None = None
    source: str | None = None
    version: int


class SupplyLinkRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    supplier_id: int
    consumer_id: int
    capability_id: int | None
    project_id: int | None
    kind: SupplyKind
    description: str | None
    source: str | None
    is_demo: bool


class SupplyLinkPage(BaseModel):
    items: list[SupplyLinkRead]
    total: int


# Matching and the graph ----------------------------------------------------------------------------------


class MatchRead(BaseModel):
    organization_id: int
    name: str
    score: float
    member: bool
    reasons: list[str]


class GraphNode(BaseModel):
    id: int
    name: str
    kind: str
    member: bool
    degree: float
    betweenness: float
    community: int


class GraphEdge(BaseModel):
    source: int
    target: int
    kind: str
    weight: float


class GraphRead(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    isolated: list[int]
    communities: list[list[int]]


class GapRead(BaseModel):
    need_id: int
    description: str
    kind: NeedKind
    owner: str
    best_member_score: float
    best_member: str | None
    outside_candidates: list[MatchRead]
