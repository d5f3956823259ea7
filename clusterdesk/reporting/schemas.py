"""Pydantic shapes of the reporting API (campaigns, submissions, counterparties, compliance)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clusterdesk.reporting.models import CampaignStatus, ContractKind, SubmissionStatus

PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # NUL and friends: PostgreSQL refuses NUL in text
MAX_AMOUNT = 1e13  # тыс. руб.: far above any cluster member's figures, well inside a float's exact range
Text300 = Annotated[str, Field(min_length=1, max_length=300)]


def clean_text(value: object) -> object:
    """Drop control characters (a NUL would make PostgreSQL refuse the row) and surrounding spaces."""
    return CONTROL.sub("", value).strip() if isinstance(value, str) else value


def parse_period(value: str) -> tuple[int, int | None]:
    """«2025» -> (2025, None); «2025-Q1» -> (2025, 1); anything else is a ValueError in Russian."""
    match = PERIOD.match(value.strip())
    if not match or not 1990 <= int(match.group(1)) <= 2100:
        raise ValueError("период в виде ГГГГ (год) или ГГГГ-QN (квартал), например 2025 или 2025-Q1")
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


class IndicatorRead(BaseModel):
    code: str
    title: str
    unit: str
    type: str
    help: str
    derived_from: str | None = None


class CampaignCreate(BaseModel):
    cluster_id: int = Field(ge=1, le=2**31 - 1)
    period: str = Field(description="«2025» (год) или «2025-Q1» (квартал)", max_length=10)
    indicators: list[str] = Field(min_length=1, max_length=50)
    deadline: date
    title: str | None = Field(None, max_length=500)

    _clean = field_validator("title", mode="before")(clean_text)

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        parse_period(value)
        return value.strip()


class CampaignUpdate(BaseModel):
    deadline: date | None = None
    title: str | None = Field(None, max_length=500)
    status: CampaignStatus | None = None
    version: int

    _clean = field_validator("title", mode="before")(clean_text)


class CampaignRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    cluster_id: int
    period: str
    year: int
    quarter: int | None
    title: str
    indicators: list[str]
    deadline: date
    status: CampaignStatus
    is_demo: bool


class CampaignPage(BaseModel):
    items: list[CampaignRead]
    total: int


class ContractIn(BaseModel):
    number: Text300
    date: date
    kind: ContractKind = ContractKind.supply

    _clean = field_validator("number", mode="before")(clean_text)


class CounterpartyIn(BaseModel):
    organization_id: int = Field(ge=1, le=2**31 - 1)
    sales: float = Field(0.0, ge=0, le=MAX_AMOUNT, description="Продажи контрагенту, тыс. руб.")
    purchases: float = Field(0.0, ge=0, le=MAX_AMOUNT, description="Закупки у контрагента, тыс. руб.")
    contracts: list[ContractIn] = Field(default_factory=list, max_length=200)


class SubmissionUpdate(BaseModel):
    """A save of the form: the whole set of values and counterparties as the member sees them."""

    values: dict[str, float | None] | None = None
    sources: dict[str, str | None] | None = None
    counterparties: list[CounterpartyIn] | None = Field(None, max_length=500)
    version: int

    @field_validator("sources", mode="before")
    @classmethod
    def _clean_sources(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: clean_text(v) for k, v in value.items()}
        return value


class ReturnIn(BaseModel):
    comment: str = Field(min_length=1, max_length=4000)
    version: int | None = None

    _clean = field_validator("comment", mode="before")(clean_text)


class TransitionIn(BaseModel):
    version: int | None = None


class CounterpartyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    organization_id: int
    organization: str
    sales: float
    purchases: float
    contracts: list[dict[str, Any]]


class SubmissionRead(BaseModel):
    id: int
    version: int
    campaign_id: int
    organization_id: int
    organization: str
    status: SubmissionStatus
    values: dict[str, float]
    sources: dict[str, str]
    derived: dict[str, float]
    counterparties: list[CounterpartyRead]
    submitted_by: str | None
    submitted_at: datetime | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_comment: str | None
    is_demo: bool


class SubmissionPage(BaseModel):
    items: list[SubmissionRead]
    total: int


class KpiFeedCreate(BaseModel):
    kpi_id: int = Field(ge=1, le=2**31 - 1)
    indicator: str = Field(min_length=1, max_length=100)


class KpiFeedRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    kpi_id: int
    indicator: str


class RuleResult(BaseModel):
    code: str
    clause: str
    clause_checked: bool
    title: str
    threshold: dict[str, Any] | None
    threshold_text: str
    value: float | str | None
    status: Literal["met", "not_met", "no_data"]
    method: str
    note: str
    evidence: list[dict[str, Any]]


class ParticipantResult(BaseModel):
    organization_id: int
    organization: str
    submission_id: int | None
    submission_status: str
    contracts_with_participants: int
    cooperation_share: float | None
    output: float | None
    output_to_participants: float | None
    contracts: list[dict[str, Any]]
    indirect: list[dict[str, Any]]
    status: Literal["met", "not_met", "no_data"]


class ComplianceRead(BaseModel):
    cluster_id: int
    cluster: str
    period: str
    campaign_id: int | None
    document: str
    edition: str
    check_note: str
    rules: list[RuleResult]
    participants: list[ParticipantResult]
