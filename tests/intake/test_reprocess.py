"""Reprocessing kept documents after a pipeline change: human decisions survive, nothing is doubled."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.audit.service import SYSTEM
from clusterdesk.intake import manual
from clusterdesk.intake.documents import Analyser
from clusterdesk.intake.reprocess import document_ids, reprocess
from clusterdesk.news import service as news
from clusterdesk.news.models import FactStatus, MentionStatus, NewsFact, NewsItem, NewsMention
from clusterdesk.registry import service as registry
from clusterdesk.registry.models import OrganizationKind
from clusterdesk.registry.schemas import OrganizationCreate

TEXT = (
    "Томский государственный университет систем управления и радиоэлектроники и компания «Микран» "
    "подписали соглашение о создании совместной лаборатории радиофотоники в Томске."
)


def _rows(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        return {
            m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0
            for m in (NewsItem, NewsMention, NewsFact)
        }


def test_reprocess_keeps_an_accepted_link_and_a_rejected_fact(
    factory: sessionmaker[Session], nlp_models: object, monkeypatch: object
) -> None:
    import clusterdesk.intake.check as check

    monkeypatch.setattr(check, "models", lambda: nlp_models)  # type: ignore[attr-defined]
    with factory.begin() as session:
        tusur = registry.create_organization(
            session=session,
            actor=SYSTEM,
            data=OrganizationCreate(
                short_name="ТУСУР",
                name="Томский государственный университет систем управления и радиоэлектроники",
                kind=OrganizationKind.university,
            ),
        )
        other = registry.create_organization(
            session=session,
            actor=SYSTEM,
            data=OrganizationCreate(
                short_name="НИИ «Пример»", name="НИИ «Пример»", kind=OrganizationKind.other
            ),
        )
        added = manual.add_text(session=session, actor=SYSTEM, text=TEXT, title="Лаборатория")
        item_id = added.items[0].id
    with factory.begin() as session:
        item = session.get(NewsItem, item_id)
        assert item is not None
        orgs = [m for m in item.mentions if m.type == "ORG"]
        assert len(orgs) >= 2 and item.facts
        # a person links «Микран» to another organisation than the pipeline would, and rejects the fact
        micran = next(m for m in orgs if "Микран" in m.text)
        news.review_mention(
            session=session, actor=SYSTEM, mention_id=micran.id, action="link", entity_id=other.id
        )
        rejected = item.facts[0]
        news.set_fact_status(session=session, actor=SYSTEM, fact_id=rejected.id, status=FactStatus.rejected)
        # what an older pipeline left behind: a wrong normal form and a fact the current one does not find
        machine = next(
            m for m in item.mentions if m.status not in (MentionStatus.accepted, MentionStatus.rejected)
        )
        machine.normal = "устаревшая форма"
        session.add(NewsFact(item_id=item.id, type="event", fields={}, evidence_start=0, evidence_end=5))
        micran_id, rejected_id, machine_id = micran.id, rejected.id, machine.id
        machine_key = (machine.type, machine.start, machine.end)
    before = _rows(factory)

    with factory() as session:
        ids = document_ids(session=session)
        analyser = Analyser.build(session=session, models=nlp_models)
    assert len(ids) == 1
    report = reprocess(transaction=factory.begin, actor=SYSTEM, analyser=analyser, ids=ids)
    assert report.items_updated == 1 and report.items_new == 0 and report.kept_decisions == 2

    with factory() as session:
        item = session.get(NewsItem, item_id)
        assert item is not None
        micran = session.get(NewsMention, micran_id)
        assert (
            micran is not None
            and micran.status == MentionStatus.accepted
            and micran.organization_id == other.id
        )
        fact = session.get(NewsFact, rejected_id)
        assert fact is not None and fact.status == FactStatus.rejected
        assert not [
            f for f in item.facts if f.type == "event" and f.evidence_end == 5
        ]  # the stale fact is gone
        refreshed = session.get(NewsMention, machine_id)
        assert refreshed is not None and refreshed.normal != "устаревшая форма"  # recomputed, same row
        assert (refreshed.type, refreshed.start, refreshed.end) == machine_key
        assert tusur.id in {m.organization_id for m in item.mentions}
    after = _rows(factory)
    assert after["news_item"] == before["news_item"] and after["news_fact"] == before["news_fact"] - 1

    again = reprocess(transaction=factory.begin, actor=SYSTEM, analyser=analyser, ids=ids)
    assert again.items_updated == 1 and _rows(factory) == after  # a second run changes nothing
