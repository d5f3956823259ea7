"""Database fixtures: every database test runs on SQLite and on PostgreSQL, each test isolated.

PostgreSQL comes from CLUSTERDESK_TEST_PG_URL (default: the local server's ``test`` database). Where it is
unreachable the PostgreSQL half is skipped with the reason, except under CI=true, where it fails loudly.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import Request
from fastapi.testclient import TestClient
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.auth.models import Role, User
from clusterdesk.auth.schemas import UserCreate
from clusterdesk.auth.security import hash_password, issue_token
from clusterdesk.auth.service import create as create_user
from clusterdesk.config import Settings
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.domains import domain_modules
from clusterdesk.migrate import upgrade
from clusterdesk.registry.models import Organization, OrganizationKind
from clusterdesk.startup import install
from clusterdesk.web.app import create_app
from clusterdesk.web.deps import end_transaction, get_session
from clusterdesk.web.security import CSRF_COOKIE, CSRF_HEADER

PG_URL = os.environ.get("CLUSTERDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]
TEST_SECRET = "test-secret-key-that-is-long-enough-1234567890"
PASSWORD = "correct-horse-battery"
TEST_CSRF_TOKEN = "test-csrf-token-0123456789abcdef"


install()  # the start-up registries (converters, card sections, indicators), as the app and CLI fill them


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

    def test_session(request: Request) -> Iterator[Session]:
        try:
            yield session
            end_transaction(session, request)  # the app's transaction policy on the test's session
        except BaseException:
            session.rollback()
            raise

    app.dependency_overrides[get_session] = test_session
    with TestClient(app) as test_client:
        # a browser session's CSRF cookie and the token its pages would carry (tests/web/test_security.py
        # checks the refusals without them)
        test_client.cookies.set(CSRF_COOKIE, TEST_CSRF_TOKEN)
        test_client.headers[CSRF_HEADER] = TEST_CSRF_TOKEN
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


# Browser tests ---------------------------------------------------------------------------------------------

CHROMIUM = os.environ.get("CLUSTERDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_MANAGER = ("manager", "manager-password")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_all_demo_data(session: Session) -> None:
    """Every domain's demo data, in the order the ``demo`` command uses."""
    for module in sorted(domain_modules("demo"), key=lambda m: getattr(m, "ORDER", 100)):
        module.load_demo(session=session)


@pytest.fixture
def live_server(scratch_url: str, tmp_path: Path) -> Iterator[str]:
    """A real uvicorn server on a throwaway database holding all demo data and a manager account."""
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as db:
        load_all_demo_data(db)
        username, password = BROWSER_MANAGER
        create_user(
            session=db, actor=SYSTEM, data=UserCreate(username=username, password=password, role="manager")
        )
    settings = Settings(
        environment="test", data_dir=tmp_path, database_url=scratch_url, secret_key=TEST_SECRET
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, engine=engine), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    engine.dispose()


@pytest.fixture
def page() -> Iterator[Page]:
    """A page in Debian's headless Chromium; missing Chromium skips, or fails under CI=true."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (Debian package 'chromium')"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
        yield context.new_page()
        browser.close()


def login_in_browser(
    page: Page, base_url: str, username: str = BROWSER_MANAGER[0], password: str = BROWSER_MANAGER[1]
) -> None:
    page.goto(f"{base_url}/login")
    page.locator("main").get_by_label("Имя пользователя").fill(username)
    page.locator("main").get_by_label("Пароль").fill(password)
    page.locator("main").get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base_url}/")


def screenshot(page: Page, tmp_path: Path, name: str, backend: str) -> Path:
    """A full-page PNG in tmp_path, copied to $CLUSTERDESK_SCREENSHOTS on the SQLite run."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    target = os.environ.get("CLUSTERDESK_SCREENSHOTS")
    if target and backend == "sqlite":
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)
    return path
