"""Webhooks POSTed to a real HTTP receiver on 127.0.0.1: signed, retried with backoff, logged."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.notify import webhooks
from clusterdesk.notify.models import DeliveryStatus, WebhookDelivery
from tests.conftest import PASSWORD, Accounts
from tests.notify.conftest import BASE_URL, Receiver, World, add_news

SECRET = "receiver-shared-secret"


def _hook(client: TestClient, accounts: Accounts, receiver: Receiver, events: list[str]) -> int:
    answer = client.post(
        "/api/v1/webhooks",
        json={"name": "CRM кластера", "url": receiver.url, "secret": SECRET, "events": events},
        headers=accounts.headers("admin"),
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_signed_payload_for_an_organization_update_and_a_retry_after_500(
    session: Session, world: World, receiver: Receiver, client: TestClient, accounts: Accounts
) -> None:
    hook_id = _hook(client, accounts, receiver, ["organization.updated"])
    writes.update(
        session=session,
        actor=Actor(id=None, name="editor"),
        obj=world.mikran,
        changes={"city": "Томск"},
        expected_version=None,
        label="Организация",
    )
    now = datetime.now(UTC) + timedelta(seconds=1)
    receiver.answers = [500]
    assert webhooks.enqueue_events(session=session, base_url=BASE_URL) == 1
    assert webhooks.enqueue_events(session=session, base_url=BASE_URL) == 0  # never enqueued twice
    assert webhooks.deliver_due(session=session, now=now) == 0
    (delivery,) = session.query(WebhookDelivery).all()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.pending, 1, 500)
    assert delivery.next_attempt_at.replace(tzinfo=UTC) == now + timedelta(minutes=1)
    assert webhooks.deliver_due(session=session, now=now + timedelta(seconds=30)) == 0  # not due yet
    assert len(receiver.requests) == 1
    assert webhooks.deliver_due(session=session, now=now + timedelta(minutes=2)) == 1
    assert len(receiver.requests) == 2

    headers, body = receiver.requests[-1]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-ClusterDesk-Signature"] == expected
    assert headers["X-ClusterDesk-Event"] == "organization.updated"
    payload = json.loads(body)
    assert payload["event"] == "organization.updated"
    assert payload["object"] == {
        "type": "organization",
        "type_label": "организация",
        "id": world.mikran.id,
        "name": "АО «НПФ «Микран»",
        "url": f"{BASE_URL}/organizations/{world.mikran.id}",
    }
    assert payload["before"]["city"] is None and payload["after"]["city"] == "Томск"

    log = client.get(f"/api/v1/webhooks/{hook_id}/deliveries", headers=accounts.headers("admin"))
    assert log.status_code == 200
    (entry,) = log.json()
    assert (entry["status"], entry["attempts"], entry["last_status_code"]) == ("delivered", 2, 200)
    page = client.get(f"/webhooks?show={hook_id}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    client.post("/login", data={"username": "admin-user", "password": PASSWORD})
    page = client.get(f"/webhooks?show={hook_id}")
    assert page.status_code == 200
    assert "организация: изменение" in page.text and "доставлено" in page.text


def test_gives_up_after_the_last_backoff(
    session: Session, world: World, receiver: Receiver, client: TestClient, accounts: Accounts
) -> None:
    _hook(client, accounts, receiver, ["news.member", "fact.new"])
    add_news(
        session,
        "Микран и ТУСУР подписали соглашение",
        "Микран и ТУСУР подписали соглашение.",
        [world.mikran, world.tusur],
        fact_type="agreement",
    )
    add_news(session, "Сторонняя фирма снова выросла", "ООО «Сторонняя» выросло.", [world.outsider])
    assert (
        webhooks.enqueue_events(session=session, base_url=BASE_URL) == 2
    )  # the members' news and its fact; older news predate the hook
    events = sorted(d.event for d in session.query(WebhookDelivery).all())
    assert events == ["fact.new", "news.member"]  # news about a non-member is no event
    receiver.answers = [503] * 20
    moment = datetime.now(UTC) + timedelta(seconds=1)
    for _ in range(webhooks.MAX_ATTEMPTS):
        webhooks.deliver_due(session=session, now=moment)
        moment += timedelta(days=1)
    statuses = {(d.status, d.attempts) for d in session.query(WebhookDelivery).all()}
    assert statuses == {(DeliveryStatus.failed, webhooks.MAX_ATTEMPTS)}
    assert webhooks.deliver_due(session=session, now=moment) == 0


def test_webhook_rules_are_checked_and_admin_only(client: TestClient, accounts: Accounts) -> None:
    body = {"name": "x", "url": "javascript:alert(1)", "secret": "12345678", "events": ["nothing.happened"]}
    bad = client.post("/api/v1/webhooks", json=body, headers=accounts.headers("admin"))
    assert bad.status_code == 422
    assert "http://" in bad.text and "nothing.happened" in bad.text
    body.update(url="https://example.ru/hook", events=["organization.created"])
    assert client.post("/api/v1/webhooks", json=body, headers=accounts.headers("manager")).status_code == 403
    assert client.get("/api/v1/webhooks", headers=accounts.headers("member")).status_code == 403
