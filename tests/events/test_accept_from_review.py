"""End to end: seed 000 through the news pipeline and store; the round-table fact accepted from the
review queue becomes an event with the rector as moderator, TUSUR as participant and the news as source."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.news.models import NewsFact
from clusterdesk.registry.demo import load_demo_registry
from clusterdesk.registry.models import Organization, Person
from tests.conftest import Accounts

SEED_000 = Path(__file__).resolve().parents[1] / "data" / "news" / "seeds" / "000_f616627dc7c17607.txt"


@pytest.fixture(scope="module")
def models():  # type: ignore[no-untyped-def]
    from clusterdesk.news.nlp import build_models

    return build_models()


def test_round_table_fact_accepted_with_participants_and_source(
    client: TestClient,
    accounts: Accounts,
    session: Session,
    models,  # type: ignore[no-untyped-def]
) -> None:
    from tests.news.test_store import _store_text

    load_demo_registry(session=session)
    _store_text(session, models, SEED_000.read_text("utf-8"), "seed-000")
    session.commit()
    fact = next(
        f
        for f in session.scalars(select(NewsFact).where(NewsFact.type == "event"))
        if "Беларусь" in str(f.fields)
    )
    response = client.post(
        f"/api/v1/facts/{fact.id}/accept", params={"as": "event"}, headers=accounts.headers("manager")
    )
    assert response.status_code == 200, response.text
    event_id = int(response.json()["accepted_as"].split(":")[1])
    event = client.get(f"/api/v1/events/{event_id}").json()
    assert event["kind"] == "round_table" and event["start"] is None
    tusur = session.scalar(select(Organization.id).where(Organization.short_name == "ТУСУР"))
    rector = session.scalar(select(Person.id).where(Person.full_name == "Виктор Рулевский"))
    roles = {(p["organization_id"], p["person_id"], p["role"]) for p in event["participants"]}
    assert (None, rector, "moderator") in roles
    assert (tusur, None, "participant") in roles
    [source] = event["sources"]
    assert source["news_item_id"] == fact.item_id and "модератором" in source["excerpt"]
