"""The hot read paths load what their page shows and count only when the page does not tell (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from clusterdesk.db import paginate
from clusterdesk.news import service
from clusterdesk.news.models import MentionStatus, NewsFact, NewsFactOrganization, NewsItem, NewsMention
from clusterdesk.registry import service as registry_service
from clusterdesk.registry.models import Organization, OrganizationKind


@contextmanager
def statements(session: Session) -> Iterator[list[str]]:
    seen: list[str] = []
    engine = session.get_bind().engine

    def record(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _linked_mention(item: NewsItem, org: Organization) -> NewsMention:
    """The item's first word «Новость» as a mention linked to ``org``."""
    return NewsMention(
        item_id=item.id,
        type="ORG",
        start=0,
        end=7,
        text="Новость",
        normal="Новость",
        organization_id=org.id,
        status=MentionStatus.linked,
    )


def _items(session: Session, count: int) -> list[NewsItem]:
    items = [
        NewsItem(fingerprint=f"rp{n}", text=f"Новость {n}", search_text=" новость ") for n in range(count)
    ]
    session.add_all(items)
    session.flush()
    return items


def test_the_last_page_gives_the_total_without_a_count(session: Session) -> None:
    _items(session, 5)
    query = select(NewsItem).where(NewsItem.fingerprint.like("rp%"))
    order = (NewsItem.id,)
    with statements(session) as seen:
        items, total = paginate(session, query, page=3, page_size=2, order_by=order)
    assert (len(items), total) == (1, 5)
    assert not any("count(" in s.lower() for s in seen)
    with statements(session) as seen:  # a full page: the rest is unknown, so it is counted
        assert paginate(session, query, page=1, page_size=2, order_by=order)[1] == 5
    assert any("count(" in s.lower() for s in seen)
    # past the end: nothing on the page, the total is still the count
    assert paginate(session, query, page=9, page_size=2, order_by=order) == ([], 5)
    assert paginate(session, query.where(NewsItem.id < 0), page=1, page_size=2, order_by=order) == ([], 0)
    # a last page beyond the count limit still reads «more than the limit», as the count would
    assert paginate(session, query, page=3, page_size=2, order_by=order, count_limit=3)[1] == 4


def test_the_timeline_holds_the_types_of_the_facts_about_the_organisation(session: Session) -> None:
    org = Organization(short_name="ООО «Лента»", name="ООО «Лента»", kind=OrganizationKind.enterprise)
    other = Organization(short_name="ООО «Другая»", name="ООО «Другая»", kind=OrganizationKind.enterprise)
    session.add_all([org, other])
    session.flush()
    older, newer, unnamed = _items(session, 3)
    older.published, newer.published = date(2025, 1, 1), date(2025, 2, 1)
    session.add_all(
        [_linked_mention(older, org), _linked_mention(newer, org), _linked_mention(unnamed, other)]
    )
    for item, fact_type, party in (
        (newer, "event", org),
        (newer, "agreement", other),  # about another organisation only: not on this card
        (newer, "project", org),
        (older, "post", other),
    ):
        fact = NewsFact(item_id=item.id, type=fact_type, fields={}, evidence_start=0, evidence_end=7)
        fact.organizations = [NewsFactOrganization(organization_id=party.id)]
        session.add(fact)
    session.flush()
    with statements(session) as seen:
        entries, total = service.organization_timeline(session=session, organization_id=org.id)
    assert total == 2 and [(e.id, e.fact_types) for e in entries] == [
        (newer.id, ("event", "project")),
        (older.id, ()),
    ]
    assert entries[0].published == date(2025, 2, 1) and entries[0].text == newer.text
    assert len(seen) == 3  # the page's ids (the last page: no count), the items, the facts about it
    assert service.organization_timeline(session=session, organization_id=other.id + 1000) == ([], 0)


def _registered(session: Session, short_name: str, name: str) -> Organization:
    org = Organization(short_name=short_name, name=name, kind=OrganizationKind.enterprise)
    org.search_text = registry_service._organization_search_text(org)
    session.add(org)
    session.flush()
    return org


