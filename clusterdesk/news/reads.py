"""News items read as plain rows (no ORM objects): in the API's shape (the JSON list, one item and a
submission's answer) and as the feed page shows them (``feed_items``).

A page of 20 items holds ~100 mentions, their linked names, facts with their organisations and the sources: as
ORM objects with eager loading they cost ~15 ms of the server's CPU per page (objects, identity map, nine
queries); as five plain selects — the linked names joined into the mentions' select — a fraction of it, with
the same JSON (tests/news/test_reads.py compares it with the ORM objects' values on both databases).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Result, Row, select
from sqlalchemy.orm import Session

from clusterdesk import labels
from clusterdesk.audit.writes import MAX_ID
from clusterdesk.errors import NotFoundError
from clusterdesk.news.models import (
    MentionStatus,
    NewsArticle,
    NewsFact,
    NewsFactOrganization,
    NewsItem,
    NewsMention,
    NewsOccurrence,
)
from clusterdesk.news.schemas import NewsItemRead
from clusterdesk.registry.models import Organization, Person

_ITEMS = TypeAdapter(list[NewsItemRead])


def item_read(session: Session, item_id: int) -> NewsItemRead:
    """One item, or a NotFoundError naming it («Новость #9 не найдена»)."""
    found = item_reads(session, [item_id]) if 0 < item_id <= MAX_ID else []
    if not found:
        raise NotFoundError(labels.not_found(NewsItem.__tablename__, item_id))
    return found[0]


def item_reads(session: Session, ids: Sequence[int]) -> list[NewsItemRead]:
    """The items with these ids in the order given (ids not stored are left out), with their sources, entities
    (a registry link named by the organisation's short name or the person's full name) and facts."""
    if not ids:
        return []
    wanted = _storable(ids)
    rows = item_rows(session, wanted)
    texts = {row.id: row.text for row in rows}
    sources = _sources(session, wanted)
    entities = _entities(session, wanted)
    facts = _facts(session, wanted, texts)
    found = {
        row.id: {
            "id": row.id,
            "title": row.title,
            "published": row.published,
            "text": row.text,
            "sources": sources[row.id],
            "entities": entities[row.id],
            "facts": facts[row.id],
        }
        for row in rows
    }
    return _ITEMS.validate_python([found[i] for i in wanted if i in found])


def _storable(ids: Sequence[int]) -> list[int]:
    """The ids once each, in the order given, leaving out those no row can have."""
    return [i for i in dict.fromkeys(ids) if 0 < i <= MAX_ID]


def item_rows(session: Session, ids: Sequence[int]) -> Sequence[Row[int, str | None, date | None, str]]:
    """The items' id, title, date and text — what naming and showing an item needs, no ORM objects."""
    return session.execute(
        select(NewsItem.id, NewsItem.title, NewsItem.published, NewsItem.text).where(NewsItem.id.in_(ids))
    ).all()


def _occurrences(session: Session, ids: list[int]) -> Result[Any]:
    """Where the items appeared: each occurrence with its article, in the order they were stored."""
    return session.execute(
        select(
            NewsOccurrence.item_id,
            NewsOccurrence.number,
            NewsOccurrence.offset,
            NewsOccurrence.similarity,
            NewsArticle.source,
            NewsArticle.title,
            NewsArticle.published,
            NewsArticle.url,
        )
        .join(NewsArticle, NewsArticle.id == NewsOccurrence.article_id)
        .where(NewsOccurrence.item_id.in_(ids))
        .order_by(NewsOccurrence.id)
    )


def _sources(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in _occurrences(session, ids):
        found[row.item_id].append(
            {
                "source": row.source,
                "item": row.number,
                "offset": row.offset,
                "url": row.url,
                "similarity": row.similarity,
            }
        )
    return found


def _entities(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = session.execute(
        select(
            NewsMention.item_id,
            NewsMention.id,
            NewsMention.version,
            NewsMention.type,
            NewsMention.start,
            NewsMention.end,
            NewsMention.text,
            NewsMention.normal,
            NewsMention.status,
            NewsMention.organization_id,
            NewsMention.person_id,
            NewsMention.confidence,
            Organization.short_name,
            Person.full_name,
        )
        .outerjoin(Organization, Organization.id == NewsMention.organization_id)
        .outerjoin(Person, Person.id == NewsMention.person_id)
        .where(NewsMention.item_id.in_(ids))
        .order_by(NewsMention.item_id, NewsMention.start, NewsMention.id)
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        link = None
        if row.organization_id is not None:
            link = ("organization", row.organization_id, row.short_name)
        elif row.person_id is not None:
            link = ("person", row.person_id, row.full_name)
        found[row.item_id].append(
            {
                "id": row.id,
                "version": row.version,
                "type": row.type,
                "start": row.start,
                "end": row.end,
                "text": row.text,
                "normal": row.normal,
                "status": row.status,
                "link": None
                if link is None
                else {"entity_type": link[0], "id": link[1], "name": link[2], "confidence": row.confidence},
            }
        )
    return found


def _facts(session: Session, ids: list[int], texts: dict[int, str]) -> dict[int, list[dict[str, Any]]]:
    rows = session.execute(
        select(
            NewsFact.item_id,
            NewsFact.id,
            NewsFact.version,
            NewsFact.type,
            NewsFact.fields,
            NewsFact.evidence_start,
            NewsFact.evidence_end,
            NewsFact.status,
            NewsFact.accepted_as,
        )
        .where(NewsFact.item_id.in_(ids))
        .order_by(NewsFact.id)
    ).all()
    parties: dict[int, list[int]] = defaultdict(list)
    if rows:
        for fact_id, organization_id in session.execute(
            select(NewsFactOrganization.fact_id, NewsFactOrganization.organization_id)
            .where(NewsFactOrganization.fact_id.in_([row.id for row in rows]))
            .order_by(NewsFactOrganization.fact_id, NewsFactOrganization.organization_id)
        ):
            parties[fact_id].append(organization_id)
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        found[row.item_id].append(
            {
                "id": row.id,
                "version": row.version,
                "item_id": row.item_id,
                "type": row.type,
                "fields": row.fields,
                "evidence": {"start": row.evidence_start, "end": row.evidence_end},
                "evidence_text": texts.get(row.item_id, "")[row.evidence_start : row.evidence_end],
                "status": row.status,
                "accepted_as": row.accepted_as,
                "organization_ids": parties[row.id],
            }
        )
    return found


# The feed page ----------------------------------------------------------------------------------------------
# What the page shows of an item, with the attribute names of the stored rows, so that naming and highlighting
# (news/present.py) read a feed item and a stored item alike.


@dataclass(frozen=True)
class FeedArticle:
    source: str
    title: str | None
    published: date | None
    url: str | None


@dataclass(frozen=True)
class FeedOccurrence:
    number: int
    similarity: float
    article: FeedArticle


@dataclass(frozen=True)
class FeedMention:
    type: str
    start: int
    end: int
    normal: str
    status: MentionStatus
    organization_id: int | None
    person_id: int | None


@dataclass(frozen=True)
class FeedFact:
    type: str


@dataclass(frozen=True)
class FeedItem:
    id: int
    title: str | None
    published: date | None
    text: str
    occurrences: list[FeedOccurrence] = field(default_factory=list)
    mentions: list[FeedMention] = field(default_factory=list)
    facts: list[FeedFact] = field(default_factory=list)


def feed_items(session: Session, ids: Sequence[int]) -> list[FeedItem]:
    """The items with these ids in the order given, as the feed shows them: text, sources, entities, the kinds
    of their facts — four selects whatever the page's size."""
    wanted = _storable(ids)
    if not wanted:
        return []
    occurrences: dict[int, list[FeedOccurrence]] = defaultdict(list)
    for row in _occurrences(session, wanted):
        article = FeedArticle(row.source, row.title, row.published, row.url)
        occurrences[row.item_id].append(FeedOccurrence(row.number, row.similarity, article))
    mentions: dict[int, list[FeedMention]] = defaultdict(list)
    for item_id, kind, start, end, normal, status, organization_id, person_id in session.execute(
        select(
            NewsMention.item_id,
            NewsMention.type,
            NewsMention.start,
            NewsMention.end,
            NewsMention.normal,
            NewsMention.status,
            NewsMention.organization_id,
            NewsMention.person_id,
        )
        .where(NewsMention.item_id.in_(wanted))
        .order_by(NewsMention.item_id, NewsMention.start, NewsMention.id)
    ):
        mentions[item_id].append(FeedMention(kind, start, end, normal, status, organization_id, person_id))
    facts: dict[int, list[FeedFact]] = defaultdict(list)
    for item_id, kind in session.execute(
        select(NewsFact.item_id, NewsFact.type).where(NewsFact.item_id.in_(wanted)).order_by(NewsFact.id)
    ):
        facts[item_id].append(FeedFact(kind))
    found = {
        row.id: FeedItem(
            row.id, row.title, row.published, row.text, occurrences[row.id], mentions[row.id], facts[row.id]
        )
        for row in item_rows(session, wanted)
    }
    return [found[i] for i in wanted if i in found]
