"""Accept a news fact into another domain (an event, an agreement, a project) in one click.

The converters live in their own domains; a converter is offered only when its domain is installed. Each gets
the fact as plain data — the fact's fields as in ``clusterdesk extract`` output plus ``evidence``,
``organization_ids`` (registry organisations the fact names) and ``entities`` (the item's mentions with their
registry links) — and the news item id to keep as the source.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.errors import ConflictError, NotFoundError
from clusterdesk.news import service
from clusterdesk.news.models import FactStatus, MentionStatus, NewsFact

# name -> (fact type, button label, "module:function")
FACT_CONVERTERS_ALL: dict[str, tuple[str, str, str]] = {
    "event": ("event", "Создать событие", "clusterdesk.events.from_news:create_event_from_fact"),
    "agreement": (
        "agreement",
        "Создать соглашение",
        "clusterdesk.events.from_news:create_agreement_from_fact",
    ),
    "project": ("project", "Создать проект", "clusterdesk.projects.from_news:create_project_from_fact"),
}


@cache
def _load(target: str) -> Callable[..., Any] | None:
    module_name, function = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, function, None)


def available_converters() -> dict[str, tuple[str, str, str]]:
    return {name: spec for name, spec in FACT_CONVERTERS_ALL.items() if _load(spec[2]) is not None}


def fact_payload(fact: NewsFact) -> dict[str, Any]:
    """The fact as plain data for a converter in another domain."""
    confirmed = (MentionStatus.linked, MentionStatus.accepted)
    entities = [
        {
            "type": m.type,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "normal": m.normal,
            "link": (
                {
                    "entity_type": "organization" if m.organization_id else "person",
                    "id": m.organization_id or m.person_id,
                    "confidence": m.confidence,
                }
                if m.status in confirmed and (m.organization_id or m.person_id)
                else None
            ),
        }
        for m in fact.item.mentions
    ]
    return {
        "type": fact.type,
        **fact.fields,
        "evidence": {"start": fact.evidence_start, "end": fact.evidence_end},
        "evidence_text": fact.item.text[fact.evidence_start : fact.evidence_end],
        "published": fact.item.published.isoformat() if fact.item.published else None,
        "organization_ids": [o.organization_id for o in fact.organizations],
        "entities": entities,
    }


def accept_fact(*, session: Session, actor: Actor, fact_id: int, converter: str) -> str:
    """Run the converter, mark the fact accepted, and return the page to show next."""
    fact = service.get_fact(session=session, fact_id=fact_id)
    spec = available_converters().get(converter)
    if spec is None or spec[0] != fact.type:
        raise NotFoundError(f"Нет преобразования «{converter}» для факта типа «{fact.type}»")
    if fact.status == FactStatus.accepted:
        raise ConflictError(f"Факт #{fact.id} уже принят: {fact.accepted_as}")
    create = _load(spec[2])
    assert create is not None
    payload = fact_payload(fact)
    optional = {
        "entities": payload["entities"],
        "item_text": fact.item.text,
        "title": fact.item.title,
        "url": next((o.article.url for o in fact.item.occurrences if o.article.url), None),
    }
    accepted = inspect.signature(create).parameters
    extra = {k: v for k, v in optional.items() if k in accepted}
    created = create(session=session, actor=actor, fact=payload, news_item_id=fact.item_id, **extra)
    accepted_as = f"{created.__tablename__}:{created.id}"
    service.set_fact_status(
        session=session, actor=actor, fact_id=fact.id, status=FactStatus.accepted, accepted_as=accepted_as
    )
    return f"/news/{fact.item_id}"
