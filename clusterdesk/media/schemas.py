"""Media analytics JSON: visibility figures and stories."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class Count(BaseModel):
    name: str
    count: int


class OrganizationCount(BaseModel):
    organization_id: int
    name: str
    count: int


class ShareOfVoice(BaseModel):
    organization_id: int
    name: str
    count: int
    share: float


class VisibilityRead(BaseModel):
    items: int
    publications: int
    outlets: int
    undated: int
    series: list[Count]
    prominence: list[Count]
    organizations: list[OrganizationCount]
    people: list[Count]
    topics: list[Count]
    top_outlets: list[Count]
    share: list[ShareOfVoice]


class StoryItemRead(BaseModel):
    id: int
    title: str | None
    published: date | None
    outlets: list[str]


class StoryRead(BaseModel):
    id: int
    title: str
    first_published: date | None
    last_published: date | None
    item_count: int
    outlets: list[str]
    items: list[StoryItemRead]


class StoryPage(BaseModel):
    items: list[StoryRead]
    total: int
