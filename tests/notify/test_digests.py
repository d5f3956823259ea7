"""E-mail digests and alerts received by a real SMTP server on 127.0.0.1, exactly once per user and period."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.config import Settings
from clusterdesk.notify import digests, subscriptions
from clusterdesk.notify.models import DeliveryStatus, Frequency, Recipient, SentMail, TargetType
from clusterdesk.notify.schemas import SubscriptionCreate
from tests.notify.conftest import BASE_URL, Smtp, World, add_news

MANAGER_MAIL = "manager@example.ru"
MEMBER_MAIL = "tusur@example.ru"


def _now() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=1)


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def _addresses(session: Session, world: World) -> None:
    subscriptions.set_email(session=session, user=world.manager, email=MANAGER_MAIL)
    subscriptions.set_email(session=session, user=world.member, email=MEMBER_MAIL)


def test_weekly_digest_once_per_user_with_links(
    session: Session, world: World, smtp: Smtp, mail_settings: Settings
) -> None:
    _addresses(session, world)
    now = _now()
    first = digests.send_digests(session=session, settings=mail_settings, period="weekly", now=now)
    assert (first.sent, first.failed) == (2, 0)
    # three hours later, but still in the same ISO week (a run on Sunday evening must not cross into Monday)
    week_end = datetime.combine(now.date() + timedelta(days=7 - now.isoweekday()), time.max, UTC)
    later = min(now + timedelta(hours=3), week_end)
    assert digests.period_key("weekly", later) == digests.period_key("weekly", now)
    second = digests.send_digests(session=session, settings=mail_settings, period="weekly", now=later)
    assert second.sent == 0
    assert len(smtp.inbox.to(MANAGER_MAIL)) == 1 and len(smtp.inbox.to(MEMBER_MAIL)) == 1

    (manager_mail,) = smtp.inbox.to(MANAGER_MAIL)
    assert manager_mail["Subject"].startswith("ClusterDesk: что нового за неделю")
    assert manager_mail.get_content_type() == "multipart/alternative"
    text, html = _parts(manager_mail)
    assert "Требует внимания" in html and "ТРЕБУЕТ ВНИМАНИЯ" in text
    news_link = f"{BASE_URL}/news/{world.news_mikran.id}"
    agreement_link = f"{BASE_URL}/agreements/{world.obligation_due.agreement_id}"
    for link in (news_link, f"{BASE_URL}/review", agreement_link):
        assert f'href="{link}"' in html
        assert link in text
    assert "Ждут проверки: 1 факт" in text
    assert "Подготовить программу стажировок" in text
    assert f"{BASE_URL}/news/{world.news_outsider.id}" not in text
    unsubscribe = re.search(rf"{re.escape(BASE_URL)}/unsubscribe/\S+", text)
    assert unsubscribe and manager_mail["List-Unsubscribe"] == f"<{unsubscribe.group(0)}>"
    assert "&#34;" not in text and "&laquo;" not in text  # the text part is not HTML-escaped

    (member_mail,) = smtp.inbox.to(MEMBER_MAIL)
    member_text, _ = _parts(member_mail)
    assert "Подготовить программу стажировок" in member_text  # ТУСУР's obligation
    assert "/news/" not in member_text and "/review" not in member_text  # nothing outside the subscription
    assert "Передать оборудование" not in member_text  # Микран's obligation, another agreement party

    rows = session.scalars(select(SentMail).order_by(SentMail.user_id)).all()
    assert {(r.period_key, r.status, r.attempts) for r in rows} == {
        (digests.period_key("weekly", now), DeliveryStatus.delivered, 1)
    }


def test_daily_digest_only_for_daily_subscriptions(
    session: Session, world: World, smtp: Smtp, mail_settings: Settings
) -> None:
    _addresses(session, world)
    subscriptions.ensure_defaults(session=session, actor=SYSTEM, user=world.member)
    data = SubscriptionCreate(target_type=TargetType.keyword, target="Микран", frequency=Frequency.daily)
    subscriptions.create(session=session, actor=SYSTEM, user=world.member, data=data)
    report = digests.send_digests(session=session, settings=mail_settings, period="daily", now=_now())
    assert report.sent == 1  # the manager's subscriptions are all weekly
    (mail,) = smtp.inbox.messages
    assert mail["To"] == MEMBER_MAIL and mail["Subject"].startswith("ClusterDesk: что нового за день")
    text, _ = _parts(mail)
    assert f"{BASE_URL}/news/{world.news_mikran.id}" in text  # «Микрана» in the text matched «Микран»
    assert "Подготовить программу стажировок" not in text  # that subscription is weekly


def test_smtp_failure_is_retried_next_run_and_sent_once(
    session: Session, world: World, smtp: Smtp, mail_settings: Settings
) -> None:
    subscriptions.set_email(session=session, user=world.manager, email=MANAGER_MAIL)
    now = _now()
    smtp.inbox.refuse = True
    failed = digests.send_digests(session=session, settings=mail_settings, period="weekly", now=now)
    assert (failed.sent, failed.failed) == (0, 1)
    row = session.scalar(select(SentMail))
    assert row is not None and row.status == DeliveryStatus.failed and "451" in (row.last_error or "")
    smtp.inbox.refuse = False
    retried = digests.send_digests(session=session, settings=mail_settings, period="weekly", now=now)
    assert retried.sent == 1
    again = digests.send_digests(session=session, settings=mail_settings, period="weekly", now=now)
    assert again.sent == 0
    assert len(smtp.inbox.to(MANAGER_MAIL)) == 1
    session.refresh(row)
    assert (row.status, row.attempts) == (DeliveryStatus.delivered, 2)


def test_unsubscribe_link_works_without_login(
    session: Session, world: World, smtp: Smtp, mail_settings: Settings, client: TestClient
) -> None:
    subscriptions.set_email(session=session, user=world.manager, email=MANAGER_MAIL)
    now = _now()
    digests.send_digests(session=session, settings=mail_settings, period="weekly", now=now)
    text, _ = _parts(smtp.inbox.messages[0])
    match = re.search(rf"{re.escape(BASE_URL)}(/unsubscribe/\S+)", text)
    assert match
    page = client.get(match.group(1))
    assert page.status_code == 200 and "Отписаться от всех писем" in page.text
    done = client.post(match.group(1))
    assert done.status_code == 200 and "больше приходить не будут" in done.text
    assert session.get(Recipient, world.manager.id).email_off is True
    forged = client.post(match.group(1)[:-3] + "abc")
    assert forged.status_code == 404 and "повреждена" in forged.text
    next_week = digests.send_digests(
        session=session, settings=mail_settings, period="weekly", now=now + timedelta(days=7)
    )
    assert next_week.sent == 0 and len(smtp.inbox.messages) == 1


def test_instant_alert_once_per_news_item(
    session: Session, world: World, smtp: Smtp, mail_settings: Settings
) -> None:
    subscriptions.set_email(session=session, user=world.member, email=MEMBER_MAIL)
    subscriptions.ensure_defaults(session=session, actor=SYSTEM, user=world.member)
    data = SubscriptionCreate(target_type=TargetType.keyword, target="ТУСУР", frequency=Frequency.instant)
    subscriptions.create(session=session, actor=SYSTEM, user=world.member, data=data)
    item = add_news(session, "ТУСУР запустил акселератор", "В ТУСУРе запустили акселератор стартапов.", [])
    first = digests.send_alerts(session=session, settings=mail_settings, now=_now())
    second = digests.send_alerts(session=session, settings=mail_settings, now=_now())
    assert (first.sent, second.sent) == (1, 0)
    (mail,) = smtp.inbox.messages
    assert mail["Subject"].startswith("ClusterDesk: Новость по вашей подписке")
    text, html = _parts(mail)
    assert f'href="{BASE_URL}/news/{item.id}"' in html and f"{BASE_URL}/news/{item.id}" in text


def test_without_smtp_nothing_is_sent_and_nothing_fails(
    session: Session, world: World, settings: Settings
) -> None:
    subscriptions.set_email(session=session, user=world.manager, email=MANAGER_MAIL)
    assert not settings.email_enabled
    report = digests.send_digests(session=session, settings=settings, period="weekly", now=_now())
    assert report == digests.SendReport()
    assert session.scalar(select(SentMail)) is None
