from __future__ import annotations

from typing import Annotated

from fastapi import Query

from clusterdesk.audit import service
from clusterdesk.audit.schemas import ChangeRecordPage, ChangeRecordRead
from clusterdesk.auth.permissions import require_reader_of_all
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1", tags=["audit"])


@router.get("/audit", response_model=ChangeRecordPage)
def list_changes(
    session: SessionDep,
    user: ApiUser,
    entity_type: str | None = None,
    entity_id: int | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ChangeRecordPage:
    """The change log (managers, admins and analysts)."""
    require_reader_of_all(user, "читать журнал изменений")
    items, total = service.get_all(
        session=session, entity_type=entity_type, entity_id=entity_id, page=page, page_size=page_size
    )
    return ChangeRecordPage(items=[ChangeRecordRead.model_validate(i) for i in items], total=total)
