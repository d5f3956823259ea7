"""The start page: the registry at a glance."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import func, select

from clusterdesk.audit import service as audit_service
from clusterdesk.auth.permissions import READ_ALL_ROLES
from clusterdesk.registry import service as registry_service
from clusterdesk.registry.models import Membership, Organization, Person
from clusterdesk.web.cards import home_page_sections
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()


@router.get("/")
def home_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    clusters, cluster_count = registry_service.get_clusters(session=session, page_size=500)
    counts = {
        "organizations": session.scalar(select(func.count()).select_from(Organization)),
        "people": session.scalar(select(func.count()).select_from(Person)),
        "clusters": cluster_count,
        "memberships": session.scalar(
            select(func.count()).select_from(Membership).where(Membership.until.is_(None))
        ),
    }
    members = [(c, len(registry_service.current_members(session=session, cluster_id=c.id))) for c in clusters]
    recent = None
    if user is not None and user.role in READ_ALL_ROLES:
        recent, _ = audit_service.get_all(session=session, page_size=8)
    return render(
        request,
        "home.html",
        {
            "user": user,
            "section": "home",
            "counts": counts,
            "clusters": members,
            "recent": recent,
            "home_sections": home_page_sections(session=session, user=user),
        },
    )
