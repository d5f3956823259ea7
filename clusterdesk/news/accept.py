"""Accept a news fact into another domain (an event, an agreement, a project) in one click.

The converters live in their own domains and are registered by the app at start-up (clusterdesk/startup.py)
with ``register_converter``; the news domain never imports them. Each gets the fact as a typed
``records.AcceptedFact`` (its slots, evidence, the item's entities with their registry links, the news item
id to keep as the source) and returns the row it created or found.

A converter may also ``find`` the rows a fact already is (the event, the agreement, the post the registry
holds): the review page then offers «Связать с существующим» instead of «Создать …», and accepting links the
fact to that row (the converter adds the news item as its source) instead of creating a copy. A converter
whose ``convert`` returns None accepts a fact without a row (a decision is noted, nothing is created).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.errors import ConflictError, NotFoundError
from clusterdesk.news import records, service
from clusterdesk.news.models import FactStatus, MentionStatus, NewsFact
from clusterdesk.news.present import item_title


class Created(Protocol):
    """What a converter returns: a stored row (its table name and id name what the fact became)."""

    __tablename__: Any
    id: Any


@dataclass(frozen=True)
class FactConverter:
    name: str  # stable code, in URLs: «event»
    fact_type: str  # the fact type it accepts
    label: str  # the button: «Создать событие»
    convert: Callable[..., Created | None]  # convert(*, session, actor, fact: records.AcceptedFact)
    # find(*, session, fact: records.AcceptedFact) -> the stored rows the fact already is (best first)
    find: Callable[..., Sequence[Created]] | None = None
    link_label: str = "Связать с существующим"  # the button when ``find`` found a row


@dataclass(frozen=True)
class Offer:
    """One way to accept a fact, as the review page shows it: create a row, or link the rows found."""

    converter: str
    label: str
    existing: tuple[Created, ...] = ()


_CONVERTERS: dict[str, FactConverter] = {}


def register_converter(converter: FactConverter) -> None:
    """Offer a converter (the app does this at start-up); registering the same one again changes nothing."""
    existing = _CONVERTERS.get(converter.name)
    if existing is not None and existing != converter:
        raise ValueError(f"fact converter {converter.name!r} is already registered")
    _CONVERTERS[converter.name] = converter


def available_converters() -> dict[str, FactConverter]:
    return dict(_CONVERTERS)


def accepted_fact(fact: NewsFact) -> records.AcceptedFact:
    """The stored fact as the typed record a converter in another domain gets."""
    confirmed = (MentionStatus.linked, MentionStatus.accepted)
    entities = tuple(
        records.Entity(
            type=m.type,  # type: ignore[arg-type]
            start=m.start,
            end=m.end,
            text=m.text,
            normal=m.normal,
            link=(
                records.Link(
                    entity_id=int(m.organization_id or m.person_id),  # type: ignore[arg-type]
                    name=m.normal,
                    confidence=m.confidence if m.confidence is not None else 1.0,
                )
                if m.status in confirmed and (m.organization_id or m.person_id)
                else None
            ),
        )
        for m in fact.item.mentions
    )
    return records.AcceptedFact(
        type=fact.type,  # type: ignore[arg-type]
        fields=dict(fact.fields),
        evidence=records.Span(fact.evidence_start, fact.evidence_end),
        evidence_text=fact.item.text[fact.evidence_start : fact.evidence_end],
        news_item_id=fact.item_id,
        item_text=fact.item.text,
        title=item_title(fact.item),
        url=next((o.article.url for o in fact.item.occurrences if o.article.url), None),
        published=fact.item.published,
        organization_ids=tuple(o.organization_id for o in fact.organizations),
        entities=entities,
    )


def offers(*, session: Session, fact: NewsFact) -> list[Offer]:
    """A fact's accept actions: «Связать с существующим» where a converter finds the row, else «Создать …»."""
    found: list[Offer] = []
    record: records.AcceptedFact | None = None
    for name, converter in _CONVERTERS.items():
        if converter.fact_type != fact.type:
            continue
        existing: tuple[Created, ...] = ()
        if converter.find is not None:
            record = record or accepted_fact(fact)
            existing = tuple(converter.find(session=session, fact=record))
        label = converter.link_label if existing else converter.label
        if len(existing) > 1:
            label = label.replace("существующим", "существующими")  # «Связать с существующими» (3 проекта)
        found.append(Offer(name, label, existing))
    return found


def accept_fact(*, session: Session, actor: Actor, fact_id: int, converter: str) -> str:
    """Run the converter, mark the fact accepted, and return the page to show next."""
    fact = service.get_fact(session=session, fact_id=fact_id)
    found = _CONVERTERS.get(converter)
    if found is None or found.fact_type != fact.type:
        raise NotFoundError(f"Нет преобразования «{converter}» для факта типа «{fact.type}»")
    if fact.status == FactStatus.accepted:
        raise ConflictError(f"Факт #{fact.id} уже принят: {fact.accepted_as}")
    created = found.convert(session=session, actor=actor, fact=accepted_fact(fact))
    accepted_as = f"{created.__tablename__}:{created.id}" if created is not None else None
    service.set_fact_status(
        session=session, actor=actor, fact_id=fact.id, status=FactStatus.accepted, accepted_as=accepted_as
    )
    return f"/news/{fact.item_id}"


def note_decision(*, session: Session, actor: Actor, fact: records.AcceptedFact) -> None:
    """A decision is accepted as read: nothing is created, the fact leaves the queue as «принято»."""
    del session, actor, fact
    return None
