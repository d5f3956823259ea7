"""Projects JSON API under /api/v1: projects, needs, capabilities, supply links, matches, graph, gaps."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Query, Response, UploadFile, status

from clusterdesk.auth.permissions import actor_of, require_manager
from clusterdesk.projects import access, matching, service, transfer
from clusterdesk.projects.filters import CapabilityFilter, NeedFilter, ProjectFilter, SupplyLinkFilter
from clusterdesk.projects.graph import cooperation_graph
from clusterdesk.projects.models import NeedKind, NeedStatus, ProjectStatus
from clusterdesk.projects.schemas import (
    CapabilityCreate,
    CapabilityPage,
    CapabilityRead,
    CapabilityUpdate,
    GapRead,
    GraphEdge,
    GraphNode,
    GraphRead,
    MatchRead,
    NeedCreate,
    NeedPage,
    NeedRead,
    NeedUpdate,
    ProjectCreate,
    ProjectPage,
    ProjectRead,
    ProjectUpdate,
    SupplyLinkCreate,
    SupplyLinkPage,
    SupplyLinkRead,
    SupplyLinkUpdate,
)
from clusterdesk.registry.service import get_cluster
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import DEFAULT_LIMIT, Id, Limit, Page, PageSize, Version
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1", tags=["projects"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(body: bytes, name: str) -> Response:
    return Response(
        body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'}
    )


# Projects ------------------------------------------------------------------------------------------------


@router.get("/projects", response_model=ProjectPage)
def list_projects(
    session: SessionDep,
    q: str | None = None,
    organization_id: Id = None,
    cluster_id: Id = None,
    status: ProjectStatus | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> ProjectPage:
    filters = ProjectFilter(q=q, organization_id=organization_id, cluster_id=cluster_id, status=status)
    items, total = service.get_projects(session=session, filters=filters, page=page, page_size=page_size)
    return ProjectPage(items=[ProjectRead.model_validate(i) for i in items], total=total)


@router.get("/projects/export", response_class=Response)
def export_projects(session: SessionDep, organization_id: Id = None, cluster_id: Id = None) -> Response:
    filters = ProjectFilter(organization_id=organization_id, cluster_id=cluster_id)
    items, _ = service.get_projects(session=session, filters=filters, page_size=1_000_000)
    return _xlsx(transfer.export_projects(items), "projects")


@router.post("/projects/import")
def import_projects(
    session: SessionDep, user: ApiUser, file: Annotated[UploadFile, File()]
) -> dict[str, int]:
    """All rows or nothing: any bad row answers 422 with every problem (row, column, reason)."""
    user = require_manager(user, "импортировать проекты")
    report = transfer.import_projects(
        session=session,
        actor=actor_of(user),
        content=file.file.read(),
        filename=file.filename or "upload.xlsx",
    )
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}


@router.post("/projects", response_model=ProjectRead, status_code=status.HTTP_201_CREATED)
def create_project(session: SessionDep, user: ApiUser, data: ProjectCreate) -> ProjectRead:
    orgs = {p.organization_id for p in data.participants}
    if data.lead_organization_id is not None:
        orgs.add(data.lead_organization_id)
    user = access.may_create_project(user, orgs)
    return ProjectRead.model_validate(
        service.create_project(session=session, actor=actor_of(user), data=data)
    )


@router.get("/projects/{project_id}", response_model=ProjectRead)
def get_project(session: SessionDep, project_id: int) -> ProjectRead:
    return ProjectRead.model_validate(service.get_project(session=session, project_id=project_id))


@router.patch("/projects/{project_id}", response_model=ProjectRead)
def update_project(session: SessionDep, user: ApiUser, project_id: int, data: ProjectUpdate) -> ProjectRead:
    user = access.may_write_project(user, service.get_project(session=session, project_id=project_id))
    project = service.update_project(session=session, actor=actor_of(user), project_id=project_id, data=data)
    return ProjectRead.model_validate(project)


@router.delete("/projects/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_project(session: SessionDep, user: ApiUser, project_id: int, version: Version = None) -> None:
    user = access.may_write_project(user, service.get_project(session=session, project_id=project_id))
    service.delete_project(session=session, actor=actor_of(user), project_id=project_id, version=version)


# Needs ---------------------------------------------------------------------------------------------------


@router.get("/needs", response_model=NeedPage)
def list_needs(
    session: SessionDep,
    organization_id: Id = None,
    project_id: Id = None,
    cluster_id: Id = None,
    status: NeedStatus | None = None,
    kind: NeedKind | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> NeedPage:
    filters = NeedFilter(
        organization_id=organization_id,
        project_id=project_id,
        cluster_id=cluster_id,
        status=status,
        kind=kind,
    )
    items, total = service.get_needs(session=session, filters=filters, page=page, page_size=page_size)
    return NeedPage(items=[NeedRead.model_validate(i) for i in items], total=total)


@router.post("/needs", response_model=NeedRead, status_code=status.HTTP_201_CREATED)
def create_need(session: SessionDep, user: ApiUser, data: NeedCreate) -> NeedRead:
    user = access.may_write_need_of(session, user, data.organization_id, data.project_id)
    return NeedRead.model_validate(service.create_need(session=session, actor=actor_of(user), data=data))


@router.get("/needs/{need_id}", response_model=NeedRead)
def get_need(session: SessionDep, need_id: int) -> NeedRead:
    return NeedRead.model_validate(service.get_need(session=session, need_id=need_id))


@router.get("/needs/{need_id}/matches", response_model=list[MatchRead])
def need_matches(
    session: SessionDep, need_id: int, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> list[MatchRead]:
    """Best partners for a need: members of its clusters first, then the registry; each with its reasons."""
    found = matching.matches_for_need(session=session, need_id=need_id, limit=limit)
    return [MatchRead(**m.__dict__) for m in found]


@router.patch("/needs/{need_id}", response_model=NeedRead)
def update_need(session: SessionDep, user: ApiUser, need_id: int, data: NeedUpdate) -> NeedRead:
    user = access.may_write_need(session, user, service.get_need(session=session, need_id=need_id))
    return NeedRead.model_validate(
        service.update_need(session=session, actor=actor_of(user), need_id=need_id, data=data)
    )


@router.delete("/needs/{need_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_need(session: SessionDep, user: ApiUser, need_id: int, version: Version = None) -> None:
    user = access.may_write_need(session, user, service.get_need(session=session, need_id=need_id))
    service.delete_need(session=session, actor=actor_of(user), need_id=need_id, version=version)


# Capabilities --------------------------------------------------------------------------------------------


@router.get("/capabilities", response_model=CapabilityPage)
def list_capabilities(
    session: SessionDep,
    q: str | None = None,
    organization_id: Id = None,
    cluster_id: Id = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> CapabilityPage:
    filters = CapabilityFilter(q=q, organization_id=organization_id, cluster_id=cluster_id)
    items, total = service.get_capabilities(session=session, filters=filters, page=page, page_size=page_size)
    return CapabilityPage(items=[CapabilityRead.model_validate(i) for i in items], total=total)


@router.get("/capabilities/export", response_class=Response)
def export_capabilities(session: SessionDep, organization_id: Id = None, cluster_id: Id = None) -> Response:
    filters = CapabilityFilter(organization_id=organization_id, cluster_id=cluster_id)
    items, _ = service.get_capabilities(session=session, filters=filters, page_size=1_000_000)
    return _xlsx(transfer.export_capabilities(items), "capabilities")


@router.post("/capabilities/import")
def import_capabilities(
    session: SessionDep, user: ApiUser, file: Annotated[UploadFile, File()]
) -> dict[str, int]:
    """All rows or nothing; a member may import only their own organisation's capabilities."""
    report = transfer.import_capabilities(
        session=session, user=user, content=file.file.read(), filename=file.filename or "upload.xlsx"
    )
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}


