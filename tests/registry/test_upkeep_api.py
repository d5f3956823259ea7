"""The upkeep API on both databases: import preview, duplicates, merge and undo, proposals; Russian 4xx."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.registry.models import Cluster, ClusterKind, Membership, Organization
from tests.conftest import Accounts

HEADER = ["Краткое наименование", "Полное наименование", "Тип", "ИНН", "Город", "Кластер", "Роль в кластере"]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([HEADER, *rows])
    return buffer.getvalue().encode("utf-8-sig")


def _upload(client: TestClient, accounts: Accounts, content: bytes, dry_run: bool, name: str = "m.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/organizations/import?dry_run={'true' if dry_run else 'false'}",
        files={"file": (name, content, "text/csv")},
        headers=accounts.headers("manager"),
    )


def _orgs(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organization)) or 0


def test_dry_run_previews_create_update_unchanged_and_errors_and_stores_nothing(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    session.add(Cluster(name="Томский инновационный кластер", kind=ClusterKind.innovation))
    session.commit()
    first = _csv([["ТУСУР", "Томский университет", "университет", "7707083893", "Томск", "", ""]])
    assert _upload(client, accounts, first, dry_run=False).status_code == 200
    before, audit_before = _orgs(session), session.scalar(select(func.count()).select_from(ChangeRecord))
    content = _csv(
        [
            ["ТУСУР", "Томский университет", "университет", "7707083893", "Северск", "", ""],
            [
                "Микран",
                "АО «НПФ «Микран»",
                "Предприятие",
                "",
                "Томск",
                "Томский инновационный кластер",
                "Якорный участник",
            ],
            ["Плохая", "Плохая фирма", "завод", "", "", "Нет такого", ""],
            ["ТУСУР", "Томский университет", "университет", "7707083893", "Северск", "", ""],
        ]
    )
    body = _upload(client, accounts, content, dry_run=True).json()
    assert [r["row"] for r in body["update"]] == [2]
    assert body["update"][0]["changes"] == [{"field": "Город", "old": "Томск", "new": "Северск"}]
    assert [r["label"] for r in body["create"]] == ["Микран"]
    assert {
        "field": "Кластер",
        "old": "—",
        "new": "Томский инновационный кластер (Якорный участник)",
    } in body["create"][0]["changes"]
    errors = {(e["row"], e["column"]) for e in body["errors"]}
    assert {(4, "Тип"), (4, "Кластер"), (5, "ИНН")} <= errors
    assert all(any(c in e["message"] for c in "абвгдеёжзийклмнопрстуфхцчшщыьэюя") for e in body["errors"])
    assert _orgs(session) == before
    assert session.scalar(select(func.count()).select_from(ChangeRecord)) == audit_before

    refused = _upload(client, accounts, content, dry_run=False)
    assert refused.status_code == 422 and "ничего не сохранено" in refused.text
    fixed = _csv(
        [
            ["ТУСУР", "Томский университет", "университет", "7707083893", "Северск", "", ""],
            [
                "Микран",
                "АО «НПФ «Микран»",
                "Предприятие",
                "",
                "Томск",
                "Томский инновационный кластер",
                "Якорный участник",
            ],
        ]
    )
    assert _upload(client, accounts, fixed, dry_run=False, name="члены.csv").json() == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
    }
    micran = session.scalar(select(Organization).where(Organization.short_name == "Микран"))
    assert micran is not None
    assert session.scalar(select(Membership).where(Membership.organization_id == micran.id)) is not None
    newest = session.scalars(
        select(ChangeRecord).where(ChangeRecord.action == "import").order_by(ChangeRecord.id.desc())
    ).first()
    assert newest is not None and newest.after["Файл"] == "члены.csv"  # type: ignore[index]


def test_koi8_csv_is_read_and_garbage_is_refused_in_russian(client: TestClient, accounts: Accounts) -> None:
    content = "Краткое наименование;Полное наименование;Тип\nТУСУР;Томский университет;университет\n"
    body = _upload(client, accounts, content.encode("koi8-r"), dry_run=True).json()
    assert body["create"][0]["changes"][1]["new"] == "Томский университет"
    garbage = bytes(range(128, 256)) * 4
    body = _upload(client, accounts, garbage, dry_run=True).json()
    assert body["errors"] and "кодировка не распознана" in body["errors"][0]["message"]


def test_duplicates_merge_and_undo_over_http(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    headers = accounts.headers("manager")
    ids = []
    for short, name in (
        ("ТПУ", "ТПУ"),
        ("Томский политехнический университет", "Томский политехнический университет"),
    ):
        response = client.post(
            "/api/v1/organizations",
            json={"short_name": short, "name": name, "kind": "university"},
            headers=headers,
        )
        ids.append(response.json()["id"])
    pairs = client.get("/api/v1/organizations/duplicates", headers=headers).json()
    pair = next(p for p in pairs if {p["a"], p["b"]} == set(ids))
    assert pair["score"] > 0.5 and pair["reasons"]

    merged = client.post(
        "/api/v1/organizations/merge",
        json={"keep_id": ids[1], "absorb_id": ids[0], "fields": {"short_name": "absorb"}},
        headers=headers,
    )
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["id"] == ids[1] and body["short_name"] == "ТПУ" and body["merge_id"]
    assert client.get(f"/api/v1/organizations/{ids[0]}").status_code == 404
    undo = client.post(f"/api/v1/merges/{body['merge_id']}/undo", headers=headers)
    assert undo.status_code == 200 and undo.json()["undone_at"]
    assert client.get(f"/api/v1/organizations/{ids[0]}").json()["short_name"] == "ТПУ"
    again = client.post(f"/api/v1/merges/{body['merge_id']}/undo", headers=headers)
    assert again.status_code == 409 and "уже отменено" in again.json()["detail"]


def test_bad_merge_requests_are_russian_4xx(client: TestClient, accounts: Accounts) -> None:
    headers = accounts.headers("manager")
    url = "/api/v1/organizations/merge"
    same = client.post(url, json={"keep_id": 1, "absorb_id": 1}, headers=headers)
    assert same.status_code == 422 and "саму с собой" in same.text
    missing = client.post(url, json={"keep_id": 10**6, "absorb_id": 10**6 + 1}, headers=headers)
    assert missing.status_code == 422 and "не найден" in missing.text
    assert client.post(url, json={"keep_id": 1, "absorb_id": 2}).status_code == 401
    assert (
        client.post(url, json={"keep_id": 1, "absorb_id": 2}, headers=accounts.headers("member")).status_code
        == 403
    )
    assert client.post("/api/v1/merges/999999/undo", headers=headers).status_code == 404
    assert client.get("/api/v1/people/duplicates", headers=headers).json() == []


def test_create_names_possible_duplicates_and_similar_answers_before_creating(
    client: TestClient, accounts: Accounts
) -> None:
    headers = accounts.headers("manager")
    body = {"short_name": "АО «НПФ «Микран»", "name": "АО «НПФ «Микран»", "kind": "enterprise"}
    first = client.post("/api/v1/organizations", json=body, headers=headers)
    assert first.status_code == 201 and "X-Possible-Duplicates" not in first.headers
    similar = client.get("/api/v1/organizations/similar", params={"short_name": "Микран"}, headers=headers)
    assert [s["id"] for s in similar.json()] == [first.json()["id"]]
    assert "совпадают" in similar.json()[0]["reasons"][0]
    second = client.post(
        "/api/v1/organizations",
        json={"short_name": "Микран", "name": "Микран", "kind": "enterprise"},
        headers=headers,
    )
    assert second.status_code == 201 and second.headers["X-Possible-Duplicates"] == str(first.json()["id"])


def test_person_create_names_the_same_person_in_another_case(client: TestClient, accounts: Accounts) -> None:
    headers = accounts.headers("manager")
    first = client.post("/api/v1/people", json={"full_name": "Рулевский Виктор Михайлович"}, headers=headers)
    assert "X-Possible-Duplicates" not in first.headers
    second = client.post(
        "/api/v1/people", json={"full_name": "Рулевского Виктора Михайловича"}, headers=headers
    )
    assert second.headers["X-Possible-Duplicates"] == str(first.json()["id"])
    third = client.post("/api/v1/people", json={"full_name": "Рулевский В. М."}, headers=headers)
    assert str(first.json()["id"]) in third.headers["X-Possible-Duplicates"]
    other = client.post("/api/v1/people", json={"full_name": "Рулевская Анна Петровна"}, headers=headers)
    assert "X-Possible-Duplicates" not in other.headers


def test_proposals_api_lives_at_its_documented_address_newest_first_and_bounded(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    from clusterdesk.registry.upkeep_models import Proposal, ProposalKind

    for n in range(3):
        session.add(Proposal(kind=ProposalKind.organization, key=f"org:тест-{n}", summary=f"Организация {n}"))
    session.flush()
    headers = accounts.headers("manager")
    assert client.get("/api/v1/api/v1/registry/proposals", headers=headers).status_code == 404
    listed = client.get("/api/v1/registry/proposals", params={"limit": 2}, headers=headers)
    assert listed.status_code == 200, listed.text
    assert [p["summary"] for p in listed.json()] == ["Организация 2", "Организация 1"]
    too_many = client.get("/api/v1/registry/proposals", params={"limit": 501}, headers=headers)
    assert too_many.status_code == 422
    merges = client.get("/api/v1/merges", params={"limit": 0}, headers=headers)
    assert merges.status_code == 422 and "limit" in merges.text
