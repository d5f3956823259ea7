"""Risks of the cluster's organisations: a page, the organisation card's section and the sections of the
projects and agreements whose organisations a risk concerns (registered in clusterdesk/startup.py)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from clusterdesk.auth.permissions import require_reader_of_all
from clusterdesk.news.risk_facts import recent_risks
from clusterdesk.web.cards import CardSection
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
CARD_SIZE = 10


@router.get("/risks")
def risks_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = require_reader_of_all(user, "смотреть риски организаций")
    rows = recent_risks(session=session, limit=100)
    return render(request, "news/risks.html", {"user": user, "section": "news", "rows": rows})


def organization_sections(*, session: Session, organization: Any, user: Any = None) -> list[CardSection]:
    """The card's «Риски из новостей»: shown only when there is one."""
    rows = recent_risks(session=session, organization_ids=[organization.id], limit=CARD_SIZE)
    if not rows:
        return []
    return [CardSection("Риски из новостей", "news/_risks.html", {"rows": rows}, order=55)]


def involved_sections(
    *, session: Session, obj: Any = None, organization_ids: list[int], user: Any = None
) -> list[CardSection]:
    """A project's or an agreement's «Риски участников»: risks about the organisations it involves."""
    rows = recent_risks(session=session, organization_ids=organization_ids, limit=CARD_SIZE)
    if not rows:
        return []
    return [CardSection("Риски участников", "news/_risks.html", {"rows": rows}, order=55)]
