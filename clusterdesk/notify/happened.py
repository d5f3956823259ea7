"""Lines about what happened: news about what the user follows, the review queue, registry changes."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.readable import describe
from clusterdesk.labels import field_label
from clusterdesk.lemmas import query_terms
from clusterdesk.news.models import (
    FactStatus,
    MentionStatus,
    NewsFact,
    NewsFactOrganization,
    NewsItem,
    NewsMention,
    NewsOccurrence,
)
from clusterdesk.news.risks import CATEGORY_LABELS
from clusterdesk.news.search import item_words
from clusterdesk.notify.lines import FeedLine, Window, aware, quote
from clusterdesk.notify.subscriptions import Interest
from clusterdesk.registry.models import Organization
from clusterdesk.russian import plural

LIMIT = 50
REGISTRY_TYPES = ("organization", "person", "post", "cluster", "membership")


def _org_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Organization.id, Organization.short_name).where(Organization.id.in_(ids)))
    return {row.id: row.short_name for row in rows}


def news_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """News items first stored in the window that mention what the user follows."""
    conditions: list[ColumnElement[bool]] = []
    if interest.organization_ids:
        conditions.append(
            exists().where(
                NewsMention.item_id == NewsItem.id,
                NewsMention.organization_id.in_(interest.organization_ids),
                NewsMention.status != MentionStatus.rejected,
            )
        )
    if interest.person_ids:
        conditions.append(
            exists().where(
                NewsMention.item_id == NewsItem.id,
                NewsMention.person_id.in_(interest.person_ids),
                NewsMention.status != MentionStatus.rejected,
            )
        )
    for keyword in interest.keywords:
        if query_terms(keyword):  # a keyword without words («!!!») matches no news
            conditions.append(item_words(keyword))
    if interest.fact_kinds:
        conditions.append(
            exists().where(NewsFact.item_id == NewsItem.id, NewsFact.type.in_(interest.fact_kinds))
        )
    if not conditions:
        return []
    first_seen = (
        select(NewsOccurrence.item_id, func.min(NewsOccurrence.created_at).label("at"))
        .group_by(NewsOccurrence.item_id)
        .subquery()
    )
    query = (
        select(NewsItem, first_seen.c.at)
        .join(first_seen, first_seen.c.item_id == NewsItem.id)
        .where(first_seen.c.at >= window.since, first_seen.c.at < window.until, or_(*conditions))
        .order_by(first_seen.c.at.desc(), NewsItem.id.desc())
        .limit(LIMIT)
    )
    rows = session.execute(query).all()
    mentioned: dict[int, set[int]] = {}
    if rows and interest.organization_ids:
        pairs = session.execute(
            select(NewsMention.item_id, NewsMention.organization_id).where(
                NewsMention.item_id.in_([r[0].id for r in rows]),
                NewsMention.organization_id.in_(interest.organization_ids),
                NewsMention.status != MentionStatus.rejected,
            )
        ).all()
        for item_id, org_id in pairs:
            if org_id is not None:  # the query asks for followed organisations only
                mentioned.setdefault(item_id, set()).add(org_id)
    names = _org_names(session, {o for ids in mentioned.values() for o in ids})
    lines = []
    for item, at in rows:
        orgs = sorted(names[o] for o in mentioned.get(item.id, set()) if o in names)
        about = f"Новость — {', '.join(orgs)}" if orgs else "Новость по вашей подписке"
        title = quote(item.title or item.text)
        lines.append(
            FeedLine(f"news:{item.id}", "news", aware(at), f"{about}: «{title}»", f"/news/{item.id}")
        )
    return lines


def risk_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """Risk facts (bankruptcy, a lawsuit, a search…) first stored in the window about followed organisations.

    A risk is the one kind of news that is mailed at once to everyone who follows the organisation, whatever
    the frequency they chose (``digests.send_alerts``); a fact a person rejected is not shown.
    """
    conditions: list[ColumnElement[bool]] = []
    if interest.organization_ids:
        conditions.append(
            exists().where(
                NewsFactOrganization.fact_id == NewsFact.id,
                NewsFactOrganization.organization_id.in_(interest.organization_ids),
            )
        )
    if "risk" in interest.fact_kinds:
        conditions.append(NewsFact.type == "risk")
    if not conditions:
        return []
    query = (
        select(NewsFact, NewsItem)
        .join(NewsItem, NewsItem.id == NewsFact.item_id)
        .where(
            NewsFact.type == "risk",
            NewsFact.status != FactStatus.rejected,
            NewsFact.created_at >= window.since,
            NewsFact.created_at < window.until,
            or_(*conditions),
        )
        .order_by(NewsFact.created_at.desc(), NewsFact.id.desc())
        .limit(LIMIT)
    )
    rows = session.execute(query).all()
    ids = {link.organization_id for fact, _ in rows for link in fact.organizations}
    names = _org_names(session, ids)
    lines = []
    for fact, item in rows:
        orgs = sorted(
            names[link.organization_id] for link in fact.organizations if link.organization_id in names
        )
        about = ", ".join(orgs) or str(fact.fields.get("organization") or fact.fields.get("person") or "")
        category = CATEGORY_LABELS.get(str(fact.fields.get("category")), "риск")
        evidence = quote(item.text[fact.evidence_start : fact.evidence_end])
        text = f"Риск — {about}: {category}. «{evidence}»" if about else f"Риск: {category}. «{evidence}»"
        lines.append(FeedLine(f"risk:{fact.id}", "risk", aware(fact.created_at), text, f"/news/{item.id}"))
    return lines


def review_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """How many facts and mentions wait for a person (the whole queue for managers, else the user's own)."""
    facts = select(func.count()).select_from(NewsFact).where(NewsFact.status == FactStatus.new)
    mentions = select(func.count()).select_from(NewsMention).where(NewsMention.status == MentionStatus.review)
    if not interest.whole_review_queue:
        if not interest.organization_ids and not interest.fact_kinds:
            return []
        mine: list[ColumnElement[bool]] = []
        if interest.organization_ids:
            mine.append(
                exists().where(
                    NewsFactOrganization.fact_id == NewsFact.id,
                    NewsFactOrganization.organization_id.in_(interest.organization_ids),
                )
            )
        if interest.fact_kinds:
            mine.append(NewsFact.type.in_(interest.fact_kinds))
        facts = facts.where(or_(*mine))
        mention_count = 0
    else:
        mention_count = session.scalar(mentions) or 0
    fact_count = session.scalar(facts) or 0
    if not fact_count and not mention_count:
        return []
    parts = []
    if fact_count:
        parts.append(plural(fact_count, "факт", "факта", "фактов"))
    if mention_count:
        parts.append(plural(mention_count, "упоминание", "упоминания", "упоминаний"))
    text = f"Ждут проверки: {' и '.join(parts)} из новостей"
    return [FeedLine(f"review:{window.today.isoformat()}", "review", window.until, text, "/review", True)]


def registry_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """Changes of the registry in the window about followed organisations, people and clusters."""
    about = []
    for ids, table, field in (
        (interest.organization_ids, "organization", "organization_id"),
        (interest.person_ids, "person", "person_id"),
        (interest.cluster_ids, "cluster", "cluster_id"),
    ):
        if not ids:
            continue
        about.append(and_(ChangeRecord.entity_type == table, ChangeRecord.entity_id.in_(ids)))
        about.append(ChangeRecord.after[field].as_integer().in_(ids))
        about.append(ChangeRecord.before[field].as_integer().in_(ids))
    if not about:
        return []
    query = (
        select(ChangeRecord)
        .where(
            ChangeRecord.entity_type.in_(REGISTRY_TYPES),
            ChangeRecord.at >= window.since,
            ChangeRecord.at < window.until,
            or_(*about),
        )
        .order_by(ChangeRecord.id.desc())
        .limit(LIMIT)
    )
    records = list(session.scalars(query).all())
    lines = []
    for change in describe(session=session, records=records):
        verb = {"create": "Новая запись", "update": "Изменено", "delete": "Удалено"}[change.record.action]
        text = f"{verb}: {change.type_label} «{change.name}»"
        if change.changes:
            text += ": " + ", ".join(
                field_label(change.record.entity_type, c.field) for c in change.changes[:5]
            )
        url = (
            change.url
            or f"/audit?entity_type={change.record.entity_type}&entity_id={change.record.entity_id}"
        )
        lines.append(FeedLine(f"audit:{change.record.id}", "registry", aware(change.record.at), text, url))
    return lines
