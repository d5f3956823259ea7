"""News pages: the feed with entity highlighting, an item with its facts, the review queue."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from clusterdesk.audit.labels import link_of, own_name, type_label
from clusterdesk.audit.service import snapshot
from clusterdesk.auth.permissions import (
    MANAGING_ROLES,
    READ_ALL_ROLES,
    actor_of,
    require_manager,
    require_reader_of_all,
)
from clusterdesk.labels import field_label
from clusterdesk.news import service
from clusterdesk.news.accept import accept_fact, offers
from clusterdesk.news.models import FactStatus, NewsFact
from clusterdesk.news.present import highlighted, highlighted_excerpt, source_lines
from clusterdesk.news.proposal_views import router as proposal_router
from clusterdesk.news.records import Entity
from clusterdesk.news.risk_views import router as risk_router
from clusterdesk.news.risks import CATEGORY_LABELS
from clusterdesk.news.tone import TONE_LABELS, item_tone, sentences_of
from clusterdesk.registry import service as registry_service
from clusterdesk.registry.filters import OrganizationFilter, PersonFilter
from clusterdesk.russian import DATE_HINT, MONTHS, ru_date
from clusterdesk.web.deps import SessionDep, SettingsDep, WebUser
from clusterdesk.web.filters import filter_from_query, page_number, query_int, read_filter_days
from clusterdesk.web.routing import page_router
from clusterdesk.web.security import safe_next
from clusterdesk.web.templating import render

router = page_router()
# registry updates proposed from the news (a new rector, a rename): news reads, the registry is written
router.include_router(proposal_router)
router.include_router(risk_router)  # the risks of the cluster's organisations
NAV_ORDER = 50
NAV = [("Новости", "/news", "news"), ("Проверка", "/review", "review", READ_ALL_ROLES)]
PAGE_SIZE = 10
ORG_TEXT_LENGTH = 200  # the organisation filter's field: longer text is no name
ALL_SHOWN = "показаны все новости"

VALUE_LABELS = {
    "meeting": "совещание",
    "forum": "форум",
    "strategic_session": "стратегическая сессия",
    "round_table": "круглый стол",
    "conference": "конференция",
    "exhibition": "выставка",
    "agreement": "соглашение",
    "cooperation": "о сотрудничестве",
    **CATEGORY_LABELS,
    "holds": "занимает должность",
    "appointed": "назначение",
    "left": "уход с должности",
    "former": "бывшая должность",
}
FIELD_LABELS = {
    "person": "Человек",
    "title": "Должность",
    "organization": "Организация",
    "change": "Что сообщается",
    "name": "Название",
    "kind": "Вид",
    "start": "Начало",
    "end": "Окончание",
    "date_text": "Дата в тексте",
    "place": "Место",
    "topic": "Тема",
    "host_event": "В рамках",
    "organizers": "Организаторы",
    "participants": "Участники",
    "parties": "Стороны",
    "subject": "Предмет",
    "date": "Дата",
    "organizations": "Организации",
    "subjects": "Предмет",
    "body": "Кто утвердил",
    "documents": "Документы",
    "category": "Вид риска",
    "trigger": "Слова в тексте",
}
PARTIAL_DATE = re.compile(r"^--\d\d-\d\d$")
FULL_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
HIDDEN_FACT_FIELDS = frozenset({"host_kind"})  # said by «В рамках» already


def _fact_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_fact_value(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("normal") or "")
    text = str(value)
    if PARTIAL_DATE.match(text):  # «--04-05»: the text gives the day, not the year
        month, day = int(text[2:4]), int(text[5:7])
        return f"{day} {MONTHS[month - 1]} (год не указан)"
    if FULL_DATE.match(text):
        return ru_date(date.fromisoformat(text))
    return VALUE_LABELS.get(text, text)


def fact_rows(fact: NewsFact) -> list[tuple[str, str]]:
    """The fact's slots as «Поле: значение» in Russian (codes, ISO dates and partial dates in words)."""
    rows = []
    for key, value in fact.fields.items():
        if key in HIDDEN_FACT_FIELDS or key.endswith("_id") or value in (None, "", []):
            continue
        text = _fact_value(value)
        if text:
            rows.append((FIELD_LABELS.get(key, field_label(None, key).capitalize()), text))
    return rows


@dataclass(frozen=True)
class Target:
    """A stored row a fact would be linked to, as the review page names it."""

    kind: str  # «мероприятие»
    name: str
    url: str | None


@dataclass(frozen=True)
class FactAction:
    label: str
    href: str
    targets: tuple[Target, ...] = ()


