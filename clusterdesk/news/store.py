"""Store pipeline output: one item per transaction, idempotent, reprints kept once with all their sources."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor, record_change
from clusterdesk.db import column_problem
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.lemmas import search_text
from clusterdesk.news import records
from clusterdesk.news.dedup import (
    DuplicateIndex,
    add_bands,
    prepared_band_keys,
    stored_duplicate,
    stored_index,
    text_fingerprint,
)
from clusterdesk.news.jsonl import fact_to_json
from clusterdesk.news.link import RegistryName
from clusterdesk.news.models import (
    MentionStatus,
    NewsArticle,
    NewsFact,
    NewsFactOrganization,
    NewsItem,
    NewsMention,
    NewsOccurrence,
)
from clusterdesk.registry.models import Organization, Person

# the tables written with Core inserts (executemany), not ORM objects: see ``_store_mentions_and_facts``
_ARTICLES = cast(Table, NewsArticle.__table__)
_ITEMS = cast(Table, NewsItem.__table__)
_OCCURRENCES = cast(Table, NewsOccurrence.__table__)
_MENTIONS = cast(Table, NewsMention.__table__)
_FACTS = cast(Table, NewsFact.__table__)
_FACT_ORGANIZATIONS = cast(Table, NewsFactOrganization.__table__)


class Outcome(enum.StrEnum):
    new = "new"  # a news text not seen before
    duplicate = "duplicate"  # a reprint: stored as one more source of an existing item
    already = "already"  # this very input item was stored before (a rerun)


@dataclass(frozen=True, slots=True)
class Stored:
    outcome: Outcome
    item_id: int


def registry_names(*, session: Session) -> list[RegistryName]:
    """Every organisation and person name the linker should know."""
    names: list[RegistryName] = []
    for org in session.scalars(select(Organization)):
        names.append(
            RegistryName("organization", org.id, org.short_name, (org.short_name, org.name, *org.aliases))
        )
    for person in session.scalars(select(Person)):
        names.append(RegistryName("person", person.id, person.full_name, (person.full_name,)))
    return names


def duplicate_index(*, session: Session) -> DuplicateIndex:
    """The near-duplicate index over every stored item: persistent (table ``news_band``), nothing is loaded.

    Kept for callers that pass it to ``store_item`` and ``add`` new items to it after their commit; both are
    no-ops now, the store maintains the index in each item's own transaction.
    """
    return stored_index(session=session)


def _checked(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The column checks every ORM flush makes (``clusterdesk.db``), for rows inserted without the ORM:
    lengths and characters of strings, ranges of integers (other values have nothing to check)."""
    problems = [
        FieldProblem(name, problem)
        for row in rows
        for name, value in row.items()
        if isinstance(value, str | int) and (problem := column_problem(table.c[name], value))
    ]
    if problems:
        raise ValidationFailed(problems)
    return rows


def _article_id(session: Session, item: records.NewsItem) -> tuple[int, bool]:
    """The article's id, and whether it was created just now (then none of its items can be stored yet)."""
    article_id = session.scalar(select(NewsArticle.id).where(NewsArticle.source == item.source))
    if article_id is not None:
        return article_id, False
    row = {
        "source": item.source,
        "title": item.title if item.item == 0 else None,
        "published": item.published,
        "url": item.url,
        "author": item.author,
    }
    table = _ARTICLES
    created = session.execute(insert(table).returning(table.c.id), _checked(table, [row])).scalar_one()
    return created, True


def _mention_status(entity: records.Entity) -> MentionStatus:
    if entity.link is None:
        return MentionStatus.unlinked
    return MentionStatus.review if entity.link.needs_review else MentionStatus.linked


def _mention_row(item_id: int, entity: records.Entity) -> dict[str, Any]:
    link = entity.link
    return {
        "item_id": item_id,
        "type": entity.type,
        "start": entity.start,
        "end": entity.end,
        "text": entity.text,
        "normal": entity.normal,
        "organization_id": link.entity_id if link and entity.type == "ORG" else None,
        "person_id": link.entity_id if link and entity.type == "PER" else None,
        "confidence": link.confidence if link else None,
        "status": _mention_status(entity),
    }


