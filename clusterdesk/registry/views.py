"""Registry HTML pages: organisations, people, clusters (server-rendered, Russian)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from clusterdesk.audit import service as audit_service
from clusterdesk.auth.permissions import READ_ALL_ROLES, actor_of, can_edit_organization
from clusterdesk.registry import access, memberships, service
from clusterdesk.registry.cluster_views import router as cluster_router
from clusterdesk.registry.duplicate_views import router as duplicate_router
from clusterdesk.registry.duplicates import similar_organizations
from clusterdesk.registry.filters import OrganizationFilter, PersonFilter
from clusterdesk.registry.import_views import router as import_router
from clusterdesk.registry.membership_views import router as membership_router
from clusterdesk.registry.models import Organization, OrganizationKind
from clusterdesk.registry.people_views import can_edit_person
from clusterdesk.registry.people_views import router as people_router
from clusterdesk.registry.schemas import (
    MembershipCreate,
    OrganizationCreate,
    OrganizationUpdate,
    PersonCreate,
    PostCreate,
)
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.filters import filter_from_query, page_number
from clusterdesk.web.forms import parse_or_raise, split_lines, submit_form
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
PAGE_SIZE = 25
# before this module's own routes: «/clusters/new» must not be read as «/clusters/{cluster_id}»
router.include_router(people_router)
router.include_router(cluster_router)
for upkeep_router in (import_router, duplicate_router, membership_router):
    router.include_router(upkeep_router)
NAV_ORDER = 10
NAV = [
    ("Организации", "/organizations", "organizations"),
    ("Люди", "/people", "people"),
    ("Кластеры", "/clusters", "clusters"),
    ("Сверка", "/registry/duplicates", "registry-upkeep", READ_ALL_ROLES),
]


# Organisations -------------------------------------------------------------------------------------------


@router.get("/organizations")
def organizations_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    page: int = 1,
) -> Response:
    filters = filter_from_query(OrganizationFilter, request.query_params)
    page = page_number(page)
    items, total = service.get_organizations(session=session, filters=filters, page=page, page_size=PAGE_SIZE)
    clusters, _ = service.get_clusters(session=session)
    context = {
        "user": user,
        "section": "organizations",
        "items": items,
        "total": total,
        "filters": filters,
        "clusters": clusters,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "can_create": user is not None and user.role.value in ("admin", "manager"),
    }
    template = (
        "registry/_organization_rows.html"
        if request.headers.get("HX-Request")
        else "registry/organizations.html"
    )
    return render(request, template, context)


def _organization_form_data(form: Any) -> dict[str, Any]:
    data = {
        k: form.get(k, "")
        for k in ("short_name", "name", "kind", "inn", "ogrn", "region", "city", "website", "description")
    }
    data["okved2"] = split_lines(form.get("okved2"))
    data["aliases"] = split_lines(form.get("aliases"))
    if not data["kind"]:
        data.pop("kind")
    return data


def _form_page(
    request: Request,
    user: Any,
    org: Organization | None,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
    similar: list[Any] | None = None,
) -> Response:
    context = {"user": user, "section": "organizations", "org": org, "values": values, "errors": errors}
    context["similar"] = similar or []
    return render(request, "registry/organization_form.html", context, status_code=status_code)


@router.get("/organizations/new")
def new_organization_page(request: Request, user: WebUser) -> Response:
    access.may_write_organization(user, None)
    return _form_page(request, user, None, {"okved2": [], "aliases": []}, {})


@router.post("/organizations/new")
async def create_organization_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_write_organization(user, None)
    form = await request.form()
    values = _organization_form_data(form)

    def confirm(data: OrganizationCreate) -> Response | None:
        # «возможно, это …»: shown before saving, with an explicit «всё равно создать»
        similar = [] if form.get("confirm_duplicate") else similar_organizations(session=session, data=data)
        return _form_page(request, user, None, values, {}, similar=similar) if similar else None

    def save(data: OrganizationCreate) -> str:
        org = service.create_organization(session=session, actor=actor_of(user), data=data)
        memberships.join_from_form(session=session, actor=actor_of(user), organization_id=org.id, form=form)
        return f"/organizations/{org.id}?saved=1"

    return submit_form(
        session=session,
        model=OrganizationCreate,
        values=values,
        save=save,
        show=lambda errors, code: _form_page(request, user, None, values, errors, code),
        confirm=confirm,
    )


@router.get("/organizations/{organization_id}")
def organization_card(
    request: Request, session: SessionDep, user: WebUser, organization_id: int, saved: int = 0
) -> Response:
    org = service.get_organization_card(session=session, organization_id=organization_id)
    history = None
    if user is not None and user.role in READ_ALL_ROLES:
        history, _ = audit_service.get_all(
            session=session, entity_type="organization", entity_id=org.id, page_size=10
        )
    context = {
        "user": user,
        "section": "organizations",
        "org": org,
        "history": history,
        "posts": sorted(org.posts, key=lambda p: (p.until is not None, p.person.full_name)),
        "memberships": org.memberships,
        "can_edit": can_edit_organization(user, org.id),
        "flash": "Изменения сохранены" if saved else None,
    }
    return render(request, "registry/organization_card.html", context)


@router.get("/organizations/{organization_id}/edit")
def edit_organization_page(
    request: Request, session: SessionDep, user: WebUser, organization_id: int
) -> Response:
    org = service.get_organization(session=session, organization_id=organization_id)
    access.may_write_organization(user, org.id)
    values = {
        c: getattr(org, c)
        for c in (
            "short_name",
            "name",
            "kind",
            "inn",
            "ogrn",
            "okved2",
            "aliases",
            "region",
            "city",
            "website",
            "description",
            "version",
        )
    }
    return _form_page(request, user, org, values, {})


@router.post("/organizations/{organization_id}/edit")
async def update_organization_from_form(
    request: Request, session: SessionDep, user: WebUser, organization_id: int
) -> Response:
    org = service.get_organization(session=session, organization_id=organization_id)
    user = access.may_write_organization(user, org.id)
    form = await request.form()
    values = _organization_form_data(form)
    values["version"] = form.get("version", "")
    organization_id = org.id

    def save(data: OrganizationUpdate) -> str:
        service.update_organization(
            session=session, actor=actor_of(user), organization_id=organization_id, data=data
        )
        return f"/organizations/{organization_id}?saved=1"

    return submit_form(
        session=session,
        model=OrganizationUpdate,
        values=values,
        save=save,
        show=lambda errors, code: _form_page(request, user, org, values, errors, code),
    )


@router.post("/organizations/{organization_id}/delete")
def delete_organization_from_form(session: SessionDep, user: WebUser, organization_id: int) -> Response:
    user = access.may_write_organization(user, None)
    service.delete_organization(
        session=session, actor=actor_of(user), organization_id=organization_id, version=None
    )
    return RedirectResponse("/organizations", status_code=303)


# People --------------------------------------------------------------------------------------------------


@router.get("/people")
def people_page(request: Request, session: SessionDep, user: WebUser, page: int = 1) -> Response:
    filters = filter_from_query(PersonFilter, request.query_params)
    page = page_number(page)
    items, total = service.get_people(session=session, filters=filters, page=page, page_size=PAGE_SIZE)
    context = {
        "user": user,
        "section": "people",
        "items": items,
        "total": total,
        "filters": filters,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
    }
    return render(request, "registry/people.html", context)


@router.get("/people/{person_id}")
def person_card(request: Request, session: SessionDep, user: WebUser, person_id: int) -> Response:
    person = service.get_person(session=session, person_id=person_id)
    history = None
    if user is not None and user.role in READ_ALL_ROLES:
        history, _ = audit_service.get_all(
            session=session, entity_type="person", entity_id=person.id, page_size=10
        )
    context = {
        "user": user,
        "section": "people",
        "person": person,
        "history": history,
        "posts": sorted(person.posts, key=lambda p: (p.until is not None, p.since or p.id)),
        "can_edit": can_edit_person(session, user, person),
    }
    return render(request, "registry/person_card.html", context)


@router.post("/organizations/{organization_id}/posts")
async def add_post_from_form(
    request: Request, session: SessionDep, user: WebUser, organization_id: int
) -> Response:
    """Add a person (new or found by name) with a post in this organisation."""
    org = service.get_organization(session=session, organization_id=organization_id)
    user = access.may_write_post(user, org.id)
    form = await request.form()
    full_name = str(form.get("full_name", "")).strip()
    person_data = parse_or_raise(PersonCreate, {"full_name": full_name})
    existing, _ = service.get_people(
        session=session, filters=PersonFilter(q=person_data.full_name), page_size=2
    )
    exact = [p for p in existing if p.full_name == person_data.full_name]
    person = (
        exact[0] if exact else service.create_person(session=session, actor=actor_of(user), data=person_data)
    )
    post_data = parse_or_raise(
        PostCreate,
        {
            "person_id": person.id,
            "organization_id": org.id,
            "title": form.get("title", ""),
            "since": form.get("since") or None,
        },
        "Должность",
    )
    service.create_post(session=session, actor=actor_of(user), data=post_data)
    return RedirectResponse(f"/organizations/{org.id}?saved=1", status_code=303)


# Clusters ------------------------------------------------------------------------------------------------


@router.get("/clusters")
def clusters_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    clusters, _ = service.get_clusters(session=session, page_size=500)
    counts = {c.id: len(service.current_members(session=session, cluster_id=c.id)) for c in clusters}
    return render(
        request,
        "registry/clusters.html",
        {"user": user, "section": "clusters", "clusters": clusters, "counts": counts},
    )


@router.get("/clusters/{cluster_id}")
def cluster_page(request: Request, session: SessionDep, user: WebUser, cluster_id: int) -> Response:
    cluster = service.get_cluster(session=session, cluster_id=cluster_id)
    members = service.current_members(session=session, cluster_id=cluster.id)
    by_kind: dict[OrganizationKind, list[Any]] = {}
    for membership in members:
        by_kind.setdefault(membership.organization.kind, []).append(membership)
    member_ids = {m.organization_id for m in members}
    candidates = (
        []
        if user is None
        else [
            o
            for o in session.scalars(select(Organization).order_by(Organization.short_name))
            if o.id not in member_ids
        ]
    )
    context = {
        "user": user,
        "section": "clusters",
        "cluster": cluster,
        "by_kind": by_kind,
        "total": len(members),
        "candidates": candidates,
        "can_edit": user is not None and user.role.value in ("admin", "manager"),
    }
    return render(request, "registry/cluster.html", context)


@router.post("/clusters/{cluster_id}/members")
async def add_member_from_form(
    request: Request, session: SessionDep, user: WebUser, cluster_id: int
) -> Response:
    user = access.may_write_cluster(user)
    form = await request.form()
    data = parse_or_raise(
        MembershipCreate,
        {
            "cluster_id": cluster_id,
            "organization_id": form.get("organization_id"),
            "role": form.get("role") or "member",
            "since": form.get("since") or None,
        },
    )
    service.create_membership(session=session, actor=actor_of(user), data=data)
    return RedirectResponse(f"/clusters/{cluster_id}", status_code=303)
