"""The change log page: who changed what, when, before and after."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from clusterdesk.audit import service
from clusterdesk.auth.permissions import require_reader_of_all
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()


@router.get("/audit")
def audit_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    entity_type: str | None = None,
    entity_id: int | None = None,
    page: int = 1,
) -> Response:
    require_reader_of_all(user, "читать журнал изменений")
    records, total = service.get_all(
        session=session, entity_type=entity_type or None, entity_id=entity_id, page=max(page, 1), page_size=50
    )
    context = {
        "user": user,
        "section": "audit",
        "recent": records,
        "total": total,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "page": max(page, 1),
    }
    return render(request, "audit/audit.html", context)
