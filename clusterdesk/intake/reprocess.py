"""Re-run an improved pipeline over stored raw documents, keeping every human decision.

For each kept document the pipeline runs again; each item found is matched to the stored item by the news
store's own key (article, item number). Mentions and facts are recomputed: a mention or fact a person has
decided on (accepted, rejected, or turned into a registry record) stays exactly as it is, rows the pipeline
finds again are updated in place (ids survive, so anything pointing at them does too), rows it no longer
finds are removed, and new finds are added — so running it twice changes nothing the second time. An item
the store has never seen is stored as new; an item whose text changed is left alone and reported.
"""

from __future__ import annotations

import email
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from email.policy import default as email_policy

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor, record_change
from clusterdesk.intake import documents
from clusterdesk.intake.discover import Entry
from clusterdesk.intake.documents import Analyser
from clusterdesk.intake.models import RawDocument
from clusterdesk.news import records
from clusterdesk.news.jsonl import fact_to_json
from clusterdesk.news.models import (
    FactStatus,
    MentionStatus,
    NewsArticle,
    NewsFact,
    NewsFactOrganization,
    NewsItem,
    NewsMention,
    NewsOccurrence,
)
from clusterdesk.news.pipeline import process_document
from clusterdesk.news.sources import document_from_bytes
from clusterdesk.news.store import Outcome, fact_organization_ids, store_item

HUMAN_MENTION = {MentionStatus.accepted, MentionStatus.rejected}
HUMAN_FACT = {FactStatus.accepted, FactStatus.rejected}


@dataclass
class ReprocessReport:
    documents: int = 0
    items_updated: int = 0
    items_new: int = 0
    kept_decisions: int = 0
    skipped: list[str] = field(default_factory=list)


def document_ids(*, session: Session, since: date | None = None, source_id: int | None = None) -> list[int]:
    query = select(RawDocument.id).where(RawDocument.error.is_(None)).order_by(RawDocument.id)
    if since is not None:
        query = query.where(RawDocument.fetched_at >= datetime.combine(since, time.min))
    if source_id is not None:
        query = query.where(RawDocument.source_id == source_id)
    return list(session.scalars(query))


def rebuild_document(raw: RawDocument) -> records.SourceDocument | str:
    """The pipeline input of a kept document, read again from its raw bytes as when it was stored."""
    body = documents.decompress(raw.body)
    content_type = str(raw.headers.get("content-type", "")).split(";")[0].strip().lower()
    if raw.url.startswith("text:"):
        return records.SourceDocument(source=raw.url, text=body.decode("utf-8"))
    if content_type == "message/rfc822":
        message = email.message_from_bytes(body, policy=email_policy)
        part = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
        if part is None:
            return f"{raw.url}: в письме нет текста"
        content = part.get_content()
        kind = "html" if part.get_content_subtype() == "html" else "auto"
        parsed = document_from_bytes(
            raw.url, content.encode("utf-8") if isinstance(content, str) else content, kind=kind
        )
        if isinstance(parsed, records.SourceError):
            return parsed.message
        return replace(parsed, source=raw.url, title=parsed.title or message.get("subject"))
    if raw.url.startswith("file:"):
        parsed = document_from_bytes(raw.url, body, kind="html" if content_type == "text/html" else "auto")
        return parsed.message if isinstance(parsed, records.SourceError) else replace(parsed, source=raw.url)
    return documents.article_document(raw.url, body, content_type, Entry(url=raw.url))


def _stored_item(session: Session, source: str, number: int) -> NewsItem | None:
    return session.scalar(
        select(NewsItem)
        .join(NewsOccurrence, NewsOccurrence.item_id == NewsItem.id)
        .join(NewsArticle, NewsArticle.id == NewsOccurrence.article_id)
        .where(NewsArticle.source == source, NewsOccurrence.number == number)
    )


def _mention_values(entity: records.Entity) -> dict[str, object]:
    link = entity.link
    if link is None:
        status = MentionStatus.unlinked
    else:
        status = MentionStatus.review if link.needs_review else MentionStatus.linked
    return {
        "text": entity.text,
        "normal": entity.normal,
        "organization_id": link.entity_id if link and entity.type == "ORG" else None,
        "person_id": link.entity_id if link and entity.type == "PER" else None,
        "confidence": link.confidence if link else None,
        "status": status,
    }


