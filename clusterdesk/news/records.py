"""Plain records that flow between the news pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

EntityType = Literal["ORG", "PER", "LOC"]
FactType = Literal["post", "event", "agreement", "project", "decision"]


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One decoded input: a file, a page or a feed entry, before splitting."""

    source: str
    text: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    url: str | None = None
    encoding: str = "utf-8"
    is_extracted: bool = False  # text came out of HTML/RSS, so it is already a single article


@dataclass(frozen=True, slots=True)
class SourceError:
    """A bad input item: the batch goes on, this record says why the item was skipped."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class ItemSlice:
    """One news item cut out of a source text; `offset` is where `text` begins in the source."""

    offset: int
    text: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A character span [start, end) into an item's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link:
    """A mention resolved to a registry entity; `needs_review` below the confidence threshold."""

    entity_id: int
    name: str
    confidence: float
    needs_review: bool = False


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention with its nominative normal form."""

    type: EntityType
    start: int
    end: int
    text: str
    normal: str
    link: Link | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact found by the rules; `fields` holds its typed slots, `evidence` the supporting text."""

    type: FactType
    fields: dict[str, object]
    evidence: Span


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One news item with everything the pipeline found in it."""

    source: str
    item: int
    offset: int
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    author: str | None = None
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    duplicate_of: str | None = None
    fingerprint: str = ""
    extra: dict[str, str] = field(default_factory=dict)
