"""Russian wording shared by pages, e-mails and feeds: dates in words, plural agreement, validation messages.

Core (no web kit): the notify rules phrase feed lines and e-mails with it; templates use it as filters.
"""

from __future__ import annotations

import re
from datetime import date, datetime

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
    """«5 марта 2026» (with «, 14:30» for a moment)."""
    if value is None:
        return ""
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    if isinstance(value, datetime):
        text += f", {value:%H:%M}"
    return text


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


# Pydantic's own messages are English; the people who fill these forms read Russian.
RUSSIAN_MESSAGES = {
    "missing": "обязательное поле",
    "enum": "выберите значение из списка",
    "literal_error": "выберите значение из списка",
    "int_parsing": "введите целое число",
    "int_type": "введите целое число",
    "float_parsing": "введите число",
    "decimal_parsing": "введите число",
    "date_from_datetime_parsing": "дата в формате ДД.ММ.ГГГГ",
    "date_parsing": "дата в формате ДД.ММ.ГГГГ",
    "date_type": "дата в формате ДД.ММ.ГГГГ",
    "string_too_short": "слишком короткое значение",
    "string_too_long": "слишком длинное значение",
    "string_pattern_mismatch": "значение в неверном формате",
    "greater_than_equal": "значение меньше допустимого",
    "less_than_equal": "значение больше допустимого",
    "url_parsing": "неверный адрес",
}


_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
DATE_HINT = "дд.мм.гггг"


def parse_day(text: str) -> date:
    """A date as a Russian reader types it («05.04.2025», «5.4.2025») or in ISO form («2025-04-05»).

    Raises ValueError with the reason in Russian: «нет такой даты» or «ожидается дд.мм.гггг».
    """
    found = _DAY_MONTH_YEAR.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
    else:
        iso = _ISO_DAY.match(text)
        if not iso:
            raise ValueError(f"ожидается дата в виде {DATE_HINT}")
        year, month, day = (int(g) for g in iso.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError("нет такой даты") from None


def day_text(value: object) -> str:
    """What a date field shows: «05.04.2025» for a date or an ISO date, anything else as it was typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    text = str(value).strip()
    try:
        return f"{parse_day(text):%d.%m.%Y}" if _ISO_DAY.match(text) else text
    except ValueError:
        return text
