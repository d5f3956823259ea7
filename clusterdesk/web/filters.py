"""A list's filter from the query string: one filter definition (a domain's ``filters.py``) per list.

The page, the API and the export of a list build the same filter class. Pages read it leniently with
``filter_from_query``: a value that cannot be right for its field — an unknown choice, not a number, a number
outside PostgreSQL's int4, a malformed date — is left unset, as if the user had not chosen it (a bookmarked
link with a stale value still opens the list). The API declares the same fields with the bounded query types
of ``web.query``, so a client's mistake there is a 422.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from clusterdesk.russian import parse_day
from clusterdesk.web.query import MAX_INT4

F = TypeVar("F")
_INT = re.compile(r"^\s*-?\d{1,19}\s*$")
_TRUE = {"1", "true", "yes", "on", "да"}
_FALSE = {"0", "false", "no", "off", "нет"}


def query_int(raw: str | None) -> int | None:
    """A positive int4 from the query string, or None."""
    if raw is None or not _INT.match(raw):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_INT4 else None


def page_number(page: int) -> int:
    """A page number clamped to what the database's OFFSET can take."""
    return min(max(page, 1), MAX_INT4)


def base_type(hint: Any) -> Any:
    """``int | None`` -> int."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return options[0] if len(options) == 1 else str
    return hint


def coerce(hint: Any, raw: str | None) -> Any:
    """The query-string value as the field's type, or None when it cannot be one."""
    if raw is None or not raw.strip():
        return None
    kind = base_type(hint)
    text = raw.strip()
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        for member in kind:
            if text in (member.name, str(member.value)):
                return member
        return None
    if kind is bool:
        folded = text.lower()
        return True if folded in _TRUE else False if folded in _FALSE else None
    if kind is int:
        return query_int(text)
    if kind is date:
        try:
            return parse_day(text)  # дд.мм.гггг or ISO
        except ValueError:
            return None
    return text.replace("\x00", "")


def filter_from_query(cls: type[F], params: Mapping[str, str], **fixed: Any) -> F:
    """The filter ``cls`` (a dataclass) from the query string; ``fixed`` fields are set by the page itself."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name in fixed:
            values[field.name] = fixed[field.name]
        elif field.name in params:
            values[field.name] = coerce(hints[field.name], params.get(field.name))
    return cls(**values)


@dataclasses.dataclass
class FilterDays:
    """A page's filter dates as a Russian reader types them (дд.мм.гггг, ISO accepted), read once.

    A date that cannot be read is left unset (the list is not filtered by it), its problem is said in words
    under the form, and the field keeps what the user typed so it can be corrected.
    """

    values: dict[str, date | None]
    problems: dict[str, str]
    typed: dict[str, str]

    def text(self, name: str) -> str:
        """What the field shows: the date read (дд.мм.гггг) or, when it could not be read, what was typed."""
        value = self.values.get(name)
        return f"{value:%d.%m.%Y}" if value else self.typed.get(name, "")


def read_filter_days(fields: typing.Iterable[tuple[str, str, str | None]]) -> FilterDays:
    """``(name, label, raw)`` per date field -> the dates, and a Russian message for each wrong one."""
    days = FilterDays(values={}, problems={}, typed={})
    for name, label, raw in fields:
        text = (raw or "").replace("\x00", "").strip()
        days.typed[name] = text[:40]
        days.values[name] = None
        if not text:
            continue
        try:
            days.values[name] = parse_day(text)
        except ValueError as exc:
            days.problems[name] = f"«{label}»: «{text[:40]}» — {exc}. Фильтр по этой дате не применён."
    return days
