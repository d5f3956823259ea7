"""JSON API of the registry updates proposed from the news (a new post, a frequent organisation, a rename)."""

from __future__ import annotations

from typing import Any

from clusterdesk.auth.permissions import actor_of, require_manager, require_reader_of_all
from clusterdesk.news import registry_proposals as proposals
from clusterdesk.registry.upkeep_models import Proposal, ProposalStatus
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import DEFAULT_LIMIT, Limit
from clusterdesk.web.routing import api_router

router = api_router(prefix="", tags=["registry upkeep"])  # included under news/api.py's «/api/v1»


def _proposal_read(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "kind": proposal.kind.value,
        "status": proposal.status.value,
        "summary": proposal.summary,
        "payload": proposal.payload,
        "evidence": proposal.evidence,
        "news_item_id": proposal.news_item_id,
        "decided_by": proposal.decided_by,
        "result": proposal.result,
    }


# Proposals from the news --------------------------------------------------------------------------------


@router.get("/registry/proposals")
def list_proposals(
    session: SessionDep,
    user: ApiUser,
    status: ProposalStatus | None = ProposalStatus.new,
    limit: Limit = DEFAULT_LIMIT,
) -> list[dict[str, Any]]:
    """Proposals, newest first."""
    require_reader_of_all(user, "смотреть предложения")
    found = proposals.get_proposals(session=session, status=status, limit=limit)
    return [_proposal_read(p) for p in found]


@router.post("/registry/proposals/scan")
def scan_news(session: SessionDep, user: ApiUser) -> dict[str, int]:
    require_manager(user, "искать предложения в новостях")
    return {"created": proposals.propose_from_news(session=session)}


@router.post("/registry/proposals/{proposal_id}/accept")
def accept_proposal(session: SessionDep, user: ApiUser, proposal_id: int) -> dict[str, Any]:
    user = require_manager(user, "принимать предложения")
    return _proposal_read(
        proposals.accept_proposal(session=session, actor=actor_of(user), proposal_id=proposal_id)
    )


@router.post("/registry/proposals/{proposal_id}/reject")
def reject_proposal(session: SessionDep, user: ApiUser, proposal_id: int) -> dict[str, Any]:
    user = require_manager(user, "отклонять предложения")
    return _proposal_read(
        proposals.reject_proposal(session=session, actor=actor_of(user), proposal_id=proposal_id)
    )
