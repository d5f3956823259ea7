"""Strategy forms: new program, directions, roadmap items, KPIs, and a KPI's page with plan and fact."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from clusterdesk.auth.models import Role, User
from clusterdesk.auth.permissions import MANAGING_ROLES, actor_of
from clusterdesk.registry import service as registry_service
from clusterdesk.registry.models import Organization, Person
from clusterdesk.strategy import access, kpis, roadmap, service, status
from clusterdesk.strategy.catalogue import catalogue
from clusterdesk.strategy.indicators import all_indicators
from clusterdesk.strategy.schemas import (
    DirectionCreate,
    KpiCreate,
    KpiTargetCreate,
    KpiValueCreate,
    ProgramCreate,
    RoadmapItemCreate,
    RoadmapItemUpdate,
)
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.forms import parse_or_raise, submit_form
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()


def _blank_none(form: Any, *names: str) -> dict[str, Any]:
    return {name: (str(form.get(name) or "").strip() or None) for name in names}


def _ids(form: Any, name: str) -> list[int]:
    return [int(v) for v in form.getlist(name) if str(v).isdigit()]


def _page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    return render(request, f"strategy/{name}", {"section": "strategy", **context}, status_code=status_code)


# Programs ------------------------------------------------------------------------------------------------


def _program_form(
    request: Request, session: SessionDep, user: User, values: dict, errors: dict, code: int = 200
) -> Response:
    clusters, _ = registry_service.get_clusters(session=session, page_size=500)
    organizations = list(session.scalars(select(Organization).order_by(Organization.short_name)))
    context = {
        "user": user,
        "values": values,
        "errors": errors,
        "clusters": clusters,
        "organizations": organizations,
    }
    return _page(request, "program_form.html", context, code)


@router.get("/strategy/programs/new")
def new_program_page(
    request: Request, session: SessionDep, user: WebUser, cluster_id: int | None = None
) -> Response:
    user = access.may_manage(user)
    year = date.today().year
    values = {"cluster_id": cluster_id, "first_year": year, "last_year": year + 5}
    return _program_form(request, session, user, values, {})


@router.post("/strategy/programs/new")
async def create_program(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_manage(user)
    form = await request.form()
    values = _blank_none(
        form,
        "cluster_id",
        "title",
        "first_year",
        "last_year",
        "approved_by_id",
        "approval_date",
        "document_url",
        "description",
    )

    def save(data: ProgramCreate) -> str:
        program = service.create_program(session=session, actor=actor_of(user), data=data)
        return f"/strategy/programs/{program.id}?saved=1"

    return submit_form(
        session=session,
        model=ProgramCreate,
        values=values,
        save=save,
        show=lambda errors, code: _program_form(request, session, user, values, errors, code),
    )


@router.post("/strategy/programs/{program_id}/directions")
async def add_direction(request: Request, session: SessionDep, user: WebUser, program_id: int) -> Response:
    user = access.may_manage(user)
    form = await request.form()
    values = {"program_id": program_id, **_blank_none(form, "title", "description")}
    data = parse_or_raise(DirectionCreate, values, "Направление")
    service.create_direction(session=session, actor=actor_of(user), data=data)
    return RedirectResponse(f"/strategy/programs/{program_id}?saved=1#directions", status_code=303)


# Roadmap items -------------------------------------------------------------------------------------------

ITEM_FIELDS = (
    "title",
    "direction_id",
    "start_date",
    "due_date",
    "status",
    "progress",
    "expected_result",
    "actual_result",
)


def _item_form(
    request: Request,
    session: SessionDep,
    user: User,
    program: Any,
    item: Any,
    values: dict,
    errors: dict,
    code: int = 200,
) -> Response:
    context = {
        "user": user,
        "program": program,
        "item": item,
        "values": values,
        "errors": errors,
        "others": [
            i
            for i in roadmap.get_items(session=session, program_id=program.id)
            if not item or i.id != item.id
        ],
        "organizations": list(session.scalars(select(Organization).order_by(Organization.short_name))),
        "people": list(session.scalars(select(Person).order_by(Person.full_name))),
    }
    return _page(request, "roadmap_form.html", context, code)


def _item_values(form: Any) -> dict[str, Any]:
    values = _blank_none(form, *ITEM_FIELDS)
    values["progress"] = values["progress"] or 0
    values["status"] = values["status"] or "planned"
    values["depends_on"] = _ids(form, "depends_on")
    values["organization_ids"] = _ids(form, "organization_ids")
    values["person_ids"] = _ids(form, "person_ids")
    return values


@router.get("/strategy/programs/{program_id}/roadmap/new")
def new_item_page(request: Request, session: SessionDep, user: WebUser, program_id: int) -> Response:
    user = access.may_manage(user)
    program = service.get_program(session=session, program_id=program_id)
    values = {"status": "planned", "progress": 0, "depends_on": [], "organization_ids": [], "person_ids": []}
    return _item_form(request, session, user, program, None, values, {})


@router.post("/strategy/programs/{program_id}/roadmap/new")
async def create_item(request: Request, session: SessionDep, user: WebUser, program_id: int) -> Response:
    user = access.may_manage(user)
    program = service.get_program(session=session, program_id=program_id)
    values = _item_values(await request.form())

    def save(data: RoadmapItemCreate) -> str:
        roadmap.create_item(session=session, actor=actor_of(user), data=data)
        return f"/strategy/programs/{program_id}?saved=1#roadmap"

    return submit_form(
        session=session,
        model=RoadmapItemCreate,
        values={"program_id": program.id, **values},
        save=save,
        show=lambda errors, code: _item_form(request, session, user, program, None, values, errors, code),
    )


@router.get("/strategy/roadmap/{item_id}/edit")
def edit_item_page(request: Request, session: SessionDep, user: WebUser, item_id: int) -> Response:
    user = access.may_manage(user)
    item = roadmap.get_item(session=session, item_id=item_id)
    values = {name: getattr(item, name) for name in ITEM_FIELDS}
    values.update(
        version=item.version,
        depends_on=item.depends_on_ids,
        organization_ids=item.organization_ids,
        person_ids=item.person_ids,
    )
    return _item_form(request, session, user, item.program, item, values, {})


@router.post("/strategy/roadmap/{item_id}/edit")
async def update_item(request: Request, session: SessionDep, user: WebUser, item_id: int) -> Response:
    user = access.may_manage(user)
    item = roadmap.get_item(session=session, item_id=item_id)
    form = await request.form()
    values = {**_item_values(form), "version": form.get("version", "")}
    program_id = item.program_id

    def save(data: RoadmapItemUpdate) -> str:
        roadmap.update_item(session=session, actor=actor_of(user), item_id=item_id, data=data)
        return f"/strategy/programs/{program_id}?saved=1#roadmap"

    def show(errors: dict[str, str], code: int) -> Response:
        current = roadmap.get_item(session=session, item_id=item_id)  # reloaded after a rollback
        return _item_form(request, session, user, current.program, current, values, errors, code)

    return submit_form(session=session, model=RoadmapItemUpdate, values=values, save=save, show=show)


# KPIs ----------------------------------------------------------------------------------------------------


def _kpi_form(
    request: Request, user: User, program: Any, values: dict, errors: dict, code: int = 200
) -> Response:
    context = {
        "user": user,
        "program": program,
        "values": values,
        "errors": errors,
        "catalogue": catalogue(),
        "indicators": all_indicators(),
    }
    return _page(request, "kpi_form.html", context, code)


@router.get("/strategy/programs/{program_id}/kpis/new")
def new_kpi_page(request: Request, session: SessionDep, user: WebUser, program_id: int) -> Response:
    user = access.may_manage(user)
    program = service.get_program(session=session, program_id=program_id)
    return _kpi_form(
        request, user, program, {"direction": "higher", "kind": "manual", "aggregation": "sum"}, {}
    )


@router.post("/strategy/programs/{program_id}/kpis/new")
async def create_kpi(request: Request, session: SessionDep, user: WebUser, program_id: int) -> Response:
    user = access.may_manage(user)
    program = service.get_program(session=session, program_id=program_id)
    form = await request.form()
    values = _blank_none(
        form, "code", "name", "unit", "direction", "kind", "computed_by", "aggregation", "description"
    )
    if values["kind"] != "computed":
        values["computed_by"] = None
    target = str(form.get("target_value") or "").strip().replace(",", ".")
    target_year = form.get("target_year") or program.last_year

    def save(data: KpiCreate) -> str:
        kpi = kpis.create_kpi(session=session, actor=actor_of(user), data=data)
        if target:
            plan = parse_or_raise(KpiTargetCreate, {"year": target_year, "value": target}, "План")
            kpis.set_target(session=session, actor=actor_of(user), kpi_id=kpi.id, data=plan)
        return f"/strategy/programs/{program_id}?saved=1#kpis"

    return submit_form(
        session=session,
        model=KpiCreate,
        values={"program_id": program.id, **values},
        save=save,
        show=lambda errors, code: _kpi_form(request, user, program, values, errors, code),
    )


@router.get("/strategy/kpis/{kpi_id}")
def kpi_page(
    request: Request, session: SessionDep, user: WebUser, kpi_id: int, error: str | None = None
) -> Response:
    kpi = kpis.get_kpi(session=session, kpi_id=kpi_id)
    series = status.kpi_series(session=session, kpi=kpi)
    may_add_value = user is not None and (user.role in MANAGING_ROLES or user.role == Role.member)
    context = {
        "user": user,
        "kpi": kpi,
        "program": kpi.program,
        "series": [
            {"year": s.year, "plan": s.plan, "fact": s.fact, "plan_source": status.plan_source(kpi, s.year)}
            for s in series
        ],
        "sources": status.series_sources(kpi),
        "computed_title": kpis.computed_title(kpi),
        "describe": kpis.describe_evidence,
        "can_manage": user is not None and user.role in MANAGING_ROLES,
        "may_add_value": may_add_value and kpi.kind.value == "manual",
        "error": error,
    }
    return _page(request, "kpi.html", context)


@router.post("/strategy/kpis/{kpi_id}/targets")
async def add_target(request: Request, session: SessionDep, user: WebUser, kpi_id: int) -> Response:
    user = access.may_manage(user)
    form = await request.form()
    value = str(form.get("value") or "").replace(",", ".")
    data = parse_or_raise(KpiTargetCreate, {"year": form.get("year"), "value": value}, "План")
    kpis.set_target(session=session, actor=actor_of(user), kpi_id=kpi_id, data=data)
    return RedirectResponse(f"/strategy/kpis/{kpi_id}", status_code=303)


@router.post("/strategy/kpis/{kpi_id}/values")
async def add_value(request: Request, session: SessionDep, user: WebUser, kpi_id: int) -> Response:
    form = await request.form()
    evidence: dict[str, Any] | None = None
    note = str(form.get("note") or "").strip()
    file_name = str(form.get("file") or "").strip()
    if note:
        evidence = {"kind": "note", "note": note, "document": str(form.get("document") or "").strip() or None}
    elif file_name:
        row = str(form.get("row") or "").strip()
        evidence = {"kind": "file", "file": file_name, "row": int(row) if row.isdigit() else None}
    elif str(form.get("news_fact_id") or "").strip().isdigit():
        evidence = {"kind": "news_fact", "news_fact_id": int(str(form.get("news_fact_id")))}
    raw = {
        "year": form.get("year"),
        "quarter": form.get("quarter") or None,
        "value": str(form.get("value") or "").replace(",", "."),
        "evidence": evidence,
    }
    data = parse_or_raise(KpiValueCreate, raw, "Факт")
    user, data = access.value_for_user(user, data)
    kpis.add_value(session=session, actor=actor_of(user), kpi_id=kpi_id, data=data)
    return RedirectResponse(f"/strategy/kpis/{kpi_id}", status_code=303)
