"""E-mail digests (daily, weekly) and immediate alerts, each sent exactly once per user and period.

The sent-log (``notify_sent_mail``) has one row per user and period key (``weekly:2026-W49``) or alert
(``alert:news:12``). A row is claimed before sending (unique key: a second worker's claim fails) and marked
delivered after; a failed send stays ``failed`` and is retried on the next run, up to MAX_ATTEMPTS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, cast

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.auth.models import User
from clusterdesk.config import Settings
from clusterdesk.notify import mailer
from clusterdesk.notify.activity import HAPPENED, RISKS, FeedLine, Window, collect
from clusterdesk.notify.models import DeliveryStatus, Frequency, Recipient, SentMail, Subscription
from clusterdesk.notify.subscriptions import ensure_defaults, interest_of
from clusterdesk.notify.tokens import unsubscribe_token
from clusterdesk.russian import MONTHS

# The e-mail's own templates (notify/templates/notify/email.*): HTML escaped, the plain-text part not.
EMAIL_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
)
Period = Literal["daily", "weekly"]
PERIOD_DAYS = {"daily": 1, "weekly": 7}
MAX_ATTEMPTS = 5
ALERT_LOOKBACK = timedelta(days=1)


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # nothing to say, or no address


def period_key(period: Period, now: datetime) -> str:
    if period == "daily":
        return f"daily:{now.date().isoformat()}"
    year, week, _ = now.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def _short_date(value: datetime) -> str:
    return f"{value.day} {MONTHS[value.month - 1]}"


def subject_for(period: Period, window: Window) -> str:
    if period == "daily":
        return f"ClusterDesk: что нового за день — {_short_date(window.until)} {window.until.year}"
    return (
        f"ClusterDesk: что нового за неделю — {_short_date(window.since)} – "
        f"{_short_date(window.until)} {window.until.year}"
    )


def _absolute(lines: list[FeedLine], base_url: str) -> list[dict[str, object]]:
    base = base_url.rstrip("/")
    return [{"line": line, "href": base + line.url} for line in lines]


def render_mail(
    *, user: User, email: str, subject: str, intro: str, lines: list[FeedLine], settings: Settings
) -> mailer.Mail:
    base = settings.base_url.rstrip("/")
    unsubscribe = f"{base}/unsubscribe/{unsubscribe_token(user.id, settings.secret_key)}"
    context = {
        "user": user,
        "subject": subject,
        "intro": intro,
        "attention": _absolute([line for line in lines if line.attention], base),
        "happened": _absolute([line for line in lines if not line.attention], base),
        "base_url": base,
        "unsubscribe_url": unsubscribe,
        "settings_url": f"{base}/subscriptions",
    }
    text = EMAIL_TEMPLATES.get_template("notify/email.txt").render(context)
    html = EMAIL_TEMPLATES.get_template("notify/email.html").render(context)
    return mailer.Mail(to=email, subject=subject, text=text, html=html, unsubscribe_url=unsubscribe)


def _recipients(session: Session) -> list[tuple[User, Recipient]]:
    query = (
        select(User, Recipient)
        .join(Recipient, Recipient.user_id == User.id)
        .where(User.is_active.is_(True), Recipient.email.is_not(None), Recipient.email_off.is_(False))
        .order_by(User.id)
    )
    return [(row[0], row[1]) for row in session.execute(query).all()]


def _claim(
    session: Session, *, user: User, key: str, email: str, subject: str, lines: int
) -> SentMail | None:
    """The sent-log row this run may send for, or None when it was sent already (or is given up on)."""
    existing = session.scalar(select(SentMail).where(SentMail.user_id == user.id, SentMail.period_key == key))
    if existing is None:
        row = SentMail(user_id=user.id, period_key=key, email=email, subject=subject, lines=lines, attempts=0)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            return None  # another worker claimed it a moment ago
        existing = row
    elif existing.status == DeliveryStatus.delivered or existing.attempts >= MAX_ATTEMPTS:
        return None
    # take the attempt only if nobody else took it since we read the row
    # an UPDATE answers with a CursorResult (its rowcount); Session.execute is typed with the base Result
    taken = cast(
        CursorResult[Any],
        session.execute(
            update(SentMail)
            .where(SentMail.id == existing.id, SentMail.attempts == existing.attempts)
            .values(attempts=existing.attempts + 1, email=email, subject=subject, lines=lines)
            .execution_options(synchronize_session=False)
        ),
    )
    if taken.rowcount != 1:
        return None
    session.refresh(existing)
    return existing


def _deliver(session: Session, row: SentMail, mail: mailer.Mail, settings: Settings, now: datetime) -> bool:
    try:
        mailer.send(mail, settings)
    except mailer.MailError as exc:
        row.status = DeliveryStatus.failed
        row.last_error = str(exc)[:2000]
        session.flush()
        return False
    row.status = DeliveryStatus.delivered
    row.sent_at = now
    row.last_error = None
    session.flush()
    return True


def _subscriptions(session: Session, user_id: int) -> list[Subscription]:
    return list(session.scalars(select(Subscription).where(Subscription.user_id == user_id)).all())


def send_digests(*, session: Session, settings: Settings, period: Period, now: datetime) -> SendReport:
    """Send each user the ``period`` digest of what their subscriptions of that frequency cover."""
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    if not settings.email_enabled:
        return SendReport()
    window = Window(since=now - timedelta(days=PERIOD_DAYS[period]), until=now)
    key = period_key(period, now)
    subject = subject_for(period, window)
    sent = failed = skipped = 0
    for user, recipient in _recipients(session):
        ensure_defaults(session=session, actor=SYSTEM, user=user)
        subs = [s for s in _subscriptions(session, user.id) if s.frequency == Frequency(period)]
        if not subs:
            skipped += 1
            continue
        interest = interest_of(
            session=session, user=user, subscriptions=subs, frequencies={Frequency(period)}
        )
        lines = collect(session=session, interest=interest, window=window)
        if not lines:
            skipped += 1
            continue
        assert recipient.email is not None
        row = _claim(session, user=user, key=key, email=recipient.email, subject=subject, lines=len(lines))
        if row is None:
            skipped += 1
            continue
        period_words = "день" if period == "daily" else "неделю"
        intro = f"Что изменилось за {period_words} по вашим подпискам и что требует внимания."
        mail = render_mail(
            user=user, email=recipient.email, subject=subject, intro=intro, lines=lines, settings=settings
        )
        if _deliver(session, row, mail, settings, now):
            sent += 1
        else:
            failed += 1
    return SendReport(sent=sent, failed=failed, skipped=skipped)


def send_alerts(*, session: Session, settings: Settings, now: datetime) -> SendReport:
    """One e-mail per new line (news, registry change, KPI turning lagging) for «at once» subscriptions.

    A risk about a followed organisation (bankruptcy, a lawsuit, a search…) is mailed at once to every
    subscriber of it, whatever the frequency chosen (only «не присылать» keeps it out).
    """
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    if not settings.email_enabled:
        return SendReport()
    sent = failed = skipped = 0
    for user, recipient in _recipients(session):
        subs = [s for s in _subscriptions(session, user.id) if s.frequency != Frequency.off]
        instant = [s for s in subs if s.frequency == Frequency.instant]
        if not subs:
            continue
        lines: list[FeedLine] = []
        if instant:
            since = max(now - ALERT_LOOKBACK, min(_aware(s.created_at) for s in instant))
            interest = interest_of(
                session=session, user=user, subscriptions=instant, frequencies={Frequency.instant}
            )
            lines.extend(
                collect(session=session, interest=interest, window=Window(since, now), kinds=HAPPENED)
            )
        since = max(now - ALERT_LOOKBACK, min(_aware(s.created_at) for s in subs))
        followed = interest_of(session=session, user=user, subscriptions=subs)
        lines.extend(collect(session=session, interest=followed, window=Window(since, now), kinds=RISKS))
        for line in {line.key: line for line in lines}.values():
            assert recipient.email is not None
            subject = f"ClusterDesk: {line.text}"[:300]
            row = _claim(
                session, user=user, key=f"alert:{line.key}", email=recipient.email, subject=subject, lines=1
            )
            if row is None:
                skipped += 1
                continue
            intro = (
                "Риск по организации, за которой вы следите:"
                if line.kind == "risk"
                else ("Новое по вашей подписке «сразу»:")
            )
            mail = render_mail(
                user=user,
                email=recipient.email,
                subject=subject,
                intro=intro,
                lines=[line],
                settings=settings,
            )
            if _deliver(session, row, mail, settings, now):
                sent += 1
            else:
                failed += 1
    return SendReport(sent=sent, failed=failed, skipped=skipped)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
