from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from clusterdesk.news.models import FactStatus, MentionStatus
from clusterdesk.types import InputModel, OptionalHttpUrl


class LinkRead(BaseModel):
    entity_type: Literal["organization", "person"]
    id: int
    name: str | None
    confidence: float | None


class MentionRead(BaseModel):
    id: int
    version: int
    type: str
    start: int
    end: int
    text: str
    normal: str
    status: MentionStatus
    link: LinkRead | None


class FactRead(BaseModel):
    id: int
    version: int
    item_id: int
    type: str
    fields: dict[str, Any]
    evidence: dict[str, int]
    evidence_text: str
    status: FactStatus
    accepted_as: str | None
    organization_ids: list[int]


class SourceRead(BaseModel):
    source: str
    item: int
    offset: int
    url: str | None
    similarity: float


class NewsItemRead(BaseModel):
    id: int
    title: str | None
    published: date | None
    text: str
    sources: list[SourceRead]
    entities: list[MentionRead]
    facts: list[FactRead]


class NewsPage(BaseModel):
    items: list[NewsItemRead]
    total: int = Field(description="Число найденных новостей (не больше предела подсчёта)")
    total_exact: bool = Field(
        default=True, description="Ложь, если найдено больше предела подсчёта и total — это предел"
    )


class FactPage(BaseModel):
    items: list[FactRead]
    total: int


class MentionPage(BaseModel):
    items: list[MentionRead]
    total: int


class NewsSubmit(InputModel):
    """A news text to analyse and store, or a URL of a page or feed to fetch."""

    text: str | None = Field(default=None, max_length=2_000_000)
    url: OptionalHttpUrl = None
    title: str | None = None
    published: date | None = None
    source: str | None = Field(default=None, description="Где опубликовано (для текста)")

    @model_validator(mode="after")
    def _one_of(self) -> NewsSubmit:
        if bool(self.text and self.text.strip()) == bool(self.url):
            raise ValueError("передайте либо text, либо url")
        return self


class SubmitResult(BaseModel):
    new: int
    duplicates: int
    already: int
    errors: list[str]
    items: list[NewsItemRead]


class MentionReview(InputModel):
    action: Literal["accept", "reject", "link", "create"]
    entity_id: int | None = None
    version: int | None = None
