"""The events pages render in Russian from the demo data: calendar (month, list), event, agreement, card."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.events.demo import load_demo
from clusterdesk.events.models import Agreement, Event
from clusterdesk.registry.demo import load_demo_registry
from clusterdesk.registry.models import Organization


def _demo(session: Session) -> None:
    load_demo_registry(session=session)
    load_demo(session=session)
    session.commit()


def test_demo_is_idempotent_and_invents_no_dates(session: Session) -> None:
    load_demo_registry(session=session)
    assert load_demo(session=session) == {"events": 4, "agreements": 1}
    assert load_demo(session=session) == {"events": 0, "agreements": 0}
    dated = {e.name: (e.start, e.end) for e in session.scalars(select(Event)) if e.start}
    assert list(dated) == ["Команда возможностей"]
    [agreement] = session.scalars(select(Agreement))
    assert agreement.signed_on is None and agreement.obligations == []


def test_calendar_month_and_list_views(client: TestClient, session: Session) -> None:
    _demo(session)
    month = client.get("/events", params={"month": "2025-05"})
    assert month.status_code == 200
    assert "Май 2025" in month.text and "Команда возможностей" in month.text
    assert "без точной даты" in month.text
    listed = client.get("/events", params={"view": "list"})
    assert "Дата не указана" in listed.text
    assert "5–9 апреля (год в новости не указан)" in listed.text
    assert "Пленарная сессия форума U-Novus 2025" in listed.text


def test_event_agreement_and_organisation_card(client: TestClient, session: Session) -> None:
    _demo(session)
    round_table = session.scalar(select(Event).where(Event.name.like("Россия-Беларусь%")))
    page = client.get(f"/events/{round_table.id}")
    assert page.status_code == 200 and "модератор" in page.text and "Виктор Рулевский" in page.text
    agreement = session.scalar(select(Agreement))
    page = client.get(f"/agreements/{agreement.id}")
    assert "ПАО «МТС»" in page.text and "Образование и кадры" in page.text
    tusur = session.scalar(select(Organization).where(Organization.short_name == "ТУСУР"))
    card = client.get(f"/organizations/{tusur.id}").text
    assert "Мероприятия" in card and "Соглашения" in card
    assert "Россия-Беларусь" in card  # through the rector's post
    assert "Сотрудничество в области развития образовательных программ" in card
