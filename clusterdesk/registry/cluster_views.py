"""Create and edit a cluster from the web UI (managers)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from clusterdesk.auth.permissions import actor_of
from clusterdesk.registry import access, service
from clusterdesk.registry.filters import OrganizationFilter
from clusterdesk.registry.models import Cluster
from clusterdesk.registry.schemas import ClusterCreate, ClusterUpdate
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.forms import submit_form
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
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

    def save(data: ClusterCreate) -> str:
        cluster = service.create_cluster(session=session, actor=actor_of(user), data=data)
        return f"/clusters/{cluster.id}"

    return submit_form(
        session=session,
        model=ClusterCreate,
        values={k: v for k, v in values.items() if k != "version" and v is not None},
        save=save,
        show=lambda errors, code: _form(request, session, user, None, values, errors, code),
    )


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

    def save(data: ClusterUpdate) -> str:
        service.update_cluster(session=session, actor=actor_of(user), cluster_id=cluster_id, data=data)
        return f"/clusters/{cluster_id}"

    return submit_form(
        session=session,
        model=ClusterUpdate,
        values=values,
        save=save,
        show=lambda errors, code: _form(request, session, user, cluster, values, errors, code),
    )
