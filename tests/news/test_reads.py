"""The API's news items read as plain rows (news/reads.py) hold what the stored rows hold (issue 15)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from clusterdesk.errors import NotFoundError
from clusterdesk.news import present, reads, service
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
from clusterdesk.registry.models import Organization, OrganizationKind, Person
from tests.news.test_read_paths import statements


def _org(session: Session, name: str) -> Organization:
    org = Organization(short_name=name, name=f"Общество «{name}»", kind=OrganizationKind.enterprise)
    session.add(org)
    session.flush()
    return org


def _world(session: Session) -> list[NewsItem]:
    """Three items: linked and unlinked mentions (two starting at the same offset), a fact with two parties
    added in reverse order, one item reprinted by two sources, one item with nothing but its text."""
    tomsk, micran = _org(session, "Ромашка"), _org(session, "Василёк")
    person = Person(full_name="Иван Петров", surname="Петров", first_name="Иван")
    session.add(person)
    text = "Иван Петров из «Ромашки» и «Василька» подписали соглашение в Томске."
    words = " иван петров ромашка василёк подписать соглашение томск "
    first = NewsItem(
        fingerprint="reads1", title="Соглашение", published=date(2026, 3, 2), text=text, search_text=words
    )
    second = NewsItem(fingerprint="reads2", title=None, published=None, text="Только текст.")
    third = NewsItem(
        fingerprint="reads3", title="Перепечатка", published=date(2026, 3, 1), text=text, search_text=words
    )
    session.add_all([first, second, third])
    session.flush()
    mentions = [
        NewsMention(item_id=first.id, type="ORG", start=27, end=35, text="Василька", normal="Василёк",
                    organization_id=micran.id, confidence=0.9, status=MentionStatus.linked),
        NewsMention(item_id=first.id, type="PER", start=0, end=11, text="Иван Петров", normal="Иван Петров",
                    person_id=person.id, confidence=0.75, status=MentionStatus.accepted),
        NewsMention(item_id=first.id, type="ORG", start=15, end=23, text="Ромашки", normal="Ромашка",
                    organization_id=tomsk.id, status=MentionStatus.linked),
        NewsMention(item_id=first.id, type="LOC", start=60, end=66, text="Томске", normal="Томск",
                    status=MentionStatus.unlinked),
        NewsMention(item_id=first.id, type="PER", start=0, end=4, text="Иван", normal="Иван",
                    status=MentionStatus.rejected),
        NewsMention(item_id=third.id, type="LOC", start=60, end=66, text="Томске", normal="Томск",
                    status=MentionStatus.unlinked),
    ]  # fmt: skip
    session.add_all(mentions)
    fact = NewsFact(
        item_id=first.id,
        type="agreement",
        fields={"parties": ["Ромашка", "Василёк"], "date": None},
        evidence_start=0,
        evidence_end=len("Иван Петров из «Ромашки» и «Василька» подписали"),
        status=FactStatus.accepted,
        accepted_as="agreement:7",
    )
    fact.organizations = [
        NewsFactOrganization(organization_id=micran.id),
        NewsFactOrganization(organization_id=tomsk.id),
    ]
    session.add_all(
        [fact, NewsFact(item_id=third.id, type="event", fields={}, evidence_start=5, evidence_end=11)]
    )
    articles = [
        NewsArticle(source="https://news.example/a", url="https://news.example/a"),
        NewsArticle(source="dump.txt", url=None),
    ]
    session.add_all(articles)
    session.flush()
    session.add_all(
        [
            NewsOccurrence(item_id=first.id, article_id=articles[0].id, number=1, offset=0, similarity=1.0),
            NewsOccurrence(
                item_id=first.id, article_id=articles[1].id, number=3, offset=120, similarity=0.82
            ),
            NewsOccurrence(item_id=third.id, article_id=articles[1].id, number=4, offset=900, similarity=1.0),
        ]
    )
    session.flush()
    return [first, second, third]


def _expected(session: Session, item_id: int) -> dict[str, Any]:
    """The item as the API shows it, written out from the ORM objects."""
    session.expunge_all()
    item = session.scalars(
        select(NewsItem)
        .where(NewsItem.id == item_id)
        .options(
            selectinload(NewsItem.mentions),
            selectinload(NewsItem.facts).selectinload(NewsFact.organizations),
            selectinload(NewsItem.occurrences).selectinload(NewsOccurrence.article),
        )
    ).one()

    def link(m: NewsMention) -> dict[str, Any] | None:
        if m.organization_id is not None:
            org = session.get(Organization, m.organization_id)
            assert org is not None
            return {
                "entity_type": "organization",
                "id": org.id,
                "name": org.short_name,
                "confidence": m.confidence,
            }
        if m.person_id is not None:
            person = session.get(Person, m.person_id)
            assert person is not None
            return {
                "entity_type": "person",
                "id": person.id,
                "name": person.full_name,
                "confidence": m.confidence,
            }
        return None

    return {
        "id": item.id,
        "title": item.title,
        "published": item.published,
        "text": item.text,
        "sources": [
            {"source": o.article.source, "item": o.number, "offset": o.offset, "url": o.article.url,
             "similarity": o.similarity}
            for o in item.occurrences
        ],
        "entities": [
            {"id": m.id, "version": m.version, "type": m.type, "start": m.start, "end": m.end, "text": m.text,
             "normal": m.normal, "status": m.status, "link": link(m)}
            for m in sorted(item.mentions, key=lambda m: (m.start, m.id))
        ],
        "facts": [
            {"id": f.id, "version": f.version, "item_id": f.item_id, "type": f.type, "fields": f.fields,
             "evidence": {"start": f.evidence_start, "end": f.evidence_end},
             "evidence_text": item.text[f.evidence_start : f.evidence_end], "status": f.status,
             "accepted_as": f.accepted_as,
             "organization_ids": sorted(o.organization_id for o in f.organizations)}
            for f in item.facts
        ],
    }  # fmt: skip


def test_items_read_as_rows_hold_what_the_stored_rows_hold(session: Session) -> None:
    items = _world(session)
    ids = [items[2].id, items[0].id, items[1].id]
    read = reads.item_reads(session, ids)
    assert [r.id for r in read] == ids  # the order asked for
    for got in read:
        assert got.model_dump() == _expected(session, got.id)
    first = read[1]
    assert [e.start for e in first.entities] == [0, 0, 15, 27, 60]  # by offset, then as stored
    assert {e.link.name for e in first.entities if e.link} == {"Иван Петров", "Ромашка", "Василёк"}
    assert first.facts[0].evidence_text == "Иван Петров из «Ромашки» и «Василька» подписали"
    assert [s.source for s in first.sources] == ["https://news.example/a", "dump.txt"]
    assert read[2].sources == read[2].entities == read[2].facts == []


def test_missing_and_out_of_range_ids_are_left_out_and_one_item_is_a_clear_404(session: Session) -> None:
    (first, _, _) = _world(session)
    assert [r.id for r in reads.item_reads(session, [10**12, first.id, -1, first.id, 2**31 - 2])] == [
        first.id
    ]
    assert reads.item_reads(session, []) == []
    assert reads.item_read(session, first.id).id == first.id
    for missing in (2**31 - 2, 10**12, 0):
        with pytest.raises(NotFoundError, match=f"#{missing}"):
            reads.item_read(session, missing)


def test_a_page_is_five_statements_whatever_its_size(session: Session) -> None:
    items = _world(session)
    with statements(session) as seen:
        reads.item_reads(session, [i.id for i in items])
    assert len(seen) == 5  # items, sources, entities with their linked names, facts, the facts' parties
    with statements(session) as seen:
        reads.item_reads(session, [items[1].id])
    assert len(seen) == 4  # no facts: no parties to read


@pytest.mark.parametrize("page", [1, 2])
def test_page_ids_are_the_feeds_page(session: Session, page: int) -> None:
    items = _world(session)
    ours = {i.id for i in items}
    for filters in (
        service.NewsFilter(),
        service.NewsFilter(q="соглашение"),
        service.NewsFilter(since=date(2026, 3, 2)),
    ):
        got, total = service.page_ids(session=session, filters=filters, page=page, page_size=2)
        shown, counted = service.get_items(session=session, filters=filters, page=page, page_size=2)
        assert (got, total) == ([i.id for i in shown], counted), filters
    everything, _ = service.page_ids(session=session, filters=service.NewsFilter(), page=1, page_size=100)
    assert [i for i in everything if i in ours] == [
        items[0].id,
        items[2].id,
        items[1].id,
    ]  # newest first, undated last


def test_the_feed_shows_a_feed_row_as_it_shows_the_stored_item(session: Session) -> None:
    """Highlighting, naming and sources read from the feed's plain rows are the stored item's."""
    items = _world(session)
    ids = [items[2].id, items[0].id, items[1].id]
    feed = reads.feed_items(session, [*ids, 10**12, -1])
    assert [f.id for f in feed] == ids  # the order asked for; ids not stored left out
    session.expunge_all()
    for row in feed:
        stored = session.get(NewsItem, row.id)
        assert stored is not None
        assert present.highlighted(row) == present.highlighted(stored)
        assert present.item_title(row) == present.item_title(stored)
        assert present.source_lines(row) == present.source_lines(stored)
        assert present.item_source(row) == present.item_source(stored)
        assert [f.type for f in row.facts] == [f.type for f in stored.facts]
        assert len(row.occurrences) == len(stored.occurrences)
    first = feed[1]
    html = str(present.highlighted(first))
    for name in ("Ромашка", "Василёк"):
        org_id = session.scalar(select(Organization.id).where(Organization.short_name == name))
        assert f'href="/organizations/{org_id}"' in html  # confirmed links lead to the card
    assert 'class="ent ent-loc ent-unlinked"' in html  # «Томске»: marked, no link
    assert [line.reprint for line in present.source_lines(first)] == [None, 0.82]
    assert feed[2].mentions == feed[2].facts == feed[2].occurrences == []


def test_a_feed_page_is_four_statements_whatever_its_size(session: Session) -> None:
    items = _world(session)
    with statements(session) as seen:
        reads.feed_items(session, [i.id for i in items])
    assert len(seen) == 4  # sources, mentions, the kinds of the facts, the items
    with statements(session) as seen:
        assert reads.feed_items(session, [10**12]) == []
    assert seen == []
