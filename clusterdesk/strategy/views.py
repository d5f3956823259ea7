"""Strategy HTML pages: the dashboard, a program with its directions, roadmap and KPIs, report downloads."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import MANAGING_ROLES, actor_of
from clusterdesk.errors import ValidationFailed
from clusterdesk.examples import MARK, is_example
from clusterdesk.registry import service as registry_service
from clusterdesk.strategy import (
    access,
    form_views,
    kpis,
    report_pdf,
    reports,
    roadmap,
    roadmap_transfer,
    service,
    status,
)
from clusterdesk.strategy.labels import KPI_STATUS_LABELS, ROADMAP_STATUS_LABELS
from clusterdesk.strategy.models import Program, RoadmapItem, RoadmapStatus
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.filters import query_int
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render
from clusterdesk.web.templating import templates as jinja

router = page_router()
router.include_router(form_views.router)
NAV_ORDER = 20
NAV = [("Стратегия", "/strategy", "strategy")]


def number(value: float | None) -> str:
    """Russian number display: 1 000, 80, 12,5; nothing is «—»."""
    if value is None:
        return "—"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace(",", "\u00a0").replace(".", ",")


jinja.env.filters["num"] = number
jinja.env.globals.update(
    ROADMAP_STATUSES=ROADMAP_STATUS_LABELS,
    KPI_STATUSES=KPI_STATUS_LABELS,
)


def can_manage(user: User | None) -> bool:
    return user is not None and user.role in MANAGING_ROLES


def in_year(item: RoadmapItem, year: int) -> bool:
    """Whether the item's dates touch the year (an item with one date: that date's year)."""
    start, end = item.start_date or item.due_date, item.due_date or item.start_date
    return start is not None and end is not None and start.year <= year <= end.year


def gantt_tasks(items: list[RoadmapItem], today: date) -> list[dict[str, Any]]:
    """Frappe Gantt tasks; an item with only a due date is drawn as one day, one with no dates is left out.

    An item whose dates are an example (its source says so) carries the mark «пример» in its label.
    """
    shown = {i.id for i in items if i.start_date or i.due_date}
    tasks = []
    for item in items:
        if item.id not in shown:
            continue
        start = item.start_date or item.due_date
        end = item.due_date or item.start_date
        assert start is not None and end is not None
        css = "overdue" if item.is_overdue(today) else item.status.value
        tasks.append(
            {
                "id": f"item-{item.id}",
                "name": item.title
                + (f" ({MARK})" if is_example(item.source) else "")
                + (" — просрочен" if item.is_overdue(today) else ""),
                "start": start.isoformat(),
                "end": max(end, start + timedelta(days=1)).isoformat(),
                "progress": item.progress,
                "dependencies": ", ".join(f"item-{d}" for d in item.depends_on_ids if d in shown),
                "custom_class": f"bar-{css}",
            }
        )
    return tasks


def _pick_cluster(session: SessionDep, cluster_id: int | None, year: int) -> tuple[list[Any], Any]:
    """The asked cluster; else the first with a program for ``year``; else the first with any program."""
    clusters, _ = registry_service.get_clusters(session=session, page_size=500)
    if cluster_id is not None:
        return clusters, registry_service.get_cluster(session=session, cluster_id=cluster_id)
    current = [c for c in clusters if service.programs_for_year(session=session, cluster_id=c.id, year=year)]
    with_program = [c for c in clusters if service.get_programs(session=session, cluster_id=c.id)]
    chosen = current or with_program or clusters
    return clusters, chosen[0] if chosen else None


@router.get("/strategy")
def dashboard(
    request: Request,
    session: SessionDep,
    user: WebUser,
    cluster_id: str | None = None,
    year: str | None = None,
    direction_id: str | None = None,
) -> Response:
    today = date.today()
    chosen_year = query_int(year) or today.year
    clusters, cluster = _pick_cluster(session, query_int(cluster_id), chosen_year)
    all_programs = service.get_programs(session=session, cluster_id=cluster.id) if cluster else []
    programs = [p for p in all_programs if p.first_year <= chosen_year <= p.last_year]
    statuses = (
        status.cluster_status(session=session, cluster_id=cluster.id, year=chosen_year, today=today)
        if cluster
        else []
    )
    directions = [d for p in programs for d in p.directions]
    direction = next((d for d in directions if d.id == query_int(direction_id)), None)
    all_items = [item for p in programs for item in roadmap.get_items(session=session, program_id=p.id)]
    of_direction = [i for i in all_items if direction is None or i.direction_id == direction.id]
    items = [i for i in of_direction if in_year(i, chosen_year)]
    undated = [i for i in of_direction if not (i.start_date or i.due_date)]
    kpi_by_id = {k.id: k for p in programs for k in p.kpis}
    charts = [
        {
            "id": row.kpi_id,
            "title": f"{row.name}, {row.unit}",
            "sources": status.series_sources(kpi_by_id[row.kpi_id]),
            "series": [
                {"year": s.year, "plan": s.plan, "fact": s.fact}
                for s in status.kpi_series(session=session, kpi=kpi_by_id[row.kpi_id], today=today)
            ],
        }
        for row in statuses
    ]
    years = sorted({y for p in all_programs for y in range(p.first_year, p.last_year + 1)} | {today.year})
    context = {
        "user": user,
        "section": "strategy",
        "clusters": clusters,
        "cluster": cluster,
        "year": chosen_year,
        "years": years,
        "programs": programs,
        "all_programs": all_programs,
        "statuses": statuses,
        "kpi_by_id": kpi_by_id,
        "lagging": [r for r in statuses if r.status == status.LAGGING],
        "overdue": [i for i in all_items if i.is_overdue(today)],
        "items": items,
        "undated": undated,
        "other_years": len(of_direction) - len(items) - len(undated),
        "gantt": gantt_tasks(items, today),
        "charts": charts,
        "directions": directions,
        "direction": direction,
        "can_manage": can_manage(user),
        "today": today,
    }
    return render(request, "strategy/dashboard.html", context)


@router.get("/strategy/report")
def download_report(session: SessionDep, cluster_id: int, year: int, format: str = "xlsx") -> Response:
    report = reports.build_report(session=session, cluster_id=cluster_id, year=year)
    if format == "pdf":
        body, media, suffix = report_pdf.report_pdf(report), "application/pdf", "pdf"
    else:
        body, media, suffix = reports.report_xlsx(report), reports.XLSX_MEDIA, "xlsx"
    headers = {"Content-Disposition": f'attachment; filename="kpi-{cluster_id}-{year}.{suffix}"'}
    return Response(body, media_type=media, headers=headers)


def program_context(session: SessionDep, user: User | None, program: Program) -> dict[str, Any]:
    today = date.today()
    items = roadmap.get_items(session=session, program_id=program.id)
    return {
        "user": user,
        "section": "strategy",
        "program": program,
        "items": items,
        "kpis": program.kpis,
        "computed_titles": {k.id: kpis.computed_title(k) for k in program.kpis},
        "overdue_ids": {i.id for i in items if i.is_overdue(today)},
        "can_manage": can_manage(user),
        "statuses": RoadmapStatus,
    }


@router.get("/strategy/programs/{program_id}")
def program_page(
    request: Request, session: SessionDep, user: WebUser, program_id: int, saved: int = 0
) -> Response:
    program = service.get_program(session=session, program_id=program_id)
    context = program_context(session, user, program)
    context["flash"] = "Изменения сохранены" if saved else None
    return render(request, "strategy/program.html", context)


@router.get("/strategy/programs/{program_id}/roadmap.xlsx")
def export_roadmap(session: SessionDep, program_id: int) -> Response:
    body = roadmap_transfer.export_roadmap(session=session, program_id=program_id)
    headers = {"Content-Disposition": f'attachment; filename="roadmap-{program_id}.xlsx"'}
    return Response(body, media_type=reports.XLSX_MEDIA, headers=headers)


@router.post("/strategy/programs/{program_id}/roadmap/import")
async def import_roadmap(request: Request, session: SessionDep, user: WebUser, program_id: int) -> Response:
    user = access.may_manage(user)
    program = service.get_program(session=session, program_id=program_id)
    form = await request.form()
    upload = form.get("file")
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    filename = getattr(upload, "filename", None) or "roadmap.xlsx"
    try:
        report = roadmap_transfer.import_roadmap(
            session=session, actor=actor_of(user), program_id=program.id, content=content, filename=filename
        )
    except ValidationFailed as exc:
        session.rollback()
        context = program_context(session, user, service.get_program(session=session, program_id=program_id))
        context["import_problems"] = exc.problems
        return render(request, "strategy/program.html", context, status_code=422)
    context = program_context(session, user, program)
    context["flash"] = (
        f"Импорт: создано {report.created}, обновлено {report.updated}, без изменений {report.unchanged}"
    )
    return render(request, "strategy/program.html", context)