@router.post("/capabilities", response_model=CapabilityRead, status_code=status.HTTP_201_CREATED)
def create_capability(session: SessionDep, user: ApiUser, data: CapabilityCreate) -> CapabilityRead:
    user = access.may_write_capability(user, data.organization_id)
    capability = service.create_capability(session=session, actor=actor_of(user), data=data)
    return CapabilityRead.model_validate(capability)


@router.get("/capabilities/{capability_id}", response_model=CapabilityRead)
def get_capability(session: SessionDep, capability_id: int) -> CapabilityRead:
    return CapabilityRead.model_validate(service.get_capability(session=session, capability_id=capability_id))


@router.patch("/capabilities/{capability_id}", response_model=CapabilityRead)
def update_capability(
    session: SessionDep, user: ApiUser, capability_id: int, data: CapabilityUpdate
) -> CapabilityRead:
    capability = service.get_capability(session=session, capability_id=capability_id)
    user = access.may_write_capability(user, capability.organization_id)
    capability = service.update_capability(
        session=session, actor=actor_of(user), capability_id=capability_id, data=data
    )
    return CapabilityRead.model_validate(capability)


@router.delete("/capabilities/{capability_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_capability(
    session: SessionDep, user: ApiUser, capability_id: int, version: Version = None
) -> None:
    capability = service.get_capability(session=session, capability_id=capability_id)
    user = access.may_write_capability(user, capability.organization_id)
    service.delete_capability(
        session=session, actor=actor_of(user), capability_id=capability_id, version=version
    )


