"""News pages: the feed with entity highlighting, an item with its facts, the review queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from clusterdesk.auth.permissions import (
    MANAGING_ROLES,
    READ_ALL_ROLES,
    actor_of,
    require_manager,
    require_reader_of_all,
)
from clusterdesk.news import service
from clusterdesk.news.accept import accept_fact, available_converters
from clusterdesk.news.models import FactStatus, NewsFact
from clusterdesk.news.present import highlighted
from clusterdesk.news.proposal_views import router as proposal_router
from clusterdesk.registry import service as registry_service
from clusterdesk.registry.filters import OrganizationFilter, PersonFilter
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.filters import filter_from_query, page_number, query_int
from clusterdesk.web.routing import page_router
from clusterdesk.web.security import safe_next
from clusterdesk.web.templating import render

router = page_router()
# registry updates proposed from the news (a new rector, a rename): news reads, the registry is written
router.include_router(proposal_router)
NAV_ORDER = 50
NAV = [("Новости", "/news", "news"), ("Проверка", "/review", "review", READ_ALL_ROLES)]
PAGE_SIZE = 10

FACT_LABELS = {
    "post": "Должность",
    "event": "Событие",
    "agreement": "Соглашение",
    "project": "Проект",
    "decision": "Решение",
}
VALUE_LABELS = {
    "meeting": "совещание",
    "forum": "форум",
    "strategic_session": "стратегическая сессия",
    "round_table": "круглый стол",
    "conference": "конференция",
    "exhibition": "выставка",
    "agreement": "соглашение",
    "cooperation": "о сотрудничестве",
}
FIELD_LABELS = {
    "person": "Человек",
    "title": "Должность",
    "organization": "Организация",
    "name": "Название",
    "kind": "Вид",
    "start": "Начало",
    "end": "Окончание",
    "date_text": "Дата в тексте",
    "place": "Место",
    "organizers": "Организаторы",
    "participants": "Участники",
    "parties": "Стороны",
    "subject": "Предмет",
    "date": "Дата",
    "organizations": "Организации",
    "subjects": "Предмет",
    "body": "Кто утвердил",
    "documents": "Документы",
}


@dataclass(frozen=True)
class FactAction:
    label: str
    href: str


def fact_actions(fact: NewsFact) -> list[FactAction]:
    """One-click conversions other domains offer for a fact type (events, agreements, projects)."""
    return [
        FactAction(converter.label, f"/review/facts/{fact.id}/accept/{name}")
        for name, converter in available_converters().items()
        if converter.fact_type == fact.type
    ]


@router.get("/news")
def news_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    q: str | None = None,
    org_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page: int = 1,
) -> Response:
    filters = filter_from_query(service.NewsFilter, request.query_params, person_id=None)
    page = page_number(page)
    items, total = service.get_items(session=session, filters=filters, page=page, page_size=PAGE_SIZE)
    orgs, _ = registry_service.get_organizations(session=session, filters=OrganizationFilter(), page_size=500)
    context = {
        "user": user,
        "section": "news",
        "items": items,
        "total": total,
        "filters": filters,
        "orgs": orgs,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "highlighted": highlighted,
        "FACT_LABELS": FACT_LABELS,
        "VALUE_LABELS": VALUE_LABELS,
    }
    return render(request, "news/feed.html", context)


@router.get("/news/{item_id}")
def news_item_page(request: Request, session: SessionDep, user: WebUser, item_id: int) -> Response:
    item = service.get_item(session=session, item_id=item_id)
    context = {
        "user": user,
        "section": "news",
        "item": item,
        "text": highlighted(item),
        "FACT_LABELS": FACT_LABELS,
        "VALUE_LABELS": VALUE_LABELS,
        "FIELD_LABELS": FIELD_LABELS,
        "can_review": user is not None and user.role in MANAGING_ROLES,
        "names": {m.id: service.entity_name(session=session, mention=m) for m in item.mentions},
    }
    return render(request, "news/item.html", context)


@router.get("/review")
def review_page(request: Request, session: SessionDep, user: WebUser, page: int = 1) -> Response:
    require_reader_of_all(user, "просматривать очередь проверки")
    mentions, total = service.get_review_queue(session=session, page=page_number(page), page_size=50)
    facts, fact_total = service.get_facts(session=session, status=FactStatus.new, page_size=50)
    orgs, _ = registry_service.get_organizations(
        session=session, filters=OrganizationFilter(), page_size=1000
    )
    people, _ = registry_service.get_people(session=session, filters=PersonFilter(), page_size=1000)
    context = {
        "user": user,
        "section": "review",
        "mentions": mentions,
        "total": total,
        "facts": facts,
        "fact_total": fact_total,
        "orgs": orgs,
        "people": people,
        "FACT_LABELS": FACT_LABELS,
        "VALUE_LABELS": VALUE_LABELS,
        "FIELD_LABELS": FIELD_LABELS,
        "can_review": user is not None and user.role in MANAGING_ROLES,
        "names": {m.id: service.entity_name(session=session, mention=m) for m in mentions},
        "fact_actions": fact_actions,
    }
    return render(request, "news/review.html", context)


@router.post("/review/mentions/{mention_id}")
def review_mention_from_form(
    session: SessionDep,
    user: WebUser,
    mention_id: int,
    action: Annotated[str, Form()],
    entity_id: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/review",
) -> Response:
    user = require_manager(user, "разбирать очередь проверки")
    service.review_mention(
        session=session,
        actor=actor_of(user),
        mention_id=mention_id,
        action=action,
        entity_id=query_int(entity_id),
    )
    return RedirectResponse(safe_next(back, "/review"), status_code=303)


@router.post("/review/facts/{fact_id}/reject")
def reject_fact_from_form(session: SessionDep, user: WebUser, fact_id: int) -> Response:
    user = require_manager(user, "разбирать факты")
    service.set_fact_status(
        session=session, actor=actor_of(user), fact_id=fact_id, status=FactStatus.rejected
    )
    return RedirectResponse("/review", status_code=303)


@router.post("/review/facts/{fact_id}/accept/{converter}")
def accept_fact_from_form(session: SessionDep, user: WebUser, fact_id: int, converter: str) -> Response:
    user = require_manager(user, "принимать факты")
    target = accept_fact(session=session, actor=actor_of(user), fact_id=fact_id, converter=converter)
    return RedirectResponse(target, status_code=303)
