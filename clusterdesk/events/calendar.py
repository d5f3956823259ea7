"""The month grid of the calendar page: weeks of days, each with the dated events that cover it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from clusterdesk.events.models import Event

MONTH_NAMES = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
WEEKDAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


@dataclass
class Day:
    day: date
    in_month: bool
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, value: str | None, today: date) -> Month:
        """«2025-05» or today's month for anything else."""
        try:
            year, month = (int(part) for part in (value or "").split("-"))
            if 1 <= month <= 12 and 1900 <= year <= 2200:
                return cls(year, month)
        except ValueError:
            pass
        return cls(today.year, today.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def title(self) -> str:
        return f"{MONTH_NAMES[self.month - 1].capitalize()} {self.year}"

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)


def month_grid(month: Month, events: list[Event]) -> list[list[Day]]:
    """Monday-first weeks covering the month; an event shows on every day from its start to its end."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    grid = [[Day(day, day.month == month.month) for day in week] for week in weeks]
    for event in sorted((e for e in events if e.start), key=lambda e: (e.start, e.id)):
        assert event.start is not None
        end = event.end or event.start
        for week in grid:
            for cell in week:
                if event.start <= cell.day <= end:
                    cell.events.append(event)
    return grid
