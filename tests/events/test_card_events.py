"""The organisation card's events: the newest, bounded, with their number, in a fixed number of selects."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.events import service
from clusterdesk.events.models import Event, EventKind, EventParticipant, ParticipantRole
from clusterdesk.registry.models import Organization, OrganizationKind, Person, Post
from tests.news.test_read_paths import statements


def _organization_with_events(session: Session, events: int) -> int:
    org = Organization(short_name=f"НИИ «Событие-{events}»", name="НИИ", kind=OrganizationKind.enterprise)
    other = Organization(short_name=f"ООО «Гость-{events}»", name="ООО", kind=OrganizationKind.enterprise)
    person = Person(full_name=f"Анна Петрова {events}", surname="Петрова", first_name="Анна")
    session.add_all([org, other, person])
    session.flush()
    session.add(Post(person_id=person.id, organization_id=org.id, title="директор"))
    for number in range(events):
        event = Event(
            name=f"Форум {events}-{number:02d}",
            kind=EventKind.forum,
            start=date(2020, 1, 1 + number % 28).replace(year=2020 + number // 28) if number % 10 else None,
        )
        session.add(event)
        session.flush()
        # every third event through the organisation's person only, the others the organisation itself
        if number % 3:
            session.add(
                EventParticipant(
                    event_id=event.id, organization_id=org.id, name="НИИ", role=ParticipantRole.organizer
                )
            )
        else:
            session.add(
                EventParticipant(
                    event_id=event.id, person_id=person.id, name="Петрова", role=ParticipantRole.speaker
                )
            )
        session.add(
            EventParticipant(
                event_id=event.id, organization_id=other.id, name="Гость", role=ParticipantRole.participant
            )
        )
    session.flush()
    session.expunge_all()
    return org.id


def test_the_card_reads_the_newest_events_with_their_roles_in_a_fixed_number_of_selects(
    session: Session,
) -> None:
    counts = []
    for events in (3, 12):
        organization_id = _organization_with_events(session, events)
        with statements(session) as seen:
            found, total = service.events_of_organization(session=session, organization_id=organization_id)
            roles = {p.role for e in found for p in e.participants if p.person is not None and p.person.posts}
        counts.append(len(seen))
        assert total == len(found) == events
        assert roles == {ParticipantRole.speaker}
    assert counts[0] == counts[1], counts  # the participants, people and posts do not add selects per event


def test_an_organization_with_more_events_than_the_card_shows_gets_the_newest_and_their_number(
    session: Session, client: TestClient
) -> None:
    organization_id = _organization_with_events(session, service.CARD_EVENTS + 5)
    found, total = service.events_of_organization(session=session, organization_id=organization_id)
    assert total == service.CARD_EVENTS + 5 and len(found) == service.CARD_EVENTS
    starts = [e.start for e in found]
    dated = [s for s in starts if s is not None]
    # newest first, undated last
    assert dated == sorted(dated, reverse=True) and starts[: len(dated)] == dated
    page = client.get(f"/organizations/{organization_id}")
    assert page.status_code == 200
    shown = page.text.count('href="/events/')
    assert shown == service.CARD_EVENTS, shown
    assert f"Показаны {service.CARD_EVENTS} последних мероприятий из {service.CARD_EVENTS + 5}." in page.text
