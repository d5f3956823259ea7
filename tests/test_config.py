from pathlib import Path

import pytest
from pydantic import ValidationError

from clusterdesk.config import Settings


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