def test_a_name_typed_into_the_feeds_filter_finds_the_organisations_it_means(session: Session) -> None:
    """The feed's organisation field searches the registry by name (any organisation of any registry size);
    a short name typed as it is written wins over the organisations whose names only contain it."""
    apple = _registered(session, "Яблоко", "ООО «Яблоко»")
    grove = _registered(session, "Сад", "АО «Яблоневый сад»")
    _registered(session, "Сад-2", "АО «Второй яблоневый сад»")
    named = registry_service.organizations_named
    assert [(r.id, r.short_name) for r in named(session=session, text="яблоко")] == [(apple.id, "Яблоко")]
    assert [r.short_name for r in named(session=session, text="  ЯБЛОКО ")] == ["Яблоко"]
    assert [r.id for r in named(session=session, text="сад")] == [grove.id]  # the short name as written
    assert [r.short_name for r in named(session=session, text="яблоневый")] == ["Сад", "Сад-2"]
    assert set(named(session=session, text="яблоневый")[0]._fields) == {"id", "short_name"}
    assert named(session=session, text="груша") == []
    assert named(session=session, text="!!!") == [] == named(session=session, text="")
    for number in range(12):
        _registered(session, f"Груша {number:02d}", f"ООО «Груша {number:02d}»")
    found = named(session=session, text="груша")
    assert len(found) == registry_service.NAMED_LIMIT + 1  # more than the limit: «уточните»
    assert [r.short_name for r in found] == [f"Груша {n:02d}" for n in range(len(found))]
    assert registry_service.organization_name(session=session, organization_id=apple.id) == "Яблоко"
    for missing in (apple.id + 10_000, 2**31, 0, -1):
        assert registry_service.organization_name(session=session, organization_id=missing) is None


