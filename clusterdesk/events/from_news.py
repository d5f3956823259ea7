"""Turn the news pipeline's event and agreement facts into events and agreements, keeping the news as source.

A fact comes as the news domain's typed ``AcceptedFact`` record, its slots as the pipeline prints them
(`clusterdesk.news.jsonl.fact_to_json`). An event has ``name``,
``kind``, ``start``, ``end``, ``date_text``, ``place``, ``organizers``, ``participants`` and ``evidence``; an
agreement has ``parties``, ``subject``, ``kind`` (the word used: «соглашение», «договор», «меморандум») and
``date``. Names are linked to the registry through the item's entities (their ``link``), else by name;
unlinked people and organisations stay on events by name and are left out of agreements (a party must be in
the registry).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.events import agreements as agreement_service
from clusterdesk.events import service
from clusterdesk.events.labels import EVENT_KIND_LABELS
from clusterdesk.events.models import Agreement, AgreementKind, Event, EventKind, ParticipantRole
from clusterdesk.events.schemas import AgreementCreate, EventCreate, ParticipantCreate, SourceCreate
from clusterdesk.news.link import name_key
from clusterdesk.news.records import AcceptedFact, Entity
from clusterdesk.registry.models import Organization, Person

AGREEMENT_KINDS = (
    (AgreementKind.education, re.compile(r"образоват|обучени|подготовк\w* (кадр|специалист)|кадр", re.I)),
    (AgreementKind.rnd, re.compile(r"ниокр|научно-исследоват|исследовани|разработк", re.I)),
    (AgreementKind.supply, re.compile(r"постав", re.I)),
    (AgreementKind.investment, re.compile(r"инвест", re.I)),
)
_ROLE_WORDS = ((ParticipantRole.moderator, "модератор"), (ParticipantRole.speaker, "выступ"))


def _date(value: object) -> date | None:
    """A full ISO date; a partial one without a year («--04-05») gives None, never an invented year."""
    if not isinstance(value, str) or not value or value.startswith("--"):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _excerpt(fact: AcceptedFact) -> str | None:
    return (fact.evidence_text or "").strip() or None


class _Linker:
    """Registry ids for names: from the item's entity links first, then by name."""

    def __init__(self, session: Session, entities: Sequence[Entity]) -> None:
        self.session = session
        self.linked: dict[str, tuple[str, int | None]] = {}
        for entity in entities:
            kind = "person" if entity.type == "PER" else "organization"
            key = name_key(entity.normal or entity.text)
            if key and (key not in self.linked or self.linked[key][1] is None):
                self.linked[key] = (kind, entity.link.entity_id if entity.link else None)

    def resolve(self, item: object) -> ParticipantCreate | None:
        """A participant for a name or an already-linked dict; None for an empty entry."""
        if isinstance(item, Mapping):
            name = str(item.get("name") or item.get("normal") or "").strip() or None
            org_id, person_id = item.get("organization_id"), item.get("person_id")
            if org_id is None and person_id is None and item.get("id") is not None:
                if item.get("type") == "PER":
                    person_id = item["id"]
                else:
                    org_id = item["id"]
            if org_id is None and person_id is None and name:
                return self.resolve(name)
            return ParticipantCreate(organization_id=org_id, person_id=person_id, name=name)
        name = str(item or "").strip()
        if not name:
            return None
        kind, found = self.linked.get(name_key(name), (None, None))
        if found is None:
            kind, found = self._by_name(name, kind)
        if found is None:
            return ParticipantCreate(name=name)
        if kind == "person":
            return ParticipantCreate(person_id=found, name=name)
        return ParticipantCreate(organization_id=found, name=name)

    def _by_name(self, name: str, kind: str | None) -> tuple[str | None, int | None]:
        key = name_key(name)
        if kind != "person":
            for org in self.session.scalars(select(Organization)):
                if key in {name_key(n) for n in (org.short_name, org.name, *(org.aliases or []))}:
                    return "organization", org.id
        if kind != "organization":
            words = set(key.split())
            for person in self.session.scalars(select(Person)):
                if len(words) >= 2 and words <= set(name_key(person.full_name).split()):
                    return "person", person.id
        return kind, None


