"""Store pipeline output: one item per transaction, idempotent, reprints kept once with all their sources."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor, record_change
from clusterdesk.lemmas import search_text
from clusterdesk.news import records
from clusterdesk.news.dedup import DuplicateIndex, add_bands, stored_duplicate, stored_index, text_fingerprint
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


def _article(session: Session, item: records.NewsItem) -> NewsArticle:
    article = session.scalar(select(NewsArticle).where(NewsArticle.source == item.source))
    if article is None:
        article = NewsArticle(
            source=item.source,
            title=item.title if item.item == 0 else None,
            published=item.published,
            url=item.url,
            author=item.author,
        )
        session.add(article)
        session.flush()
    return article


def _mention_status(entity: records.Entity) -> MentionStatus:
    if entity.link is None:
        return MentionStatus.unlinked
    return MentionStatus.review if entity.link.needs_review else MentionStatus.linked


def _mention(item_id: int, entity: records.Entity) -> NewsMention:
    link = entity.link
    return NewsMention(
        item_id=item_id,
        type=entity.type,
        start=entity.start,
        end=entity.end,
        text=entity.text,
        normal=entity.normal,
        organization_id=link.entity_id if link and entity.type == "ORG" else None,
        person_id=link.entity_id if link and entity.type == "PER" else None,
        confidence=link.confidence if link else None,
        status=_mention_status(entity),
    )


def _names_in(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for part in value:
            yield from _names_in(part)


def fact_organization_ids(fields: dict[str, object], mentions: Iterable[NewsMention]) -> set[int]:
    """Registry organisations a fact names, resolved through the item's confidently linked mentions."""
    linked = {
        name.lower(): m.organization_id
        for m in mentions
        if m.organization_id is not None and m.status in (MentionStatus.linked, MentionStatus.accepted)
        for name in (m.text, m.normal)
    }
    return {linked[n.lower()] for value in fields.values() for n in _names_in(value) if n.lower() in linked}


def _fact(item_id: int, fact: records.Fact, mentions: list[NewsMention]) -> NewsFact:
    fields = {k: v for k, v in fact_to_json(fact).items() if k not in ("type", "evidence")}
    stored = NewsFact(
        item_id=item_id,
        type=fact.type,
        fields=fields,
        evidence_start=fact.evidence.start,
        evidence_end=fact.evidence.end,
    )
    stored.organizations = [
        NewsFactOrganization(organization_id=org_id)
        for org_id in sorted(fact_organization_ids(fields, mentions))
    ]
    return stored


def store_item(
    *, session: Session, actor: Actor, item: records.NewsItem, duplicates: DuplicateIndex | None = None
) -> Stored:
    """Store one pipeline item (flush only; the caller commits one item per transaction).

    Reprints are found through the persistent band-key index, which a new item joins in this same
    transaction (a rolled-back item leaves no trace). ``duplicates`` is optional: the store needs no
    in-memory index; one with items of its own (an older caller's) is consulted as well.
    """
    article = _article(session, item)
    seen = session.scalar(
        select(NewsOccurrence).where(
            NewsOccurrence.article_id == article.id, NewsOccurrence.number == item.item
        )
    )
    if seen is not None:
        return Stored(Outcome.already, seen.item_id)
    fingerprint = item.fingerprint or text_fingerprint(item.text)
    found = stored_duplicate(session=session, fingerprint=fingerprint, text=item.text, index=duplicates)
    if found is not None:
        existing_id, similarity = found
        session.add(
            NewsOccurrence(
                item_id=existing_id,
                article_id=article.id,
                number=item.item,
                offset=item.offset,
                similarity=similarity,
            )
        )
        session.flush()
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

    news = NewsItem(
        fingerprint=fingerprint,
        title=item.title,
        published=item.published,
        text=item.text,
        # a backfill worker computes the search key with the analysis (news/backfill.py): the same function
        search_text=item.extra.get("search_text") or search_text([item.title, item.text]),
    )
    session.add(news)
    session.flush()
    session.add(NewsOccurrence(item_id=news.id, article_id=article.id, number=item.item, offset=item.offset))
    mentions = [_mention(news.id, e) for e in item.entities]
    session.add_all(mentions)
    session.add_all(_fact(news.id, f, mentions) for f in item.facts)
    add_bands(session=session, item_id=news.id, text=item.text)
    session.flush()
    record_change(
        session=session,
        actor=actor,
        action="create",
        entity=news,
        before=None,
        after={
            "title": news.title,
            "source": item.source,
            "item": item.item,
            "fingerprint": fingerprint,
            "mentions": len(mentions),
            "facts": len(item.facts),
        },
    )
    return Stored(Outcome.new, news.id)
