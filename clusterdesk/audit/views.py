"""The change log page: who changed what and when, in Russian, with links, filters and export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import select

from clusterdesk.audit import export, service
from clusterdesk.audit.labels import INTERNAL_TABLES, OBJECT_TYPES
from clusterdesk.audit.readable import describe
from clusterdesk.auth.permissions import require_reader_of_all
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.registry.models import Organization
from clusterdesk.russian import parse_day
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.filters import page_number
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import FIELD_LABELS, render

router = page_router()

PAGE_SIZE = 50
EXPORT_LIMIT = 10_000
FILTER_LABELS = {
    "since": "с даты",
    "until": "по дату",
    "entity_id": "№ объекта",
    "organization_id": "организация",
}
TYPE_CHOICES = sorted(
    ((t.table, t.plural) for t in OBJECT_TYPES.values() if t.table not in INTERNAL_TABLES), key=lambda c: c[1]
)


class LogQuery(TypedDict):
    """Keyword arguments of ``service.get_all`` that a filter sets."""

    since: datetime | None
    until: datetime | None
    user: str | None
    entity_type: str | None
    entity_id: int | None
    organization_id: int | None


@dataclass(frozen=True)
class LogFilter:
    since: date | None
    until: date | None
    user: str | None
    entity_type: str | None
    entity_id: int | None
    organization_id: int | None

    def query(self) -> LogQuery:
        """Keyword arguments for ``service.get_all``: dates are whole days, ``until`` inclusive."""
        return {
            "since": datetime.combine(self.since, time.min, tzinfo=UTC) if self.since else None,
            "until": (
                datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=UTC) if self.until else None
            ),
            "user": self.user,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "organization_id": self.organization_id,
        }

    def url_query(self) -> str:
        pairs = {
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "actor": self.user or "",
            "entity_type": self.entity_type or "",
            "entity_id": str(self.entity_id) if self.entity_id is not None else "",
            "organization_id": str(self.organization_id) if self.organization_id is not None else "",
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def _day(value: str | None, field: str, problems: list[FieldProblem]) -> date | None:
    if not value:
        return None
    try:
        return parse_day(value.strip())  # дд.мм.гггг as a Russian reader types it, or ISO
    except ValueError as exc:
        problems.append(FieldProblem(field, f"{exc}: «{value.strip()[:40]}»"))
        return None


def _number(value: str | None, field: str, problems: list[FieldProblem]) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        problems.append(FieldProblem(field, "нужен номер — целое положительное число"))
        return None
    return int(value)


def parse_filter(
    since: str | None,
    until: str | None,
    user: str | None,
    entity_type: str | None,
    entity_id: str | None,
    organization_id: str | None,
) -> LogFilter:
    problems: list[FieldProblem] = []
    result = LogFilter(
        since=_day(since, "since", problems),
        until=_day(until, "until", problems),
        user=(user or "").strip()[:150] or None,
        entity_type=entity_type if entity_type in OBJECT_TYPES else None,
        entity_id=_number(entity_id, "entity_id", problems),
        organization_id=_number(organization_id, "organization_id", problems),
    )
    if problems:
        details = "; ".join(f"{FILTER_LABELS.get(p.field, p.field)}: {p.message}" for p in problems)
        raise ValidationFailed(problems, f"Фильтр журнала задан неверно — {details}")
    return result


@router.get("/audit")
def audit_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    organization_id: str | None = None,
    page: int = 1,
) -> Response:
    require_reader_of_all(user, "читать журнал изменений")
    page = page_number(page)
    log_filter = parse_filter(since, until, actor, entity_type, entity_id, organization_id)
    records, total = service.get_all(session=session, page=page, page_size=PAGE_SIZE, **log_filter.query())
    organization = (
        session.get(Organization, log_filter.organization_id) if log_filter.organization_id else None
    )
    context = {
        "user": user,
        "section": "audit",
        "changes": describe(session=session, records=records),
        "total": total,
        "filter": log_filter,
        "query": log_filter.url_query(),
        "organization": organization,
        "organizations": session.execute(
            select(Organization.id, Organization.short_name).order_by(Organization.short_name)
        ).all(),
        "type_choices": TYPE_CHOICES,
        "page": page,
        "page_size": PAGE_SIZE,
    }
    return render(request, "audit/audit.html", context)


@router.get("/audit/export.{fmt}")
def audit_export(
    request: Request,
    session: SessionDep,
    user: WebUser,
    fmt: str,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    organization_id: str | None = None,
) -> Response:
    require_reader_of_all(user, "выгружать журнал изменений")
    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed([FieldProblem("fmt", "формат выгрузки: csv или xlsx")])
    log_filter = parse_filter(since, until, actor, entity_type, entity_id, organization_id)
    records, _ = service.get_all(session=session, page=1, page_size=EXPORT_LIMIT, **log_filter.query())
    base_url = str(request.base_url).rstrip("/")
    table = export.rows(describe(session=session, records=records), FIELD_LABELS, base_url)
    if fmt == "csv":
        body, media = export.to_csv(table), "text/csv; charset=utf-8"
    else:
        body, media = (
            export.to_xlsx(table),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="audit.{fmt}"'}
    )
