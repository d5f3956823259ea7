"""The request id: a client's plain id is kept, stored with the audit record; anything else is replaced."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts

ORG = {"short_name": "ООО «Идентификатор»", "name": "Общество «Идентификатор»", "kind": "enterprise"}


def _audit_request_id(client: TestClient, accounts: Accounts, org_id: int) -> str:
    log = client.get(
        "/api/v1/audit",
        params={"entity_type": "organization", "entity_id": org_id},
        headers=accounts.headers("manager"),
    ).json()
    return str(log["items"][0]["request_id"])


def test_a_plain_client_id_is_answered_and_stored_with_the_write(
    client: TestClient, accounts: Accounts
) -> None:
    given = "trace-42.a:b_C"
    created = client.post(
        "/api/v1/organizations", json=ORG, headers={**accounts.headers("manager"), "X-Request-ID": given}
    )
    assert created.status_code == 201 and created.headers["X-Request-ID"] == given
    assert _audit_request_id(client, accounts, created.json()["id"]) == given


@pytest.mark.parametrize("given", ["x" * 65, "two words", "a;b", "<script>"])
def test_any_other_client_id_is_replaced_not_stored_or_refused(
    client: TestClient, accounts: Accounts, given: str
) -> None:
    headers = {**accounts.headers("manager"), "X-Request-ID": given}
    created = client.post("/api/v1/organizations", json=ORG, headers=headers)
    assert created.status_code == 201, (
        created.text
    )  # a 65-character id once failed the audit insert on PostgreSQL
    answered = created.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", answered)
    assert _audit_request_id(client, accounts, created.json()["id"]) == answered


def test_every_answer_has_its_own_id(client: TestClient) -> None:
    first, second = client.get("/api/v1/health"), client.get("/nowhere")
    assert second.status_code == 404
    ids = {first.headers["X-Request-ID"], second.headers["X-Request-ID"]}
    assert len(ids) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
