"""Visibility of an organisation or of a cluster's members in the news: aggregate SQL over indexed tables.

Every figure is one grouped query (mentions per day, outlets, share of voice, prominence, co-mentions,
topics) restricted to the items that name the organisations with a confirmed link; nothing walks the
mentions in Python. Only the per-day counts are folded into weeks or months here (at most one row a day).
An item without a date counts in the totals but not in the time series.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from clusterdesk.media.models import MediaArticle, MediaItemTopic, MediaMention
from clusterdesk.media.prominence import PROMINENCE_LABELS, Prominence
from clusterdesk.news.models import MentionStatus, NewsItem, NewsMention, NewsOccurrence
from clusterdesk.registry.models import Membership, Organization, Person

CONFIRMED = (MentionStatus.linked, MentionStatus.accepted)
TOP = 10
MONTHS = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


@dataclass(frozen=True)
class Period:
    since: date | None = None
    until: date | None = None
    step: str = "month"  # or "week"


@dataclass
class Visibility:
    items: int = 0
    publications: int = 0  # occurrences: an item reprinted by three outlets counts three times
    outlets: int = 0
    undated: int = 0  # items without a publication date: in the totals, not in the series
    series: list[tuple[str, int]] = field(default_factory=list)
    prominence: list[tuple[str, int]] = field(default_factory=list)
    organizations: list[tuple[int, str, int]] = field(default_factory=list)  # co-mentioned
    people: list[tuple[str, int]] = field(default_factory=list)
    topics: list[tuple[str, int]] = field(default_factory=list)
    top_outlets: list[tuple[str, int]] = field(default_factory=list)
    share: list[tuple[int, str, int, float]] = field(default_factory=list)  # members: id, name, items, share

    def chart(self) -> dict[str, Any]:
        """The data the page's ECharts draw."""
        return {
            "series": {"labels": [s for s, _ in self.series], "values": [n for _, n in self.series]},
            "prominence": [{"name": n, "value": v} for n, v in self.prominence],
            "topics": {"labels": [t for t, _ in self.topics], "values": [n for _, n in self.topics]},
            "share": [{"name": name, "value": n} for _, name, n, _ in self.share],
        }


def active_members(cluster_id: int, on: date | None = None) -> Select[Any]:
    day = on or date.today()
    return select(Membership.organization_id).where(
        Membership.cluster_id == cluster_id,
        or_(Membership.since.is_(None), Membership.since <= day),
        or_(Membership.until.is_(None), Membership.until > day),
    )


def _mentioning(org_ids: Any, period: Period) -> Select[Any]:
    """Items (ids) that name any of the organisations with a confirmed link, within the period."""
    query = select(NewsMention.item_id).where(
        NewsMention.organization_id.in_(org_ids), NewsMention.status.in_(CONFIRMED)
    )
    if period.since is not None or period.until is not None:  # the items' dates only when a period asks
        query = query.join(NewsItem, NewsItem.id == NewsMention.item_id)
    if period.since is not None:
        query = query.where(NewsItem.published >= period.since)
    if period.until is not None:
        query = query.where(NewsItem.published <= period.until)
    return query.distinct()


def _bucket(day: date, step: str) -> tuple[date, str]:
    if step == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, f"{monday.day:02d}.{monday.month:02d}.{monday.year}"
    first = day.replace(day=1)
    return first, f"{MONTHS[first.month - 1]} {first.year}"


def _series(session: Session, items: Select[Any], step: str) -> list[tuple[str, int]]:
    per_day = session.execute(
        select(NewsItem.published, func.count(NewsItem.id))
        .where(NewsItem.id.in_(items), NewsItem.published.is_not(None))
        .group_by(NewsItem.published)
    ).all()
    counts: Counter[tuple[date, str]] = Counter()
    for day, count in per_day:
        if day is not None:
            counts[_bucket(day, step)] += count
    if not counts:
        return []
    # fill the gaps so that a quiet month shows as zero
    keys = sorted(counts)
    filled: list[tuple[str, int]] = []
    current = keys[0][0]
    while current <= keys[-1][0]:
        key = _bucket(current, step)
        filled.append((key[1], counts.get(key, 0)))
        current = (
            current + timedelta(days=7) if step == "week" else (current + timedelta(days=32)).replace(day=1)
        )
    return filled[-104:]


def _prominence(session: Session, org_ids: Any, items: Select[Any]) -> list[tuple[str, int]]:
    best = (
        select(
            NewsMention.item_id, NewsMention.organization_id, func.min(MediaMention.prominence).label("level")
        )
        .join(MediaMention, MediaMention.mention_id == NewsMention.id)
        .where(
            NewsMention.item_id.in_(items),
            NewsMention.organization_id.in_(org_ids),
            NewsMention.status.in_(CONFIRMED),
        )
        .group_by(NewsMention.item_id, NewsMention.organization_id)
        .subquery()
    )
    rows: dict[int, int] = {
        int(level): int(n)
        for level, n in session.execute(select(best.c.level, func.count()).group_by(best.c.level))
    }
    return [(PROMINENCE_LABELS[level], int(rows.get(int(level), 0))) for level in Prominence]


