"""Create a capability, a need or a project from the web UI: managers anything, members their own."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import actor_of, can_edit_organization
from clusterdesk.errors import AuthenticationError, PermissionDeniedError
from clusterdesk.projects import access, labels, service
from clusterdesk.projects.filters import ProjectFilter
from clusterdesk.projects.schemas import CapabilityCreate, NeedCreate, ProjectCreate
from clusterdesk.registry import service as registry_service
from clusterdesk.registry.filters import OrganizationFilter
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.forms import submit_form
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()

CAPABILITY_FIELDS = ("organization_id", "name", "kind", "description", "okved2", "trl")
NEED_FIELDS = ("organization_id", "project_id", "cluster_id", "kind", "description", "quantity", "deadline")
PROJECT_FIELDS = (
    "title",
    "description",
    "lead_organization_id",
    "cluster_id",
    "trl",
    "status",
    "start_date",
    "end_date",
)


# Who sees the «+» buttons: the same access rules the forms enforce ----------------------------------------


def _allowed(check: Callable[[], User]) -> bool:
    try:
        check()
    except (AuthenticationError, PermissionDeniedError):
        return False
    return True


def _own_organization(user: User | None) -> int | None:
    return user.organization_id if user is not None else None


def can_create_capability(user: User | None) -> bool:
    return _allowed(lambda: access.may_write_capability(user, _own_organization(user) or 0))


def can_create_need(session: Session, user: User | None) -> bool:
    return _allowed(lambda: access.may_write_need_of(session, user, _own_organization(user), None))


def can_create_project(user: User | None) -> bool:
    return _allowed(lambda: _may_create_project(user))


def can_create_project_without_organization(user: User | None) -> bool:
    return _allowed(lambda: access.may_create_project(user, set()))


def _may_create_project(user: User | None) -> User:
    own = _own_organization(user)
    return access.may_create_project(user, {own} if own is not None else set())


# Shared form plumbing -------------------------------------------------------------------------------------


async def _values(request: Request, fields: tuple[str, ...]) -> dict[str, Any]:
    form = await request.form()
    return {f: str(form.get(f, "")).strip() or None for f in fields}


def _filled(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _organizations(session: Session, user: User) -> list[Any]:
    orgs, _ = registry_service.get_organizations(
        session=session, filters=OrganizationFilter(), page_size=1000
    )
    return [o for o in orgs if can_edit_organization(user, o.id)]


def _context(session: Session, user: User, section: str) -> dict[str, Any]:
    return {
        "user": user,
        "section": section,
        "orgs": _organizations(session, user),
        "TRLS": range(1, 10),
    }


# Capability ----------------------------------------------------------------------------------------------


def _capability_form(
    request: Request,
    session: Session,
    user: User,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    context = _context(session, user, "needs") | {
        "values": values,
        "errors": errors,
        "CAPABILITY_KINDS": labels.CAPABILITY_KIND_LABELS,
    }
    return render(request, "projects/capability_form.html", context, status_code=status_code)


@router.get("/capabilities/new")
def new_capability_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_write_capability(user, _own_organization(user) or 0)
    return _capability_form(request, session, user, {"organization_id": _own_organization(user)}, {})


@router.post("/capabilities/new")
async def create_capability_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_write_capability(user, _own_organization(user) or 0)
    values = await _values(request, CAPABILITY_FIELDS)

    def save(data: CapabilityCreate) -> str:
        writer = access.may_write_capability(user, data.organization_id)
        capability = service.create_capability(session=session, actor=actor_of(writer), data=data)
        return f"/organizations/{capability.organization_id}?saved=1"

    return submit_form(
        session=session,
        model=CapabilityCreate,
        values=_filled(values),
        save=save,
        show=lambda errors, code: _capability_form(request, session, user, values, errors, code),
    )


# Need ----------------------------------------------------------------------------------------------------


def _need_form(
    request: Request,
    session: Session,
    user: User,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    projects, _ = service.get_projects(session=session, filters=ProjectFilter(), page_size=1000)
    clusters, _ = registry_service.get_clusters(session=session)
    context = _context(session, user, "needs") | {
        "values": values,
        "errors": errors,
        "projects": [p for p in projects if _allowed(partial(access.may_write_project, user, p))],
        # a need of the cluster as a whole is the managers' business (the same rule the POST applies)
        "clusters": clusters if _allowed(lambda: access.may_write_need_of(session, user, None, None)) else [],
        "NEED_KINDS": labels.NEED_KIND_LABELS,
    }
    return render(request, "projects/need_form.html", context, status_code=status_code)


@router.get("/needs/new")
def new_need_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_write_need_of(session, user, _own_organization(user), None)
    return _need_form(request, session, user, {"organization_id": _own_organization(user)}, {})


@router.post("/needs/new")
async def create_need_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_write_need_of(session, user, _own_organization(user), None)
    values = await _values(request, NEED_FIELDS)

    def save(data: NeedCreate) -> str:
        writer = access.may_write_need_of(session, user, data.organization_id, data.project_id)
        need = service.create_need(session=session, actor=actor_of(writer), data=data)
        return f"/needs/{need.id}"

    return submit_form(
        session=session,
        model=NeedCreate,
        values=_filled(values),
        save=save,
        show=lambda errors, code: _need_form(request, session, user, values, errors, code),
    )


# Project -------------------------------------------------------------------------------------------------


def _project_form(
    request: Request,
    session: Session,
    user: User,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    clusters, _ = registry_service.get_clusters(session=session)
    context = _context(session, user, "projects") | {
        "values": values,
        "errors": errors,
        "clusters": clusters,
        "lead_optional": can_create_project_without_organization(user),
        "STATUS": labels.PROJECT_STATUS_LABELS,
    }
    return render(request, "projects/project_form.html", context, status_code=status_code)


@router.get("/projects/new")
def new_project_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = _may_create_project(user)
    values = {"lead_organization_id": _own_organization(user), "status": "proposed"}
    return _project_form(request, session, user, values, {})


@router.post("/projects/new")
async def create_project_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = _may_create_project(user)
    values = await _values(request, PROJECT_FIELDS)

    def save(data: ProjectCreate) -> str:
        lead = data.lead_organization_id
        writer = access.may_create_project(user, {lead} if lead is not None else set())
        project = service.create_project(session=session, actor=actor_of(writer), data=data)
        return f"/projects/{project.id}"

    return submit_form(
        session=session,
        model=ProjectCreate,
        values=_filled(values),
        save=save,
        show=lambda errors, code: _project_form(request, session, user, values, errors, code),
    )
