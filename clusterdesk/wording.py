"""Russian wording every layer shares: dates with month names, plural agreement, the change log's field names.

Core: pages (web/templating.py registers these as filters), e-mails and feeds use the same words.
"""

from __future__ import annotations

from datetime import date, datetime

from clusterdesk import labels

MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


def ru_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    if isinstance(value, datetime):
        text += f", {value:%H:%M}"
    return text


# The change log's field names; per object type use ``field_label(entity_type, field)`` (clusterdesk.labels).
FIELD_LABELS = {**labels.COMMON_FIELDS, "title": "должность"}


def plural(count: int, one: str, few: str, many: str) -> str:
    """Russian plural agreement: 1 участник, 2 участника, 5 участников."""
    n = abs(count) % 100
    if 11 <= n <= 14:
        word = many
    elif n % 10 == 1:
        word = one
    elif 2 <= n % 10 <= 4:
        word = few
    else:
        word = many
    return f"{count} {word}"
