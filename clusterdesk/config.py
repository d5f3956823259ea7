"""Settings read from the environment (prefix ``CLUSTERDESK_``) and an optional ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCAL_SECRET_KEY = "local-development-secret-change-me"
LOCAL_ADMIN_PASSWORD = "admin"


class Settings(BaseSettings):
    """Everything ClusterDesk reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="CLUSTERDESK_", env_file=".env", extra="ignore")

    environment: Literal["local", "test", "production"] = "local"
    data_dir: Path = Path("./var")
    database_url: str | None = None
    secret_key: str = LOCAL_SECRET_KEY
    token_ttl_minutes: int = 8 * 60
    admin_username: str = "admin"
    admin_password: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    # e-mail digests and alerts (clusterdesk.notify); without a host, e-mail is off and nothing fails
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "ClusterDesk <clusterdesk@localhost>"
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 30.0
    base_url: str = "http://127.0.0.1:8000"  # absolute links in e-mails, Atom feeds and webhook payloads
    # the tone of news items and mentions on their pages (clusterdesk/news/tone.py): off by default, because
    # it measures macro-F1 .66 on held-out sentences, below the .70 the feature needs (docs/BENCHMARKS.md)
    news_tone: bool = False
    # the web server's connections to a server database, per worker process: kept open up to
    # ``database_pool_size``, up to ``database_max_overflow`` more opened (and closed again) under a burst.
    # SQLAlchemy's default of 5 made 50 concurrent clients open and close ~4 connections a second (issue 15)
    database_pool_size: int = 10
    database_max_overflow: int = 10
    # PostgreSQL's parallel workers per query on the web server's connections. 0: none — the server's
    # requests already run side by side, and a parallel plan starts processes that cost more CPU than the
    # few milliseconds they save one query on a few shared cores (issue 15, docs/BENCHMARKS.md)
    database_parallel_workers: int = Field(default=0, ge=0, le=64)

    @model_validator(mode="after")
    def _refuse_default_secrets_outside_local(self) -> Settings:
        if self.environment == "production":
            if self.secret_key == LOCAL_SECRET_KEY or len(self.secret_key) < 32:
                raise ValueError(
                    "CLUSTERDESK_SECRET_KEY must be set to a random string of 32+ characters in production"
                )
            if self.admin_password in (None, LOCAL_ADMIN_PASSWORD):
                raise ValueError(
                    "CLUSTERDESK_ADMIN_PASSWORD must be set to a non-default value in production"
                )
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'clusterdesk.db').resolve()}"

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def effective_admin_password(self) -> str:
        return self.admin_password or LOCAL_ADMIN_PASSWORD


@lru_cache
def get_settings() -> Settings:
    return Settings()
