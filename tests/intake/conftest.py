"""Intake fixtures: a real local news site, a migrated scratch database with its session factory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.db import make_engine, make_session_factory
from tests.intake.site import Site, start_site


@pytest.fixture
def site() -> Iterator[Site]:
    site, server = start_site()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def scratch_engine(scratch_url: str) -> Iterator[Engine]:
    engine = make_engine(scratch_url)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(scratch_engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(scratch_engine)


@pytest.fixture(scope="session")
def nlp_models() -> object:
    from clusterdesk.news.nlp import build_models

    return build_models()
