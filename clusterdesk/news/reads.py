"""News items in the API's shape, read as plain rows (no ORM objects): the JSON list, one item and a
submission's answer all come from here.

A page of 20 items holds ~100 mentions, their linked names, facts with their organisations and the sources: as
ORM objects with eager loading they cost ~15 ms of the server's CPU per page (objects, identity map, nine
queries); as five plain selects — the linked names joined into the mentions' select — a fraction of it, with
the same JSON (tests/news/test_reads.py compares it with the ORM objects' values on both databases).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk import labels
from clusterdesk.audit.writes import MAX_ID
from clusterdesk.errors import NotFoundError
from clusterdesk.news.models import (
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
    wanted = [i for i in dict.fromkeys(ids) if 0 < i <= MAX_ID]
    rows = session.execute(
        select(NewsItem.id, NewsItem.title, NewsItem.published, NewsItem.text).where(NewsItem.id.in_(wanted))
    ).all()
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


def _sources(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = session.execute(
        select(
            NewsOccurrence.item_id,
            NewsArticle.source,
            NewsOccurrence.number,
            NewsOccurrence.offset,
            NewsArticle.url,
            NewsOccurrence.similarity,
        )
        .join(NewsArticle, NewsArticle.id == NewsOccurrence.article_id)
        .where(NewsOccurrence.item_id.in_(ids))
        .order_by(NewsOccurrence.id)
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
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
