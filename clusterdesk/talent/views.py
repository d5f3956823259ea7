"""Talent HTML pages: the gap table and chart, programs, demand, targeted training, and their forms."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from clusterdesk.auth.models import Role, User
from clusterdesk.auth.permissions import MANAGING_ROLES, actor_of
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.registry import service as registry
from clusterdesk.registry.models import Organization, OrganizationKind
from clusterdesk.talent import access, service
from clusterdesk.talent.gaps import specialist_gaps
from clusterdesk.talent.labels import EDUCATION_LEVEL_LABELS, TRAINING_KIND_LABELS
from clusterdesk.talent.models import SpecialistDemand
from clusterdesk.talent.schemas import DemandCreate, ProgramCreate
from clusterdesk.talent.service import TalentFilter
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.filters import query_int
from clusterdesk.web.forms import M, parse_or_raise
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
NAV_ORDER = 45
NAV = [("Кадры", "/talent", "talent")]
# who teaches: educational programs belong to universities and colleges (the registry's kind «Университет»)
SCHOOL_KINDS = frozenset({OrganizationKind.university})


def _editable_organizations(session: Any, user: User | None) -> list[Organization]:
    """Whose programs and demand this user may enter: all for managers, their own for a member."""
    if user is None:
        return []
    query = select(Organization).order_by(Organization.short_name)
    if user.role in MANAGING_ROLES:
        return list(session.scalars(query))
    if user.role == Role.member and user.organization_id is not None:
        return list(session.scalars(query.where(Organization.id == user.organization_id)))
    return []


def chart_data(rows: list[Any]) -> dict[str, Any]:
    """ECharts series: demand, expected graduates and shortfall per specialty and year."""
    top = rows[:20]
    return {
        "categories": [f"{r.specialty_code} · {r.year}" for r in top],
        "names": [f"{r.specialty_code} {r.specialty}, {r.year}" for r in top],
        "demand": [r.demand for r in top],
        "supply": [r.supply for r in top],
        "shortfall": [r.shortfall for r in top],
        "sources": list(dict.fromkeys(s for r in top for s in r.sources)),
    }


@router.get("/talent")
def talent_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    cluster_id: str | None = None,
    year: str | None = None,
    saved: int = 0,
) -> Response:
    cluster, chosen_year = query_int(cluster_id), query_int(year)
    editable = _editable_organizations(session, user)
    rows = specialist_gaps(session=session, cluster_id=cluster, year=chosen_year)
    years = sorted(set(session.scalars(select(SpecialistDemand.year).distinct())))
    programs, _ = service.get_programs(session=session, filters=TalentFilter(), page_size=500)
    demands, _ = service.get_demands(
        session=session, filters=TalentFilter(cluster_id=cluster, year=chosen_year), page_size=500
    )
    query = "&".join(f"{k}={v}" for k, v in (("cluster_id", cluster), ("year", chosen_year)) if v is not None)
    context = {
        "user": user,
        "section": "talent",
        "rows": rows,
        "chart": chart_data(rows),
        "sources": list(dict.fromkeys(s for r in rows for s in r.sources)),
        "years": years,
        "cluster_id": cluster,
        "year": chosen_year,
        "query": query,
        "clusters": registry.get_clusters(session=session, page_size=500)[0],
        "programs": programs,
        "demands": demands,
        "trainings": service.get_trainings(session=session),
        "editable": editable,
        "schools": [o for o in editable if o.kind in SCHOOL_KINDS],
        "LEVELS": EDUCATION_LEVEL_LABELS,
        "TRAINING_KINDS": TRAINING_KIND_LABELS,
        "flash": "Изменения сохранены" if saved else None,
    }
    return render(request, "talent/talent.html", context)


def _parsed(model: type[M], values: dict[str, Any]) -> M:
    return parse_or_raise(model, {k: (v if v != "" else None) for k, v in values.items()})


@router.post("/talent/programs")
async def add_program_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    form = await request.form()
    fields = (
        "organization_id",
        "specialty_code",
        "specialty",
        "level",
        "name",
        "intake",
        "graduates_per_year",
    )
    data = _parsed(ProgramCreate, {k: str(form.get(k, "")).strip() for k in fields})
    user = access.may_write_program(user, data.organization_id)
    school = session.get(Organization, data.organization_id)
    if school is not None and school.kind not in SCHOOL_KINDS:
        raise ValidationFailed(
            [
                FieldProblem(
                    "organization_id", f"«{school.short_name}» — не вуз и не колледж: программы вносят они"
                )
            ]
        )
    service.create_program(session=session, actor=actor_of(user), data=data)
    return RedirectResponse("/talent?saved=1", status_code=303)


@router.post("/talent/demand")
async def add_demand_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    form = await request.form()
    fields = ("organization_id", "specialty_code", "specialty", "year", "count", "priority_direction")
    data = _parsed(DemandCreate, {k: str(form.get(k, "")).strip() for k in fields})
    user = access.may_write_demand(user, data.organization_id)
    service.create_demand(session=session, actor=actor_of(user), data=data)
    return RedirectResponse("/talent?saved=1", status_code=303)
