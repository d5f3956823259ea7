"""A feed line and the window it is drawn for, with the Russian phrasing helpers the collectors share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from clusterdesk.russian import plural


@dataclass(frozen=True)
class Window:
    since: datetime
    until: datetime

    @property
    def today(self) -> date:
        return self.until.date()


@dataclass(frozen=True)
class FeedLine:
    key: str
    kind: str  # risk | news | review | registry | event | obligation | roadmap | kpi
    at: datetime
    text: str
    url: str  # relative to the site root
    attention: bool = False


def aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def midday(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def days_text(n: int) -> str:
    return plural(n, "день", "дня", "дней")


def due_state(days: int) -> str:
    if days < 0:
        return f"просрочено на {days_text(-days)}"
    return "срок сегодня" if days == 0 else f"через {days_text(days)}"


def quote(text: str | None, limit: int = 140) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
