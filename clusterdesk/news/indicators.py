"""Computed KPI indicators from the news: mentions of the cluster's members, and event/agreement facts.

An item counts for the year it was published; an item with no known date is not counted (the data cannot say).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from clusterdesk.indicators import indicator
from clusterdesk.news.models import MentionStatus, NewsFact, NewsFactOrganization, NewsItem, NewsMention
from clusterdesk.registry.models import Membership

CONFIRMED = (MentionStatus.linked, MentionStatus.accepted)


def _members(cluster_id: int, year: int) -> Any:
    year_end = date(year, 12, 31)
    return select(Membership.organization_id).where(
        Membership.cluster_id == cluster_id,
        or_(Membership.since.is_(None), Membership.since <= year_end),
        or_(Membership.until.is_(None), Membership.until > year_end),
    )


def _published_in(year: int) -> Any:
    return NewsItem.published.between(date(year, 1, 1), date(year, 12, 31))


@indicator("news_mentions", "Новости об участниках кластера", "шт.")
def news_mentions(*, session: Session, cluster_id: int, year: int) -> float | None:
    """News items of the year that name at least one member (confirmed links only)."""
    mentioning = select(NewsMention.item_id).where(
        NewsMention.organization_id.in_(_members(cluster_id, year)), NewsMention.status.in_(CONFIRMED)
    )
    query = select(func.count(NewsItem.id)).where(NewsItem.id.in_(mentioning), _published_in(year))
    return float(session.scalar(query) or 0)


def _facts_about_members(fact_type: str, cluster_id: int, year: int) -> Any:
    about_members = select(NewsFactOrganization.fact_id).where(
        NewsFactOrganization.organization_id.in_(_members(cluster_id, year))
    )
    return (
        select(func.count(NewsFact.id))
        .join(NewsItem, NewsItem.id == NewsFact.item_id)
        .where(NewsFact.type == fact_type, NewsFact.id.in_(about_members), _published_in(year))
    )


@indicator("news_events", "События с участием членов кластера (по новостям)", "шт.")
def news_events(*, session: Session, cluster_id: int, year: int) -> float | None:
    return float(session.scalar(_facts_about_members("event", cluster_id, year)) or 0)


@indicator("news_agreements", "Соглашения членов кластера (по новостям)", "шт.")
def news_agreements(*, session: Session, cluster_id: int, year: int) -> float | None:
    return float(session.scalar(_facts_about_members("agreement", cluster_id, year)) or 0)
