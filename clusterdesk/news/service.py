"""News queries and the review queue (flush, never commit)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import get_or_404
from clusterdesk.db import count_rows, paginate
from clusterdesk.errors import DomainError, FieldProblem, ValidationFailed
from clusterdesk.news.models import (
    FactStatus,
    MentionStatus,
    NewsFact,
    NewsFactOrganization,
    NewsItem,
    NewsMention,
)
from clusterdesk.news.reads import FeedItem, feed_items, item_rows
from clusterdesk.news.search import common_share, item_words
from clusterdesk.news.store import fact_organization_ids
from clusterdesk.registry import service as registry_service
from clusterdesk.registry.filters import matches_words
from clusterdesk.registry.models import Organization, OrganizationKind, Person
from clusterdesk.registry.schemas import OrganizationCreate, PersonCreate

MENTION = "Упоминание"
# news lists count their matches up to here: a total above it is shown as «more than COUNT_LIMIT»
COUNT_LIMIT = 1000
FACT = "Факт"
ENTITY_NAMES = "news_entity_names"  # session.info key: (kind, id) → name, read for one page of items


@dataclass(frozen=True)
class NewsFilter:
    q: str | None = None
    org_id: int | None = None
    person_id: int | None = None
    since: date | None = None
    until: date | None = None

    def apply(self, query: Select) -> Select:
        if self.q:
            query = query.where(item_words(self.q))
        accepted = (MentionStatus.linked, MentionStatus.accepted)
        if self.org_id is not None:
            query = query.where(
                NewsItem.id.in_(
                    select(NewsMention.item_id).where(
                        NewsMention.organization_id == self.org_id, NewsMention.status.in_(accepted)
                    )
                )
            )
        if self.person_id is not None:
            query = query.where(
                NewsItem.id.in_(
                    select(NewsMention.item_id).where(
                        NewsMention.person_id == self.person_id, NewsMention.status.in_(accepted)
                    )
                )
            )
        if self.since is not None:
            query = query.where(NewsItem.published >= self.since)
        if self.until is not None:
            query = query.where(NewsItem.published <= self.until)
        return query


# the feed's order: newest first, undated last
FEED_ORDER = (NewsItem.published.desc().nulls_last(), NewsItem.id.desc())


def get_items(
    *, session: Session, filters: NewsFilter, page: int = 1, page_size: int = 20
) -> tuple[list[FeedItem], int]:
    """A page of items as the feed shows them (plain rows, news/reads.py), newest first, and their number —
    counted up to ``COUNT_LIMIT`` (a total of ``COUNT_LIMIT + 1`` means more than that)."""
    ids, total = page_ids(session=session, filters=filters, page=page, page_size=page_size)
    return feed_items(session, ids), total


def page_ids(
    *, session: Session, filters: NewsFilter, page: int = 1, page_size: int = 20
) -> tuple[list[int], int]:
    """The ids of a page of items, newest first, and their number counted up to ``COUNT_LIMIT`` — the page
    of ``get_items``, and of readers that load the rows themselves (news/reads.py)."""
    if filters.q and session.get_bind().dialect.name == "postgresql":
        return _word_search_page(session, filters, page, page_size)
    ids, total = paginate(
        session,
        filters.apply(select(NewsItem.id)),
        page=page,
        page_size=page_size,
        order_by=FEED_ORDER,
        count_limit=COUNT_LIMIT,
    )
    return list(ids), total


# a word the database's statistics find in at least this share of the items is very common: its page is first
# looked for among the newest items by their bags of words (see _word_search_page), as many as should hold
# VERY_COMMON_MARGIN times the page's items by that share (the statistics add up the shares of the words a
# form begins, which overcounts items holding several: «области» 16 % by them, 8 % among the newest items),
# at most VERY_COMMON_MAX_PER_ROW per item the page needs; the check stops at the page's last match. Then the
# newest items a common word's page is looked for among through the indexes: a word counted past COUNT_LIMIT
# is in at least 1 item of 200 at 200,000 items, so 250 newest items per row hold a full page of it as a rule;
# where they do not, the exact page follows
VERY_COMMON_SHARE = 0.05
VERY_COMMON_MARGIN = 3.0
VERY_COMMON_MAX_PER_ROW = 30
DENSE_WINDOW_PER_ROW = 250


def _word_search_page(
    session: Session, filters: NewsFilter, page: int, page_size: int
) -> tuple[list[int], int]:
    """A word search's page on PostgreSQL, in four statements at most (and, once in five minutes per server
    process, a read of the word index's statistics):

    1. the matches counted up to ``COUNT_LIMIT`` from the word index (news/search.py);
    2. a very common word (in at least ``VERY_COMMON_SHARE`` of the items by the database's statistics,
       news/search.py): its page looked for among the newest items, their bags of words checked one by one
       (LIKE) in the feed's order until the page is full — ~60 µs an item, 4–15 ms for «Россия» (in a third
       of 200,000 items) or «Томск» (a tenth), whose bitmaps in the word index cost 25–100 ms to build; for
       a rarer word the check would cost more than the bitmaps (6 ms per 100 items), so it is not tried;
    3. a common word those few items hold too few of: its page looked for among the items dated no earlier
       than the newest ``DENSE_WINDOW_PER_ROW`` items per row needed, the word index's bitmap of the matches
       and the dates' index's bitmap of that window intersected, so that only the matches in the window are
       read and sorted. Ordering all of a common word's matches — 15,000 of 200,000 items — to show 20 reads
       every one of them (47 ms for 18,896); checking the newest 1,000 items' bags of words took 30–37 ms;
    4. otherwise (a rarer word, or a common one the windows hold too few of) every match read from the word
       index as a bitmap and the page sorted out of them (9 ms for a word in 2 % of the items).
    The count is not repeated: a page a window or the bitmap filled has the total of step 1.
    """
    total = count_rows(session, filters.apply(select(NewsItem.id)), limit=COUNT_LIMIT)
    offset = (page - 1) * page_size
    if total <= min(offset, COUNT_LIMIT):
        return [], total  # past the last page (a total above the limit is «more than»: not known here)
    if total > COUNT_LIMIT:
        window = _very_common_window(session, filters.q or "", offset + page_size)
        newest = _newest_items_page(session, filters, offset, page_size, window) if window else None
        if newest is None:
            newest = _newest_window_page(session, filters, offset, page_size)
        if newest is not None:
            return newest, total
    matches = filters.apply(select(NewsItem.id, NewsItem.published))
    return _sorted_page(session, matches, offset, page_size), total


def _very_common_window(session: Session, query: str, needed: int) -> int | None:
    """How many of the newest items should hold ``needed`` matches of a very common query, by the database's
    statistics (``VERY_COMMON_MARGIN`` times as many as its share says, at most ``VERY_COMMON_MAX_PER_ROW``
    per item needed); None for a query not very common."""
    share = common_share(session, query)
    if share < VERY_COMMON_SHARE:
        return None
    return min(math.ceil(needed * VERY_COMMON_MARGIN / share), needed * VERY_COMMON_MAX_PER_ROW)


def _newest_items_page(
    session: Session, filters: NewsFilter, offset: int, page_size: int, window_size: int
) -> list[int] | None:
    """A very common word's page from the newest ``window_size`` items in the feed's order, each item's bag of
    words checked (see ``_word_search_page``); None when they hold fewer matches than the page needs. The
    items outside come later in the feed's order: a full page is exact."""
    window = (
        select(NewsItem.id, NewsItem.published, NewsItem.search_text)
        .order_by(*FEED_ORDER)
        .limit(window_size)
        .subquery()
    )
    others = NewsFilter(
        org_id=filters.org_id, person_id=filters.person_id, since=filters.since, until=filters.until
    )
    conditions = matches_words(window.c.search_text, filters.q or "")
    if others != NewsFilter():
        conditions.append(window.c.id.in_(others.apply(select(NewsItem.id))))
    ids = list(
        session.scalars(
            select(window.c.id)
            .where(*conditions)
            .order_by(window.c.published.desc().nulls_last(), window.c.id.desc())
            .offset(offset)
            .limit(page_size)
        )
    )
    return ids if len(ids) == page_size else None