# Supply links --------------------------------------------------------------------------------------------


@router.get("/supply-links", response_model=SupplyLinkPage)
def list_supply_links(
    session: SessionDep, organization_id: Id = None, page: Page = 1, page_size: PageSize = 50
) -> SupplyLinkPage:
    items, total = service.get_supply_links(
        session=session,
        filters=SupplyLinkFilter(organization_id=organization_id),
        page=page,
        page_size=page_size,
    )
    return SupplyLinkPage(items=[SupplyLinkRead.model_validate(i) for i in items], total=total)


@router.post("/supply-links", response_model=SupplyLinkRead, status_code=status.HTTP_201_CREATED)
def create_supply_link(session: SessionDep, user: ApiUser, data: SupplyLinkCreate) -> SupplyLinkRead:
    user = access.may_write_supply_link(user, data.supplier_id, data.consumer_id)
    return SupplyLinkRead.model_validate(
        service.create_supply_link(session=session, actor=actor_of(user), data=data)
    )


@router.get("/supply-links/{link_id}", response_model=SupplyLinkRead)
def get_supply_link(session: SessionDep, link_id: int) -> SupplyLinkRead:
    return SupplyLinkRead.model_validate(service.get_supply_link(session=session, link_id=link_id))


@router.patch("/supply-links/{link_id}", response_model=SupplyLinkRead)
def update_supply_link(
    session: SessionDep, user: ApiUser, link_id: int, data: SupplyLinkUpdate
) -> SupplyLinkRead:
    link = service.get_supply_link(session=session, link_id=link_id)
    user = access.may_write_supply_link(user, link.supplier_id, link.consumer_id)
    return SupplyLinkRead.model_validate(
        service.update_supply_link(session=session, actor=actor_of(user), link_id=link_id, data=data)
    )


@router.delete("/supply-links/{link_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_supply_link(session: SessionDep, user: ApiUser, link_id: int, version: Version = None) -> None:
    link = service.get_supply_link(session=session, link_id=link_id)
    user = access.may_write_supply_link(user, link.supplier_id, link.consumer_id)
    service.delete_supply_link(session=session, actor=actor_of(user), link_id=link_id, version=version)


# The cluster's graph and gaps ----------------------------------------------------------------------------


@router.get("/clusters/{cluster_id}/graph", response_model=GraphRead)
def cluster_graph(session: SessionDep, cluster_id: int) -> GraphRead:
    graph = cooperation_graph(session=session, cluster_id=cluster_id)
    return GraphRead(
        nodes=[GraphNode(**n.__dict__) for n in graph.nodes],
        edges=[GraphEdge(**e.__dict__) for e in graph.edges],
        isolated=graph.isolated,
        communities=graph.communities,
    )


@router.get("/clusters/{cluster_id}/gaps", response_model=list[GapRead])
def cluster_gaps(session: SessionDep, cluster_id: int, limit: Limit = DEFAULT_LIMIT) -> list[GapRead]:
    """Open needs that no member capability meets: what the cluster must bring in from outside."""
    get_cluster(session=session, cluster_id=cluster_id)
    return [
        GapRead(
            need_id=g.need.id,
            description=g.need.description,
            kind=g.need.kind,
            owner=g.owner,
            best_member_score=g.best_member_score,
            best_member=g.best_member,
            outside_candidates=[MatchRead(**m.__dict__) for m in g.outside],
        )
        for g in matching.gaps(session=session, cluster_id=cluster_id)[:limit]
    ]
