from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import text

from clusterdesk.config import Settings
from clusterdesk.db import server_pool_options
from clusterdesk.web.app import create_app
from tests.conftest import TEST_SECRET, DatabaseFactory


def test_default_database_is_sqlite_under_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    assert settings.effective_database_url == f"sqlite:///{tmp_path.resolve() / 'clusterdesk.db'}"


def test_production_refuses_default_secrets() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(environment="production", admin_password="long-enough-password", _env_file=None)
    with pytest.raises(ValidationError, match="ADMIN_PASSWORD"):
        Settings(environment="production", secret_key="x" * 40, _env_file=None)
    ok = Settings(environment="production", secret_key="x" * 40, admin_password="p" * 12, _env_file=None)
    assert ok.environment == "production"


def test_web_server_runs_postgresql_queries_without_parallel_workers_unless_told(
    backend: str, databases: DatabaseFactory, tmp_path: Path
) -> None:
    """The web server's own engine: PostgreSQL plans no parallel workers (the setting's default 0), a
    setting or the URL's own ``options`` change it; SQLite gets no such option."""
    url = databases.migrated_url(backend)

    def parallel_workers(settings: Settings) -> str | None:
        engine = create_app(settings).state.engine
        try:
            with engine.connect() as conn:
                if backend != "postgresql":
                    return None
                return str(conn.scalar(text("SHOW max_parallel_workers_per_gather")))
        finally:
            engine.dispose()

    base = {"environment": "test", "data_dir": tmp_path, "secret_key": TEST_SECRET, "_env_file": None}
    if backend != "postgresql":
        assert server_pool_options(url, pool_size=3, max_overflow=1, parallel_workers=0) == {}
        assert parallel_workers(Settings(database_url=url, **base)) is None
        return
    assert parallel_workers(Settings(database_url=url, **base)) == "0"
    assert parallel_workers(Settings(database_url=url, database_parallel_workers=2, **base)) == "2"
    own = f"{url}?options=-c%20max_parallel_workers_per_gather%3D1"
    assert parallel_workers(Settings(database_url=own, **base)) == "1"
    with pytest.raises(ValidationError, match="database_parallel_workers"):
        Settings(database_parallel_workers=-1, **base)
