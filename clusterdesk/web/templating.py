"""Jinja2 environment shared by every domain's views; templates live in each domain's templates/ folder."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from clusterdesk.audit.service import changed_fields
from clusterdesk.auth.models import ROLE_LABELS
from clusterdesk.reference import okved2
from clusterdesk.registry.labels import CLUSTER_KIND_LABELS, MEMBERSHIP_ROLE_LABELS, ORGANIZATION_KIND_LABELS

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


def _render(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


templates = Jinja2Templates(directory=[str(d) for d in TEMPLATE_DIRS])
templates.env.filters["ru_date"] = ru_date
templates.env.filters["show"] = _render
templates.env.globals.update(
    ORG_KINDS=ORGANIZATION_KIND_LABELS,
    CLUSTER_KINDS=CLUSTER_KIND_LABELS,
    MEMBERSHIP_ROLES=MEMBERSHIP_ROLE_LABELS,
    ROLE_LABELS=ROLE_LABELS,
    okved_describe=okved2.describe,
    audit_changes=changed_fields,
)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Any:
    return templates.TemplateResponse(request, name, context, status_code=status_code)
