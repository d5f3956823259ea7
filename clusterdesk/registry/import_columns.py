"""Columns of the registry import files (organisations, people, posts) and reading their rows.

Headers are the Russian ones of the export (``transfer.COLUMNS`` for organisations) or the field codes;
cluster membership columns may follow. Row numbers are those Excel shows (the header is row 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import ValidationError

from clusterdesk.errors import FieldProblem
from clusterdesk.registry import transfer
from clusterdesk.registry.labels import MEMBERSHIP_ROLE_LABELS, parse_kind
from clusterdesk.registry.models import MembershipRole
from clusterdesk.registry.schemas import OrganizationCreate, PersonCreate
from clusterdesk.types import RUSSIAN_MESSAGES

ImportKind = Literal["organizations", "people", "posts"]
KIND_LABELS: dict[str, str] = {"organizations": "Организации", "people": "Люди", "posts": "Должности"}

MEMBERSHIP_COLUMNS: dict[str, str] = {
    "cluster": "Кластер",
    "role": "Роль в кластере",
    "member_since": "В кластере с",
}
PEOPLE_COLUMNS: dict[str, str] = {
    "full_name": "ФИО",
    "surname": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
    "description": "Описание",
}
POST_COLUMNS: dict[str, str] = {
    "full_name": "ФИО",
    "organization": "Организация",
    "inn": "ИНН организации",
    "title": "Должность",
    "since": "С",
    "until": "По",
}
ORGANIZATION_COLUMNS: dict[str, str] = {**transfer.COLUMNS, **MEMBERSHIP_COLUMNS}
COLUMNS: dict[str, dict[str, str]] = {
    "organizations": ORGANIZATION_COLUMNS,
    "people": PEOPLE_COLUMNS,
    "posts": POST_COLUMNS,
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "organizations": ("short_name", "name", "kind"),
    "people": ("full_name",),
    "posts": ("full_name", "title"),
}


@dataclass
class ParsedRow:
    """One valid row: its number, the columns the file has, the typed values."""

    row: int
    present: frozenset[str]
    values: dict[str, Any] = field(default_factory=dict)
    valid: bool = True
    raw: dict[str, Any] = field(default_factory=dict)


def _message(error: Any) -> str:
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return RUSSIAN_MESSAGES.get(error["type"], str(error["msg"]))


def _problems(exc: ValidationError, row: int, columns: dict[str, str]) -> list[FieldProblem]:
    problems = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "—"
        problems.append(FieldProblem(columns.get(name, name), _message(error), row))
    return problems


def fields_of(kind: str, header: Sequence[str], filename: str) -> list[str | None]:
    """Field code of each column (None for columns we do not know); refuses a file without required ones."""
    columns = COLUMNS[kind]
    lookup = {**{f: f for f in columns}, **{h.lower(): f for f, h in columns.items()}}
    fields = [lookup.get(h.strip().lower()) for h in header]
    missing = [columns[f] for f in REQUIRED[kind] if f not in fields]
    if kind == "posts" and "organization" not in fields and "inn" not in fields:
        missing.append(f"{columns['organization']} или {columns['inn']}")
    if missing:
        raise transfer.TableError(f"{filename}: нет обязательных столбцов: {', '.join(missing)}")
    return fields


def parse_date(value: Any) -> date | None:
    """A date cell: an Excel date, «ДД.ММ.ГГГГ» or «ГГГГ-ММ-ДД»; empty is None."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"«{text}» — не дата (ожидается ДД.ММ.ГГГГ)")


def parse_role(value: str) -> MembershipRole:
    folded = value.strip().lower()
    for role, label in MEMBERSHIP_ROLE_LABELS.items():
        if folded in (role.value, label.lower()):
            return role
    raise ValueError(f"неизвестная роль «{value}»; допустимы: " + ", ".join(MEMBERSHIP_ROLE_LABELS.values()))


