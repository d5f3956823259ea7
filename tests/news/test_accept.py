"""News facts accepted in one click as an event, an agreement or a project, keeping the item as source."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.news.models import FactStatus, NewsFact
from clusterdesk.registry.demo import load_demo_registry
from tests.conftest import Accounts
from tests.news.test_store import _store_text


def _fact(session: Session, type_: str, contains: str) -> NewsFact:
    facts = session.scalars(select(NewsFact).where(NewsFact.type == type_)).all()
    return next(f for f in facts if contains in str(f.fields))


def _seeded(session: Session, models, seed_000: Path, seed_004: Path) -> None:  # type: ignore[no-untyped-def]
    load_demo_registry(session=session)
    _store_text(session, models, seed_000.read_text("utf-8"), "seed-000")
    _store_text(session, models, seed_004.read_text("utf-8"), "seed-004")
    session.commit()


def test_event_fact_becomes_an_event_with_source(
    client: TestClient,
    accounts: Accounts,
    session: Session,
    models,
    seed_000: Path,
    seed_004: Path,  # type: ignore[no-untyped-def]
) -> None:
    _seeded(session, models, seed_000, seed_004)
    fact = _fact(session, "event", "Команда возможностей")
    url = f"/api/v1/facts/{fact.id}/accept"
    assert client.post(url, params={"as": "event"}, headers=accounts.headers("analyst")).status_code == 403
    response = client.post(url, params={"as": "event"}, headers=accounts.headers("manager"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "accepted" and body["accepted_as"].startswith("event:")
    event_id = int(body["accepted_as"].split(":")[1])
    event = client.get(f"/api/v1/events/{event_id}").json()
    assert "Команда возможностей" in event["name"]
    assert event["start"] == "2025-05-25" and event["end"] == "2025-05-27"
    assert [src["news_item_id"] for src in event["sources"]] == [fact.item_id]
    again = client.post(url, params={"as": "event"}, headers=accounts.headers("manager"))
    assert again.status_code == 409
    wrong = client.post(url, params={"as": "project"}, headers=accounts.headers("manager"))
    assert wrong.status_code == 404


def test_agreement_and_project_facts(
    client: TestClient,
    accounts: Accounts,
    session: Session,
    models,
    seed_000: Path,
    seed_004: Path,  # type: ignore[no-untyped-def]
) -> None:
    _seeded(session, models, seed_000, seed_004)
    manager = accounts.headers("manager")
    agreement = _fact(session, "agreement", "МТС")
    body = client.post(
        f"/api/v1/facts/{agreement.id}/accept", params={"as": "agreement"}, headers=manager
    ).json()
    assert body["accepted_as"].startswith("agreement:")
    stored = client.get(f"/api/v1/agreements/{body['accepted_as'].split(':')[1]}").json()
    assert len(stored["party_ids"]) == 2
    project = _fact(session, "project", "минитрактор")
    body = client.post(f"/api/v1/facts/{project.id}/accept", params={"as": "project"}, headers=manager).json()
    assert body["accepted_as"].startswith("project:")
    session.expire_all()
    assert session.get(NewsFact, project.id).status == FactStatus.accepted
