"""The .ics export imports into a standard parser (icalendar) with the same events, dates and places."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from icalendar import Calendar

from tests.conftest import Accounts


def _post(client: TestClient, accounts: Accounts, body: dict) -> dict:
    response = client.post("/api/v1/events", json=body, headers=accounts.headers("manager"))
    assert response.status_code == 201, response.text
    return response.json()


def test_calendar_round_trip(client: TestClient, accounts: Accounts) -> None:
    forum = _post(
        client,
        accounts,
        {
            "name": "Команда возможностей",
            "kind": "forum",
            "start": "2025-05-25",
            "end": "2025-05-27",
            "place": "Мастерская управления «Сенеж»",
            "topics": ["молодые лидеры"],
        },
    )
    one_day = _post(
        client, accounts, {"name": "Совещание по кластеру", "kind": "meeting", "start": "2025-09-10"}
    )
    _post(client, accounts, {"name": "Без даты", "kind": "forum", "date_text": "5–9 апреля"})

    response = client.get("/api/v1/events.ics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"event-{forum['id']}@clusterdesk", f"event-{one_day['id']}@clusterdesk"}
    parsed = events[f"event-{forum['id']}@clusterdesk"]
    assert str(parsed["summary"]) == "Команда возможностей"
    assert str(parsed["location"]) == "Мастерская управления «Сенеж»"
    assert parsed.decoded("dtstart") == date(2025, 5, 25)
    assert parsed.decoded("dtend") == date(2025, 5, 28)  # exclusive end of a three-day event
    assert "молодые лидеры" in str(parsed["description"])
    assert str(parsed["url"]).endswith(f"/events/{forum['id']}")
    single = events[f"event-{one_day['id']}@clusterdesk"]
    assert single.decoded("dtend") == date(2025, 9, 11)

    alone = client.get(f"/api/v1/events/{forum['id']}.ics")
    assert alone.status_code == 200
    [only] = Calendar.from_ical(alone.content).walk("VEVENT")
    assert str(only["summary"]) == "Команда возможностей"
    # the calendar survives a second serialisation unchanged (a true round trip)
    assert Calendar.from_ical(calendar.to_ical()).to_ical() == calendar.to_ical()
