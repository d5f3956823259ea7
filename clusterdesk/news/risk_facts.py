"""Stored risk facts for pages: the newest about some organisations, with the words a reader sees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from clusterdesk.news.models import FactStatus, NewsFact, NewsFactOrganization, NewsItem
from clusterdesk.news.risks import CATEGORY_LABELS
from clusterdesk.registry.models import Organization

RECENT = 20


@dataclass(frozen=True)
class RiskRow:
    fact_id: int
    item_id: int
    category: str
    category_label: str
    organizations: tuple[str, ...]
    person: str | None
    day: date | None
    evidence: str
    title: str | None
    seen_at: datetime


def recent_risks(
    *, session: Session, organization_ids: Iterable[int] | None = None, limit: int = RECENT
) -> list[RiskRow]:
    """Risk facts a person has not rejected, newest first; only those about ``organization_ids`` if given."""
    query = (
        select(NewsFact, NewsItem)
        .join(NewsItem, NewsItem.id == NewsFact.item_id)
        .where(NewsFact.type == "risk", NewsFact.status != FactStatus.rejected)
        .order_by(NewsFact.created_at.desc(), NewsFact.id.desc())
        .limit(limit)
    )
    if organization_ids is not None:
        ids = sorted(set(organization_ids))
        if not ids:
            return []
        query = query.where(
            exists().where(
                NewsFactOrganization.fact_id == NewsFact.id, NewsFactOrganization.organization_id.in_(ids)
            )
        )
    rows = session.execute(query).all()
    org_ids = {link.organization_id for fact, _ in rows for link in fact.organizations}
    names: dict[int, str] = {}
    if org_ids:
        query_names = select(Organization.id, Organization.short_name).where(Organization.id.in_(org_ids))
        names = {row.id: row.short_name for row in session.execute(query_names)}
    out = []
    for fact, item in rows:
        category = str(fact.fields.get("category") or "")
        linked = tuple(
            sorted(
                names[link.organization_id] for link in fact.organizations if link.organization_id in names
            )
        )
        written = fact.fields.get("organization")
        day = fact.fields.get("date")
        out.append(
            RiskRow(
                fact_id=fact.id,
                item_id=item.id,
                category=category,
                category_label=CATEGORY_LABELS.get(category, category),
                organizations=linked or ((str(written),) if written else ()),
                person=str(fact.fields["person"]) if fact.fields.get("person") else None,
                day=date.fromisoformat(day) if isinstance(day, str) and len(day) == 10 else item.published,
                evidence=item.text[fact.evidence_start : fact.evidence_end],
                title=item.title,
                seen_at=fact.created_at,
            )
        )
    return out
