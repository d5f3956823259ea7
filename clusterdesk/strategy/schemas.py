"""Pydantic shapes of the strategy API: ``XCreate``, ``XUpdate`` (all optional + version), ``XRead``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from clusterdesk.strategy.models import KpiAggregation, KpiDirection, KpiKind, RoadmapStatus
from clusterdesk.types import InputModel, OptionalHttpUrl

Title = Annotated[str, Field(min_length=1, max_length=500)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Quarter = Annotated[int, Field(ge=1, le=4)]
Version = Annotated[int, Field(description="Версия объекта, которую прочитал клиент")]


def _strip(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class _Stripped(InputModel):
    @field_validator(
        "title",
        "description",
        "document_url",
        "expected_result",
        "actual_result",
        "code",
        "name",
        "unit",
        "computed_by",
        mode="before",
        check_fields=False,
    )
    @classmethod
    def _strip_text(cls, value: object) -> object:
        return _strip(value)


# Programs ------------------------------------------------------------------------------------------------


class ProgramCreate(_Stripped):
    cluster_id: int
    title: Title
    first_year: Year
    last_year: Year
    approved_by_id: int | None = Field(None, description="Организация, утвердившая программу")
    approval_date: date | None = None
    document_url: OptionalHttpUrl = None
    description: str | None = None

    @field_validator("last_year")
    @classmethod
    def _period(cls, value: int, info: ValidationInfo) -> int:
        first = info.data.get("first_year")
        if first is not None and value < first:
            raise ValueError("последний год раньше первого")
        return value


class ProgramUpdate(_Stripped):
    title: Title | None = None
    first_year: Year | None = None
    last_year: Year | None = None
    approved_by_id: int | None = None
    approval_date: date | None = None
    document_url: OptionalHttpUrl = None
    description: str | None = None
    version: Version


class ProgramRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    cluster_id: int
    title: str
    first_year: int
    last_year: int
    approved_by_id: int | None
    approval_date: date | None
    document_url: str | None
    description: str | None
    is_demo: bool
    source: str | None


class ProgramPage(BaseModel):
    items: list[ProgramRead]
    total: int


# Priority directions -------------------------------------------------------------------------------------


class DirectionCreate(_Stripped):
    program_id: int
    title: Title
    description: str | None = None
    position: int = 0


class DirectionUpdate(_Stripped):
    title: Title | None = None
    description: str | None = None
    position: int | None = None
    version: Version


class DirectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    program_id: int
    title: str
    description: str | None
    position: int
    is_demo: bool


class DirectionPage(BaseModel):
    items: list[DirectionRead]
    total: int


# Roadmap -------------------------------------------------------------------------------------------------


class _RoadmapFields(_Stripped):
    @field_validator("due_date", check_fields=False)
    @classmethod
    def _after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if value is not None and start is not None and value < start:
            raise ValueError("срок раньше даты начала")
        return value


class RoadmapItemCreate(_RoadmapFields):
    program_id: int
    title: Title
    direction_id: int | None = None
    start_date: date | None = None
    due_date: date | None = None
    status: RoadmapStatus = RoadmapStatus.planned
    progress: Annotated[int, Field(ge=0, le=100)] = 0
    expected_result: str | None = None
    actual_result: str | None = None
    depends_on: list[int] = Field(default_factory=list, description="ID пунктов, от которых зависит этот")
    organization_ids: list[int] = Field(default_factory=list, description="Ответственные организации")
    person_ids: list[int] = Field(default_factory=list, description="Ответственные люди")


class RoadmapItemUpdate(_RoadmapFields):
    title: Title | None = None
    direction_id: int | None = None
    start_date: date | None = None
    due_date: date | None = None
    status: RoadmapStatus | None = None
    progress: Annotated[int, Field(ge=0, le=100)] | None = None
    expected_result: str | None = None
    actual_result: str | None = None
    depends_on: list[int] | None = None
    organization_ids: list[int] | None = None
    person_ids: list[int] | None = None
    version: Version


class RoadmapItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    program_id: int
    direction_id: int | None
    title: str
    start_date: date | None
    due_date: date | None
    status: RoadmapStatus
    progress: int
    expected_result: str | None
    actual_result: str | None
    depends_on: list[int] = Field(validation_alias="depends_on_ids")
    organization_ids: list[int]
    person_ids: list[int]
    overdue: bool = False
    is_demo: bool


class RoadmapPage(BaseModel):
    items: list[RoadmapItemRead]
    total: int


# KPIs ----------------------------------------------------------------------------------------------------


class KpiCreate(_Stripped):
    program_id: int
    code: Annotated[str, Field(min_length=1, max_length=100)]
    name: Title
    unit: Annotated[str, Field(min_length=1, max_length=100)]
    direction: KpiDirection = KpiDirection.higher_better
    kind: KpiKind = KpiKind.manual
    computed_by: str | None = Field(None, description="Имя вычисляемого индикатора (для kind=computed)")
    aggregation: KpiAggregation = KpiAggregation.sum
    description: str | None = None

    @field_validator("computed_by")
    @classmethod
    def _computed_by(cls, value: str | None, info: ValidationInfo) -> str | None:
        return check_computed_by(info.data.get("kind"), value)


def check_computed_by(kind: KpiKind | None, computed_by: str | None) -> str | None:
    """A computed KPI names a registered indicator; a manual one names none."""
    from clusterdesk.strategy.indicators import all_indicators

    if kind == KpiKind.manual:
        if computed_by:
            raise ValueError("у показателя, вводимого вручную, не указывают вычисляемый индикатор")
        return None
    if kind == KpiKind.computed:
        known = all_indicators()
        if not computed_by:
            raise ValueError("укажите вычисляемый индикатор; доступны: " + ", ".join(known))
        if computed_by not in known:
            raise ValueError(f"нет вычисляемого индикатора «{computed_by}»; доступны: " + ", ".join(known))
    return computed_by


class KpiUpdate(_Stripped):
    code: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    name: Title | None = None
    unit: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    direction: KpiDirection | None = None
    aggregation: KpiAggregation | None = None
    description: str | None = None
    version: Version


class KpiRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    program_id: int
    code: str
    name: str
    unit: str
    direction: KpiDirection
    kind: KpiKind
    computed_by: str | None
    aggregation: KpiAggregation
    description: str | None
    is_demo: bool


class KpiPage(BaseModel):
    items: list[KpiRead]
    total: int


class KpiTargetCreate(InputModel):
    year: Year
    value: float


class KpiTargetUpdate(InputModel):
    value: float | None = None
    version: Version


class KpiTargetRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    kpi_id: int
    year: int
    value: float
    is_demo: bool


class NoteEvidence(InputModel):
    kind: Literal["note"]
    note: Annotated[str, Field(min_length=1)]
    document: str | None = Field(None, max_length=1000, description="Ссылка на документ или его реквизиты")


class NewsFactEvidence(InputModel):
    kind: Literal["news_fact"]
    news_fact_id: int


class FileEvidence(InputModel):
    kind: Literal["file"]
    file: Annotated[str, Field(min_length=1, max_length=500)]
    sheet: str | None = Field(None, max_length=200)
    row: Annotated[int, Field(ge=1)] | None = None


Evidence = Annotated[NoteEvidence | NewsFactEvidence | FileEvidence, Field(discriminator="kind")]


class KpiValueCreate(InputModel):
    year: Year
    quarter: Quarter | None = None
    value: float
    organization_id: int | None = Field(None, description="Чей это вклад (для представителя участника)")
    evidence: Evidence | None = None


class KpiValueUpdate(InputModel):
    value: float | None = None
    evidence: Evidence | None = None
    version: Version


class KpiValueRead(BaseModel):
    id: int
    version: int
    kpi_id: int
    year: int
    quarter: int | None
    value: float
    organization_id: int | None
    evidence: dict[str, Any] | None
    has_evidence: bool
    entered_by: str | None


class KpiStatusRow(BaseModel):
    kpi_id: int
    code: str
    name: str
    unit: str
    plan: float | None
    fact: float | None
    percent: float | None
    status: Literal["met", "on_track", "lagging", "no_data"]
    direction: KpiDirection
    kind: KpiKind
    quarter: int | None = Field(
        None, description="Последний квартал, если за год есть только квартальные данные"
    )
    unsupported_values: int = Field(0, description="Сколько значений факта без подтверждения")
    evidence: str = ""
    plan_source: str | None = Field(None, description="Откуда план года (источник планового значения)")

    @property
    def sources(self) -> str:
        """Where the plan and the fact came from, in one line (once if both say the same)."""
        plan, fact = self.plan_source or "", self.evidence
        if not plan or plan == fact:
            return plan or fact
        return f"план — {plan}; факт — {fact}" if fact else f"план — {plan}"