def _sorted_page(session: Session, matches: Select, offset: int, page_size: int) -> list[int]:
    """A page of ``matches`` (``id, published``) in the feed's order, sorted out of the rows the matches'
    own indexes give: ``OFFSET 0`` keeps the subquery from being flattened, so the planner cannot walk the
    feed index and compute each row's search words as a filter until the page is full (0.2–0.8 s for a word
    in 1–2 % of 200,000 items; with a date bound it chose that for prepared statements too)."""
    rows = matches.offset(0).subquery()
    ids = session.scalars(
        select(rows.c.id)
        .order_by(rows.c.published.desc().nulls_last(), rows.c.id.desc())
        .offset(offset)
        .limit(page_size)
    )
    return list(ids)


def _newest_window_page(
    session: Session, filters: NewsFilter, offset: int, page_size: int
) -> list[int] | None:
    """A common word's page from the newest items (see ``_word_search_page``); None when the window holds
    fewer matches than the page needs.

    The window is every item dated on or after the date of the ``(offset + page_size) *
    DENSE_WINDOW_PER_ROW``-th newest item, or every dated item when there is no such item or it has no date.
    Every item outside it comes after every item in it in the feed's order (an earlier date, or none), so a
    page the window's matches fill is the page of all the matches.
    """
    newest = (
        select(NewsItem.published)
        .order_by(*FEED_ORDER)
        .offset((offset + page_size) * DENSE_WINDOW_PER_ROW - 1)
        .limit(1)
        .scalar_subquery()
    )
    window = filters.apply(select(NewsItem.id, NewsItem.published)).where(
        NewsItem.published >= func.coalesce(newest, date.min)
    )
    ids = _sorted_page(session, window, offset, page_size)
    return ids if len(ids) == page_size else None


