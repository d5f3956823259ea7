"""Create and edit a cluster from the web UI (managers)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from clusterdesk.auth.permissions import actor_of
from clusterdesk.errors import DomainError, StaleVersionError
from clusterdesk.registry import access, service
from clusterdesk.registry.filters import OrganizationFilter
from clusterdesk.registry.models import Cluster
from clusterdesk.registry.schemas import ClusterCreate, ClusterUpdate
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.forms import check_same_origin, parse
from clusterdesk.web.templating import render

router = APIRouter(dependencies=[Depends(check_same_origin)], default_response_class=HTMLResponse)
FIELDS = ("name", "kind", "region", "organization_id", "created_date", "description")


def _form(
    request: Request,
    session: Session,
    user: Any,
    cluster: Cluster | None,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    orgs, _ = service.get_organizations(session=session, filters=OrganizationFilter(), page_size=1000)
    context = {
        "user": user,
        "section": "clusters",
        "cluster": cluster,
        "values": values,
        "errors": errors,
        "orgs": orgs,
    }
    return render(request, "registry/cluster_form.html", context, status_code=status_code)


async def _values(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {f: str(form.get(f, "")).strip() or None for f in (*FIELDS, "version")}


@router.get("/clusters/new")
def new_cluster_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    access.may_write_cluster(user)
    return _form(request, session, user, None, {}, {})


@router.post("/clusters/new")
async def create_cluster_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_write_cluster(user)
    values = await _values(request)
    data, errors = parse(ClusterCreate, {k: v for k, v in values.items() if k != "version" and v is not None})
    if data is None:
        return _form(request, session, user, None, values, errors, status_code=422)
    try:
        cluster = service.create_cluster(session=session, actor=actor_of(user), data=data)
    except DomainError as exc:
        session.rollback()
        return _form(
            request, session, user, None, values, {"__all__": exc.message}, status_code=exc.status_code
        )
    return RedirectResponse(f"/clusters/{cluster.id}", status_code=303)


@router.get("/clusters/{cluster_id}/edit")
def edit_cluster_page(request: Request, session: SessionDep, user: WebUser, cluster_id: int) -> Response:
    access.may_write_cluster(user)
    cluster = service.get_cluster(session=session, cluster_id=cluster_id)
    values = {f: getattr(cluster, f) for f in FIELDS} | {"version": cluster.version}
    return _form(request, session, user, cluster, values, {})


@router.post("/clusters/{cluster_id}/edit")
async def update_cluster_from_form(
    request: Request, session: SessionDep, user: WebUser, cluster_id: int
) -> Response:
    user = access.may_write_cluster(user)
    cluster = service.get_cluster(session=session, cluster_id=cluster_id)
    values = await _values(request)
    data, errors = parse(ClusterUpdate, values)
    if data is None:
        return _form(request, session, user, cluster, values, errors, status_code=422)
    try:
        service.update_cluster(session=session, actor=actor_of(user), cluster_id=cluster.id, data=data)
    except (StaleVersionError, DomainError) as exc:
        session.rollback()
        return _form(
            request, session, user, cluster, values, {"__all__": exc.message}, status_code=exc.status_code
        )
    return RedirectResponse(f"/clusters/{cluster.id}", status_code=303)