def _co_organizations(session: Session, org_ids: Any, items: Select[Any]) -> list[tuple[int, str, int]]:
    count = func.count(func.distinct(NewsMention.item_id))
    rows = session.execute(
        select(Organization.id, Organization.short_name, count)
        .join(NewsMention, NewsMention.organization_id == Organization.id)
        .where(
            NewsMention.item_id.in_(items),
            NewsMention.status.in_(CONFIRMED),
            Organization.id.not_in(org_ids),
        )
        .group_by(Organization.id, Organization.short_name)
        .order_by(count.desc(), Organization.short_name)
        .limit(TOP)
    ).all()
    return [(i, name, n) for i, name, n in rows]


def _people(session: Session, items: Select[Any]) -> list[tuple[str, int]]:
    name = func.coalesce(Person.full_name, NewsMention.normal)
    count = func.count(func.distinct(NewsMention.item_id))
    rows = session.execute(
        select(name, count)
        .outerjoin(Person, and_(Person.id == NewsMention.person_id, NewsMention.status.in_(CONFIRMED)))
        .where(
            NewsMention.item_id.in_(items),
            NewsMention.type == "PER",
            NewsMention.status != MentionStatus.rejected,
        )
        .group_by(name)
        .order_by(count.desc(), name)
        .limit(TOP)
    ).all()
    return [(n, c) for n, c in rows]


def _topics(session: Session, items: Select[Any]) -> list[tuple[str, int]]:
    count = func.count(MediaItemTopic.item_id)
    rows = session.execute(
        select(MediaItemTopic.topic, count)
        .where(MediaItemTopic.item_id.in_(items))
        .group_by(MediaItemTopic.topic)
        .order_by(count.desc(), MediaItemTopic.topic)
        .limit(TOP)
    ).all()
    return [(t, c) for t, c in rows]


def _totals(session: Session, items: Select[Any]) -> tuple[int, int, int]:
    """The items, those without a date, and their publications (an item reprinted by three outlets counts
    three times) — one statement."""
    row = session.execute(
        select(
            select(func.count()).select_from(items.subquery()).scalar_subquery(),
            select(func.count(NewsItem.id))
            .where(NewsItem.id.in_(items), NewsItem.published.is_(None))
            .scalar_subquery(),
            select(func.count(NewsOccurrence.id)).where(NewsOccurrence.item_id.in_(items)).scalar_subquery(),
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def _outlets(session: Session, items: Select[Any]) -> tuple[int, list[tuple[str, int]]]:
    """The number of outlets that published the items, and the top ones — one statement: each of the top
    rows carries the number of all the outlets (a window over the grouped rows)."""
    n = func.count(func.distinct(NewsOccurrence.item_id))
    rows = session.execute(
        select(MediaArticle.outlet, n, func.count().over())
        .join(NewsOccurrence, NewsOccurrence.article_id == MediaArticle.article_id)
        .where(NewsOccurrence.item_id.in_(items), MediaArticle.outlet != "")
        .group_by(MediaArticle.outlet)
        .order_by(n.desc(), MediaArticle.outlet)
        .limit(TOP)
    ).all()
    return (int(rows[0][2]) if rows else 0), [(o, int(c)) for o, c, _ in rows]


def _share(session: Session, member_ids: Select[Any], period: Period) -> list[tuple[int, str, int, float]]:
    items = _mentioning(member_ids, period)
    count = func.count(func.distinct(NewsMention.item_id))
    rows = session.execute(
        select(Organization.id, Organization.short_name, count)
        .join(NewsMention, NewsMention.organization_id == Organization.id)
        .where(
            NewsMention.item_id.in_(items),
            NewsMention.organization_id.in_(member_ids),
            NewsMention.status.in_(CONFIRMED),
        )
        .group_by(Organization.id, Organization.short_name)
        .order_by(count.desc(), Organization.short_name)
    ).all()
    total = sum(n for _, _, n in rows) or 1
    return [(i, name, n, round(n / total, 4)) for i, name, n in rows]


def visibility(
    *, session: Session, org_ids: Sequence[int] | Select[Any], period: Period | None = None
) -> Visibility:
    """The figures for the items naming any of the organisations."""
    period = period or Period()
    items = _mentioning(org_ids, period)
    result = Visibility()
    result.items, result.undated, result.publications = _totals(session, items)
    if not result.items:  # no item names them: every other figure is empty, no need to ask
        result.prominence = [(PROMINENCE_LABELS[level], 0) for level in Prominence]
        return result
    result.outlets, result.top_outlets = _outlets(session, items)
    result.series = _series(session, items, period.step)
    result.prominence = _prominence(session, org_ids, items)
    result.organizations = _co_organizations(session, org_ids, items)
    result.people = _people(session, items)
    result.topics = _topics(session, items)
    return result


def organization_visibility(
    *, session: Session, organization_id: int, period: Period | None = None
) -> Visibility:
    return visibility(session=session, org_ids=[organization_id], period=period)


def cluster_visibility(*, session: Session, cluster_id: int, period: Period | None = None) -> Visibility:
    """The cluster's members together, with each member's share of voice."""
    period = period or Period()
    members = active_members(cluster_id)
    result = visibility(session=session, org_ids=members, period=period)
    result.share = _share(session, members, period)
    return result
