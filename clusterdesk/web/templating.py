"""Jinja2 environment shared by every domain's views; templates live in each domain's templates/ folder."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from clusterdesk.audit.readable import describe_records
from clusterdesk.audit.service import changed_fields
from clusterdesk.auth.models import ROLE_LABELS
from clusterdesk.reference import okved2
from clusterdesk.registry.labels import CLUSTER_KIND_LABELS, MEMBERSHIP_ROLE_LABELS, ORGANIZATION_KIND_LABELS
from clusterdesk.web.cards import organization_card_sections

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [PACKAGE / "web" / "templates", *sorted(PACKAGE.glob("*/templates"))]

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


FIELD_LABELS = {
    "short_name": "краткое наименование",
    "name": "наименование",
    "kind": "тип",
    "inn": "ИНН",
    "ogrn": "ОГРН",
    "okved2": "ОКВЭД2",
    "aliases": "другие названия",
    "region": "регион",
    "city": "город",
    "website": "сайт",
    "description": "описание",
    "full_name": "ФИО",
    "surname": "фамилия",
    "first_name": "имя",
    "patronymic": "отчество",
    "title": "должность",
    "since": "с",
    "until": "по",
    "role": "роль",
    "created_date": "дата создания",
    "organization_id": "организация",
    "cluster_id": "кластер",
    "person_id": "человек",
    "is_demo": "демо",
    "source": "источник",
}


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


def _render(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def navigation() -> list[tuple[str, str, str]]:
    """Top menu entries declared by each domain's views (``NAV``), ordered by ``NAV_ORDER``."""
    from clusterdesk.domains import domain_modules

    modules = sorted(domain_modules("views"), key=lambda m: getattr(m, "NAV_ORDER", 100))
    return [item for module in modules for item in getattr(module, "NAV", [])]


templates = Jinja2Templates(directory=[str(d) for d in TEMPLATE_DIRS])
templates.env.filters["ru_date"] = ru_date
templates.env.filters["show"] = _render
templates.env.filters["plural"] = plural
templates.env.globals.update(
    ORG_KINDS=ORGANIZATION_KIND_LABELS,
    CLUSTER_KINDS=CLUSTER_KIND_LABELS,
    MEMBERSHIP_ROLES=MEMBERSHIP_ROLE_LABELS,
    ROLE_LABELS=ROLE_LABELS,
    okved_describe=okved2.describe,
    audit_changes=changed_fields,
    readable_changes=describe_records,
    FIELD_LABELS=FIELD_LABELS,
    navigation=navigation,
    card_sections=organization_card_sections,
)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Any:
    return templates.TemplateResponse(request, name, context, status_code=status_code)
