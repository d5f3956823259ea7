"""Pages: «Что нового», subscription settings, webhooks (admins), unsubscribe link, Atom feeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from clusterdesk.audit.labels import FACT_KIND_LABELS
from clusterdesk.auth.models import Role, User
from clusterdesk.auth.permissions import actor_of, require_role, require_user
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.notify import feed, subscriptions, webhooks
from clusterdesk.notify.activity import Window, collect
from clusterdesk.notify.labels import DELIVERY_LABELS, FREQUENCY_LABELS, KIND_LABELS, TARGET_LABELS
from clusterdesk.notify.models import Frequency
from clusterdesk.notify.schemas import (
    RecipientEmail,
    SubscriptionCreate,
    SubscriptionUpdate,
    WebhookCreate,
    WebhookUpdate,
)
from clusterdesk.notify.tokens import read_unsubscribe_token
from clusterdesk.registry.models import Cluster, Organization, Person
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.forms import ShowForm, submit_form
from clusterdesk.web.query import Id
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render, templates

router = page_router()
NAV_ORDER = 5
NAV = [("Что нового", "/activity", "activity", frozenset(Role))]  # any signed-in user
ADMIN = frozenset({Role.admin})
ATOM_DAYS = 30
LABELS = {
    "FREQUENCY_LABELS": FREQUENCY_LABELS,
    "TARGET_LABELS": TARGET_LABELS,
    "KIND_LABELS": KIND_LABELS,
    "DELIVERY_LABELS": DELIVERY_LABELS,
    "FACT_KIND_LABELS": FACT_KIND_LABELS,
}


def _now() -> datetime:
    return datetime.now(UTC)


# «Что нового» -----------------------------------------------------------------------------------------------


@router.get("/activity")
def activity_page(request: Request, session: SessionDep, user: WebUser, period: str = "last") -> Response:
    user = require_user(user)
    period = period if period in feed.PERIOD_LABELS else "last"
    window = feed.window_for(session=session, user=user, now=_now(), period=period, since=None)
    shown = feed.lines_for(session=session, actor=actor_of(user), user=user, window=window)
    context = {
        "user": user,
        "section": "activity",
        "shown": shown,
        "window": window,
        "period": period,
        "periods": feed.PERIOD_LABELS,
        "unread": sum(1 for s in shown if s.unread),
        **LABELS,
    }
    return render(request, "notify/activity.html", context)


@router.post("/activity/read")
def activity_read(
    session: SessionDep,
    user: WebUser,
    key: Annotated[list[str] | None, Form()] = None,
    period: Annotated[str, Form()] = "last",
) -> Response:
    user = require_user(user)
    feed.mark_read(session=session, user=user, keys=key or [])
    period = period if period in feed.PERIOD_LABELS else "last"
    return RedirectResponse(f"/activity?period={period}", status_code=303)


# Subscriptions ----------------------------------------------------------------------------------------------


def _subscriptions_context(request: Request, session: SessionDep, user: User) -> dict[str, object]:
    subs = subscriptions.get_all(session=session, user_id=user.id)
    settings = request.app.state.settings
    return {
        "user": user,
        "section": "activity",
        "subs": [(s, subscriptions.target_label(session, s)) for s in subs],
        "recipient": subscriptions.recipient(session=session, user=user),
        "email_enabled": settings.email_enabled,
        "base_url": settings.base_url.rstrip("/"),
        "organizations": session.execute(
            select(Organization.id, Organization.short_name).order_by(Organization.short_name)
        ).all(),
        "clusters": session.execute(select(Cluster.id, Cluster.name).order_by(Cluster.name)).all(),
        "people": session.execute(select(Person.id, Person.full_name).order_by(Person.full_name)).all(),
        "frequencies": list(Frequency),
        **LABELS,
    }


@router.get("/subscriptions")
def subscriptions_page(
    request: Request, session: SessionDep, user: WebUser, saved: str | None = None
) -> Response:
    user = require_user(user)
    subscriptions.ensure_defaults(session=session, actor=actor_of(user), user=user)
    context = _subscriptions_context(request, session, user)
    context["flash"] = "Изменения сохранены" if saved else None
    return render(request, "notify/subscriptions.html", context)


FORM_FIELDS = {"target_type": "На что подписаться", "target": "Что отслеживать", "frequency": "Как часто"}


def _show_errors(request: Request, session: SessionDep, user: User) -> ShowForm:
    """The subscriptions page again, with the form's problems above it."""

    def show(errors: dict[str, str], status_code: int) -> Response:
        context = _subscriptions_context(request, session, user)
        context["errors"] = [
            f"{FORM_FIELDS[field]}: {message}" if field in FORM_FIELDS else message
            for field, message in errors.items()
        ]
        return render(request, "notify/subscriptions.html", context, status_code=status_code)

    return show


