"""Sources JSON API under /api/v1/sources."""

from __future__ import annotations

from fastapi import status

from clusterdesk.auth.permissions import actor_of, require_manager, require_reader_of_all
from clusterdesk.intake import service
from clusterdesk.intake.check import check_source
from clusterdesk.intake.schemas import CheckResult, SourceCreate, SourcePage, SourceRead, SourceUpdate
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import Page, PageSize, Version
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1", tags=["sources"])


@router.get("/sources", response_model=SourcePage)
def list_sources(session: SessionDep, user: ApiUser, page: Page = 1, page_size: PageSize = 100) -> SourcePage:
    require_reader_of_all(user, "смотреть источники новостей")
    items, total = service.get_all(session=session, page=page, page_size=page_size)
    return SourcePage(items=[service.read(s) for s in items], total=total)


@router.post("/sources", response_model=SourceRead, status_code=status.HTTP_201_CREATED)
def create_source(session: SessionDep, user: ApiUser, data: SourceCreate) -> SourceRead:
    user = require_manager(user, "добавлять источники новостей")
    return service.read(service.create(session=session, actor=actor_of(user), data=data))


@router.get("/sources/{source_id}", response_model=SourceRead)
def get_source(session: SessionDep, user: ApiUser, source_id: int) -> SourceRead:
    require_reader_of_all(user, "смотреть источники новостей")
    return service.read(service.get(session=session, source_id=source_id))


@router.patch("/sources/{source_id}", response_model=SourceRead)
def update_source(session: SessionDep, user: ApiUser, source_id: int, data: SourceUpdate) -> SourceRead:
    user = require_manager(user, "изменять источники новостей")
    return service.read(service.update(session=session, actor=actor_of(user), source_id=source_id, data=data))


@router.delete("/sources/{source_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_source(session: SessionDep, user: ApiUser, source_id: int, version: Version = None) -> None:
    user = require_manager(user, "удалять источники новостей")
    service.delete(session=session, actor=actor_of(user), source_id=source_id, version=version)


@router.post("/sources/{source_id}/check", response_model=CheckResult)
def check(session: SessionDep, user: ApiUser, source_id: int) -> CheckResult:
    """Fetch the source now and store what is new; the answer says what came of it."""
    user = require_manager(user, "проверять источники новостей")
    outcome = check_source(session=session, actor=actor_of(user), source_id=source_id)
    return CheckResult(
        source_id=source_id,
        ok=outcome.ok,
        not_modified=outcome.not_modified,
        seen=outcome.seen,
        new=outcome.new,
        duplicates=outcome.duplicates,
        documents=outcome.documents,
        error=outcome.error,
        article_errors=outcome.article_errors,
        message=outcome.message,
    )
