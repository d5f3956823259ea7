"""Projects, their participants, needs, capabilities, supply links, and stored matching documents."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clusterdesk.db import Base, VersionedMixin, utcnow
from clusterdesk.registry.models import Organization


class ProjectStatus(enum.StrEnum):
    proposed = "proposed"
    active = "active"
    completed = "completed"
    suspended = "suspended"
    cancelled = "cancelled"


class ParticipantRole(enum.StrEnum):
    lead = "lead"
    partner = "partner"
    supplier = "supplier"
    customer = "customer"
    university = "university"
    investor = "investor"
    presenter = "presenter"  # presented the project (a source may not say who leads it)


class NeedKind(enum.StrEnum):
    equipment = "equipment"
    component = "component"
    competence = "competence"
    personnel = "personnel"
    investment = "investment"
    premises = "premises"


class NeedStatus(enum.StrEnum):
    open = "open"
    matched = "matched"
    closed = "closed"


class CapabilityKind(enum.StrEnum):
    product = "product"
    service = "service"
    competence = "competence"


class SupplyKind(enum.StrEnum):
    supplies = "supplies"
    develops_for = "develops_for"
    trains_for = "trains_for"


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=40, validate_strings=True)


class SourceMixin:
    """Where a record came from: a user, a news item, an import or the demo loader (with its source)."""

    source: Mapped[str | None] = mapped_column(Text)
    news_item_id: Mapped[int | None] = mapped_column(Integer)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Project(SourceMixin, VersionedMixin, Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    lead_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"), index=True)
    priority_direction: Mapped[str | None] = mapped_column(String(300))
    budget: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    investment_sought: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    investment_attracted: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    trl: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[ProjectStatus] = mapped_column(_enum(ProjectStatus), default=ProjectStatus.proposed)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    lead_organization: Mapped[Organization | None] = relationship(foreign_keys=[lead_organization_id])
    participants: Mapped[list[ProjectParticipant]] = relationship(
        back_populates="project", passive_deletes=True, order_by="ProjectParticipant.id"
    )


class ProjectParticipant(VersionedMixin, Base):
    __tablename__ = "project_participant"
    __table_args__ = (
        UniqueConstraint("project_id", "organization_id", "role", name="uq_project_participant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[ParticipantRole] = mapped_column(_enum(ParticipantRole))

    project: Mapped[Project] = relationship(back_populates="participants")
    organization: Mapped[Organization] = relationship()


class Need(SourceMixin, VersionedMixin, Base):
    __tablename__ = "need"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NeedKind] = mapped_column(_enum(NeedKind))
    description: Mapped[str] = mapped_column(Text)
    okved2: Mapped[str | None] = mapped_column(String(20))
    quantity: Mapped[str | None] = mapped_column(String(200))
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[NeedStatus] = mapped_column(_enum(NeedStatus), default=NeedStatus.open)

    organization: Mapped[Organization | None] = relationship(foreign_keys=[organization_id])
    project: Mapped[Project | None] = relationship(foreign_keys=[project_id])


class Capability(SourceMixin, VersionedMixin, Base):
    __tablename__ = "capability"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CapabilityKind] = mapped_column(_enum(CapabilityKind), default=CapabilityKind.product)
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    okved2: Mapped[str | None] = mapped_column(String(20))
    trl: Mapped[int | None] = mapped_column(Integer)

    organization: Mapped[Organization] = relationship()


class SupplyLink(SourceMixin, VersionedMixin, Base):
    __tablename__ = "supply_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    capability_id: Mapped[int | None] = mapped_column(
        ForeignKey("capability.id", ondelete="SET NULL"), index=True
    )
    consumer_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)
    kind: Mapped[SupplyKind] = mapped_column(_enum(SupplyKind), default=SupplyKind.supplies)
    description: Mapped[str | None] = mapped_column(Text)

    supplier: Mapped[Organization] = relationship(foreign_keys=[supplier_id])
    consumer: Mapped[Organization] = relationship(foreign_keys=[consumer_id])


class MatchDocument(Base):
    """Derived, not audited: the lemma terms and the embedding of one capability, project or need.

    Written once whenever its source row's text changes, so a match query never embeds stored texts.
    """

    __tablename__ = "match_document"
    __table_args__ = (
        UniqueConstraint("kind", "entity_id", name="uq_match_document_entity"),
        # covers the index's change check (count, newest change, sum of ids) without reading the vectors
        Index("ix_match_document_kind_updated_at", "kind", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    organization_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    title: Mapped[str] = mapped_column(String(500))
    terms: Mapped[str] = mapped_column(Text, default="")
    okved2: Mapped[str | None] = mapped_column(String(20))
    text_hash: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
