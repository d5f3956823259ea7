"""Engine, declarative base, shared column mixins and the per-request session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Numeric,
    String,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class VersionedMixin(TimestampMixin):
    """Optimistic locking: every UPDATE checks and bumps ``version`` (SQLAlchemy's version_id_col)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


# SQLite: a transaction that will write takes the write lock when it begins (BEGIN IMMEDIATE). A deferred
# BEGIN reads first and upgrades its lock at the first write; if another writer committed meanwhile, the
# upgrade fails at once with «database is locked» (the busy timeout cannot help a stale snapshot). With
# IMMEDIATE, concurrent writers queue on the busy timeout and the loser of a race sees the new version (409).
# Reads keep a deferred BEGIN, so under WAL they run beside the writer. The web layer marks unsafe HTTP
# methods as writing (web/security.py); CLI commands and jobs mark themselves with ``writing()``.
write_intent: ContextVar[bool] = ContextVar("write_intent", default=False)
SQLITE_BUSY_TIMEOUT_MS = 30000


@contextmanager
def writing() -> Iterator[None]:
    """Transactions begun inside this block take SQLite's write lock up front (no effect on PostgreSQL)."""
    token = write_intent.set(True)
    try:
        yield
    finally:
        write_intent.reset(token)


def _begin_sqlite(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, control transactions so that BEGIN, SAVEPOINT and DDL behave as on
    # PostgreSQL (the documented pysqlite recipe); foreign keys are off in SQLite unless asked for.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer (web server)
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; on SQLite turn on foreign keys and make the data directory."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False})
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def server_pool_options(
    url: str, *, pool_size: int, max_overflow: int, parallel_workers: int
) -> dict[str, Any]:
    """The engine options of the web server on a server database: its connection pool, and PostgreSQL's
    parallel workers per query (``options=-c max_parallel_workers_per_gather=N``) unless the URL sets its
    own ``options``, which then win. Nothing on SQLite."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return {}
    options: dict[str, Any] = {"pool_size": pool_size, "max_overflow": max_overflow}
    if parsed.get_backend_name() == "postgresql" and "options" not in parsed.query:
        options["connect_args"] = {"options": f"-c max_parallel_workers_per_gather={parallel_workers}"}
    return options


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


def paginate(
    session: Session, query: Any, *, page: int, page_size: int, order_by: Any, count_limit: int | None = None
) -> tuple[list[Any], int]:
    """One page of a select plus the total count of the unpaged select.

    With ``count_limit`` the count stops there: a total of ``count_limit + 1`` means «more than
    ``count_limit``» (counting every match of a common word in a large store costs more than the page).
    The page is read first: when it is the last one (shorter than ``page_size``) its rows give the total
    and nothing is counted.
    """
    offset = (page - 1) * page_size
    rows = session.scalars(query.order_by(*order_by).offset(offset).limit(page_size)).all()
    if 0 < len(rows) < page_size or (offset == 0 and not rows):
        total = offset + len(rows)  # the last page: the total is known without counting
        return list(rows), total if count_limit is None else min(total, count_limit + 1)
    return list(rows), count_rows(session, query, limit=count_limit)


def count_rows(session: Session, query: Any, *, limit: int | None = None) -> int:
    """The number of rows of a select, counted up to ``limit``: ``limit + 1`` means «more than ``limit``»."""
    from sqlalchemy import func, select

    counted = query.order_by(None)
    if limit is not None:
        counted = counted.limit(limit + 1)
    return session.scalar(select(func.count()).select_from(counted.subquery())) or 0


# The last line of defence before the database: whatever a service built (a derived surname, an imported row,
# a value from the news pipeline), a value the column cannot hold is the client's 422 naming the field, not a
# DataError from PostgreSQL or a silently longer string in SQLite (which does not enforce VARCHAR lengths).
def column_problem(column: Any, value: Any) -> str | None:
    from clusterdesk.types import INT4_MAX, INT4_MIN, INT8_MAX, INT8_MIN, bad_character

    if value is None:
        return None
    if isinstance(value, str):
        length = getattr(column.type, "length", None)
        if isinstance(column.type, String) and length and len(value) > length:
            return f"не длиннее {length} символов (сейчас {len(value)})"
        problem = bad_character(value, multiline=True)
        if problem or "\x00" in value:
            return f"недопустимый символ: {problem}"
    elif isinstance(value, int) and not isinstance(value, bool) and isinstance(column.type, Integer):
        low, high = (INT8_MIN, INT8_MAX) if isinstance(column.type, BigInteger) else (INT4_MIN, INT4_MAX)
        if not low <= value <= high:
            return f"число вне допустимого диапазона ({low}…{high})"
    elif isinstance(value, Decimal) and isinstance(column.type, Numeric) and column.type.precision:
        scale = column.type.scale or 0
        if not value.is_finite() or abs(value) >= Decimal(10) ** (column.type.precision - scale):
            return "число вне допустимого диапазона"
    return None


def _check_column_values(session: Session, _context: Any, _instances: Any) -> None:
    from clusterdesk.errors import FieldProblem, ValidationFailed

    problems: list[FieldProblem] = []
    for obj in [*session.new, *session.dirty]:
        mapper = inspect(obj).mapper
        for attr in mapper.column_attrs:
            for column in attr.columns:
                if getattr(column, "table", None) is None:
                    continue
                problem = column_problem(column, getattr(obj, attr.key, None))
                if problem:
                    problems.append(FieldProblem(attr.key, problem))
    if problems:
        raise ValidationFailed(problems)


event.listen(Session, "before_flush", _check_column_values)
