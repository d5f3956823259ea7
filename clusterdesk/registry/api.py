"""Registry JSON API under /api/v1: organisations, people, posts, clusters, memberships."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import File, Response, UploadFile, status

from clusterdesk.auth.permissions import actor_of, require_manager
from clusterdesk.registry import access, import_preview, service, transfer
from clusterdesk.registry.duplicates import similar_organizations, similar_people
from clusterdesk.registry.filters import MembershipFilter, OrganizationFilter, PersonFilter, PostFilter
from clusterdesk.registry.models import OrganizationKind
from clusterdesk.registry.schemas import (
    ClusterCreate,
    ClusterPage,
    ClusterRead,
    ClusterUpdate,
    MembershipCreate,
    MembershipPage,
    MembershipRead,
    MembershipUpdate,
    OrganizationCreate,
    OrganizationPage,
    OrganizationRead,
    OrganizationUpdate,
    PersonCreate,
    PersonPage,
    PersonRead,
    PersonUpdate,
    PostCreate,
    PostPage,
    PostRead,
    PostUpdate,
)
from clusterdesk.registry.upkeep_api import router as upkeep_router
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import Id, Page, PageSize, Version
from clusterdesk.web.routing import ModelResponse, api_router

router = api_router(prefix="/api/v1", tags=["registry"])
# before this module's own routes: «/organizations/duplicates» must not be read as «/organizations/{id}»
router.include_router(upkeep_router)


# Organisations -------------------------------------------------------------------------------------------


@router.get("/organizations", response_model=OrganizationPage)
def list_organizations(
    session: SessionDep,
    q: str | None = None,
    kind: OrganizationKind | None = None,
    cluster_id: Id = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> ModelResponse:
    items, total = service.get_organizations(
        session=session,
        filters=OrganizationFilter(q=q, kind=kind, cluster_id=cluster_id),
        page=page,
        page_size=page_size,
    )
    return ModelResponse(
        OrganizationPage(items=[OrganizationRead.model_validate(i) for i in items], total=total)
    )


@router.get("/organizations/export", response_class=Response)
def export_organizations(
    session: SessionDep,
    format: Literal["csv", "xlsx"] = "xlsx",
    q: str | None = None,
    kind: OrganizationKind | None = None,
    cluster_id: Id = None,
) -> Response:
    items, _ = service.get_organizations(
        session=session,
        filters=OrganizationFilter(q=q, kind=kind, cluster_id=cluster_id),
        page=1,
        page_size=1_000_000,
    )
    if format == "csv":
        body, media = transfer.export_csv(items), "text/csv; charset=utf-8"
    else:
        body, media = (
            transfer.export_xlsx(items),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    headers = {"Content-Disposition": f'attachment; filename="organizations.{format}"'}
    return Response(body, media_type=media, headers=headers)


@router.post("/organizations/import")
def import_organizations(
    session: SessionDep, user: ApiUser, file: Annotated[UploadFile, File()], dry_run: bool = False
) -> dict[str, Any]:
    """All rows or nothing: any bad row answers 422 with every problem (row, column, reason).

    ``dry_run=true`` answers the preview (create, update, unchanged, errors) and stores nothing.
    """
    user = require_manager(user, "импортировать организации")
    content, filename = file.file.read(), file.filename or "upload.csv"
    if dry_run:
        preview = import_preview.preview_import(
            session=session, kind="organizations", content=content, filename=filename
        )
        return preview.as_dict()
    report = import_preview.import_organizations(
        session=session, actor=actor_of(user), content=content, filename=filename
    )
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}


@router.post("/organizations", response_model=OrganizationRead, status_code=status.HTTP_201_CREATED)
def create_organization(
    session: SessionDep, user: ApiUser, data: OrganizationCreate, response: Response
) -> OrganizationRead:
    """Creates; ``X-Possible-Duplicates`` lists stored organisations the new one may duplicate."""
    user = access.may_write_organization(user, None)
    similar = similar_organizations(session=session, data=data)
    org = service.create_organization(session=session, actor=actor_of(user), data=data)
    if similar:
        response.headers["X-Possible-Duplicates"] = ",".join(str(other.id) for other, _ in similar)
    return OrganizationRead.model_validate(org)


@router.get("/organizations/{organization_id}", response_model=OrganizationRead)
def get_organization(session: SessionDep, organization_id: int) -> OrganizationRead:
    return OrganizationRead.model_validate(
        service.get_organization(session=session, organization_id=organization_id)
    )


@router.patch("/organizations/{organization_id}", response_model=OrganizationRead)
def update_organization(
    session: SessionDep, user: ApiUser, organization_id: int, data: OrganizationUpdate
) -> OrganizationRead:
    service.get_organization(session=session, organization_id=organization_id)
    user = access.may_write_organization(user, organization_id)
    org = service.update_organization(
        session=session, actor=actor_of(user), organization_id=organization_id, data=data
    )
    return OrganizationRead.model_validate(org)


@router.delete("/organizations/{organization_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_organization(
    session: SessionDep, user: ApiUser, organization_id: int, version: Version = None
) -> None:
    user = access.may_write_organization(user, None)
    service.delete_organization(
        session=session, actor=actor_of(user), organization_id=organization_id, version=version
    )


# People --------------------------------------------------------------------------------------------------


@router.get("/people", response_model=PersonPage)
def list_people(
    session: SessionDep,
    q: str | None = None,
    organization_id: Id = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> PersonPage:
    items, total = service.get_people(
        session=session,
        filters=PersonFilter(q=q, organization_id=organization_id),
        page=page,
        page_size=page_size,
    )
    return PersonPage(items=[PersonRead.model_validate(i) for i in items], total=total)


@router.post("/people", response_model=PersonRead, status_code=status.HTTP_201_CREATED)
def create_person(session: SessionDep, user: ApiUser, data: PersonCreate, response: Response) -> PersonRead:
    """Creates; ``X-Possible-Duplicates`` lists stored people with the same name in any form."""
    user = access.may_create_person(user)
    similar = similar_people(session=session, full_name=data.full_name)
    person = service.create_person(session=session, actor=actor_of(user), data=data)
    if similar:
        response.headers["X-Possible-Duplicates"] = ",".join(str(other.id) for other, _ in similar)
    return PersonRead.model_validate(person)


@router.get("/people/{person_id}", response_model=PersonRead)
def get_person(session: SessionDep, person_id: int) -> PersonRead:
    return PersonRead.model_validate(service.get_person(session=session, person_id=person_id))


@router.patch("/people/{person_id}", response_model=PersonRead)
def update_person(session: SessionDep, user: ApiUser, person_id: int, data: PersonUpdate) -> PersonRead:
    service.get_person(session=session, person_id=person_id)
    user = access.may_write_person(session, user, person_id)
    person = service.update_person(session=session, actor=actor_of(user), person_id=person_id, data=data)
    return PersonRead.model_validate(person)


@router.delete("/people/{person_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_person(session: SessionDep, user: ApiUser, person_id: int, version: Version = None) -> None:
    service.get_person(session=session, person_id=person_id)
    user = access.may_write_person(session, user, person_id)
    service.delete_person(session=session, actor=actor_of(user), person_id=person_id, version=version)


# Posts ---------------------------------------------------------------------------------------------------


@router.get("/posts", response_model=PostPage)
def list_posts(
    session: SessionDep,
    person_id: Id = None,
    organization_id: Id = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> PostPage:
    items, total = service.get_posts(
        session=session,
        filters=PostFilter(person_id=person_id, organization_id=organization_id),
        page=page,
        page_size=page_size,
    )
    return PostPage(items=[PostRead.model_validate(i) for i in items], total=total)


@router.post("/posts", response_model=PostRead, status_code=status.HTTP_201_CREATED)
def create_post(session: SessionDep, user: ApiUser, data: PostCreate) -> PostRead:
    user = access.may_write_post(user, data.organization_id)
    return PostRead.model_validate(service.create_post(session=session, actor=actor_of(user), data=data))


@router.get("/posts/{post_id}", response_model=PostRead)
def get_post(session: SessionDep, post_id: int) -> PostRead:
    return PostRead.model_validate(service.get_post(session=session, post_id=post_id))


@router.patch("/posts/{post_id}", response_model=PostRead)
def update_post(session: SessionDep, user: ApiUser, post_id: int, data: PostUpdate) -> PostRead:
    post = service.get_post(session=session, post_id=post_id)
    user = access.may_write_post(user, post.organization_id)
    return PostRead.model_validate(
        service.update_post(session=session, actor=actor_of(user), post_id=post_id, data=data)
    )


@router.delete("/posts/{post_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_post(session: SessionDep, user: ApiUser, post_id: int, version: Version = None) -> None:
    post = service.get_post(session=session, post_id=post_id)
    user = access.may_write_post(user, post.organization_id)
    service.delete_post(session=session, actor=actor_of(user), post_id=post_id, version=version)


# Clusters ------------------------------------------------------------------------------------------------


@router.get("/clusters", response_model=ClusterPage)
def list_clusters(session: SessionDep, page: Page = 1, page_size: PageSize = 50) -> ClusterPage:
    items, total = service.get_clusters(session=session, page=page, page_size=page_size)
    return ClusterPage(items=[ClusterRead.model_validate(i) for i in items], total=total)


@router.post("/clusters", response_model=ClusterRead, status_code=status.HTTP_201_CREATED)
def create_cluster(session: SessionDep, user: ApiUser, data: ClusterCreate) -> ClusterRead:
    user = access.may_write_cluster(user)
    return ClusterRead.model_validate(
        service.create_cluster(session=session, actor=actor_of(user), data=data)
    )


@router.get("/clusters/{cluster_id}", response_model=ClusterRead)
def get_cluster(session: SessionDep, cluster_id: int) -> ClusterRead:
    return ClusterRead.model_validate(service.get_cluster(session=session, cluster_id=cluster_id))


@router.patch("/clusters/{cluster_id}", response_model=ClusterRead)
def update_cluster(session: SessionDep, user: ApiUser, cluster_id: int, data: ClusterUpdate) -> ClusterRead:
    user = access.may_write_cluster(user)
    cluster = service.update_cluster(session=session, actor=actor_of(user), cluster_id=cluster_id, data=data)
    return ClusterRead.model_validate(cluster)


@router.delete("/clusters/{cluster_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_cluster(session: SessionDep, user: ApiUser, cluster_id: int, version: Version = None) -> None:
    user = access.may_write_cluster(user)
    service.delete_cluster(session=session, actor=actor_of(user), cluster_id=cluster_id, version=version)


# Memberships ---------------------------------------------------------------------------------------------


@router.get("/memberships", response_model=MembershipPage)
def list_memberships(
    session: SessionDep,
    cluster_id: Id = None,
    organization_id: Id = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> MembershipPage:
    items, total = service.get_memberships(
        session=session,
        filters=MembershipFilter(cluster_id=cluster_id, organization_id=organization_id),
        page=page,
        page_size=page_size,
    )
    return MembershipPage(items=[MembershipRead.model_validate(i) for i in items], total=total)


@router.post("/memberships", response_model=MembershipRead, status_code=status.HTTP_201_CREATED)
def create_membership(session: SessionDep, user: ApiUser, data: MembershipCreate) -> MembershipRead:
    user = access.may_write_cluster(user)
    membership = service.create_membership(session=session, actor=actor_of(user), data=data)
    return MembershipRead.model_validate(membership)


@router.get("/memberships/{membership_id}", response_model=MembershipRead)
def get_membership(session: SessionDep, membership_id: int) -> MembershipRead:
    return MembershipRead.model_validate(service.get_membership(session=session, membership_id=membership_id))


@router.patch("/memberships/{membership_id}", response_model=MembershipRead)
def update_membership(
    session: SessionDep, user: ApiUser, membership_id: int, data: MembershipUpdate
) -> MembershipRead:
    user = access.may_write_cluster(user)
    membership = service.update_membership(
        session=session, actor=actor_of(user), membership_id=membership_id, data=data
    )
    return MembershipRead.model_validate(membership)


@router.delete("/memberships/{membership_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_membership(
    session: SessionDep, user: ApiUser, membership_id: int, version: Version = None
) -> None:
    user = access.may_write_cluster(user)
    service.delete_membership(
        session=session, actor=actor_of(user), membership_id=membership_id, version=version
    )
