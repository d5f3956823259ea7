"""Tables that keep the registry clean: merges (with what undo needs) and updates proposed from the news."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clusterdesk.db import Base, utcnow


class MergeRecord(Base):
    """One merge of two organisations or two people, with the data that undoes it exactly."""

    __tablename__ = "registry_merge"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_name: Mapped[str] = mapped_column(String(150))
    entity_type: Mapped[str] = mapped_column(String(20))  # "organization" | "person"
    keep_id: Mapped[int] = mapped_column(Integer, index=True)
    absorb_id: Mapped[int] = mapped_column(Integer, index=True)
    absorbed_name: Mapped[str] = mapped_column(String(1000))
    fields: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    keep_before: Mapped[dict[str, Any]] = mapped_column(JSON)  # the survivor's row before the merge
    keep_after_version: Mapped[int] = mapped_column(Integer)
    absorbed_row: Mapped[dict[str, Any]] = mapped_column(JSON)  # the absorbed row as it was
    moved: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # {table, column, key}
    removed: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # {table, row}: clashing copies
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    undone_by: Mapped[str | None] = mapped_column(String(150))


class ProposalKind(enum.StrEnum):
    post = "post"  # a new post (and the end of the previous holder's)
    organization = "organization"  # an organisation the news keep naming, not in the registry
    alias = "alias"  # another name of a registry organisation


class ProposalStatus(enum.StrEnum):
    new = "new"
    accepted = "accepted"
    rejected = "rejected"


class Proposal(Base):
    """A registry change the news suggest; a person accepts or rejects it, and the decision is kept."""

    __tablename__ = "registry_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[ProposalKind] = mapped_column(Enum(ProposalKind, native_enum=False, length=20))
    # what makes two proposals the same, so a decided one does not come back
    key: Mapped[str] = mapped_column(String(500), unique=True)
    status: Mapped[ProposalStatus] = mapped_column(
        Enum(ProposalStatus, native_enum=False, length=20), default=ProposalStatus.new, index=True
    )
    summary: Mapped[str] = mapped_column(String(1000))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # {news_item_id, text}
    news_item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(150))
    result: Mapped[str | None] = mapped_column(Text)
