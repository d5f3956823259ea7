"""Turn stored news rows into API shapes and highlighted HTML (shared by the API and the pages)."""

from __future__ import annotations

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from clusterdesk.news.models import MentionStatus, NewsFact, NewsItem, NewsMention
from clusterdesk.news.schemas import FactRead, LinkRead, MentionRead, NewsItemRead, SourceRead
from clusterdesk.news.service import entity_name

CONFIRMED = (MentionStatus.linked, MentionStatus.accepted)


def mention_read(session: Session, mention: NewsMention) -> MentionRead:
    link = None
    if mention.organization_id is not None or mention.person_id is not None:
        link = LinkRead(
            entity_type="organization" if mention.organization_id is not None else "person",
            id=mention.organization_id or mention.person_id or 0,
            name=entity_name(session=session, mention=mention),
            confidence=mention.confidence,
        )
    return MentionRead(
        id=mention.id,
        version=mention.version,
        type=mention.type,
        start=mention.start,
        end=mention.end,
        text=mention.text,
        normal=mention.normal,
        status=mention.status,
        link=link,
    )


def fact_read(fact: NewsFact) -> FactRead:
    return FactRead(
        id=fact.id,
        version=fact.version,
        item_id=fact.item_id,
        type=fact.type,
        fields=fact.fields,
        evidence={"start": fact.evidence_start, "end": fact.evidence_end},
        evidence_text=fact.item.text[fact.evidence_start : fact.evidence_end],
        status=fact.status,
        accepted_as=fact.accepted_as,
        organization_ids=[o.organization_id for o in fact.organizations],
    )


def item_read(session: Session, item: NewsItem) -> NewsItemRead:
    return NewsItemRead(
        id=item.id,
        title=item.title,
        published=item.published,
        text=item.text,
        sources=[
            SourceRead(
                source=o.article.source,
                item=o.number,
                offset=o.offset,
                url=o.article.url,
                similarity=o.similarity,
            )
            for o in item.occurrences
        ],
        entities=[mention_read(session, m) for m in item.mentions],
        facts=[fact_read(f) for f in item.facts],
    )


def highlighted(item: NewsItem, mentions: list[NewsMention] | None = None) -> Markup:
    """The item's text with entity spans marked; confirmed links point to the registry card."""
    parts: list[str] = []
    cursor = 0
    for mention in sorted(mentions if mentions is not None else item.mentions, key=lambda m: m.start):
        if mention.start < cursor:
            continue  # overlapping spans: keep the first
        parts.append(str(escape(item.text[cursor : mention.start])))
        label = escape(item.text[mention.start : mention.end])
        css = f"ent ent-{mention.type.lower()} ent-{mention.status.value}"
        title = escape(f"{mention.type}: {mention.normal}")
        href = None
        if mention.status in CONFIRMED:
            if mention.organization_id is not None:
                href = f"/organizations/{mention.organization_id}"
            elif mention.person_id is not None:
                href = f"/people/{mention.person_id}"
        if href:
            parts.append(f'<a class="{css}" href="{href}" title="{title}">{label}</a>')
        else:
            parts.append(f'<mark class="{css}" title="{title}">{label}</mark>')
        cursor = mention.end
    parts.append(str(escape(item.text[cursor:])))
    return Markup("".join(parts).replace("\n", "<br>\n"))
