"""Webhooks as NetBox's event rules: an admin picks events, the worker POSTs signed JSON and retries.

Events are ``<object type>.created|updated|deleted`` for every audited table (read from the change log),
``fact.new`` (a fact extracted from news), ``news.member`` (news mentioning a current cluster member) and
``news.risk`` (a risk fact about a current cluster member: bankruptcy, a lawsuit, a criminal case…).
Each event is enqueued once per webhook (unique ``event_key``); delivery signs the exact body with
HMAC-SHA256 of the webhook's secret (``X-ClusterDesk-Signature: sha256=<hex>``); an answer other than 2xx,
or no answer, is retried after 1, 5, 30, 120 and 720 minutes, then the delivery is marked failed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.labels import OBJECT_TYPES, link_of, own_name, type_label
from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.service import Actor
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.news.models import (
    FactStatus,
    MentionStatus,
    NewsFact,
    NewsFactOrganization,
    NewsItem,
    NewsMention,
)
from clusterdesk.news.risks import CATEGORY_LABELS
from clusterdesk.notify.models import Cursor, DeliveryStatus, Webhook, WebhookDelivery
from clusterdesk.notify.schemas import WebhookCreate, WebhookUpdate
from clusterdesk.notify.subscriptions import has_control_characters
from clusterdesk.registry.models import Membership, Organization

LABEL = "Вебхук"
SIGNATURE_HEADER = "X-ClusterDesk-Signature"
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 30, 120, 720)]
MAX_ATTEMPTS = len(BACKOFF) + 1
BATCH = 200
TIMEOUT_SECONDS = 10.0
ACTIONS = {"create": "created", "update": "updated", "delete": "deleted"}
SPECIAL_EVENTS = {
    "fact.new": "новый факт из новостей",
    "news.member": "новость об участнике кластера",
    "news.risk": "риск для участника кластера (банкротство, иск, уголовное дело…)",
}


def event_choices() -> dict[str, str]:
    """Every event a webhook may choose, with its Russian description."""
    choices = dict(SPECIAL_EVENTS)
    verbs = {"created": "создание", "updated": "изменение", "deleted": "удаление"}
    for table, object_type in OBJECT_TYPES.items():
        for action, verb in verbs.items():
            choices[f"{table}.{action}"] = f"{object_type.label}: {verb}"
    return choices


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _check(url: str | None, events: list[str] | None, *texts: tuple[str, str | None]) -> None:
    problems = [
        FieldProblem(field, "недопустимые управляющие символы")
        for field, value in texts
        if value is not None and has_control_characters(value)
    ]
    if url is not None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(FieldProblem("url", "адрес должен начинаться с http:// или https://"))
    if events is not None:
        known = event_choices()
        unknown = [e for e in events if e not in known]
        if unknown:
            problems.append(FieldProblem("events", f"неизвестные события: {', '.join(unknown[:10])}"))
    if problems:
        raise ValidationFailed(problems)


def get_all(*, session: Session) -> list[Webhook]:
    return list(session.scalars(select(Webhook).order_by(Webhook.id)).all())


def get(*, session: Session, webhook_id: int) -> Webhook:
    return writes.get_or_404(session, Webhook, webhook_id)


def create(*, session: Session, actor: Actor, data: WebhookCreate) -> Webhook:
    _check(data.url, data.events, ("name", data.name), ("url", data.url), ("secret", data.secret))
    webhook = Webhook(
        name=data.name.strip(),
        url=data.url.strip(),
        secret=data.secret,
        events=sorted(set(data.events)),
        enabled=data.enabled,
    )
    return writes.create(session=session, actor=actor, obj=webhook, label=LABEL)


def update(*, session: Session, actor: Actor, webhook_id: int, data: WebhookUpdate) -> Webhook:
    webhook = get(session=session, webhook_id=webhook_id)
    changes = writes.changes_of(data)
    writes.refuse_empty(changes, "name", "url", "secret", "events", "enabled")
    _check(
        changes.get("url"),
        changes.get("events"),
        *((field, changes.get(field)) for field in ("name", "url", "secret")),
    )
    if "events" in changes:
        changes["events"] = sorted(set(changes["events"]))
    return writes.update(
        session=session, actor=actor, obj=webhook, changes=changes, expected_version=data.version, label=LABEL
    )


def delete(*, session: Session, actor: Actor, webhook_id: int, version: int | None) -> None:
    webhook = get(session=session, webhook_id=webhook_id)
    writes.delete(session=session, actor=actor, obj=webhook, expected_version=version, label=LABEL)


def deliveries(*, session: Session, webhook_id: int, limit: int = 100) -> list[WebhookDelivery]:
    get(session=session, webhook_id=webhook_id)
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query).all())


# Enqueueing ------------------------------------------------------------------------------------------------


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _cursor(session: Session, name: str) -> Cursor:
    found = session.get(Cursor, name)
    if found is None:
        found = Cursor(name=name, last_id=0)
        session.add(found)
        session.flush()
    return found


def _enqueue(session: Session, webhook: Webhook, event: str, key: str, payload: dict[str, Any]) -> bool:
    exists = session.scalar(
        select(WebhookDelivery.id).where(
            WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.event_key == key
        )
    )
    if exists is not None:
        return False
    session.add(
        WebhookDelivery(
            webhook_id=webhook.id,
            event=event,
            event_key=key,
            payload={"event": event, **payload},
            status=DeliveryStatus.pending,
            attempts=0,
        )
    )
    return True


def _object(table: str, entity_id: int | None, snap: dict[str, Any], base_url: str) -> dict[str, Any]:
    link = link_of(table, entity_id, snap)
    return {
        "type": table,
        "type_label": type_label(table),
        "id": entity_id,
        "name": own_name(snap),
        "url": base_url + link if link else None,
    }


def _from_change_log(session: Session, hooks: list[Webhook], base_url: str) -> int:
    cursor = _cursor(session, "webhooks:audit")
    records = session.scalars(
        select(ChangeRecord).where(ChangeRecord.id > cursor.last_id).order_by(ChangeRecord.id).limit(BATCH)
    ).all()
    made = 0
    for record in records:
        event = f"{record.entity_type}.{ACTIONS.get(record.action, record.action)}"
        snap = {**(record.before or {}), **(record.after or {})}
        payload = {
            "occurred_at": _aware(record.at).isoformat(),
            "actor": record.actor_name,
            "request_id": record.request_id,
            "object": _object(record.entity_type, record.entity_id, snap, base_url),
            "before": record.before,
            "after": record.after,
        }
        for hook in hooks:
            if event in hook.events and _aware(record.at) >= _aware(hook.created_at):
                made += _enqueue(session, hook, event, f"audit:{record.id}", payload)
        cursor.last_id = record.id
    return made


def _from_facts(session: Session, hooks: list[Webhook], base_url: str) -> int:
    wanted = [h for h in hooks if "fact.new" in h.events]
    cursor = _cursor(session, "webhooks:fact")
    facts = session.scalars(
        select(NewsFact).where(NewsFact.id > cursor.last_id).order_by(NewsFact.id).limit(BATCH)
    ).all()
    made = 0
    for fact in facts:
        payload = {
            "occurred_at": _aware(fact.created_at).isoformat(),
            "object": {
                "type": "news_fact",
                "type_label": type_label("news_fact"),
                "id": fact.id,
                "kind": fact.type,
                "fields": fact.fields,
                "url": f"{base_url}/news/{fact.item_id}",
            },
        }
        for hook in wanted:
            if _aware(fact.created_at) >= _aware(hook.created_at):
                made += _enqueue(session, hook, "fact.new", f"fact:{fact.id}", payload)
        cursor.last_id = fact.id
    return made


def _from_member_news(session: Session, hooks: list[Webhook], base_url: str) -> int:
    wanted = [h for h in hooks if "news.member" in h.events]
    cursor = _cursor(session, "webhooks:news")
    items = session.scalars(
        select(NewsItem).where(NewsItem.id > cursor.last_id).order_by(NewsItem.id).limit(BATCH)
    ).all()
    made = 0
    members = select(Membership.organization_id).where(Membership.until.is_(None))
    for item in items:
        orgs = session.execute(
            select(Organization.id, Organization.short_name)
            .join(NewsMention, NewsMention.organization_id == Organization.id)
            .where(
                NewsMention.item_id == item.id,
                NewsMention.status != MentionStatus.rejected,
                Organization.id.in_(members),
            )
            .distinct()
        ).all()
        if orgs:
            payload = {
                "occurred_at": _aware(item.created_at).isoformat(),
                "object": {
                    "type": "news_item",
                    "type_label": type_label("news_item"),
                    "id": item.id,
                    "name": item.title,
                    "url": f"{base_url}/news/{item.id}",
                },
                "organizations": [{"id": o.id, "name": o.short_name} for o in orgs],
            }
            for hook in wanted:
                if _aware(item.created_at) >= _aware(hook.created_at):
                    made += _enqueue(session, hook, "news.member", f"news:{item.id}", payload)
        cursor.last_id = item.id
    return made


def _from_member_risks(session: Session, hooks: list[Webhook], base_url: str) -> int:
    wanted = [h for h in hooks if "news.risk" in h.events]
    cursor = _cursor(session, "webhooks:risk")
    facts = session.scalars(
        select(NewsFact)
        .where(NewsFact.id > cursor.last_id, NewsFact.type == "risk")
        .order_by(NewsFact.id)
        .limit(BATCH)
    ).all()
    made = 0
    members = select(Membership.organization_id).where(Membership.until.is_(None))
    for fact in facts:
        orgs = session.execute(
            select(Organization.id, Organization.short_name)
            .join(NewsFactOrganization, NewsFactOrganization.organization_id == Organization.id)
            .where(NewsFactOrganization.fact_id == fact.id, Organization.id.in_(members))
            .distinct()
        ).all()
        if orgs and fact.status != FactStatus.rejected:
            category = str(fact.fields.get("category"))
            payload = {
                "occurred_at": _aware(fact.created_at).isoformat(),
                "object": {
                    "type": "news_fact",
                    "type_label": type_label("news_fact"),
                    "id": fact.id,
                    "kind": "risk",
                    "category": category,
                    "category_label": CATEGORY_LABELS.get(category, category),
                    "fields": fact.fields,
                    "url": f"{base_url}/news/{fact.item_id}",
                },
                "organizations": [{"id": o.id, "name": o.short_name} for o in orgs],
            }
            for hook in wanted:
                if _aware(fact.created_at) >= _aware(hook.created_at):
                    made += _enqueue(session, hook, "news.risk", f"risk:{fact.id}", payload)
        cursor.last_id = fact.id
    return made


def enqueue_events(*, session: Session, base_url: str) -> int:
    """Turn what happened since the last scan into pending deliveries; returns how many were made."""
    hooks = [h for h in get_all(session=session) if h.enabled]
    base = base_url.rstrip("/")
    made = _from_change_log(session, hooks, base) + _from_facts(session, hooks, base)
    made += _from_member_news(session, hooks, base) + _from_member_risks(session, hooks, base)
    session.flush()
    return made


# Delivery --------------------------------------------------------------------------------------------------


def _attempt(client: httpx.Client, hook: Webhook, delivery: WebhookDelivery) -> tuple[int | None, str | None]:
    body = json.dumps(
        {"delivery_id": delivery.id, **delivery.payload}, ensure_ascii=False, sort_keys=True
    ).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        SIGNATURE_HEADER: sign(body, hook.secret),
        "X-ClusterDesk-Event": delivery.event,
        "X-ClusterDesk-Delivery": str(delivery.id),
        "User-Agent": "ClusterDesk-Webhooks/1",
    }
    try:
        response = client.post(hook.url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, f"нет ответа от {hook.url}: {exc.__class__.__name__}: {exc}"
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"получатель ответил {response.status_code}: {response.text[:300]}"


def deliver_due(*, session: Session, now: datetime, client: httpx.Client | None = None) -> int:
    """POST every pending delivery that is due; returns how many were delivered this run."""
    now = _aware(now)
    due = session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.status == DeliveryStatus.pending, WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.id)
        .limit(BATCH)
    ).all()
    if not due:
        return 0
    own_client = client is None
    client = client or httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False)
    delivered = 0
    try:
        for delivery in due:
            hook = session.get(Webhook, delivery.webhook_id)
            if hook is None or not hook.enabled:
                continue
            code, error = _attempt(client, hook, delivery)
            delivery.attempts += 1
            delivery.last_status_code = code
            delivery.last_error = error
            if error is None:
                delivery.status = DeliveryStatus.delivered
                delivery.delivered_at = now
                delivered += 1
            elif delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.failed
            else:
                delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
            session.flush()
    finally:
        if own_client:
            client.close()
    return delivered


def run(*, session: Session, now: datetime, base_url: str) -> int:
    enqueue_events(session=session, base_url=base_url)
    return deliver_due(session=session, now=now)
