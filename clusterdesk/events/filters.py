"""One filter per list (events, agreements), shared by the pages, the API and the calendar export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, or_, select

from clusterdesk.events.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    Event,
    EventKind,
    EventParticipant,
)


@dataclass(frozen=True)
class EventFilter:
    kind: EventKind | None = None
    cluster_id: int | None = None
    organization_id: int | None = None
    date_from: date | None = None  # events that end on or after it (dated events only)
    date_to: date | None = None  # events that start on or before it (dated events only)
    dated: bool | None = None  # True: only with a known start; False: only undated

    def apply(self, query: Select) -> Select:
        if self.kind:
            query = query.where(Event.kind == self.kind)
        if self.cluster_id is not None:
            query = query.where(Event.cluster_id == self.cluster_id)
        if self.organization_id is not None:
            present = select(EventParticipant.event_id).where(
                EventParticipant.organization_id == self.organization_id
            )
            query = query.where(Event.id.in_(present))
        if self.date_from is not None:
            query = query.where(
                or_(Event.end >= self.date_from, (Event.end.is_(None)) & (Event.start >= self.date_from))
            )
        if self.date_to is not None:
            query = query.where(Event.start <= self.date_to)
        if self.dated is True:
            query = query.where(Event.start.is_not(None))
        elif self.dated is False:
            query = query.where(Event.start.is_(None))
        return query


@dataclass(frozen=True)
class AgreementFilter:
    kind: AgreementKind | None = None
    organization_id: int | None = None
    cluster_id: int | None = None

    def apply(self, query: Select) -> Select:
        if self.kind:
            query = query.where(Agreement.kind == self.kind)
        if self.organization_id is not None:
            signed = select(AgreementParty.agreement_id).where(
                AgreementParty.organization_id == self.organization_id
            )
            query = query.where(Agreement.id.in_(signed))
        if self.cluster_id is not None:
            query = query.where(Agreement.cluster_id == self.cluster_id)
        return query
