"""Membership from the browser: cluster fields of the organisation form; end or change it per cluster."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from clusterdesk.auth.permissions import actor_of
from clusterdesk.registry import access, memberships, service
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()


def _version(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@router.get("/registry/membership-fields")
def membership_fields(request: Request, session: SessionDep, user: WebUser) -> Response:
    """The «Членство в кластере» part of the new-organisation form."""
    access.may_write_cluster(user)
    clusters, _ = service.get_clusters(session=session, page_size=500)
    return render(request, "registry/upkeep/_membership_fields.html", {"clusters": clusters})


@router.post("/memberships/{membership_id}/end")
def end_from_form(
    session: SessionDep,
    user: WebUser,
    membership_id: int,
    until: Annotated[str, Form(max_length=20)] = "",
    end_reason: Annotated[str, Form(max_length=2000)] = "",
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    user = access.may_write_cluster(user)
    membership = memberships.end_membership(
        session=session,
        actor=actor_of(user),
        membership_id=membership_id,
        until=until,
        reason=end_reason,
        version=_version(version),
    )
    return RedirectResponse(f"/clusters/{membership.cluster_id}?saved=1", status_code=303)


@router.post("/memberships/{membership_id}/role")
def role_from_form(
    session: SessionDep,
    user: WebUser,
    membership_id: int,
    role: Annotated[str, Form(max_length=40)],
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    user = access.may_write_cluster(user)
    membership = memberships.change_role(
        session=session,
        actor=actor_of(user),
        membership_id=membership_id,
        role=role,
        version=_version(version),
    )
    return RedirectResponse(f"/clusters/{membership.cluster_id}?saved=1", status_code=303)