def _role(default: ParticipantRole, participant: ParticipantCreate, excerpt: str | None) -> ParticipantRole:
    """«… Виктор Рулевский выступил модератором …»: a named person's role from the evidence sentence."""
    if default != ParticipantRole.participant or participant.person_id is None or not excerpt:
        return default
    lowered = excerpt.lower()
    for role, word in _ROLE_WORDS:
        if word in lowered:
            return role
    return default


def _source(fact: AcceptedFact, excerpt: str | None) -> SourceCreate:
    return SourceCreate(news_item_id=fact.news_item_id, title=fact.title, url=fact.url, excerpt=excerpt)


def _key(text: object) -> str:
    return name_key(str(text or ""))


def _same_name(one: str, other: str) -> bool:
    """Equal keys, or one name inside the other («U-Novus 2025» in «Пленарная сессия форума U-Novus 2025»)."""
    if not one or not other:
        return False
    short, long = sorted((one, other), key=len)
    return short == long or (len(short) >= 6 and f" {short} " in f" {long} ")


def find_events_for_fact(*, session: Session, fact: AcceptedFact) -> list[Event]:
    """The stored events an event fact already is, best first (none: accepting creates one).

    Same kind (when the fact knows it) and no clash of known start dates; then one of: the same name (or one
    inside the other), the fact's news item already a source of the event, the same known start, the fact's
    place named in the event's place.
    """
    if fact.type != "event":
        return []
    raw_kind = fact.get("kind")
    kind = EventKind(raw_kind) if isinstance(raw_kind, str) and raw_kind in EventKind.__members__ else None
    start = _date(fact.get("start"))
    name, place = _key(fact.get("name")), _key(fact.get("place"))
    query = select(Event).order_by(Event.id)
    if kind is not None:
        query = query.where(Event.kind == kind)
    scored: list[tuple[int, Event]] = []
    for event in session.scalars(query):
        if event.start is not None and start is not None and event.start != start:
            continue
        score = 0
        if _same_name(name, _key(event.name)):
            score += 4
        if any(s.news_item_id == fact.news_item_id for s in event.sources if s.news_item_id is not None):
            score += 3
        if start is not None and event.start == start:
            score += 2
        if len(place) >= 5 and f" {place} " in f" {_key(event.place)} ":
            score += 1
        if score:
            scored.append((score, event))
    return [event for _score, event in sorted(scored, key=lambda pair: -pair[0])]


def create_event_from_fact(*, session: Session, actor: Actor, fact: AcceptedFact) -> Event:
    """An event (new, or the stored one of that name, kind and start) with its people and the news item."""
    if fact.type != "event":
        raise ValidationFailed([FieldProblem("type", f"ожидался факт о мероприятии, а не «{fact.type}»")])
    raw_kind = fact.get("kind")
    known = isinstance(raw_kind, str) and raw_kind in EventKind.__members__
    kind = EventKind(raw_kind) if known else EventKind.meeting  # type: ignore[arg-type]
    place = str(fact.get("place") or "").strip() or None
    name = str(fact.get("name") or "").strip() or (EVENT_KIND_LABELS[kind] + (f" ({place})" if place else ""))
    start, end = _date(fact.get("start")), _date(fact.get("end"))
    excerpt = _excerpt(fact)
    linker = _Linker(session, fact.entities)
    participants: list[ParticipantCreate] = []
    for field_name, role in (
        ("organizers", ParticipantRole.organizer),
        ("participants", ParticipantRole.participant),
    ):
        for item in _as_list(fact.get(field_name)):
            found = linker.resolve(item)
            if found is not None:
                found.role = _role(role, found, excerpt)
                participants.append(found)
    stored = find_events_for_fact(session=session, fact=fact)
    event = stored[0] if stored else service.find_event(session=session, name=name, kind=kind, start=start)
    if event is None:
        data = EventCreate(
            name=name,
            kind=kind,
            start=start,
            end=end if start and end and end >= start else None,
            date_text=None if start else (str(fact.get("date_text") or "").strip() or None),
            place=place,
        )
        event = service.create_event(session=session, actor=actor, data=data)
    for participant in participants:
        service.add_participant(session=session, actor=actor, event_id=event.id, data=participant)
    service.add_source(session=session, actor=actor, event_id=event.id, data=_source(fact, excerpt))
    session.refresh(event)
    return event


