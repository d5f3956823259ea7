"""News JSON API: the stored feed, facts, submission and the review queue."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, status

from clusterdesk.auth.permissions import actor_of, require_manager, require_reader_of_all
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.news import accept, ingest, reads, service
from clusterdesk.news.models import FactStatus
from clusterdesk.news.present import fact_read, mention_read
from clusterdesk.news.proposal_api import router as proposal_router
from clusterdesk.news.schemas import (
    FactPage,
    FactRead,
    MentionPage,
    MentionRead,
    MentionReview,
    NewsItemRead,
    NewsPage,
    NewsSubmit,
    SubmitResult,
)
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import Id, Page, PageSize
from clusterdesk.web.routing import ModelResponse, api_router

router = api_router(prefix="/api/v1", tags=["news"])
router.include_router(proposal_router)  # registry updates proposed from the news


@router.get("/news", response_model=NewsPage)
def list_news(
    session: SessionDep,
    q: str | None = None,
    org_id: Id = None,
    person_id: Id = None,
    since: date | None = None,
    until: date | None = None,
    page: Page = 1,
    page_size: PageSize = 20,
) -> ModelResponse:
    """Stored news items with their entities (and registry links) and facts."""
    filters = service.NewsFilter(q=q, org_id=org_id, person_id=person_id, since=since, until=until)
    ids, total = service.page_ids(session=session, filters=filters, page=page, page_size=page_size)
    found = NewsPage(
        items=reads.item_reads(session, ids),
        total=min(total, service.COUNT_LIMIT),
        total_exact=total <= service.COUNT_LIMIT,
    )
    return ModelResponse(found)


@router.get("/news/{item_id}", response_model=NewsItemRead)
def get_news_item(session: SessionDep, item_id: int) -> ModelResponse:
    return ModelResponse(reads.item_read(session, item_id))


@router.post("/news", response_model=SubmitResult, status_code=status.HTTP_201_CREATED)
def submit_news(session: SessionDep, user: ApiUser, data: NewsSubmit) -> SubmitResult:
    """Analyse a text or fetch a URL, and store what it holds (managers and admins)."""
    user = require_manager(user, "добавлять новости")
    summary = ingest.submit(
        session=session,
        actor=actor_of(user),
        text=data.text,
        url=data.url,
        source=data.source,
        title=data.title,
        published=data.published,
    )
    if summary.errors and not summary.item_ids:  # nothing could be read: the client's input, not our fault
        field = "url" if data.url else "text"
        raise ValidationFailed([FieldProblem(field, message) for message in summary.errors])
    return SubmitResult(
        new=summary.new,
        duplicates=summary.duplicates,
        already=summary.already,
        errors=summary.errors,
        items=reads.item_reads(session, summary.item_ids),
    )


@router.get("/facts", response_model=FactPage)
def list_facts(
    session: SessionDep,
    type: str | None = None,
    org_id: Id = None,
    status: FactStatus | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> ModelResponse:
    """Facts found in the news: post, event, agreement, project, decision."""
    facts, total = service.get_facts(
        session=session, type=type, org_id=org_id, status=status, page=page, page_size=page_size
    )
    return ModelResponse(FactPage(items=[fact_read(f) for f in facts], total=total))


@router.get("/review/mentions", response_model=MentionPage)
def review_queue(session: SessionDep, user: ApiUser, page: Page = 1, page_size: PageSize = 50) -> MentionPage:
    """Mentions linked below the confidence threshold, waiting for a person."""
    require_reader_of_all(user, "просматривать очередь проверки")
    mentions, total = service.get_review_queue(session=session, page=page, page_size=page_size)
    return MentionPage(items=[mention_read(session, m) for m in mentions], total=total)


@router.post("/review/mentions/{mention_id}", response_model=MentionRead)
def review_mention(session: SessionDep, user: ApiUser, mention_id: int, data: MentionReview) -> MentionRead:
    """accept / reject / link (to entity_id) / create (a new registry entry from the mention)."""
    user = require_manager(user, "разбирать очередь проверки")
    mention = service.review_mention(
        session=session,
        actor=actor_of(user),
        mention_id=mention_id,
        action=data.action,
        entity_id=data.entity_id,
        version=data.version,
    )
    return mention_read(session, mention)


@router.post("/facts/{fact_id}/reject", response_model=FactRead)
def reject_fact(session: SessionDep, user: ApiUser, fact_id: int) -> FactRead:
    user = require_manager(user, "разбирать факты")
    return fact_read(
        service.set_fact_status(
            session=session, actor=actor_of(user), fact_id=fact_id, status=FactStatus.rejected
        )
    )


@router.post("/facts/{fact_id}/accept", response_model=FactRead)
def accept_fact(
    session: SessionDep, user: ApiUser, fact_id: int, as_: Annotated[str, Query(alias="as")]
) -> FactRead:
    """Turn a fact into an event, agreement or project (`as=event|agreement|project`), keeping the source."""
    user = require_manager(user, "принимать факты")
    accept.accept_fact(session=session, actor=actor_of(user), fact_id=fact_id, converter=as_)
    return fact_read(service.get_fact(session=session, fact_id=fact_id))