@router.post("/subscriptions")
def subscriptions_add(
    request: Request,
    session: SessionDep,
    user: WebUser,
    target_type: Annotated[str, Form()],
    frequency: Annotated[str, Form()] = "daily",
    organization: Annotated[str, Form()] = "",
    cluster: Annotated[str, Form()] = "",
    person: Annotated[str, Form()] = "",
    keyword: Annotated[str, Form()] = "",
    fact_kind: Annotated[str, Form()] = "",
) -> Response:
    user = require_user(user)
    raw = {"organization": organization, "cluster": cluster, "person": person, "keyword": keyword}.get(
        target_type, fact_kind
    )

    def save(data: SubscriptionCreate) -> str:
        subscriptions.create(session=session, actor=actor_of(user), user=user, data=data)
        return "/subscriptions?saved=1"

    values = {"target_type": target_type, "target": raw.strip(), "frequency": frequency}
    show = _show_errors(request, session, user)
    return submit_form(session=session, model=SubscriptionCreate, values=values, save=save, show=show)


@router.post("/subscriptions/email")
def subscriptions_email(
    request: Request, session: SessionDep, user: WebUser, email: Annotated[str, Form()] = ""
) -> Response:
    user = require_user(user)

    def save(data: RecipientEmail) -> str:
        subscriptions.set_email(session=session, user=user, email=data.email)
        return "/subscriptions?saved=1"

    show = _show_errors(request, session, user)
    return submit_form(session=session, model=RecipientEmail, values={"email": email}, save=save, show=show)


@router.post("/subscriptions/{subscription_id}")
def subscriptions_change(
    session: SessionDep, user: WebUser, subscription_id: int, frequency: Annotated[Frequency, Form()]
) -> Response:
    user = require_user(user)
    subscriptions.update(
        session=session,
        actor=actor_of(user),
        user=user,
        subscription_id=subscription_id,
        data=SubscriptionUpdate(frequency=frequency),
    )
    return RedirectResponse("/subscriptions?saved=1", status_code=303)


@router.post("/subscriptions/{subscription_id}/delete")
def subscriptions_delete(session: SessionDep, user: WebUser, subscription_id: int) -> Response:
    user = require_user(user)
    subscriptions.delete(
        session=session, actor=actor_of(user), user=user, subscription_id=subscription_id, version=None
    )
    return RedirectResponse("/subscriptions?saved=1", status_code=303)


@router.post("/subscriptions/{subscription_id}/feed")
def subscriptions_feed(
    session: SessionDep, user: WebUser, subscription_id: int, enabled: Annotated[str, Form()] = "1"
) -> Response:
    user = require_user(user)
    subscriptions.set_feed_token(
        session=session, user=user, subscription_id=subscription_id, enabled=enabled == "1"
    )
    return RedirectResponse("/subscriptions?saved=1", status_code=303)


# Webhooks (admins) ------------------------------------------------------------------------------------------


@router.get("/webhooks")
def webhooks_page(request: Request, session: SessionDep, user: WebUser, show: Id = None) -> Response:
    user = require_role(user, ADMIN, "настраивать вебхуки")
    hooks = webhooks.get_all(session=session)
    shown = next((h for h in hooks if h.id == show), hooks[0] if hooks else None)
    context = {
        "user": user,
        "section": "activity",
        "hooks": hooks,
        "shown": shown,
        "deliveries": webhooks.deliveries(session=session, webhook_id=shown.id) if shown else [],
        "choices": webhooks.event_choices(),
        **LABELS,
    }
    return render(request, "notify/webhooks.html", context)


