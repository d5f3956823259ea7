"""The events and agreements API contract: paths, codes, shapes, permissions (member: own side only)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Accounts
from tests.events.conftest import Registry

EVENT = {
    "name": "Технопром-2025",
    "kind": "forum",
    "start": "2025-08-26",
    "end": "2025-08-29",
    "place": "Новосибирск",
}


def test_create_event_answers_201_and_lists_it(
    client: TestClient, accounts: Accounts, registry_rows: Registry
) -> None:
    body = {
        **EVENT,
        "topics": ["подготовка кадров"],
        "participants": [
            {"organization_id": registry_rows.tusur.id, "role": "participant"},
            {"person_id": registry_rows.rector.id, "role": "moderator"},
        ],
    }
    response = client.post("/api/v1/events", json=body, headers=accounts.headers("manager"))
    assert response.status_code == 201, response.text
    event = response.json()
    assert isinstance(event["id"], int) and event["version"] == 1
    assert {(p["name"], p["role"]) for p in event["participants"]} == {
        ("ТУСУР", "participant"),
        ("Виктор Рулевский", "moderator"),
    }
    listed = client.get("/api/v1/events", params={"organization_id": registry_rows.tusur.id}).json()
    assert [e["id"] for e in listed["items"]] == [event["id"]] and listed["total"] == 1
    assert client.get("/api/v1/events", params={"date_from": "2025-09-01"}).json()["total"] == 0
    assert client.get("/api/v1/events", params={"date_to": "2025-08-26"}).json()["total"] == 1


def test_event_without_a_date_is_accepted_and_listed_as_undated(
    client: TestClient, accounts: Accounts
) -> None:
    body = {"name": "Стратегическая сессия", "kind": "strategic_session", "date_text": "5–9 апреля"}
    created = client.post("/api/v1/events", json=body, headers=accounts.headers("manager")).json()
    assert created["start"] is None and created["date_text"] == "5–9 апреля"
    assert client.get("/api/v1/events", params={"dated": False}).json()["items"][0]["id"] == created["id"]
    ics = client.get(f"/api/v1/events/{created['id']}.ics")
    assert ics.status_code == 422 and "дата мероприятия неизвестна" in ics.json()["detail"]


def test_event_errors_401_403_409_422(client: TestClient, accounts: Accounts) -> None:
    assert client.post("/api/v1/events", json=EVENT).status_code == 401
    for role in ("member", "analyst"):
        assert client.post("/api/v1/events", json=EVENT, headers=accounts.headers(role)).status_code == 403
    bad = client.post("/api/v1/events", json={**EVENT, "kind": "party"}, headers=accounts.headers("manager"))
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "kind"]
    reversed_dates = {**EVENT, "start": "2025-08-29", "end": "2025-08-26"}
    assert (
        client.post("/api/v1/events", json=reversed_dates, headers=accounts.headers("manager")).status_code
        == 422
    )
    event = client.post("/api/v1/events", json=EVENT, headers=accounts.headers("manager")).json()
    url = f"/api/v1/events/{event['id']}"
    ok = client.patch(
        url, json={"place": "Новосибирск, Экспоцентр", "version": 1}, headers=accounts.headers("manager")
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, json={"place": "Томск", "version": 1}, headers=accounts.headers("manager"))
    assert stale.status_code == 409
    missing_version = client.patch(url, json={"place": "Томск"}, headers=accounts.headers("manager"))
    assert missing_version.status_code == 422 and missing_version.json()["detail"][0]["loc"] == [
        "body",
        "version",
    ]
    assert client.delete(url, headers=accounts.headers("manager")).status_code == 204
    assert client.get(url).status_code == 404


def _agreement(client: TestClient, accounts: Accounts, registry_rows: Registry) -> dict:
    body = {
        "party_ids": [registry_rows.mts.id, accounts.member_org.id],
        "date": "2025-03-01",
        "kind": "education",
        "subject": "Сотрудничество в области образовательных программ",
        "obligations": [
            {
                "text": "Стажировки для студентов",
                "organization_id": registry_rows.mts.id,
                "due": "2025-09-01",
            },
            {"text": "Совместная программа", "organization_id": accounts.member_org.id},
        ],
    }
    response = client.post("/api/v1/agreements", json=body, headers=accounts.headers("manager"))
    assert response.status_code == 201, response.text
    return response.json()


def test_create_agreement_answers_201_with_parties_and_checklist(
    client: TestClient, accounts: Accounts, registry_rows: Registry
) -> None:
    agreement = _agreement(client, accounts, registry_rows)
    assert agreement["party_ids"] == [registry_rows.mts.id, accounts.member_org.id]
    assert agreement["date"] == "2025-03-01" and agreement["kind"] == "education"
    assert [o["status"] for o in agreement["obligations"]] == ["planned", "planned"]
    listed = client.get("/api/v1/agreements", params={"organization_id": registry_rows.mts.id}).json()
    assert listed["total"] == 1
    one_party = {"party_ids": [registry_rows.mts.id], "kind": "education", "subject": "x"}
    response = client.post("/api/v1/agreements", json=one_party, headers=accounts.headers("manager"))
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "party_ids"]
    unknown = {**one_party, "party_ids": [registry_rows.mts.id, 999999]}
    response = client.post("/api/v1/agreements", json=unknown, headers=accounts.headers("manager"))
    assert response.status_code == 422 and "#999999" in response.json()["detail"]


def test_member_edits_only_their_own_side(
    client: TestClient, accounts: Accounts, registry_rows: Registry
) -> None:
    agreement = _agreement(client, accounts, registry_rows)
    base = f"/api/v1/agreements/{agreement['id']}"
    theirs, mine = agreement["obligations"]
    member = accounts.headers("member")
    assert client.post("/api/v1/agreements", json={}, headers=member).status_code in (403, 422)
    assert client.patch(base, json={"subject": "Другое", "version": 1}, headers=member).status_code == 403
    done = client.patch(
        f"{base}/obligations/{mine['id']}", json={"status": "done", "version": 1}, headers=member
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    other = client.patch(
        f"{base}/obligations/{theirs['id']}", json={"status": "done", "version": 1}, headers=member
    )
    assert other.status_code == 403
    added = client.post(
        f"{base}/obligations",
        json={"text": "Отчёт", "organization_id": accounts.member_org.id},
        headers=member,
    )
    assert added.status_code == 201
    foreign = client.post(
        f"{base}/obligations", json={"text": "Отчёт", "organization_id": registry_rows.mts.id}, headers=member
    )
    assert foreign.status_code == 403
    my_party = next(p for p in agreement["parties"] if p["organization_id"] == accounts.member_org.id)
    their_party = next(p for p in agreement["parties"] if p["organization_id"] == registry_rows.mts.id)
    signed = client.patch(
        f"{base}/parties/{my_party['id']}", json={"signatory": "Директор", "version": 1}, headers=member
    )
    assert signed.status_code == 200 and signed.json()["signatory"] == "Директор"
    assert (
        client.patch(
            f"{base}/parties/{their_party['id']}", json={"signatory": "X", "version": 1}, headers=member
        ).status_code
        == 403
    )
    document = client.post(f"{base}/documents", json={"title": "Текст соглашения"}, headers=member)
    assert document.status_code == 201
    assert (
        client.patch(f"{base}/obligations/{mine['id']}", json={"status": "done", "version": 1}).status_code
        == 401
    )


def test_manager_changes_parties_and_deletes(
    client: TestClient, accounts: Accounts, registry_rows: Registry
) -> None:
    agreement = _agreement(client, accounts, registry_rows)
    base = f"/api/v1/agreements/{agreement['id']}"
    body = {"party_ids": [registry_rows.mts.id, registry_rows.tusur.id], "version": 1}
    changed = client.patch(base, json=body, headers=accounts.headers("manager"))
    assert changed.status_code == 200, changed.text
    assert sorted(changed.json()["party_ids"]) == sorted([registry_rows.mts.id, registry_rows.tusur.id])
    owners = [o["organization_id"] for o in client.get(base).json()["obligations"]]
    assert owners == [registry_rows.mts.id, None]  # the side that left no longer owns its checklist line
    assert client.delete(base, headers=accounts.headers("manager")).status_code == 204
    assert client.get(base).status_code == 404
