"""Migrations build exactly the schema the models describe, on both databases, and go back down."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from clusterdesk.db import make_engine
from clusterdesk.migrate import downgrade
from clusterdesk.models import Base


def test_upgraded_schema_matches_models(scratch_url: str) -> None:
    engine = make_engine(scratch_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_removes_every_table(scratch_url: str) -> None:
    downgrade(scratch_url, "base")
    engine = make_engine(scratch_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