@router.post("/webhooks")
def webhooks_add(
    request: Request,
    session: SessionDep,
    user: WebUser,
    name: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    secret: Annotated[str, Form()] = "",
    events: Annotated[list[str] | None, Form()] = None,
) -> Response:
    user = require_role(user, ADMIN, "настраивать вебхуки")
    try:
        data = WebhookCreate(name=name, url=url, secret=secret, events=events or [])
        hook = webhooks.create(session=session, actor=actor_of(user), data=data)
    except ValidationError as exc:
        raise ValidationFailed(
            [
                FieldProblem(str(e["loc"][-1]), "заполните поле (секрет — не короче 8 символов)")
                for e in exc.errors()
            ]
        ) from exc
    return RedirectResponse(f"/webhooks?show={hook.id}", status_code=303)


@router.post("/webhooks/{webhook_id}/toggle")
def webhooks_toggle(session: SessionDep, user: WebUser, webhook_id: int) -> Response:
    user = require_role(user, ADMIN, "настраивать вебхуки")
    hook = webhooks.get(session=session, webhook_id=webhook_id)
    webhooks.update(
        session=session,
        actor=actor_of(user),
        webhook_id=webhook_id,
        data=WebhookUpdate(enabled=not hook.enabled),
    )
    return RedirectResponse(f"/webhooks?show={webhook_id}", status_code=303)


# Links from e-mails and feed readers (no login: the token is the key) ---------------------------------------


@router.get("/unsubscribe/{token}")
def unsubscribe_page(request: Request, session: SessionDep, user: WebUser, token: str) -> Response:
    settings = request.app.state.settings
    user_id = read_unsubscribe_token(token, settings.secret_key)
    context = {
        "user": user,
        "section": "activity",
        "valid": user_id is not None,
        "token": token,
        "done": False,
    }
    return render(request, "notify/unsubscribe.html", context, status_code=200 if user_id else 404)


@router.post("/unsubscribe/{token}")
def unsubscribe(request: Request, session: SessionDep, user: WebUser, token: str) -> Response:
    """Stop all e-mail to the token's user (RFC 8058 one-click POST works too)."""
    settings = request.app.state.settings
    user_id = read_unsubscribe_token(token, settings.secret_key)
    target = session.get(User, user_id) if user_id is not None else None
    if target is not None:
        found = subscriptions.recipient(session=session, user=target)
        found.email_off = True
        session.flush()
    context = {"user": user, "section": "activity", "valid": target is not None, "token": token, "done": True}
    return render(request, "notify/unsubscribe.html", context, status_code=200 if target else 404)


@router.get("/feeds/{token}.atom")
def atom_feed(request: Request, session: SessionDep, token: str) -> Response:
    """The subscription's lines of the last 30 days as Atom, for a feed reader or a messenger bot."""
    sub = subscriptions.by_feed_token(session=session, token=token)
    owner = session.get(User, sub.user_id) if sub is not None else None
    if sub is None or owner is None or not owner.is_active:
        return Response(
            "Лента не найдена или ссылка отозвана", status_code=404, media_type="text/plain; charset=utf-8"
        )
    now = _now()
    interest = subscriptions.interest_of(
        session=session, user=owner, subscriptions=[sub], frequencies=set(Frequency)
    )
    interest.whole_review_queue = False
    lines = collect(session=session, interest=interest, window=Window(now - timedelta(days=ATOM_DAYS), now))
    base = request.app.state.settings.base_url.rstrip("/")
    body = templates.env.get_template("notify/feed.atom").render(
        {
            "title": f"ClusterDesk: {subscriptions.target_label(session, sub)}",
            "feed_id": f"{base}/feeds/subscription-{sub.id}",
            "self_url": f"{base}/feeds/{token}.atom",
            "base_url": base,
            "updated": now,
            "lines": lines,
        }
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")