def _as_list(value: object) -> Iterable[object]:
    if value is None:
        return []
    if isinstance(value, str | Mapping):
        return [value]
    return list(value)  # type: ignore[call-overload]


def agreement_kind(subject: str | None) -> AgreementKind:
    for kind, pattern in AGREEMENT_KINDS:
        if subject and pattern.search(subject):
            return kind
    return AgreementKind.cooperation


def _find_agreement(session: Session, party_ids: list[int], signed_on: date | None) -> Agreement | None:
    for party_id in party_ids[:1]:
        for agreement in agreement_service.agreements_of_organization(
            session=session, organization_id=party_id
        ):
            same_day = agreement.signed_on is None or signed_on is None or agreement.signed_on == signed_on
            if set(agreement.party_ids) == set(party_ids) and same_day:
                return agreement
    return None


def _parties(session: Session, fact: AcceptedFact) -> tuple[list[int], list[str]]:
    """Registry ids of the parties, and the names not found in the registry."""
    linker = _Linker(session, fact.entities)
    party_ids: list[int] = []
    unknown: list[str] = []
    for item in _as_list(fact.get("parties")):
        found = linker.resolve(item)
        if found is None:
            continue
        if found.organization_id is None:
            unknown.append(found.name or "?")
        elif found.organization_id not in party_ids:
            party_ids.append(found.organization_id)
    return party_ids, unknown


def find_agreements_for_fact(*, session: Session, fact: AcceptedFact) -> list[Agreement]:
    """The stored agreement of the same parties (and date, when both know it) an agreement fact already is."""
    if fact.type != "agreement":
        return []
    party_ids, _unknown = _parties(session, fact)
    found = _find_agreement(session, party_ids, _date(fact.get("date"))) if len(party_ids) >= 2 else None
    return [found] if found is not None else []


def create_agreement_from_fact(*, session: Session, actor: Actor, fact: AcceptedFact) -> Agreement:
    """An agreement between the parties found in the registry (at least two), with the news item as source."""
    if fact.type != "agreement":
        raise ValidationFailed([FieldProblem("type", f"ожидался факт о соглашении, а не «{fact.type}»")])
    party_ids, unknown = _parties(session, fact)
    if len(party_ids) < 2:
        missing = f" Нет в реестре: {', '.join(unknown)}." if unknown else ""
        raise ValidationFailed(
            [
                FieldProblem(
                    "parties",
                    "в реестре найдено меньше двух сторон соглашения;"
                    f"{missing} Добавьте организации в реестр и примите факт снова.",
                )
            ]
        )
    signed_on = _date(fact.get("date"))
    excerpt = _excerpt(fact)
    agreement = _find_agreement(session, party_ids, signed_on)
    if agreement is None:
        subject = str(fact.get("subject") or "").strip()
        word = str(fact.get("kind") or "соглашение").strip().lower()
        data = AgreementCreate(
            party_ids=party_ids,
            date=signed_on,
            kind=agreement_kind(subject or excerpt),
            subject=subject or f"{word.capitalize()} (предмет в новости не указан)",
        )
        agreement = agreement_service.create_agreement(session=session, actor=actor, data=data)
    agreement_service.add_source(
        session=session,
        actor=actor,
        agreement_id=agreement.id,
        data=_source(fact, excerpt),
    )
    session.refresh(agreement)
    return agreement
