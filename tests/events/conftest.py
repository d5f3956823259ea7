"""Registry rows the events tests refer to."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.registry import service as registry
from clusterdesk.registry.models import Organization, OrganizationKind, Person
from clusterdesk.registry.schemas import OrganizationCreate, PersonCreate, PostCreate


@dataclass
class Registry:
    tusur: Organization
    mts: Organization
    rector: Person


@pytest.fixture
def registry_rows(session: Session) -> Registry:
    tusur = registry.create_organization(
        session=session,
        actor=SYSTEM,
        data=OrganizationCreate(
            short_name="ТУСУР",
            name="Томский государственный университет систем управления и радиоэлектроники",
            kind=OrganizationKind.university,
        ),
    )
    mts = registry.create_organization(
        session=session,
        actor=SYSTEM,
        data=OrganizationCreate(
            short_name="ПАО «МТС»",
            name="Публичное акционерное общество «Мобильные ТелеСистемы»",
            kind=OrganizationKind.enterprise,
            aliases=["МТС"],
        ),
    )
    rector = registry.create_person(
        session=session, actor=SYSTEM, data=PersonCreate(full_name="Виктор Рулевский")
    )
    registry.create_post(
        session=session,
        actor=SYSTEM,
        data=PostCreate(person_id=rector.id, organization_id=tusur.id, title="ректор"),
    )
    return Registry(tusur=tusur, mts=mts, rector=rector)