def _raw(fields: Sequence[str | None], row: Sequence[Any]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for name, value in zip(fields, row, strict=False):
        if name is not None:
            raw[name] = value
    return raw


def _organization(raw: dict[str, Any], number: int) -> tuple[dict[str, Any] | None, list[FieldProblem]]:
    columns = ORGANIZATION_COLUMNS
    problems: list[FieldProblem] = []
    record: dict[str, Any] = {}
    for name in transfer.COLUMNS:
        if name not in raw:
            continue
        text = transfer._cell(raw[name])
        if name in transfer.LIST_FIELDS:
            record[name] = [v.strip() for v in text.split(transfer.LIST_SEPARATOR) if v.strip()]
        else:
            record[name] = text
    if record.get("kind"):
        try:
            record["kind"] = parse_kind(record["kind"])
        except ValueError as exc:
            problems.append(FieldProblem(columns["kind"], str(exc), number))
            record.pop("kind")
    try:
        values = OrganizationCreate(**record).model_dump()
    except ValidationError as exc:
        problems.extend(
            p for p in _problems(exc, number, columns) if p.field != columns["kind"] or "kind" in record
        )
        values = None
    membership = _membership(raw, number, problems)
    if values is None or problems:
        return None, problems
    values.update(membership)
    return values, []


def _membership(raw: dict[str, Any], number: int, problems: list[FieldProblem]) -> dict[str, Any]:
    cluster = transfer._cell(raw.get("cluster"))
    role_text = transfer._cell(raw.get("role"))
    found: dict[str, Any] = {"cluster": cluster or None, "role": None, "member_since": None}
    if not cluster:
        if role_text or transfer._cell(raw.get("member_since")):
            problems.append(FieldProblem(MEMBERSHIP_COLUMNS["cluster"], "укажите кластер", number))
        return found
    try:
        found["role"] = parse_role(role_text) if role_text else MembershipRole.member
    except ValueError as exc:
        problems.append(FieldProblem(MEMBERSHIP_COLUMNS["role"], str(exc), number))
    try:
        found["member_since"] = parse_date(raw.get("member_since"))
    except ValueError as exc:
        problems.append(FieldProblem(MEMBERSHIP_COLUMNS["member_since"], str(exc), number))
    return found


def _person(raw: dict[str, Any], number: int) -> tuple[dict[str, Any] | None, list[FieldProblem]]:
    record = {name: transfer._cell(value) or None for name, value in raw.items()}
    try:
        return PersonCreate(**record).model_dump(), []
    except ValidationError as exc:
        return None, _problems(exc, number, PEOPLE_COLUMNS)


def _post(raw: dict[str, Any], number: int) -> tuple[dict[str, Any] | None, list[FieldProblem]]:
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {name: transfer._cell(raw.get(name)) or None for name in POST_COLUMNS}
    values["full_name"] = " ".join((values["full_name"] or "").split()) or None
    for name, limit in (("full_name", 300), ("title", 500), ("organization", 1000)):
        text = values.get(name)
        if name in REQUIRED["posts"] and not text:
            problems.append(FieldProblem(POST_COLUMNS[name], "обязательное поле", number))
        elif text and len(text) > limit:
            problems.append(FieldProblem(POST_COLUMNS[name], "слишком длинное значение", number))
    if not values["organization"] and not values["inn"]:
        problems.append(FieldProblem(POST_COLUMNS["organization"], "укажите организацию или ИНН", number))
    for name in ("since", "until"):
        try:
            values[name] = parse_date(raw.get(name))
        except ValueError as exc:
            problems.append(FieldProblem(POST_COLUMNS[name], str(exc), number))
    if not problems and values["since"] and values["until"] and values["until"] < values["since"]:
        problems.append(FieldProblem(POST_COLUMNS["until"], "дата окончания раньше даты начала", number))
    return (None, problems) if problems else (values, [])


PARSERS = {"organizations": _organization, "people": _person, "posts": _post}


def parse_rows(kind: str, content: bytes, filename: str) -> tuple[list[ParsedRow], list[FieldProblem]]:
    """Every row validated on its own (invalid ones kept, marked); file problems raise ``TableError``."""
    if kind not in COLUMNS:
        raise transfer.TableError(f"неизвестный вид импорта «{kind}»")
    header, rows = transfer.read_table(content, filename)
    fields = fields_of(kind, header, filename)
    present = frozenset(f for f in fields if f is not None)
    parsed: list[ParsedRow] = []
    problems: list[FieldProblem] = []
    for number, row in enumerate(rows, start=2):
        raw = _raw(fields, row)
        values, row_problems = PARSERS[kind](raw, number)
        problems.extend(row_problems)
        parsed.append(ParsedRow(number, present, values or {}, values is not None, raw))
    return parsed, problems
