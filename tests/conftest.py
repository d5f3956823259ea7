"""Database fixtures: every database test runs on SQLite and on PostgreSQL, each test isolated.

PostgreSQL comes from CLUSTERDESK_TEST_PG_URL (default: the local server's ``test`` database). Where it is
unreachable the PostgreSQL half is skipped with the reason, except under CI=true, where it fails loudly.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from clusterdesk.auth.models import Role, User
from clusterdesk.auth.security import hash_password, issue_token
from clusterdesk.config import Settings
from clusterdesk.db import make_engine
from clusterdesk.migrate import upgrade
from clusterdesk.registry.models import Organization, OrganizationKind
from clusterdesk.web.app import create_app
from clusterdesk.web.deps import get_session

PG_URL = os.environ.get("CLUSTERDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]
TEST_SECRET = "test-secret-key-that-is-long-enough-1234567890"
PASSWORD = "correct-horse-battery"


def _pg_unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"PostgreSQL is required under CI=true but unreachable at {PG_URL}: {reason}", pytrace=False
        )
    pytest.skip(f"PostgreSQL unreachable at {PG_URL}: {reason}")


def _check_pg() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # any connection problem is a reason to skip (or fail under CI)
        return str(exc).splitlines()[0]
    return None


@pytest.fixture(scope="session")
def pg_problem() -> str | None:
    return _check_pg()


class DatabaseFactory:
    """Throwaway migrated databases: a SQLite file, or a new PostgreSQL database on the test server."""

    def __init__(self, tmp_dir: Path) -> None:
        self.tmp_dir = tmp_dir
        self.created_pg: list[str] = []

    def new_url(self, backend: str) -> str:
        name = f"cd_test_{uuid.uuid4().hex[:12]}"
        if backend == "sqlite":
            return f"sqlite:///{self.tmp_dir / (name + '.db')}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.created_pg.append(name)
        return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    def migrated_url(self, backend: str) -> str:
        url = self.new_url(backend)
        upgrade(url)
        return url

    def drop_all(self) -> None:
        if not self.created_pg:
            return
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.created_pg:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("db"))
    yield factory
    factory.drop_all()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, pg_problem: str | None) -> str:
    if request.param == "postgresql" and pg_problem:
        _pg_unavailable(pg_problem)
    return request.param


_ENGINES: dict[str, Engine] = {}


@pytest.fixture
def engine(backend: str, databases: DatabaseFactory) -> Engine:
    """One migrated database per backend for the whole run; tests isolate themselves by rollback."""
    if backend not in _ENGINES:
        _ENGINES[backend] = make_engine(databases.migrated_url(backend))
    return _ENGINES[backend]


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back: commits only release savepoints."""
    connection = engine.connect()
    outer = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def scratch_url(backend: str, databases: DatabaseFactory) -> str:
    """A fresh migrated database of its own, for tests that need real commits from several sessions."""
    return databases.migrated_url(backend)


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(environment="test", data_dir=tmp_path, secret_key=TEST_SECRET, database_url="sqlite://")


@pytest.fixture
def client(session: Session, engine: Engine, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, engine=engine)

    def test_session() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    app.dependency_overrides[get_session] = test_session
    with TestClient(app) as test_client:
        yield test_client


@dataclass
class Accounts:
    """Users of every role and their bearer headers."""

    users: dict[str, User]
    member_org: Organization
    headers: Callable[[str], dict[str, str]]


@pytest.fixture
def accounts(session: Session, password_hash: str) -> Accounts:
    org = Organization(
        short_name="АО «Тестовая фирма»",
        name="Акционерное общество «Тестовая фирма»",
        kind=OrganizationKind.enterprise,
        okved2=[],
        aliases=[],
        search_text=" тестовый фирма ",
    )
    session.add(org)
    session.flush()
    users = {}
    for role in Role:
        user = User(
            username=f"{role.value}-user",
            password_hash=password_hash,
            role=role,
            is_active=True,
            organization_id=org.id if role == Role.member else None,
        )
        session.add(user)
        users[role.value] = user
    session.commit()  # releases the savepoint only: the outer transaction is still rolled back at the end

    def headers(role: str) -> dict[str, str]:
        token = issue_token(user_id=users[role].id, secret_key=TEST_SECRET, ttl_minutes=10)
        return {"Authorization": f"Bearer {token}"}

    return Accounts(users=users, member_org=org, headers=headers)