def test_a_common_words_page_is_the_same_page_read_from_the_newest_items(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word with more matches than the count limit is looked for among the newest items (PostgreSQL):
    the page, its order and the «more than» total are those of the plain query, with or without a filter."""
    from datetime import date

    org = Organization(short_name="ООО «Частое»", name="ООО «Частое»", kind=OrganizationKind.enterprise)
    session.add(org)
    session.flush()
    items = [
        NewsItem(
            fingerprint=f"dense{n}",
            text=f"Новость {n}",
            published=date(2025, 1, 1 + n % 28) if n % 5 else None,
            search_text=" частоеслово новость " if n % 3 else " новость ",
        )
        for n in range(40)
    ]
    session.add_all(items)
    session.flush()
    for item in items[::2]:
        session.add(_linked_mention(item, org))
    session.flush()
    monkeypatch.setattr(service, "COUNT_LIMIT", 5)
    monkeypatch.setattr(service, "DENSE_WINDOW_PER_ROW", 3)  # the window: dated on or after the 12th newest
    served: list[object] = []
    probed: list[object] = []
    window = service._newest_window_page
    newest = service._newest_items_page
    monkeypatch.setattr(service, "_newest_window_page", lambda *a: served.append(window(*a)) or served[-1])
    monkeypatch.setattr(service, "_newest_items_page", lambda *a: probed.append(newest(*a)) or probed[-1])
    order = (NewsItem.published.desc().nulls_last(), NewsItem.id.desc())
    postgres = session.get_bind().dialect.name == "postgresql"
    # the newest items checked one by one (as for a word the statistics call very common): 1 per row (too
    # few: every page goes on to the window), then 5 per row (the word is in two items of three: the first
    # page of the search without a filter is found there)
    for very_common in (1, 5):
        monkeypatch.setattr(service, "_very_common_window", lambda _s, _q, needed, k=very_common: needed * k)
        served.clear()
        probed.clear()
        for filters in (
            service.NewsFilter(q="частоеслово"),
            service.NewsFilter(q="частоеслово", org_id=org.id),
        ):
            plain = filters.apply(select(NewsItem.id)).where(NewsItem.fingerprint.like("dense%"))
            for page in (1, 2, 3):
                expected, counted = paginate(
                    session, plain, page=page, page_size=4, order_by=order, count_limit=5
                )
                got, total = service.get_items(session=session, filters=filters, page=page, page_size=4)
                assert [i.id for i in got] == expected and total == counted == 6, (filters, page)
        # PostgreSQL looked among the newest items for every page; SQLite (no word index) reads every page the
        # plain way
        assert len(probed) == (6 if postgres else 0)
        if not postgres:
            assert served == []
        elif very_common == 1:
            # none of the first few items' pages was full; the window served the first page of both searches
            # (undated items are never in it: a page that needs them is read the plain way)
            assert probed == [None] * 6 and len(served) == 6
            assert served[0] is not None and served[3] is not None, served
        else:
            assert probed[0] is not None and len(served) == 6 - sum(page is not None for page in probed)


def test_a_word_search_page_is_the_plain_querys_page_in_at_most_two_statements_when_not_common(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rarer word (not more than the count limit), and a common word the newest items do not hold: the
    page, its order and the total are the plain query's; PostgreSQL counts once (the count is not repeated
    after the page), and for the rarer word never looks among the newest items."""
    items = [
        NewsItem(
            fingerprint=f"wsp{n}",
            text=f"Новость {n}",
            published=date(2024, 1 + n % 12, 1 + n % 28) if n % 7 else None,
            search_text=" редкоеслово новость " if n % 4 == 0 else " новость ",
        )
        for n in range(60)
    ]
    session.add_all(items)
    session.flush()
    newest = NewsItem(
        fingerprint="wsp-newest", text="Свежая", published=date(2026, 1, 1), search_text=" свежая "
    )
    session.add(newest)
    session.flush()
    order = (NewsItem.published.desc().nulls_last(), NewsItem.id.desc())
    postgres = session.get_bind().dialect.name == "postgresql"
    windows: list[object] = []
    window = service._newest_window_page
    monkeypatch.setattr(service, "_newest_window_page", lambda *a: windows.append(window(*a)) or windows[-1])
    for limit, window_rows in ((1000, 50), (5, 1)):  # the word is rare; common, but not among the newest
        monkeypatch.setattr(service, "COUNT_LIMIT", limit)
        monkeypatch.setattr(service, "DENSE_WINDOW_PER_ROW", window_rows)
        monkeypatch.setattr(service, "_very_common_window", lambda _s, _q, needed, k=window_rows: needed * k)
        filters = service.NewsFilter(q="редкоеслово")
        plain = filters.apply(select(NewsItem.id)).where(NewsItem.fingerprint.like("wsp%"))
        for page in (1, 2, 3, 5):
            expected, counted = paginate(
                session, plain, page=page, page_size=4, order_by=order, count_limit=limit
            )
            with statements(session) as seen:
                got, total = service.page_ids(session=session, filters=filters, page=page, page_size=4)
            assert got == expected and total == counted, (limit, page)
            if postgres:
                counts = [s for s in seen if "count(" in s.lower()]
                # rare: the count and the page, or the count alone past the last page; common: the count,
                # the newest items one by one, the window of the newest items, the page
                assert len(counts) == 1 and len(seen) == ((1 if page == 5 else 2) if limit == 1000 else 4), (
                    seen
                )
    # the rare word never looked among the newest items; the common one did, and found too few there
    assert windows == ([None] * 4 if postgres else [])


def test_the_statistics_tell_a_very_common_word_and_size_its_window(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's statistics of the word index give each common word's share of the items; a query is as
    common as its rarest word; only a very common one is looked for among the newest items one by one, in a
    window sized by its share. Elsewhere (SQLite) there are no statistics: nothing is very common."""
    from clusterdesk.news import search

    session.add_all(
        NewsItem(
            fingerprint=f"share{n}",
            text=f"Новость {n}",
            search_text=" повсюдуслово " + (" редкослово " if n % 10 == 0 else "") + f" номер{n} ",
        )
        for n in range(120)
    )
    session.flush()
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(text("ANALYZE news_item"))
    shares = search.word_shares(session, refresh=True)
    if not postgres:
        assert shares == {}
        assert service._very_common_window(session, "повсюдуслово", 20) is None
        return
    assert shares.get("повсюдуслово", 0) > 0.9, shares  # in every item of the table
    assert search.common_share(session, "повсюдуслово") == shares["повсюдуслово"]
    assert search.common_share(session, "повсюду") == min(1.0, shares["повсюдуслово"])  # the words it begins
    assert search.common_share(session, "повсюдуслово нетакогослова") == 0.0  # as common as its rarest word
    assert search.common_share(session, "!!!") == 0.0
    window = service._very_common_window(session, "повсюдуслово", 20)
    assert window is not None and 20 <= window <= 20 * service.VERY_COMMON_MARGIN / 0.9 + 1
    known = {"кварк": 0.25, "кваркслед": 0.05, "щпр": 0.01, "мюон": 0.5}
    monkeypatch.setattr(search, "word_shares", lambda _session, refresh=False: known)
    assert search.common_share(session, "кварк") == pytest.approx(0.3)  # «кварк» and «кваркслед» it begins
    assert service._very_common_window(session, "кварк", 40) == 400  # 40 × 3 / 0.3
    known["кварк"] = 0.05  # 40 × 3 / 0.1 = 1,200 items: at most 30 per item needed
    assert service._very_common_window(session, "кварк", 40) == 40 * service.VERY_COMMON_MAX_PER_ROW
    known["кварк"] = 0.25
    assert search.common_share(session, "мюон кварк") == pytest.approx(0.3)  # the rarer word's share
    # checking items one by one would cost more than the bitmaps
    assert service._very_common_window(session, "щпр", 40) is None
