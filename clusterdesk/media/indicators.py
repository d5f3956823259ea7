"""Computed KPI indicators of media visibility: publications about the cluster's members and the outlets.

Unlike «Новости об участниках кластера» (distinct news texts), a publication here is every appearance of a
text in an article, reprints included: what a media index counts. An item counts for the year it was
published; an item with no known date is not counted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from clusterdesk.indicators import indicator
from clusterdesk.media.models import MediaArticle
from clusterdesk.news.models import MentionStatus, NewsItem, NewsMention, NewsOccurrence
from clusterdesk.registry.models import Membership

CONFIRMED = (MentionStatus.linked, MentionStatus.accepted)


def _items_about_members(cluster_id: int, year: int) -> Any:
    year_end = date(year, 12, 31)
    members = select(Membership.organization_id).where(
        Membership.cluster_id == cluster_id,
        or_(Membership.since.is_(None), Membership.since <= year_end),
        or_(Membership.until.is_(None), Membership.until > year_end),
    )
    return (
        select(NewsMention.item_id)
        .join(NewsItem, NewsItem.id == NewsMention.item_id)
        .where(
            NewsMention.organization_id.in_(members),
            NewsMention.status.in_(CONFIRMED),
            NewsItem.published.between(date(year, 1, 1), year_end),
        )
        .distinct()
    )


@indicator("media_mentions", "Упоминания в СМИ: публикации об участниках кластера (с перепечатками)", "шт.")
def media_mentions(*, session: Session, cluster_id: int, year: int) -> float | None:
    query = select(func.count(NewsOccurrence.id)).where(
        NewsOccurrence.item_id.in_(_items_about_members(cluster_id, year))
    )
    return float(session.scalar(query) or 0)


@indicator("media_visibility", "Медийная заметность: число СМИ, писавших об участниках кластера", "СМИ")
def media_visibility(*, session: Session, cluster_id: int, year: int) -> float | None:
    query = (
        select(func.count(func.distinct(MediaArticle.outlet)))
        .join(NewsOccurrence, NewsOccurrence.article_id == MediaArticle.article_id)
        .where(NewsOccurrence.item_id.in_(_items_about_members(cluster_id, year)), MediaArticle.outlet != "")
    )
    return float(session.scalar(query) or 0)