def _names_in(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for part in value:
            yield from _names_in(part)


_CONFIDENT = (MentionStatus.linked, MentionStatus.accepted)


def _linked_names(mentions: Iterable[tuple[int | None, MentionStatus, str, str]]) -> dict[str, int]:
    """Lower-cased text and normal form of each confidently linked (organisation, status, text, normal)."""
    return {
        name.lower(): organization_id
        for organization_id, status, text, normal in mentions
        if organization_id is not None and status in _CONFIDENT
        for name in (text, normal)
    }


def _named_organizations(fields: dict[str, object], linked: dict[str, int]) -> set[int]:
    return {linked[n.lower()] for value in fields.values() for n in _names_in(value) if n.lower() in linked}


def fact_organization_ids(fields: dict[str, object], mentions: Iterable[NewsMention]) -> set[int]:
    """Registry organisations a fact names, resolved through the item's confidently linked mentions."""
    linked = _linked_names((m.organization_id, m.status, m.text, m.normal) for m in mentions)
    return _named_organizations(fields, linked)


def _store_mentions_and_facts(session: Session, item_id: int, item: records.NewsItem) -> int:
    """The item's mentions, facts and the facts' organisations: a few executemany inserts, no ORM objects
    (the rows and their order are what the ORM flush of ``NewsMention``/``NewsFact`` objects wrote)."""
    mentions = [_mention_row(item_id, e) for e in item.entities]
    if mentions:
        session.execute(insert(_MENTIONS), _checked(_MENTIONS, mentions))
    if not item.facts:
        return len(mentions)
    linked = _linked_names((m["organization_id"], m["status"], m["text"], m["normal"]) for m in mentions)
    facts: list[dict[str, Any]] = []
    about: list[list[int]] = []
    for fact in item.facts:
        fields = {k: v for k, v in fact_to_json(fact).items() if k not in ("type", "evidence")}
        facts.append(
            {
                "item_id": item_id,
                "type": fact.type,
                "fields": fields,
                "evidence_start": fact.evidence.start,
                "evidence_end": fact.evidence.end,
            }
        )
        about.append(sorted(_named_organizations(fields, linked)))
    table = _FACTS
    fact_ids = session.scalars(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), _checked(table, facts)
    ).all()
    links = [
        {"fact_id": fact_id, "organization_id": org_id}
        for fact_id, org_ids in zip(fact_ids, about, strict=True)
        for org_id in org_ids
    ]
    if links:
        session.execute(insert(_FACT_ORGANIZATIONS), links)
    return len(mentions)


def store_item(
    *, session: Session, actor: Actor, item: records.NewsItem, duplicates: DuplicateIndex | None = None
) -> Stored:
    """Store one pipeline item (flush only; the caller commits one item per transaction).

    Reprints are found through the persistent band-key index, which a new item joins in this same
    transaction (a rolled-back item leaves no trace). ``duplicates`` is optional: the store needs no
    in-memory index; one with items of its own (an older caller's) is consulted as well. The item's text
    signature may come computed with the analysis (``item.extra["bands"]``, news/backfill.py); it is used
    only when it was computed for this text's fingerprint.
    """
    article_id, created = _article_id(session, item)
    if not created:
        seen = session.scalar(
            select(NewsOccurrence.item_id).where(
                NewsOccurrence.article_id == article_id, NewsOccurrence.number == item.item
            )
        )
        if seen is not None:
            return Stored(Outcome.already, seen)
    fingerprint = item.fingerprint or text_fingerprint(item.text)
    keys = prepared_band_keys(item.extra.get("bands"), fingerprint)
    found = stored_duplicate(
        session=session, fingerprint=fingerprint, text=item.text, index=duplicates, keys=keys
    )
    if found is not None:
        existing_id, similarity = found
        session.execute(
            insert(_OCCURRENCES),
            _checked(
                _OCCURRENCES,
                [
                    {
                        "item_id": existing_id,
                        "article_id": article_id,
                        "number": item.item,
                        "offset": item.offset,
                        "similarity": similarity,
                    }
                ],
            ),
        )
        stored = session.get(NewsItem, existing_id)
        record_change(
            session=session,
            actor=actor,
            action="update",
            entity=stored,
            before=None,
            after={"reprinted_in": item.source, "item": item.item, "similarity": round(similarity, 3)},
        )
        return Stored(Outcome.duplicate, existing_id)

    row = {
        "fingerprint": fingerprint,
        "title": item.title,
        "published": item.published,
        "text": item.text,
        # a backfill worker computes the search key with the analysis (news/backfill.py): the same function
        "search_text": item.extra.get("search_text") or search_text([item.title, item.text]),
    }
    news_id = session.execute(insert(_ITEMS).returning(_ITEMS.c.id), _checked(_ITEMS, [row])).scalar_one()
    # the stored item as the audit record names it (its type and id; not attached to the session)
    news = NewsItem(id=news_id, **row)
    occurrence = {"item_id": news_id, "article_id": article_id, "number": item.item, "offset": item.offset}
    session.execute(insert(_OCCURRENCES), _checked(_OCCURRENCES, [occurrence]))
    mentions = _store_mentions_and_facts(session, news_id, item)
    add_bands(session=session, item_id=news_id, text=item.text, keys=keys)
    record_change(
        session=session,
        actor=actor,
        action="create",
        entity=news,
        before=None,
        after={
            "title": item.title,
            "source": item.source,
            "item": item.item,
            "fingerprint": fingerprint,
            "mentions": mentions,
            "facts": len(item.facts),
        },
    )
    return Stored(Outcome.new, news_id)
