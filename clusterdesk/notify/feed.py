"""The user's feed window («since my last visit» or a chosen period) and read marks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.auth.models import User
from clusterdesk.notify.activity import FeedLine, Window, collect
from clusterdesk.notify.models import FeedRead
from clusterdesk.notify.subscriptions import ensure_defaults, get_all, interest_of, recipient

FIRST_VISIT = timedelta(days=7)
NEW_VISIT_AFTER = timedelta(hours=1)  # a visit this long after the previous one starts a new «since»
PERIODS = {"day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}
PERIOD_LABELS = {"last": "с прошлого визита", "day": "за день", "week": "за неделю", "month": "за месяц"}


@dataclass(frozen=True)
class ShownLine:
    line: FeedLine
    unread: bool


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def visit(*, session: Session, user: User, now: datetime) -> datetime:
    """Record a visit; return the start of «since my last visit» (stable for an hour of browsing)."""
    found = recipient(session=session, user=user)
    last = _aware(found.last_seen_at) if found.last_seen_at else None
    if last is None:
        found.visit_since = now - FIRST_VISIT
    elif now - last > NEW_VISIT_AFTER:
        found.visit_since = last
    found.last_seen_at = now
    session.flush()
    return _aware(found.visit_since) if found.visit_since else now - FIRST_VISIT


def window_for(
    *, session: Session, user: User, now: datetime, period: str | None, since: datetime | None
) -> Window:
    if since is not None:
        return Window(since=_aware(since), until=now)
    if period in PERIODS:
        visit(session=session, user=user, now=now)
        return Window(since=now - PERIODS[period], until=now)
    return Window(since=visit(session=session, user=user, now=now), until=now)


def lines_for(*, session: Session, actor: Actor, user: User, window: Window) -> list[ShownLine]:
    ensure_defaults(session=session, actor=actor, user=user)
    interest = interest_of(
        session=session, user=user, subscriptions=get_all(session=session, user_id=user.id)
    )
    lines = collect(session=session, interest=interest, window=window)
    read = (
        set(
            session.scalars(
                select(FeedRead.line_key).where(
                    FeedRead.user_id == user.id, FeedRead.line_key.in_([line.key for line in lines])
                )
            ).all()
        )
        if lines
        else set()
    )
    return [ShownLine(line, line.key not in read) for line in lines]


def mark_read(*, session: Session, user: User, keys: list[str]) -> int:
    keys = [k for k in dict.fromkeys(keys) if 0 < len(k) <= 100][:500]
    if not keys:
        return 0
    done = set(
        session.scalars(
            select(FeedRead.line_key).where(FeedRead.user_id == user.id, FeedRead.line_key.in_(keys))
        )
    )
    for key in keys:
        if key not in done:
            session.add(FeedRead(user_id=user.id, line_key=key))
    session.flush()
    return len(keys) - len(done)