def refresh_mentions(
    session: Session, item: NewsItem, entities: tuple[records.Entity, ...]
) -> tuple[list[NewsMention], int]:
    stored = {(m.type, m.start, m.end): m for m in item.mentions}
    kept = 0
    found: set[tuple[str, int, int]] = set()
    for entity in entities:
        key: tuple[str, int, int] = (entity.type, entity.start, entity.end)
        found.add(key)
        mention = stored.get(key)
        if mention is not None and mention.status in HUMAN_MENTION:
            continue
        values = _mention_values(entity)
        if mention is None:
            session.add(
                NewsMention(item_id=item.id, type=entity.type, start=entity.start, end=entity.end, **values)
            )
        else:
            for name, value in values.items():
                setattr(mention, name, value)
    for key, mention in stored.items():
        if mention.status in HUMAN_MENTION:
            kept += 1
        elif key not in found:
            session.delete(mention)
    session.flush()
    session.refresh(item, ["mentions"])
    return list(item.mentions), kept


def refresh_facts(
    session: Session, item: NewsItem, facts: tuple[records.Fact, ...], mentions: list[NewsMention]
) -> int:
    stored: dict[tuple[str, int, int], NewsFact] = {
        (f.type, f.evidence_start, f.evidence_end): f for f in item.facts
    }
    kept = 0
    found: set[tuple[str, int, int]] = set()
    for fact in facts:
        key: tuple[str, int, int] = (fact.type, fact.evidence.start, fact.evidence.end)
        found.add(key)
        row = stored.get(key)
        if row is not None and (row.status in HUMAN_FACT or row.accepted_as):
            continue
        fields = {k: v for k, v in fact_to_json(fact).items() if k not in ("type", "evidence")}
        org_ids = sorted(fact_organization_ids(fields, mentions))
        if row is None:
            row = NewsFact(
                item_id=item.id, type=fact.type, fields=fields, evidence_start=key[1], evidence_end=key[2]
            )
            session.add(row)
        else:
            row.fields = fields
        if sorted(link.organization_id for link in row.organizations) != org_ids:
            row.organizations = [NewsFactOrganization(organization_id=o) for o in org_ids]
    for key, row in stored.items():
        if row.status in HUMAN_FACT or row.accepted_as:
            kept += 1
        elif key not in found:
            session.delete(row)
    session.flush()
    return kept


def reprocess_document(
    *, session: Session, actor: Actor, analyser: Analyser, raw: RawDocument, report: ReprocessReport
) -> None:
    document = rebuild_document(raw)
    if isinstance(document, str):
        report.skipped.append(document)
        return
    report.documents += 1
    for item in process_document(document, models=analyser.models, gazetteer=analyser.gazetteer):  # type: ignore[arg-type]
        stored = _stored_item(session, item.source, item.item)
        if stored is None:
            result = store_item(session=session, actor=actor, item=item, duplicates=analyser.duplicates)
            report.items_new += result.outcome == Outcome.new
            continue
        if stored.text != item.text:
            report.skipped.append(
                f"{item.source}#{item.item}: текст новости изменился — оставлена прежняя разметка"
            )
            continue
        if stored.occurrences and stored.occurrences[0].article.source != item.source:
            continue  # a reprint: its mentions and facts belong to the first text, refreshed from there
        mentions, kept_mentions = refresh_mentions(session, stored, item.entities)
        kept_facts = refresh_facts(session, stored, item.facts, mentions)
        report.kept_decisions += kept_mentions + kept_facts
        report.items_updated += 1
        record_change(
            session=session,
            actor=actor,
            action="update",
            entity=stored,
            before=None,
            after={
                "reprocessed": raw.url,
                "mentions": len(item.entities),
                "facts": len(item.facts),
                "kept": kept_mentions + kept_facts,
            },
        )


def reprocess(
    *,
    transaction: Callable[[], object],
    actor: Actor,
    analyser: Analyser,
    ids: list[int],
    on_document: Callable[[int], None] | None = None,
) -> ReprocessReport:
    """One transaction per document: a crash leaves each document either refreshed or as it was."""
    report = ReprocessReport()
    for document_id in ids:
        with transaction() as session:  # type: ignore[attr-defined]
            raw = session.get(RawDocument, document_id)
            if raw is not None:
                reprocess_document(session=session, actor=actor, analyser=analyser, raw=raw, report=report)
        if on_document is not None:
            on_document(document_id)
    return report
