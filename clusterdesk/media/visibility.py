"""Visibility of an organisation or of a cluster's members in the news: aggregate SQL over indexed tables.

Every figure is one grouped query (mentions per day, outlets, share of voice, prominence, co-mentions,
topics) restricted to the items that name the organisations with a confirmed link; nothing walks the
mentions in Python. Only the per-day counts are folded into weeks or months here (at most one row a day).
An item without a date counts in the totals but not in the time series.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
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


def _items_naming(org_ids: Any, since: Any, until: Any) -> Select[Any]:
    """Items (ids) that name any of the organisations with a confirmed link, published within ``since`` and
    ``until`` (dates, bound parameters, or None for an open end)."""
    query = select(NewsMention.item_id).where(
        NewsMention.organization_id.in_(org_ids), NewsMention.status.in_(CONFIRMED)
    )
    if since is not None or until is not None:  # the items' dates only when a period asks
        query = query.join(NewsItem, NewsItem.id == NewsMention.item_id)
    if since is not None:
        query = query.where(NewsItem.published >= since)
    if until is not None:
        query = query.where(NewsItem.published <= until)
    return query.distinct()


def _bucket(day: date, step: str) -> tuple[date, str]:
    if step == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, f"{monday.day:02d}.{monday.month:02d}.{monday.year}"
    first = day.replace(day=1)
    return first, f"{MONTHS[first.month - 1]} {first.year}"


# Every figure of ``visibility`` is one branch of a single UNION ALL over the same columns (part, key, label,
# day, n, rank), read in one statement: the set of items naming the organisations is a CTE the branches
# share (PostgreSQL computes it once), and the server makes one round trip instead of seven. A top-ten
# branch numbers its rows in the database's own order (count, then name in the database's collation), so
# ties come out as before; the branches' rows are sorted back into their figures here.
_KEY, _LABEL, _DAY, _RANK = (
    cast(null(), Integer),
    cast(null(), String),
    cast(null(), Date),
    cast(null(), Integer),
)


def _figure(
    part: str, n: Any, *, key: Any = None, label: Any = None, day: Any = None, rank: Any = None
) -> Any:
    """The columns of one branch, in the union's order."""
    return (
        literal(part, String).label("part"),
        (_KEY if key is None else key).label("key"),
        (_LABEL if label is None else label).label("label"),
        (_DAY if day is None else day).label("day"),
        n.label("n"),
        (_RANK if rank is None else rank).label("rank"),
    )


def _top(part: str, query: Select[Any], count: Any, *, key: Any = None, label: Any) -> Select[Any]:
    """The ``TOP`` groups with the largest counts (ties by label), numbered in that order."""
    rank = func.row_number().over(order_by=(count.desc(), label))
    inner = query.add_columns(*_figure(part, count, key=key, label=label, rank=rank))
    top = inner.order_by(count.desc(), label).limit(TOP).subquery()
    return select(top.c.part, top.c.key, top.c.label, top.c.day, top.c.n, top.c.rank)