@dataclass(frozen=True)
class TimelineEntry:
    """One item of an organisation's news timeline: what the card shows of it."""

    id: int
    title: str | None
    published: date | None
    text: str  # the title's fallback (its first sentence)
    fact_types: tuple[str, ...]  # the types of the item's facts that name the organisation


def organization_timeline(
    *, session: Session, organization_id: int, page_size: int = 20
) -> tuple[list[TimelineEntry], int]:
    """The newest items naming an organisation (its card), with the types of their facts about it, counted up
    to ``COUNT_LIMIT`` like ``get_items``: plain rows in two selects and the count, no ORM objects."""
    ids, total = page_ids(
        session=session, filters=NewsFilter(org_id=organization_id), page=1, page_size=page_size
    )
    if not ids:
        return [], total
    rows = item_rows(session, ids)
    types: dict[int, list[str]] = {}
    for item_id, fact_type in session.execute(
        select(NewsFact.item_id, NewsFact.type)
        .join(NewsFactOrganization, NewsFactOrganization.fact_id == NewsFact.id)
        .where(NewsFact.item_id.in_(ids), NewsFactOrganization.organization_id == organization_id)
        .order_by(NewsFact.id)
    ):
        types.setdefault(item_id, []).append(fact_type)
    found = {
        row.id: TimelineEntry(row.id, row.title, row.published, row.text, tuple(types.get(row.id, ())))
        for row in rows
    }
    return [found[i] for i in ids if i in found], total


def preload_entities(*, session: Session, mentions: list[NewsMention]) -> None:
    """Read the names of the organisations and people these mentions link to in two queries (names only, not
    the registry rows), so that naming them (``entity_name``) needs no query per mention."""
    org_ids = {m.organization_id for m in mentions if m.organization_id is not None}
    person_ids = {m.person_id for m in mentions if m.person_id is not None}
    names: dict[tuple[str, int], str] = session.info.setdefault(ENTITY_NAMES, {})
    if org_ids:
        rows = session.execute(
            select(Organization.id, Organization.short_name).where(Organization.id.in_(org_ids))
        )
        names.update((("organization", i), name) for i, name in rows)
    if person_ids:
        rows = session.execute(select(Person.id, Person.full_name).where(Person.id.in_(person_ids)))
        names.update((("person", i), name) for i, name in rows)


def get_item(*, session: Session, item_id: int) -> NewsItem:
    return get_or_404(session, NewsItem, item_id)


def get_facts(
    *,
    session: Session,
    type: str | None = None,
    org_id: int | None = None,
    status: FactStatus | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[NewsFact], int]:
    query = select(NewsFact).options(selectinload(NewsFact.organizations), selectinload(NewsFact.item))
    if type:
        query = query.where(NewsFact.type == type)
    if org_id is not None:
        query = query.where(
            NewsFact.id.in_(
                select(NewsFactOrganization.fact_id).where(NewsFactOrganization.organization_id == org_id)
            )
        )
    if status is not None:
        query = query.where(NewsFact.status == status)
    return paginate(session, query, page=page, page_size=page_size, order_by=(NewsFact.id.desc(),))


