"""The queue of registry updates proposed from the news: accept or reject each in one click."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from clusterdesk.auth.permissions import actor_of, require_manager, require_reader_of_all
from clusterdesk.news import registry_proposals as proposals
from clusterdesk.registry.upkeep_models import ProposalStatus
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
KIND_LABELS = {"post": "Должность", "organization": "Новая организация", "alias": "Другое название"}
RECENTLY_DECIDED = 30


@router.get("/registry/proposals")
def proposals_page(request: Request, session: SessionDep, user: WebUser, done: str = "") -> Response:
    require_reader_of_all(user, "смотреть предложения")
    decided = [
        p for p in proposals.get_proposals(session=session, status=None) if p.status != ProposalStatus.new
    ]
    context = {
        "user": user,
        "section": "registry-upkeep",
        "tab": "proposals",
        "pending": proposals.get_proposals(session=session),
        "decided": decided[:RECENTLY_DECIDED],
        "KIND_LABELS": KIND_LABELS,
        "can_decide": user is not None and user.role.value in ("admin", "manager"),
        "flash": done or None,
    }
    return render(request, "registry/upkeep/proposals.html", context)


def _back(message: str) -> Response:
    return RedirectResponse(f"/registry/proposals?done={quote(message)}", status_code=303)


@router.post("/registry/proposals/scan")
def scan_from_form(session: SessionDep, user: WebUser) -> Response:
    require_manager(user, "искать предложения в новостях")
    created = proposals.propose_from_news(session=session)
    return _back(f"Новых предложений: {created}")


@router.post("/registry/proposals/{proposal_id}/accept")
def accept_from_form(session: SessionDep, user: WebUser, proposal_id: int) -> Response:
    user = require_manager(user, "принимать предложения")
    proposal = proposals.accept_proposal(session=session, actor=actor_of(user), proposal_id=proposal_id)
    return _back(f"Принято: {proposal.summary}")


@router.post("/registry/proposals/{proposal_id}/reject")
def reject_from_form(session: SessionDep, user: WebUser, proposal_id: int) -> Response:
    user = require_manager(user, "отклонять предложения")
    proposal = proposals.reject_proposal(session=session, actor=actor_of(user), proposal_id=proposal_id)
    return _back(f"Отклонено: {proposal.summary}")
