"""Projects HTML pages: projects, needs with their matches, the cluster's cooperation graph and gaps."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from clusterdesk.errors import NotFoundError
from clusterdesk.projects import labels, matching, service
from clusterdesk.projects.filters import NeedFilter, ProjectFilter
from clusterdesk.projects.form_views import can_create_capability, can_create_need, can_create_project
from clusterdesk.projects.form_views import router as form_router
from clusterdesk.projects.graph import EDGE_LABELS, cooperation_graph
from clusterdesk.projects.models import NeedStatus
from clusterdesk.registry.models import Cluster, ClusterKind
from clusterdesk.registry.service import get_cluster
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
# before this module's own routes: «/projects/new» must not be read as «/projects/{project_id}»
router.include_router(form_router)
NAV_ORDER = 30
NAV = [
    ("Проекты", "/projects", "projects"),
    ("Потребности", "/needs", "needs"),
    ("Кооперация", "/cooperation", "cooperation"),
]
KIND_COLOURS = {
    "enterprise": "#2563eb",
    "university": "#16a34a",
    "research": "#0d9488",
    "authority": "#9333ea",
    "local_government": "#a855f7",
    "specialised_organisation": "#ea580c",
    "infrastructure": "#ca8a04",
    "investor": "#db2777",
    "other": "#64748b",
}
LABELS = {
    "STATUS": labels.PROJECT_STATUS_LABELS,
    "ROLES": labels.PARTICIPANT_ROLE_LABELS,
    "NEED_KINDS": labels.NEED_KIND_LABELS,
    "NEED_STATUSES": labels.NEED_STATUS_LABELS,
    "CAPABILITY_KINDS": labels.CAPABILITY_KIND_LABELS,
}


@router.get("/projects")
def projects_page(request: Request, session: SessionDep, user: WebUser, q: str | None = None) -> Response:
    items, total = service.get_projects(session=session, filters=ProjectFilter(q=q or None), page_size=500)
    context = {
        "user": user,
        "section": "projects",
        "items": items,
        "total": total,
        "q": q or "",
        "can_create_project": can_create_project(user),
        **LABELS,
    }
    return render(request, "projects/projects.html", context)


@router.get("/projects/{project_id}")
def project_page(request: Request, session: SessionDep, user: WebUser, project_id: int) -> Response:
    project = service.get_project(session=session, project_id=project_id)
    needs, _ = service.get_needs(session=session, filters=NeedFilter(project_id=project.id), page_size=500)
    context = {"user": user, "section": "projects", "project": project, "needs": needs, **LABELS}
    return render(request, "projects/project.html", context)


@router.get("/needs")
def needs_page(request: Request, session: SessionDep, user: WebUser, status: str | None = "open") -> Response:
    chosen = NeedStatus(status) if status is not None and status in NeedStatus.__members__ else None
    items, total = service.get_needs(session=session, filters=NeedFilter(status=chosen), page_size=500)
    context = {
        "user": user,
        "section": "needs",
        "items": items,
        "total": total,
        "status": status,
        "can_create_need": can_create_need(session, user),
        "can_create_capability": can_create_capability(user),
        **LABELS,
    }
    return render(request, "projects/needs.html", context)


@router.get("/needs/{need_id}")
def need_page(request: Request, session: SessionDep, user: WebUser, need_id: int) -> Response:
    need = service.get_need(session=session, need_id=need_id)
    matches = matching.matches_for_need(session=session, need_id=need.id, limit=10)
    context = {"user": user, "section": "needs", "need": need, "matches": matches, **LABELS}
    return render(request, "projects/need.html", context)


@router.get("/cooperation")
def cooperation_page(session: SessionDep) -> Response:
    """The first industrial cluster's graph (else any cluster's): the cluster page is where it lives."""
    clusters = list(
        session.scalars(select(Cluster).order_by(Cluster.kind != ClusterKind.industrial, Cluster.id))
    )
    if not clusters:
        raise NotFoundError("Кластеров пока нет: создайте кластер в разделе «Кластеры»")
    return RedirectResponse(f"/clusters/{clusters[0].id}/graph", status_code=303)


@router.get("/clusters/{cluster_id}/graph")
def cluster_graph_page(request: Request, session: SessionDep, user: WebUser, cluster_id: int) -> Response:
    cluster = get_cluster(session=session, cluster_id=cluster_id)
    graph = cooperation_graph(session=session, cluster_id=cluster.id)
    names = {n.id: n.name for n in graph.nodes}
    context = {
        "user": user,
        "section": "cooperation",
        "cluster": cluster,
        "clusters": list(session.scalars(select(Cluster).order_by(Cluster.name))),
        "graph": graph,
        "names": names,
        "central": sorted(graph.nodes, key=lambda n: (-n.betweenness, -n.degree, n.name))[:10],
        "gaps": matching.gaps(session=session, cluster_id=cluster.id),
        "kind_colours": KIND_COLOURS,
        "edge_labels": EDGE_LABELS,
        **LABELS,
    }
    return render(request, "projects/cluster_graph.html", context)
