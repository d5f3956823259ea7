"""News facts accepted into events and agreements; the fact dicts are the pipeline's output on seed 000."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.errors import ValidationFailed
from clusterdesk.events.from_news import create_agreement_from_fact, create_event_from_fact
from clusterdesk.events.models import AgreementKind, EventKind, ParticipantRole
from clusterdesk.news.records import AcceptedFact
from tests.events.conftest import Registry

ITEM_TEXT = (
    "Ректор ТУСУРа Виктор Рулевский выступил модератором круглого стола по теме «Россия-Беларусь: "
    "технологическое лидерство и подготовка кадров в области интеллектуальных систем, электроники и "
    "беспилотных технологий», который состоялся на XII Международном форуме «Технопром-2025» в Новосибирске."
)
ROUND_TABLE = {
    "type": "event",
    "name": "Россия-Беларусь: технологическое лидерство и подготовка кадров в области интеллектуальных "
    "систем, электроники и беспилотных технологий",
    "kind": "round_table",
    "start": None,
    "end": None,
    "date_text": None,
    "place": "Новосибирск",
    "organizers": [],
    "participants": ["ТУСУР", "Виктор Рулевский"],
    "evidence": {"start": 0, "end": len(ITEM_TEXT)},
}
SESSION_FACT = {
    "type": "event",
    "name": "Развитие инновационных кластеров-лидеров инвестиционной привлекательности мирового уровня",
    "kind": "strategic_session",
    "start": None,
    "end": None,
    "date_text": "С 5 по 9 апреля",
    "place": "Москва",
    "organizers": ["Минэкономразвития", "Высшая школа экономики"],
    "participants": ["ТУСУР"],
    "evidence": {"start": 0, "end": 165},
}
AGREEMENT_FACT = {
    "type": "agreement",
    "parties": ["ПАО «МТС»", "Томский государственный университет систем управления и радиоэлектроники"],
    "subject": "сотрудничестве в области развития образовательных программ университета",
    "kind": "соглашение",
    "date": None,
    "evidence": {"start": 2336, "end": 2568},
}


def _entities(rows: Registry) -> list[dict]:
    """The item's entities as the pipeline prints them, linked to this registry's ids."""
    return [
        {"type": "ORG", "normal": "ТУСУР", "link": {"id": rows.tusur.id, "name": "ТУСУР", "confidence": 1.0}},
        {
            "type": "PER",
            "normal": "Виктор Рулевский",
            "link": {"id": rows.rector.id, "name": "Виктор Рулевский", "confidence": 1.0},
        },
        {"type": "LOC", "normal": "Новосибирск", "link": None},
    ]


def test_event_fact_becomes_an_event_with_participants_and_source(
    session: Session, registry_rows: Registry
) -> None:
    fact = AcceptedFact.from_json(
        ROUND_TABLE,
        news_item_id=42,
        entities=_entities(registry_rows),
        item_text=ITEM_TEXT,
        title="Ректор ТУСУРа — модератор круглого стола",
    )
    event = create_event_from_fact(session=session, actor=SYSTEM, fact=fact)
    assert event.kind == EventKind.round_table and event.place == "Новосибирск"
    assert event.start is None
    linked = {(p.organization_id, p.person_id, p.role) for p in event.participants}
    assert linked == {
        (registry_rows.tusur.id, None, ParticipantRole.participant),
        (None, registry_rows.rector.id, ParticipantRole.moderator),
    }
    [source] = event.sources
    assert source.news_item_id == 42 and "модератором круглого стола" in (source.excerpt or "")

    again = create_event_from_fact(
        session=session,
        actor=SYSTEM,
        fact=AcceptedFact.from_json(ROUND_TABLE, news_item_id=43, entities=_entities(registry_rows)),
    )
    assert again.id == event.id
    assert sorted(s.news_item_id for s in again.sources) == [42, 43]
    assert len(again.participants) == 2


def test_undated_fact_keeps_date_text_and_unlinked_organisers_by_name(
    session: Session, registry_rows: Registry
) -> None:
    event = create_event_from_fact(
        session=session, actor=SYSTEM, fact=AcceptedFact.from_json(SESSION_FACT, news_item_id=None)
    )
    assert event.start is None and event.date_text == "С 5 по 9 апреля"
    by_role = {(p.role, p.name, p.organization_id) for p in event.participants}
    assert (ParticipantRole.participant, "ТУСУР", registry_rows.tusur.id) in by_role  # found by name
    assert (ParticipantRole.organizer, "Минэкономразвития", None) in by_role  # not in this registry


def test_dated_fact_without_a_name_gets_a_descriptive_one(session: Session, registry_rows: Registry) -> None:
    fact = {"type": "event", "kind": "meeting", "start": "2025-09-10", "end": None, "place": "Томск"}
    event = create_event_from_fact(
        session=session, actor=SYSTEM, fact=AcceptedFact.from_json(fact, news_item_id=7)
    )
    assert event.name == "Совещание (Томск)" and event.start.isoformat() == "2025-09-10"


def test_agreement_fact_becomes_an_agreement_between_registry_parties(
    session: Session, registry_rows: Registry
) -> None:
    agreement = create_agreement_from_fact(
        session=session, actor=SYSTEM, fact=AcceptedFact.from_json(AGREEMENT_FACT, news_item_id=5)
    )
    assert set(agreement.party_ids) == {registry_rows.mts.id, registry_rows.tusur.id}
    assert agreement.kind == AgreementKind.education
    assert agreement.subject.startswith("сотрудничестве в области")
    assert [s.news_item_id for s in agreement.sources] == [5]
    again = create_agreement_from_fact(
        session=session, actor=SYSTEM, fact=AcceptedFact.from_json(AGREEMENT_FACT, news_item_id=6)
    )
    assert again.id == agreement.id and len(again.sources) == 2


def test_agreement_fact_with_one_known_party_is_refused(session: Session, registry_rows: Registry) -> None:
    fact = {**AGREEMENT_FACT, "parties": ["ТУСУР", "ООО «Неизвестная»"]}
    with pytest.raises(ValidationFailed) as error:
        create_agreement_from_fact(
            session=session, actor=SYSTEM, fact=AcceptedFact.from_json(fact, news_item_id=None)
        )
    assert "ООО «Неизвестная»" in error.value.message
