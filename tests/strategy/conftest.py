"""Strategy fixtures: a cluster with a program, built through the services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.registry import service as registry_service
from clusterdesk.registry.models import Cluster, ClusterKind
from clusterdesk.registry.schemas import ClusterCreate
from clusterdesk.strategy import service
from clusterdesk.strategy.models import Program
from clusterdesk.strategy.schemas import ProgramCreate


@dataclass
class Setup:
    cluster: Cluster
    program: Program


@pytest.fixture
def setup(session: Session) -> Setup:
    cluster = registry_service.create_cluster(
        session=session,
        actor=SYSTEM,
        data=ClusterCreate(name="Тестовый кластер беспилотных технологий", kind=ClusterKind.industrial),
    )
    program = service.create_program(
        session=session,
        actor=SYSTEM,
        data=ProgramCreate(
            cluster_id=cluster.id, title="Программа развития", first_year=2024, last_year=2030
        ),
    )
    session.commit()  # releases the savepoint only: a failed request's rollback keeps these rows
    return Setup(cluster=cluster, program=program)
