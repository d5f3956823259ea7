"""Intake tables: news sources with their health, raw fetched documents, and the worker's job records."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clusterdesk.db import Base, VersionedMixin, utcnow


class SourceKind(enum.StrEnum):
    feed = "feed"  # RSS/Atom: each entry's link is an article
    listing = "listing"  # a news listing page: article links on the same site, followed one level
    sitemap = "sitemap"  # a (news) sitemap: each <loc> is an article
    page = "page"  # a single page that is itself the article


class Source(VersionedMixin, Base):
    """A news source the worker polls, and its health.

    People edit the first block (versioned, audited); the worker writes the health block with plain UPDATEs
    that leave ``version`` alone, so polling never makes a manager's open edit form stale.
    """

    __tablename__ = "intake_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    kind: Mapped[SourceKind] = mapped_column(
        Enum(SourceKind, native_enum=False, length=20, validate_strings=True)
    )
    interval_minutes: Mapped[int] = mapped_column(Integer, default=60)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    cluster_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # health (written by the worker)
    next_run_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed runs
    items_seen: Mapped[int] = mapped_column(Integer, default=0)  # on the last run
    items_new: Mapped[int] = mapped_column(Integer, default=0)  # on the last run
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RawDocument(Base):
    """A fetched document exactly as received (zlib-compressed), kept for reprocessing and refetch checks."""

    __tablename__ = "intake_document"
    __table_args__ = (UniqueConstraint("url", "content_hash", name="uq_intake_document_url_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("intake_source.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))  # indexed by the unique (url, content_hash)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    status_code: Mapped[int | None] = mapped_column(Integer)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # content-type, etag, last-modified
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the body
    size: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    items_new: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)  # why no news came out of it, if none did
    # a large upload analysed in the background: items in it, items done so far (None: not in the background)
    progress_total: Mapped[int | None] = mapped_column(Integer)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)


class WorkerJob(Base):
    """A periodic job's record: when it is due next, its last run, the lease of the worker running it."""

    __tablename__ = "worker_job"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    next_due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[str | None] = mapped_column(String(20))  # ok | error
    last_error: Mapped[str | None] = mapped_column(Text)
    last_count: Mapped[int] = mapped_column(Integer, default=0)
    runs: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