def _target(row: Any) -> Target:
    table = str(row.__tablename__)
    snap = snapshot(row)
    return Target(type_label(table), own_name(snap) or f"#{row.id}", link_of(table, row.id, snap))


def fact_actions(session: Session, fact: NewsFact) -> list[FactAction]:
    """How a fact can be accepted: «Связать с существующим» when the row is there, else «Создать …»; a
    post is recorded in the registry, a decision is noted (the converters of clusterdesk/startup.py)."""
    return [
        FactAction(
            offer.label,
            f"/review/facts/{fact.id}/accept/{offer.converter}",
            tuple(_target(row) for row in offer.existing),
        )
        for offer in offers(session=session, fact=fact)
    ]


@dataclass(frozen=True)
class OrganizationChoice:
    """The feed's organisation filter: what its field shows, the organisation chosen (if one), and when the
    typed name does not choose one, why — with the organisations it may mean."""

    text: str = ""
    organization_id: int | None = None
    problem: str | None = None
    candidates: tuple[Any, ...] = ()


def _organization_filter(
    session: Session, filters: service.NewsFilter, typed: str | None
) -> OrganizationChoice:
    """A link's ``org_id`` (the card's «все новости») or a name typed into the field («микран», «ТУСУР»): the
    registry is searched by name, so that any of its organisations can be chosen however large it is."""
    if filters.org_id is not None:
        name = registry_service.organization_name(session=session, organization_id=filters.org_id)
        if name is None:
            return OrganizationChoice(problem=f"Организации #{filters.org_id} в реестре нет: {ALL_SHOWN}")
        return OrganizationChoice(text=name, organization_id=filters.org_id)
    text = " ".join((typed or "").split())[:ORG_TEXT_LENGTH]
    if not text:
        return OrganizationChoice()
    found = registry_service.organizations_named(session=session, text=text)
    if len(found) == 1:
        return OrganizationChoice(text=found[0].short_name, organization_id=found[0].id)
    if not found:
        return OrganizationChoice(text, problem=f"Организация «{text}» в реестре не найдена: {ALL_SHOWN}")
    more = " (показаны первые)" if len(found) > registry_service.NAMED_LIMIT else ""
    return OrganizationChoice(
        text,
        problem=f"Под «{text}» подходит несколько организаций{more} — выберите одну:",
        candidates=tuple(found[: registry_service.NAMED_LIMIT]),
    )


@router.get("/news")
def news_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    q: str | None = None,
    org_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    org: str | None = None,
    page: int = 1,
) -> Response:
    days = read_filter_days((("since", "С даты", since), ("until", "По дату", until)))
    filters = filter_from_query(service.NewsFilter, request.query_params, person_id=None, **days.values)
    page = page_number(page)
    chosen = _organization_filter(session, filters, org)
    filters = replace(filters, org_id=chosen.organization_id)
    items, total = service.get_items(session=session, filters=filters, page=page, page_size=PAGE_SIZE)
    context = {
        "user": user,
        "section": "news",
        "items": items,
        "total": total,
        "count_limit": service.COUNT_LIMIT,
        "filters": filters,
        "org": chosen,
        "org_text_length": ORG_TEXT_LENGTH,
        "page": page,
        "pages": max(1, -(-min(total, service.COUNT_LIMIT) // PAGE_SIZE)),
        "date_problems": days.problems,
        "since_text": days.text("since"),
        "until_text": days.text("until"),
        "DATE_HINT": DATE_HINT,
        "highlighted_excerpt": highlighted_excerpt,
        "fact_rows": fact_rows,
    }
    return render(request, "news/feed.html", context)


@router.get("/news/{item_id}")
def news_item_page(
    request: Request, session: SessionDep, user: WebUser, settings: SettingsDep, item_id: int
) -> Response:
    item = service.get_item(session=session, item_id=item_id)
    tone = None
    if settings.news_tone:  # off by default: below the quality target (docs/BENCHMARKS.md)
        mentions = [
            Entity(type="ORG", start=m.start, end=m.end, text=m.text, normal=m.normal)
            for m in item.mentions
            if m.type == "ORG"
        ]
        tone = item_tone(item.text, mentions, sentences_of(item.text), None)
    context = {
        "tone": tone,
        "TONE_LABELS": TONE_LABELS,
        "user": user,
        "section": "news",
        "item": item,
        "text": highlighted(item),
        "sources": source_lines(item),
        "fact_rows": fact_rows,
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
        "fact_rows": fact_rows,
        "can_review": user is not None and user.role in MANAGING_ROLES,
        "names": {m.id: service.entity_name(session=session, mention=m) for m in mentions},
        "fact_actions": partial(fact_actions, session),
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
