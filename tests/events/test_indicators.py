"""The events domain's computed KPI indicators, through the strategy registry."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.events import agreements, service
from clusterdesk.events.schemas import AgreementCreate, EventCreate, ParticipantCreate
from clusterdesk.registry import service as registry
from clusterdesk.registry.models import ClusterKind
from clusterdesk.registry.schemas import ClusterCreate, MembershipCreate
from clusterdesk.strategy.indicators import all_indicators, compute
from tests.events.conftest import Registry


def test_events_held_and_agreements_signed(session: Session, registry_rows: Registry) -> None:
    assert {"events_held", "agreements_signed"} <= set(all_indicators())
    cluster = registry.create_cluster(
        session=session, actor=SYSTEM, data=ClusterCreate(name="Кластер", kind=ClusterKind.industrial)
    )
    registry.create_membership(
        session=session,
        actor=SYSTEM,
        data=MembershipCreate(cluster_id=cluster.id, organization_id=registry_rows.tusur.id),
    )
    rector = ParticipantCreate(person_id=registry_rows.rector.id, role="moderator")
    for name, start, participants in (
        ("Круглый стол", date(2025, 8, 27), [rector]),  # counts through the rector's post at TUSUR
        ("Без участников кластера", date(2025, 5, 25), []),
        ("Без даты", None, [rector]),
        ("Другой год", date(2024, 3, 1), [rector]),
    ):
        data = EventCreate(name=name, kind="forum", start=start, participants=participants)
        service.create_event(session=session, actor=SYSTEM, data=data)
    for signed_on in (date(2025, 3, 1), None):
        agreements.create_agreement(
            session=session,
            actor=SYSTEM,
            data=AgreementCreate(
                party_ids=[registry_rows.tusur.id, registry_rows.mts.id],
                kind="education",
                subject="Образовательные программы",
                date=signed_on,
            ),
        )
    assert compute("events_held", session=session, cluster_id=cluster.id, year=2025) == 1.0
    assert compute("events_held", session=session, cluster_id=cluster.id, year=2024) == 1.0
    assert compute("agreements_signed", session=session, cluster_id=cluster.id, year=2025) == 1.0
    assert compute("agreements_signed", session=session, cluster_id=cluster.id, year=2024) == 0.0
