"""Event rules. Functions take ``session`` keyword-only, flush and never commit; every write is audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import changes_of, check_exists, get_or_404, refuse_empty
from clusterdesk.db import paginate
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.events.filters import EventFilter
from clusterdesk.events.models import Event, EventParticipant, EventSource, ParticipantRole
from clusterdesk.events.schemas import EventCreate, EventUpdate, ParticipantCreate, SourceCreate
from clusterdesk.registry.models import Cluster, Organization, Person, Post

EVENT = "Мероприятие"
PARTICIPANT = "Участник мероприятия"
SOURCE = "Источник"


def get_event(*, session: Session, event_id: int) -> Event:
    return get_or_404(session, Event, event_id)


def get_events(
    *, session: Session, filters: EventFilter, page: int = 1, page_size: int = 50
) -> tuple[list[Event], int]:
    query = filters.apply(select(Event))
    order = (Event.start.is_(None), Event.start.desc(), Event.id.desc())
    return paginate(session, query, page=page, page_size=page_size, order_by=order)


def calendar_start(*, session: Session, filters: EventFilter, today: date) -> date:
    """The day whose month the calendar opens on when no month is asked for: where the events are.

    This month if a dated event covers part of it; else the month of the nearest upcoming event; else the
    month of the latest past one; with no dated event at all, today.
    """
    first = today.replace(day=1)
    ahead = replace(filters, dated=True, date_from=first, date_to=None)
    upcoming = session.scalar(ahead.apply(select(Event)).order_by(Event.start, Event.id).limit(1))
    if upcoming is not None and upcoming.start is not None:
        return max(upcoming.start, first)
    past = replace(filters, dated=True, date_from=None, date_to=None)
    latest = session.scalar(past.apply(select(Event)).order_by(Event.start.desc(), Event.id.desc()).limit(1))
    return latest.start if latest is not None and latest.start is not None else today


def _participant_name(session: Session, data: ParticipantCreate) -> str:
    if data.name and data.name.strip():
        return data.name.strip()
    if data.person_id is not None:
        return session.get(Person, data.person_id).full_name  # type: ignore[union-attr]
    return session.get(Organization, data.organization_id).short_name  # type: ignore[union-attr]


def _participant_key(org_id: int | None, person_id: int | None, name: str, role: Any) -> tuple:
    """Linked participants are one per registry row and role; unlinked ones per name and role."""
    return (org_id, person_id, None if org_id or person_id else name, role)


def add_participant(
    *, session: Session, actor: Actor, event_id: int, data: ParticipantCreate
) -> EventParticipant:
    event = get_event(session=session, event_id=event_id)
    check_exists(session, Organization, data.organization_id, "organization_id")
    check_exists(session, Person, data.person_id, "person_id")
    name = _participant_name(session, data)
    wanted = _participant_key(data.organization_id, data.person_id, name, data.role)
    for present in event.participants:
        found = _participant_key(present.organization_id, present.person_id, present.name, present.role)
        # already there in this role, or in a named role when only "participant" is being added
        if found == wanted or (data.role == ParticipantRole.participant and found[:3] == wanted[:3]):
            return present
    participant = EventParticipant(
        event_id=event.id,
        organization_id=data.organization_id,
        person_id=data.person_id,
        name=name,
        role=data.role,
        note=data.note,
    )
    writes.create(session=session, actor=actor, obj=participant, label=PARTICIPANT)
    session.refresh(event, ["participants"])
    return participant


def remove_participant(*, session: Session, actor: Actor, event_id: int, participant_id: int) -> None:
    participant = get_or_404(session, EventParticipant, participant_id, within=("event_id", event_id))
    writes.delete(session=session, actor=actor, obj=participant, expected_version=None, label=PARTICIPANT)


def add_source(*, session: Session, actor: Actor, event_id: int, data: SourceCreate) -> EventSource:
    event = get_event(session=session, event_id=event_id)
    for present in event.sources:
        if data.news_item_id is not None and present.news_item_id == data.news_item_id:
            return present
    source = EventSource(event_id=event.id, **data.model_dump())
    writes.create(session=session, actor=actor, obj=source, label=SOURCE)
    session.refresh(event, ["sources"])
    return source


def create_event(
    *,
    session: Session,
    actor: Actor,
    data: EventCreate,
    is_demo: bool = False,
    source: str | None = None,
) -> Event:
    check_exists(session, Cluster, data.cluster_id, "cluster_id")
    for index, item in enumerate(data.participants):
        check_exists(
            session,
            Organization,
            item.organization_id,
            f"participants.{index}.organization_id",
        )
        check_exists(session, Person, item.person_id, f"participants.{index}.person_id")
    event = Event(**data.model_dump(exclude={"participants"}), is_demo=is_demo, source=source)
    writes.create(session=session, actor=actor, obj=event, label=EVENT)
    for item in data.participants:
        add_participant(session=session, actor=actor, event_id=event.id, data=item)
    return event


def update_event(*, session: Session, actor: Actor, event_id: int, data: EventUpdate) -> Event:
    event = get_event(session=session, event_id=event_id)
    changes: dict[str, Any] = changes_of(data)
    refuse_empty(changes, "name", "kind")
    if "topics" in changes:
        changes["topics"] = [t.strip() for t in changes["topics"] or [] if t.strip()]
    check_exists(session, Cluster, changes.get("cluster_id"), "cluster_id")
    start, end = changes.get("start", event.start), changes.get("end", event.end)
    if start and end and end < start:
        raise ValidationFailed([FieldProblem("end", "дата окончания раньше даты начала")])
    return writes.update(
        session=session, actor=actor, obj=event, changes=changes, expected_version=data.version, label=EVENT
    )


def delete_event(*, session: Session, actor: Actor, event_id: int, version: int | None) -> None:
    event = get_event(session=session, event_id=event_id)
    for participant in list(event.participants):
        writes.delete(session=session, actor=actor, obj=participant, expected_version=None, label=PARTICIPANT)
    for source in list(event.sources):
        writes.delete(session=session, actor=actor, obj=source, expected_version=None, label=SOURCE)
    writes.delete(session=session, actor=actor, obj=event, expected_version=version, label=EVENT)


# an organisation's card lists its newest events up to here, with their number (a core member takes part in
# hundreds over the years)
CARD_EVENTS = 30


def events_of_organization(
    *, session: Session, organization_id: int, limit: int = CARD_EVENTS
) -> tuple[list[Event], int]:
    """The newest events where the organisation, or a person holding a post in it, took part (at most
    ``limit``, undated last), with their participants, the participants' people and those people's posts read
    in three more selects (the card names the organisation's roles in each); and the number of all of them."""
    people = select(Post.person_id).where(Post.organization_id == organization_id)
    present = select(EventParticipant.event_id).where(
        (EventParticipant.organization_id == organization_id) | EventParticipant.person_id.in_(people)
    )
    query = select(Event).where(Event.id.in_(present))
    return paginate(
        session,
        query.options(
            selectinload(Event.participants).selectinload(EventParticipant.person).selectinload(Person.posts)
        ),
        page=1,
        page_size=limit,
        order_by=(Event.start.is_(None), Event.start.desc(), Event.id),
    )


def find_event(*, session: Session, name: str, kind: Any, start: Any) -> Event | None:
    """The stored event with this name, kind (and start, when both know it): no copy on a second accept."""
    for event in session.scalars(select(Event).where(Event.kind == kind, Event.name == name)):
        if event.start is None or start is None or event.start == start:
            return event
    return None
