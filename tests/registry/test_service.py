"""Registry services on both databases: audit trail, optimistic locking, uniqueness."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.service import Actor
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.errors import ConflictError, StaleVersionError
from clusterdesk.registry import service
from clusterdesk.registry.filters import OrganizationFilter
from clusterdesk.registry.models import OrganizationKind
from clusterdesk.registry.schemas import OrganizationCreate, OrganizationUpdate

ACTOR = Actor(id=None, name="tester")


def _tusur() -> OrganizationCreate:
    return OrganizationCreate(
        short_name="ТУСУР",
        name="Томский государственный университет систем управления и радиоэлектроники",
        kind=OrganizationKind.university,
        inn="7707083893",
        aliases=["Томский университет систем управления"],
    )


def test_create_update_delete_write_audit_records(session: Session) -> None:
    org = service.create_organization(session=session, actor=ACTOR, data=_tusur())
    service.update_organization(
        session=session, actor=ACTOR, organization_id=org.id, data=OrganizationUpdate(city="Томск", version=1)
    )
    assert org.version == 2
    service.delete_organization(session=session, actor=ACTOR, organization_id=org.id, version=2)
    records = session.scalars(
        select(ChangeRecord)
        .where(ChangeRecord.entity_type == "organization", ChangeRecord.entity_id == org.id)
        .order_by(ChangeRecord.id)
    ).all()
    assert [r.action for r in records] == ["create", "update", "delete"]
    assert records[0].before is None and records[0].after["short_name"] == "ТУСУР"
    assert records[1].before["city"] is None and records[1].after["city"] == "Томск"
    assert records[2].after is None and records[2].before["version"] == 2
    assert all(r.actor_name == "tester" for r in records)


def test_update_with_no_change_writes_nothing(session: Session) -> None:
    org = service.create_organization(session=session, actor=ACTOR, data=_tusur())
    service.update_organization(
        session=session,
        actor=ACTOR,
        organization_id=org.id,
        data=OrganizationUpdate(short_name="ТУСУР", version=1),
    )
    assert org.version == 1
    count = len(session.scalars(select(ChangeRecord).where(ChangeRecord.entity_id == org.id)).all())
    assert count == 1


def test_stale_version_is_refused(session: Session) -> None:
    org = service.create_organization(session=session, actor=ACTOR, data=_tusur())
    service.update_organization(
        session=session, actor=ACTOR, organization_id=org.id, data=OrganizationUpdate(city="Томск", version=1)
    )
    with pytest.raises(StaleVersionError, match="версия 2, у вас 1"):
        service.update_organization(
            session=session,
            actor=ACTOR,
            organization_id=org.id,
            data=OrganizationUpdate(city="Северск", version=1),
        )
    assert org.city == "Томск"


def test_duplicate_inn_names_the_owner(session: Session) -> None:
    service.create_organization(session=session, actor=ACTOR, data=_tusur())
    other = _tusur().model_copy(update={"short_name": "Другая"})
    with pytest.raises(ConflictError, match=r"inn.*ТУСУР"):
        service.create_organization(session=session, actor=ACTOR, data=other)


def test_search_finds_inflected_names_and_aliases(session: Session) -> None:
    service.create_organization(session=session, actor=ACTOR, data=_tusur())
    for query in ("ТУСУРа", "тусуре", "университета систем управления", "Томского университета"):
        items, total = service.get_organizations(session=session, filters=OrganizationFilter(q=query))
        assert total == 1, query
        assert items[0].short_name == "ТУСУР"
    _, total = service.get_organizations(session=session, filters=OrganizationFilter(q="Микран"))
    assert total == 0


def test_concurrent_writers_cannot_overwrite_each_other(scratch_url: str) -> None:
    """Two real sessions read version 1; the second commit is refused, not silently applied."""
    engine = make_engine(scratch_url)
    factory = make_session_factory(engine)
    with factory.begin() as setup:
        org_id = service.create_organization(session=setup, actor=ACTOR, data=_tusur()).id
    first, second = factory(), factory()
    try:
        a = service.get_organization(session=first, organization_id=org_id)
        b = service.get_organization(session=second, organization_id=org_id)
        assert a.version == b.version == 1
        second.commit()  # like a web request: the read ends, the loaded object (version 1) stays in memory
        service.update_organization(
            session=first,
            actor=ACTOR,
            organization_id=org_id,
            data=OrganizationUpdate(city="Томск", version=1),
        )
        first.commit()
        with pytest.raises(StaleVersionError):
            service.update_organization(
                session=second,
                actor=ACTOR,
                organization_id=org_id,
                data=OrganizationUpdate(city="Северск", version=1),
            )
            second.commit()
        second.rollback()
    finally:
        first.close()
        second.close()
    with factory() as check:
        stored = service.get_organization(session=check, organization_id=org_id)
        assert (stored.city, stored.version) == ("Томск", 2)
    engine.dispose()
