"""Storing pipeline output on SQLite and PostgreSQL: idempotent, reprints once, facts tied to the registry."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.service import Actor
from clusterdesk.news.link import Gazetteer
from clusterdesk.news.models import MentionStatus, NewsFact, NewsItem, NewsMention, NewsOccurrence
from clusterdesk.news.pipeline import process_text
from clusterdesk.news.store import Outcome, duplicate_index, registry_names, store_item
from clusterdesk.registry.demo import load_demo_registry
from clusterdesk.registry.models import Organization

ACTOR = Actor(id=None, name="test-ingest")


def _store_text(session: Session, models, text: str, source: str) -> list[Outcome]:  # type: ignore[no-untyped-def]
    gazetteer = Gazetteer(registry_names(session=session), models.morph_vocab)
    duplicates = duplicate_index(session=session)
    outcomes = []
    for item in process_text(text, source=source, models=models, gazetteer=gazetteer):
        stored = store_item(session=session, actor=ACTOR, item=item, duplicates=duplicates)
        if stored.outcome == Outcome.new:
            duplicates.add(str(stored.item_id), item.text)
        outcomes.append(stored.outcome)
    session.flush()
    return outcomes


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_seeds_store_seven_items_linked_to_the_registry(
    session: Session, models, seed_000: Path, seed_004: Path
) -> None:  # type: ignore[no-untyped-def]
    load_demo_registry(session=session)
    outcomes = _store_text(session, models, seed_000.read_text("utf-8"), "seed-000")
    outcomes += _store_text(session, models, seed_004.read_text("utf-8"), "seed-004")
    assert outcomes == [Outcome.new] * 7
    tusur = session.scalar(select(Organization).where(Organization.short_name == "ТУСУР"))
    linked = session.scalars(select(NewsMention).where(NewsMention.organization_id == tusur.id)).all()
    assert {m.text for m in linked} >= {"ТУСУР", "ТУСУРа"}
    assert all(m.status in (MentionStatus.linked, MentionStatus.review) for m in linked)
    projects = session.scalars(select(NewsFact).where(NewsFact.type == "project")).all()
    project = max(projects, key=lambda p: len(p.organizations))  # the members' projects, not a named one
    about = {o.organization_id for o in project.organizations}
    names = set(session.scalars(select(Organization.short_name).where(Organization.id.in_(about))))
    assert names >= {"АО «Когнитив»", "АО «НПФ «Микран»", "ООО «ЛЭМЗ–Т»", "АО «НПП Радар ММС»"}
    for item in session.scalars(select(NewsItem)):
        for mention in item.mentions:
            assert item.text[mention.start : mention.end] == mention.text
    creates = session.scalars(select(ChangeRecord).where(ChangeRecord.entity_type == "news_item")).all()
    assert len(creates) == 7 and {c.actor_name for c in creates} == {"test-ingest"}


def test_same_input_twice_stores_nothing_new(session: Session, models, seed_000: Path) -> None:  # type: ignore[no-untyped-def]
    text = seed_000.read_text("utf-8")
    _store_text(session, models, text, "seed-000")
    counts = [_count(session, m) for m in (NewsItem, NewsOccurrence, NewsMention, NewsFact)]
    assert _store_text(session, models, text, "seed-000") == [Outcome.already] * 6
    assert [_count(session, m) for m in (NewsItem, NewsOccurrence, NewsMention, NewsFact)] == counts


def test_reprint_is_stored_once_with_both_sources(session: Session, models, seed_004: Path) -> None:  # type: ignore[no-untyped-def]
    article = seed_004.read_text("utf-8").split("Ранее мы сообщали")[0]
    _store_text(session, models, article, "sibmedia")
    paragraphs = [p for p in article.split("\n") if p.strip()]
    # another site: new headline, the two last paragraphs swapped, the closing sentence trimmed
    reprint = "Томские компании показали проекты кластера\n\n" + "\n\n".join(
        [*paragraphs[1:-2], paragraphs[-1].rsplit(".", 2)[0] + ".", paragraphs[-2]]
    )
    assert _store_text(session, models, reprint, "other-site") == [Outcome.duplicate]
    assert _count(session, NewsItem) == 1
    item = session.scalar(select(NewsItem))
    assert sorted(o.article.source for o in item.occurrences) == ["other-site", "sibmedia"]
    assert any(o.similarity < 1 for o in item.occurrences)


def test_different_news_is_not_a_duplicate(session: Session, models, seed_000: Path, seed_004: Path) -> None:  # type: ignore[no-untyped-def]
    _store_text(session, models, seed_000.read_text("utf-8"), "a")
    assert _store_text(session, models, seed_004.read_text("utf-8"), "b") == [Outcome.new]
