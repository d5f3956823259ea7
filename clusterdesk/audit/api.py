from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query

from clusterdesk.audit import service
from clusterdesk.audit.readable import describe
from clusterdesk.audit.schemas import ChangeRecordPage, ChangeRecordRead
from clusterdesk.auth.permissions import require_reader_of_all
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import Id, Page, PageSize
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1", tags=["audit"])


@router.get("/audit", response_model=ChangeRecordPage)
def list_changes(
    session: SessionDep,
    user: ApiUser,
    entity_type: str | None = None,
    entity_id: Id = None,
    since: Annotated[datetime | None, Query(description="С какого момента (включительно), ISO 8601")] = None,
    until: Annotated[datetime | None, Query(description="До какого момента (не включая), ISO 8601")] = None,
    user_name: Annotated[str | None, Query(alias="user", max_length=150, description="Имя входа")] = None,
    organization_id: Annotated[Id, Query(description="Сама организация и всё, что её касается")] = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> ChangeRecordPage:
    """The change log (managers, admins and analysts), each row with its Russian type name and link."""
    require_reader_of_all(user, "читать журнал изменений")
    items, total = service.get_all(
        session=session,
        entity_type=entity_type,
        entity_id=entity_id,
        since=since,
        until=until,
        user=user_name,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
    )
    rows = []
    for change in describe(session=session, records=items):
        row = ChangeRecordRead.model_validate(change.record)
        rows.append(
            row.model_copy(
                update={
                    "entity_label": change.type_label,
                    "entity_name": change.name,
                    "url": change.url,
                    "deleted": change.deleted,
                }
            )
        )
    return ChangeRecordPage(items=rows, total=total)
