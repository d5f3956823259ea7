"""The «Что нового» block on the start page (the first lines of the user's feed since the last visit)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from clusterdesk.auth.permissions import actor_of
from clusterdesk.notify import feed
from clusterdesk.notify.labels import KIND_LABELS
from clusterdesk.web.cards import CardSection

HOME_LINES = 8


def home_sections(*, session: Session, user: Any = None) -> list[CardSection]:
    if user is None:
        return []
    now = datetime.now(UTC)
    window = feed.window_for(session=session, user=user, now=now, period=None, since=None)
    shown = feed.lines_for(session=session, actor=actor_of(user), user=user, window=window)
    context = {"shown": shown[:HOME_LINES], "KIND_LABELS": KIND_LABELS}
    return [CardSection("Что нового", "notify/_home_block.html", context, order=10)]
