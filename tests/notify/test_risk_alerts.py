"""Acceptance of issue 16's risks: a news text about a member's bankruptcy filing, run through the real
pipeline and stored, is a risk fact linked to the member; the member's followers get an e-mail at once (a
real SMTP server on 127.0.0.1), webhooks of «news.risk» get it (a real HTTP receiver); the same text with
«опроверг» gives no fact and no alert."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.config import Settings
from clusterdesk.news.ingest import submit
from clusterdesk.news.models import NewsFact
from clusterdesk.notify import digests, feed, subscriptions, webhooks
from clusterdesk.notify.activity import Window
from clusterdesk.notify.schemas import WebhookCreate
from tests.notify.conftest import Receiver, Smtp, World

MANAGER_MAIL = "manager@example.ru"
FILING = (
    "Томская компания АО «НПФ «Микран» подала в Арбитражный суд Томской области заявление о признании себя "
    "банкротом, следует из картотеки арбитражных дел. Долги предприятия превышают 2 млрд рублей."
)
DENIAL = (
    "АО «НПФ «Микран» опровергло сообщения о том, что подало в Арбитражный суд Томской области заявление о "
    "признании себя банкротом. Долги предприятия обслуживаются в срок, сообщили в компании."
)


def _later() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=1)


def _risks(session: Session) -> list[NewsFact]:
    return list(session.scalars(select(NewsFact).where(NewsFact.type == "risk")).all())


def test_a_members_bankruptcy_filing_is_a_linked_risk_and_an_immediate_alert(
    session: Session, world: World, smtp: Smtp, mail_settings: Settings, receiver: Receiver
) -> None:
    subscriptions.set_email(session=session, user=world.manager, email=MANAGER_MAIL)
    subscriptions.ensure_defaults(session=session, actor=SYSTEM, user=world.manager)  # the cluster, weekly
    hook = webhooks.create(
        session=session,
        actor=SYSTEM,
        data=WebhookCreate(name="Риски", url=receiver.url, secret="risk-secret-1", events=["news.risk"]),
    )
    hook.created_at = datetime.now(UTC) - timedelta(minutes=1)
    summary = submit(session=session, actor=SYSTEM, text=FILING, title="Микран подал на банкротство")
    assert summary.errors == []
    (risk,) = _risks(session)
    assert risk.fields["category"] == "bankruptcy"
    assert [o.organization_id for o in risk.organizations] == [world.mikran.id]

    report = digests.send_alerts(session=session, settings=mail_settings, now=_later())
    again = digests.send_alerts(session=session, settings=mail_settings, now=_later())
    assert (report.sent, again.sent) == (1, 0)  # at once, though the subscription is weekly; and only once
    (mail,) = smtp.inbox.to(MANAGER_MAIL)
    assert "Риск" in mail["Subject"] and "банкротство" in mail["Subject"] and "Микран" in mail["Subject"]

    webhooks.run(session=session, now=_later(), base_url="http://clusterdesk.example.ru")
    (request,) = [body for _, body in receiver.requests]
    payload = json.loads(request)
    assert payload["event"] == "news.risk" and payload["object"]["category"] == "bankruptcy"
    assert payload["organizations"] == [{"id": world.mikran.id, "name": world.mikran.short_name}]

    window = Window(since=datetime.now(UTC) - timedelta(hours=1), until=_later())
    shown = feed.lines_for(session=session, actor=SYSTEM, user=world.manager, window=window)
    assert any(s.line.kind == "risk" and s.line.key == f"risk:{risk.id}" for s in shown)


def test_the_same_text_with_a_denial_is_no_risk_and_no_alert(
    session: Session, world: World, smtp: Smtp, mail_settings: Settings
) -> None:
    subscriptions.set_email(session=session, user=world.manager, email=MANAGER_MAIL)
    subscriptions.ensure_defaults(session=session, actor=SYSTEM, user=world.manager)
    submit(session=session, actor=SYSTEM, text=DENIAL, title="Микран опроверг банкротство")
    assert _risks(session) == []
    report = digests.send_alerts(session=session, settings=mail_settings, now=_later())
    assert report.sent == 0 and smtp.inbox.to(MANAGER_MAIL) == []
