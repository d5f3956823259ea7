"""«Что нового»: the lines of a user's feed, each in plain Russian with a link to its object.

Two sorts of line: what *happened* in the window (risk facts about followed organisations, news, registry
changes, a KPI turning lagging) and what
*needs attention* on the window's last day (review queue, events within 14 days, obligations due within 30
days or overdue, roadmap items overdue or due within 14 days). Each line has a stable key, so read marks,
the e-mail sent-log and Atom entries can name it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from clusterdesk.notify.deadlines import event_lines, kpi_lines, obligation_lines, roadmap_lines
from clusterdesk.notify.happened import news_lines, registry_lines, review_lines, risk_lines
from clusterdesk.notify.lines import FeedLine, Window
from clusterdesk.notify.subscriptions import Interest

__all__ = ["COLLECTORS", "HAPPENED", "RISKS", "FeedLine", "Window", "collect"]

Collector = Callable[[Session, Interest, Window], list[FeedLine]]
COLLECTORS: dict[str, Collector] = {
    "risk": risk_lines,
    "news": news_lines,
    "review": review_lines,
    "registry": registry_lines,
    "event": event_lines,
    "obligation": obligation_lines,
    "roadmap": roadmap_lines,
    "kpi": kpi_lines,
}
HAPPENED = ("risk", "news", "registry", "kpi")
RISKS = ("risk",)


def collect(
    *, session: Session, interest: Interest, window: Window, kinds: tuple[str, ...] | None = None
) -> list[FeedLine]:
    """The feed: things needing attention first (soonest first), then what happened (newest first)."""
    lines: list[FeedLine] = []
    for kind, collector in COLLECTORS.items():
        if kinds is None or kind in kinds:
            lines.extend(collector(session, interest, window))
    attention = sorted((line for line in lines if line.attention), key=lambda line: (line.at, line.key))
    happened = sorted((line for line in lines if not line.attention), key=lambda line: line.at, reverse=True)
    return attention + happened
