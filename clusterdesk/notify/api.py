"""JSON API: the current user's subscriptions and feed; webhooks and their delivery log (admins)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Query, Request, Response

from clusterdesk.auth.models import Role
from clusterdesk.auth.permissions import actor_of, require_role, require_user
from clusterdesk.notify import feed, subscriptions, webhooks
from clusterdesk.notify.models import Subscription
from clusterdesk.notify.schemas import (
    ActivityLineRead,
    ActivityRead,
    DeliveryRead,
    SubscriptionCreate,
    SubscriptionRead,
    SubscriptionUpdate,
    WebhookCreate,
    WebhookRead,
    WebhookUpdate,
)
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import DEFAULT_LIMIT, Limit, Version
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1", tags=["notify"])
ADMIN = frozenset({Role.admin})


def _read(session: SessionDep, request: Request, sub: Subscription) -> SubscriptionRead:
    target: int | str = sub.target_id if sub.target_id is not None else (sub.target_text or "")
    base = request.app.state.settings.base_url.rstrip("/")
    return SubscriptionRead(
        id=sub.id,
        target_type=sub.target_type,
        target=target,
        target_label=subscriptions.target_label(session, sub),
        frequency=sub.frequency,
        feed_url=f"{base}/feeds/{sub.feed_token}.atom" if sub.feed_token else None,
        version=sub.version,
    )


@router.get("/subscriptions", response_model=list[SubscriptionRead])
def list_subscriptions(session: SessionDep, request: Request, user: ApiUser) -> list[SubscriptionRead]:
    """The current user's subscriptions (members: own organisation, managers: cluster, by default)."""
    user = require_user(user)
    subscriptions.ensure_defaults(session=session, actor=actor_of(user), user=user)
    return [_read(session, request, s) for s in subscriptions.get_all(session=session, user_id=user.id)]


@router.post("/subscriptions", response_model=SubscriptionRead, status_code=201)
def create_subscription(
    session: SessionDep, request: Request, user: ApiUser, data: SubscriptionCreate
) -> SubscriptionRead:
    """Follow an organisation, cluster, person, keyword (any case form) or kind of fact."""
    user = require_user(user)
    subscriptions.ensure_defaults(session=session, actor=actor_of(user), user=user)
    sub = subscriptions.create(session=session, actor=actor_of(user), user=user, data=data)
    return _read(session, request, sub)


@router.patch("/subscriptions/{subscription_id}", response_model=SubscriptionRead)
def update_subscription(
    session: SessionDep, request: Request, user: ApiUser, subscription_id: int, data: SubscriptionUpdate
) -> SubscriptionRead:
    user = require_user(user)
    sub = subscriptions.update(
        session=session, actor=actor_of(user), user=user, subscription_id=subscription_id, data=data
    )
    return _read(session, request, sub)


@router.delete("/subscriptions/{subscription_id}", status_code=204)
def delete_subscription(
    session: SessionDep, user: ApiUser, subscription_id: int, version: Version = None
) -> Response:
    user = require_user(user)
    subscriptions.delete(
        session=session, actor=actor_of(user), user=user, subscription_id=subscription_id, version=version
    )
    return Response(status_code=204)


@router.post("/subscriptions/{subscription_id}/feed", response_model=SubscriptionRead)
def new_feed_link(
    session: SessionDep, request: Request, user: ApiUser, subscription_id: int
) -> SubscriptionRead:
    """A new secret Atom-feed link for the subscription; the previous link stops working."""
    user = require_user(user)
    sub = subscriptions.set_feed_token(
        session=session, user=user, subscription_id=subscription_id, enabled=True
    )
    return _read(session, request, sub)


@router.delete("/subscriptions/{subscription_id}/feed", response_model=SubscriptionRead)
def revoke_feed_link(
    session: SessionDep, request: Request, user: ApiUser, subscription_id: int
) -> SubscriptionRead:
    user = require_user(user)
    sub = subscriptions.set_feed_token(
        session=session, user=user, subscription_id=subscription_id, enabled=False
    )
    return _read(session, request, sub)


@router.get("/activity", response_model=ActivityRead)
def activity(
    session: SessionDep,
    user: ApiUser,
    since: Annotated[
        datetime | None, Query(description="С какого момента; по умолчанию — с прошлого визита")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
) -> ActivityRead:
    """The current user's «Что нового» feed."""
    user = require_user(user)
    now = datetime.now(UTC)
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    window = feed.window_for(session=session, user=user, now=now, period=None, since=since)
    shown = feed.lines_for(session=session, actor=actor_of(user), user=user, window=window)
    return ActivityRead(
        since=window.since,
        until=window.until,
        items=[
            ActivityLineRead(
                key=s.line.key,
                kind=s.line.kind,
                at=s.line.at,
                text=s.line.text,
                url=s.line.url,
                attention=s.line.attention,
                unread=s.unread,
            )
            for s in shown[:limit]
        ],
    )


@router.get("/webhooks", response_model=list[WebhookRead])
def list_webhooks(session: SessionDep, user: ApiUser) -> list[WebhookRead]:
    require_role(user, ADMIN, "настраивать вебхуки")
    return [WebhookRead.model_validate(w) for w in webhooks.get_all(session=session)]


@router.post("/webhooks", response_model=WebhookRead, status_code=201)
def create_webhook(session: SessionDep, user: ApiUser, data: WebhookCreate) -> WebhookRead:
    """Register a receiver: URL, secret (signs with HMAC-SHA256), events like ``organization.updated``."""
    user = require_role(user, ADMIN, "настраивать вебхуки")
    return WebhookRead.model_validate(webhooks.create(session=session, actor=actor_of(user), data=data))


@router.patch("/webhooks/{webhook_id}", response_model=WebhookRead)
def update_webhook(session: SessionDep, user: ApiUser, webhook_id: int, data: WebhookUpdate) -> WebhookRead:
    user = require_role(user, ADMIN, "настраивать вебхуки")
    return WebhookRead.model_validate(
        webhooks.update(session=session, actor=actor_of(user), webhook_id=webhook_id, data=data)
    )


@router.delete("/webhooks/{webhook_id}", status_code=204)
def delete_webhook(session: SessionDep, user: ApiUser, webhook_id: int, version: Version = None) -> Response:
    user = require_role(user, ADMIN, "настраивать вебхуки")
    webhooks.delete(session=session, actor=actor_of(user), webhook_id=webhook_id, version=version)
    return Response(status_code=204)


@router.get("/webhooks/{webhook_id}/deliveries", response_model=list[DeliveryRead])
def list_deliveries(
    session: SessionDep, user: ApiUser, webhook_id: int, limit: Limit = DEFAULT_LIMIT
) -> list[DeliveryRead]:
    """The delivery log, newest first: each event, attempts, the receiver's last answer, next try."""
    require_role(user, ADMIN, "смотреть журнал вебхуков")
    found = webhooks.deliveries(session=session, webhook_id=webhook_id, limit=limit)
    return [DeliveryRead.model_validate(d) for d in found]