def _branches(org_ids: Any, items: Any) -> list[Select[Any]]:
    """One select per figure over the item ids ``items`` (a select of one column)."""
    confirmed = NewsMention.status.in_(CONFIRMED)
    best = (
        select(
            NewsMention.item_id, NewsMention.organization_id, func.min(MediaMention.prominence).label("level")
        )
        .join(MediaMention, MediaMention.mention_id == NewsMention.id)
        .where(NewsMention.item_id.in_(items), NewsMention.organization_id.in_(org_ids), confirmed)
        .group_by(NewsMention.item_id, NewsMention.organization_id)
        .subquery()
    )
    person = func.coalesce(Person.full_name, NewsMention.normal)
    distinct_items = func.count(func.distinct(NewsMention.item_id))
    published_with = and_(NewsOccurrence.item_id.in_(items), MediaArticle.outlet != "")
    return [
        select(*_figure("items", func.count())).select_from(items.subquery()),
        select(*_figure("undated", func.count(NewsItem.id))).where(
            NewsItem.id.in_(items), NewsItem.published.is_(None)
        ),
        select(*_figure("publications", func.count(NewsOccurrence.id))).where(
            NewsOccurrence.item_id.in_(items)
        ),
        select(*_figure("outlets", func.count(func.distinct(MediaArticle.outlet))))
        .join(NewsOccurrence, NewsOccurrence.article_id == MediaArticle.article_id)
        .where(published_with),
        select(*_figure("day", func.count(NewsItem.id), day=NewsItem.published))
        .where(NewsItem.id.in_(items), NewsItem.published.is_not(None))
        .group_by(NewsItem.published),
        select(*_figure("prominence", func.count(), key=best.c.level)).group_by(best.c.level),
        _top(
            "outlet",
            select()
            .select_from(MediaArticle)
            .join(NewsOccurrence, NewsOccurrence.article_id == MediaArticle.article_id)
            .where(published_with)
            .group_by(MediaArticle.outlet),
            func.count(func.distinct(NewsOccurrence.item_id)),
            label=MediaArticle.outlet,
        ),
        _top(
            "organization",
            select()
            .select_from(Organization)
            .join(NewsMention, NewsMention.organization_id == Organization.id)
            .where(NewsMention.item_id.in_(items), confirmed, Organization.id.not_in(org_ids))
            .group_by(Organization.id, Organization.short_name),
            distinct_items,
            key=Organization.id,
            label=Organization.short_name,
        ),
        _top(
            "person",
            select()
            .select_from(NewsMention)
            .outerjoin(Person, and_(Person.id == NewsMention.person_id, confirmed))
            .where(
                NewsMention.item_id.in_(items),
                NewsMention.type == "PER",
                NewsMention.status != MentionStatus.rejected,
            )
            .group_by(person),
            distinct_items,
            label=person,
        ),
        _top(
            "topic",
            select()
            .select_from(MediaItemTopic)
            .where(MediaItemTopic.item_id.in_(items))
            .group_by(MediaItemTopic.topic),
            func.count(MediaItemTopic.item_id),
            label=MediaItemTopic.topic,
        ),
    ]


def _statement(org_ids: Any, since: Any, until: Any) -> CompoundSelect:
    items = _items_naming(org_ids, since, until).cte("visible_items")
    return union_all(*_branches(org_ids, select(items.c.item_id)))


@cache
def _statement_for_ids(since: bool, until: bool) -> CompoundSelect:
    """The statement for a list of organisation ids, built once (building it costs more than running it):
    parameters ``org_ids`` and, when the period has them, ``since`` and ``until``."""
    return _statement(
        bindparam("org_ids", expanding=True),
        bindparam("since", type_=Date) if since else None,
        bindparam("until", type_=Date) if until else None,
    )


def _series(per_day: list[tuple[date, int]], step: str) -> list[tuple[str, int]]:
    """Counts per day folded into weeks or months, quiet ones filled with zeros (the last 104)."""
    counts: Counter[tuple[date, str]] = Counter()
    for day, count in per_day:
        counts[_bucket(day, step)] += count
    if not counts:
        return []
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


def _share(session: Session, member_ids: Select[Any], period: Period) -> list[tuple[int, str, int, float]]:
    items = _items_naming(member_ids, period.since, period.until)
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
    """The figures for the items naming any of the organisations — one statement."""
    period = period or Period()
    if isinstance(org_ids, Select):  # a cluster's members: built for this call
        statement = _statement(org_ids, period.since, period.until)
        values: dict[str, Any] = {}
    else:  # built once per kind of period; the ids and the dates are its parameters
        statement = _statement_for_ids(period.since is not None, period.until is not None)
        values = {"org_ids": list(org_ids), "since": period.since, "until": period.until}
        values = {k: v for k, v in values.items() if v is not None or k == "org_ids"}
    rows = session.execute(statement, values).all()
    parts: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        parts[row.part].append(row)
    result = Visibility()
    result.items = sum(int(row.n) for row in parts["items"])
    result.undated = sum(int(row.n) for row in parts["undated"])
    result.publications = sum(int(row.n) for row in parts["publications"])
    result.outlets = sum(int(row.n) for row in parts["outlets"])
    result.series = _series([(row.day, int(row.n)) for row in parts["day"]], period.step)
    levels = {int(row.key): int(row.n) for row in parts["prominence"]}
    result.prominence = [(PROMINENCE_LABELS[level], levels.get(int(level), 0)) for level in Prominence]

    def top(part: str) -> list[Any]:
        return sorted(parts[part], key=lambda row: int(row.rank))

    result.top_outlets = [(row.label, int(row.n)) for row in top("outlet")]
    result.organizations = [(int(row.key), row.label, int(row.n)) for row in top("organization")]
    result.people = [(row.label, int(row.n)) for row in top("person")]
    result.topics = [(row.label, int(row.n)) for row in top("topic")]
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
