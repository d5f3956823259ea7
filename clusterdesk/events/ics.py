"""iCalendar (RFC 5545) export of events with the ``icalendar`` package; undated events cannot be exported."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from icalendar import Calendar
from icalendar import Event as IcsEvent

from clusterdesk.events.labels import EVENT_KIND_LABELS, PARTICIPANT_ROLE_LABELS
from clusterdesk.events.models import Event

PRODID = "-//ClusterDesk//Мероприятия кластера//RU"


def event_uid(event: Event) -> str:
    return f"event-{event.id}@clusterdesk"


def _description(event: Event) -> str:
    lines = []
    if event.description:
        lines.append(event.description)
    if event.topics:
        lines.append("Темы: " + "; ".join(event.topics))
    for participant in event.participants:
        lines.append(f"{PARTICIPANT_ROLE_LABELS[participant.role].capitalize()}: {participant.name}")
    return "\n".join(lines)


def _component(event: Event, base_url: str | None) -> IcsEvent:
    assert event.start is not None
    item = IcsEvent()
    item.add("uid", event_uid(event))
    item.add("summary", event.name)
    item.add("dtstart", event.start)
    # DTEND of an all-day event is exclusive: the day after the last day
    item.add("dtend", (event.end or event.start) + timedelta(days=1))
    item.add("dtstamp", event.updated_at)
    item.add("categories", [EVENT_KIND_LABELS[event.kind]])
    if event.place:
        item.add("location", event.place)
    description = _description(event)
    if description:
        item.add("description", description)
    if base_url:
        item.add("url", f"{base_url.rstrip('/')}/events/{event.id}")
    return item


def calendar_of(events: Iterable[Event], *, base_url: str | None = None, name: str = "Мероприятия") -> bytes:
    """A VCALENDAR with every dated event (an event with an unknown date has no place in a calendar)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        if event.start is not None:
            calendar.add_component(_component(event, base_url))
    return calendar.to_ical()
