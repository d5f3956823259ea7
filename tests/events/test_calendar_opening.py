"""/events without a month opens where the events are, not on an empty current month."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.events import service
from clusterdesk.events.demo import load_demo
from clusterdesk.events.filters import EventFilter
from clusterdesk.events.models import EventKind
from clusterdesk.events.schemas import EventCreate
from clusterdesk.registry.demo import load_demo_registry

TODAY = date(2026, 12, 6)


def _event(
    session: Session, name: str, start: date, end: date | None = None, kind: EventKind = EventKind.meeting
) -> None:
    data = EventCreate(name=name, kind=kind, start=start, end=end)
    service.create_event(session=session, actor=SYSTEM, data=data)


def test_the_demo_calendar_opens_on_its_dated_events_month(client: TestClient, session: Session) -> None:
    load_demo_registry(session=session)
    load_demo(session=session)
    session.commit()
    page = client.get("/events")  # only «Команда возможностей», 25–27 May 2025, is dated
    assert page.status_code == 200
    assert '<h2 data-testid="month-title">Май 2025</h2>' in page.text
    assert "Команда возможностей" in page.text and 'data-testid="this-month"' in page.text
    asked = client.get("/events", params={"month": "2025-04"})  # a month asked for is kept
    assert '<h2 data-testid="month-title">Апрель 2025</h2>' in asked.text


def test_nearest_upcoming_event_then_latest_past_then_today(session: Session) -> None:
    every = EventFilter()
    assert service.calendar_start(session=session, filters=every, today=TODAY) == TODAY  # no dated event
    _event(session, "Совещание прошлой весной", date(2025, 4, 10))
    _event(session, "Совещание прошлым летом", date(2025, 7, 1))
    assert service.calendar_start(session=session, filters=every, today=TODAY) == date(2025, 7, 1)
    _event(session, "Форум будущей весной", date(2027, 3, 15), kind=EventKind.forum)
    _event(session, "Выставка будущим летом", date(2027, 6, 1))
    assert service.calendar_start(session=session, filters=every, today=TODAY) == date(2027, 3, 15)
    _event(session, "Школа с ноября по январь", date(2026, 11, 20), date(2027, 1, 20))  # covers this month
    assert service.calendar_start(session=session, filters=every, today=TODAY) == date(2026, 12, 1)
    only_forums = EventFilter(kind=EventKind.forum)  # the page's filters choose among the events too
    assert service.calendar_start(session=session, filters=only_forums, today=TODAY) == date(2027, 3, 15)