def get_fact(*, session: Session, fact_id: int) -> NewsFact:
    return get_or_404(session, NewsFact, fact_id)


def get_review_queue(
    *, session: Session, page: int = 1, page_size: int = 50
) -> tuple[list[NewsMention], int]:
    query = (
        select(NewsMention)
        .where(NewsMention.status == MentionStatus.review)
        .options(selectinload(NewsMention.item))
    )
    return paginate(session, query, page=page, page_size=page_size, order_by=(NewsMention.id,))


def get_mention(*, session: Session, mention_id: int) -> NewsMention:
    return get_or_404(session, NewsMention, mention_id)


def _refresh_fact_links(session: Session, item_id: int) -> None:
    """After a review decision, re-resolve which organisations the item's facts are about."""
    item = get_item(session=session, item_id=item_id)
    for fact in item.facts:
        wanted = fact_organization_ids(fact.fields, item.mentions)
        fact.organizations = [NewsFactOrganization(organization_id=i) for i in sorted(wanted)]
    session.flush()


def review_mention(
    *,
    session: Session,
    actor: Actor,
    mention_id: int,
    action: str,
    entity_id: int | None = None,
    version: int | None = None,
) -> NewsMention:
    """accept (keep the proposed link), reject (not a registry entity), link (to another entity), create."""
    mention = get_mention(session=session, mention_id=mention_id)
    is_org = mention.type == "ORG"
    if mention.type not in ("ORG", "PER"):
        raise DomainError(f"Упоминание #{mention.id} ({mention.type}) не связывается с реестром")
    changes: dict[str, object]
    if action == "accept":
        if mention.organization_id is None and mention.person_id is None:
            raise DomainError("Нечего подтверждать: связь не предложена. Выберите «связать» или «создать».")
        changes = {"status": MentionStatus.accepted, "confidence": 1.0}
    elif action == "reject":
        changes = {"status": MentionStatus.rejected, "organization_id": None, "person_id": None}
    elif action == "link":
        if entity_id is None:
            raise ValidationFailed([FieldProblem("entity_id", "укажите, с кем связать упоминание")])
        if is_org:
            registry_service.get_organization(session=session, organization_id=entity_id)
        else:
            registry_service.get_person(session=session, person_id=entity_id)
        changes = {
            "status": MentionStatus.accepted,
            "confidence": 1.0,
            "organization_id" if is_org else "person_id": entity_id,
        }
    elif action == "create":
        if is_org:
            data = OrganizationCreate(
                short_name=mention.normal, name=mention.normal, kind=OrganizationKind.other
            )
            created: Organization | Person = registry_service.create_organization(
                session=session, actor=actor, data=data, source=f"новость #{mention.item_id}"
            )
        else:
            created = registry_service.create_person(
                session=session,
                actor=actor,
                data=PersonCreate(full_name=mention.normal),
                source=f"новость #{mention.item_id}",
            )
        changes = {
            "status": MentionStatus.accepted,
            "confidence": 1.0,
            "organization_id" if is_org else "person_id": created.id,
        }
    else:
        raise ValidationFailed([FieldProblem("action", "допустимо: accept, reject, link, create")])
    writes.update(
        session=session, actor=actor, obj=mention, changes=changes, expected_version=version, label=MENTION
    )
    _refresh_fact_links(session, mention.item_id)
    return mention


def set_fact_status(
    *,
    session: Session,
    actor: Actor,
    fact_id: int,
    status: FactStatus,
    accepted_as: str | None = None,
    version: int | None = None,
) -> NewsFact:
    fact = get_fact(session=session, fact_id=fact_id)
    return writes.update(
        session=session,
        actor=actor,
        obj=fact,
        changes={"status": status, "accepted_as": accepted_as},
        expected_version=version,
        label=FACT,
    )


def entity_name(*, session: Session, mention: NewsMention) -> str | None:
    if mention.organization_id is not None:
        key = ("organization", mention.organization_id)
    elif mention.person_id is not None:
        key = ("person", mention.person_id)
    else:
        return None
    # read by ``preload_entities`` for this request's page; a link changed since (a review decision in the
    # same session) is not in it and is read from its row
    names = session.info.get(ENTITY_NAMES, {})
    if key in names and not session.dirty and not session.new:
        return str(names[key])
    if key[0] == "organization":
        org = session.get(Organization, key[1])
        return org.short_name if org else None
    person = session.get(Person, key[1])
    return person.full_name if person else None
