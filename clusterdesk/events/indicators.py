"""Computed KPI indicators of events and agreements for the strategy domain (``@indicator`` registry).

Only dated rows count: an event or agreement whose date is unknown cannot be placed in a year.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from clusterdesk.events.models import Agreement, AgreementParty, Event, EventParticipant
from clusterdesk.indicators import indicator
from clusterdesk.registry.models import Membership, Post


def _members_during(cluster_id: int, year: int) -> Any:
    """Organisations that were members of the cluster at some point of ``year``."""
    return select(Membership.organization_id).where(
        Membership.cluster_id == cluster_id,
        or_(Membership.since.is_(None), Membership.since <= date(year, 12, 31)),
        or_(Membership.until.is_(None), Membership.until >= date(year, 1, 1)),
    )


@indicator("events_held", "Мероприятия кластера", "шт.")
def events_held(*, session: Session, cluster_id: int, year: int) -> float:
    """Events that started in ``year`` (up to today) for the cluster or with its members taking part."""
    members = _members_during(cluster_id, year)
    staff = select(Post.person_id).where(Post.organization_id.in_(members))
    with_members = select(EventParticipant.event_id).where(
        or_(EventParticipant.organization_id.in_(members), EventParticipant.person_id.in_(staff))
    )
    query = select(func.count(Event.id)).where(
        Event.start >= date(year, 1, 1),
        Event.start <= min(date(year, 12, 31), date.today()),
        or_(Event.cluster_id == cluster_id, Event.id.in_(with_members)),
    )
    return float(session.scalar(query) or 0)


@indicator("agreements_signed", "Соглашения участников", "шт.")
def agreements_signed(*, session: Session, cluster_id: int, year: int) -> float:
    """Agreements signed in ``year`` by at least one member of the cluster, or made for the cluster."""
    members = _members_during(cluster_id, year)
    signed_by_members = select(AgreementParty.agreement_id).where(AgreementParty.organization_id.in_(members))
    query = select(func.count(Agreement.id)).where(
        Agreement.signed_on >= date(year, 1, 1),
        Agreement.signed_on <= date(year, 12, 31),
        or_(Agreement.cluster_id == cluster_id, Agreement.id.in_(signed_by_members)),
    )
    return float(session.scalar(query) or 0)
