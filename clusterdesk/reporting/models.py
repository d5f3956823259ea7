"""Reporting tables: campaigns, one submission per member, its counterparties, KPI feeds and reminders."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clusterdesk.db import Base, VersionedMixin, utcnow
from clusterdesk.registry.models import Cluster, DemoMarkMixin, Organization


class SubmissionStatus(enum.StrEnum):
    not_started = "not_started"
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    accepted = "accepted"


class ContractKind(enum.StrEnum):
    """The contract kinds the Decree's contract requirement names (see rules.json, «contracts»)."""

    supply = "supply"  # поставка промышленной продукции
    works = "works"  # выполнение работ и (или) услуг производственного характера
    import_substitution = "import_substitution"  # проект по производству импортозамещающей продукции
    special_investment = "special_investment"  # специальный инвестиционный контракт


class CampaignStatus(enum.StrEnum):
    open = "open"
    closed = "closed"


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=40, validate_strings=True)


class Campaign(DemoMarkMixin, VersionedMixin, Base):
    """A reporting campaign: which indicators members report for which period of one cluster, and by when."""

    __tablename__ = "reporting_campaign"
    __table_args__ = (UniqueConstraint("cluster_id", "period", name="uq_reporting_campaign_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))  # "2025" or "2025-Q1"
    year: Mapped[int] = mapped_column(Integer, index=True)
    quarter: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    indicators: Mapped[list[str]] = mapped_column(JSON, default=list)
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[CampaignStatus] = mapped_column(_enum(CampaignStatus), default=CampaignStatus.open)

    cluster: Mapped[Cluster] = relationship()
    submissions: Mapped[list[Submission]] = relationship(
        back_populates="campaign", passive_deletes=True, order_by="Submission.id"
    )


class Submission(DemoMarkMixin, VersionedMixin, Base):
    """One member's form in a campaign: values by indicator code with their sources, and the review trail."""

    __tablename__ = "reporting_submission"
    __table_args__ = (
        UniqueConstraint("campaign_id", "organization_id", name="uq_reporting_submission_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_campaign.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[SubmissionStatus] = mapped_column(
        _enum(SubmissionStatus), default=SubmissionStatus.not_started
    )
    values: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    sources: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # code -> document the number is from
    submitted_by: Mapped[str | None] = mapped_column(String(150))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by: Mapped[str | None] = mapped_column(String(150))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_comment: Mapped[str | None] = mapped_column(Text)

    campaign: Mapped[Campaign] = relationship(back_populates="submissions")
    organization: Mapped[Organization] = relationship()
    counterparties: Mapped[list[Counterparty]] = relationship(
        back_populates="submission", passive_deletes=True, order_by="Counterparty.id"
    )


class Counterparty(VersionedMixin, Base):
    """Sales to and purchases from one other organisation in the period, with the contracts behind them."""

    __tablename__ = "reporting_counterparty"
    __table_args__ = (
        UniqueConstraint("submission_id", "organization_id", name="uq_reporting_counterparty_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_submission.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    sales: Mapped[float] = mapped_column(Float, default=0.0)  # тыс. руб., sold to the counterparty
    purchases: Mapped[float] = mapped_column(Float, default=0.0)  # тыс. руб., bought from it
    contracts: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # number, date, kind

    submission: Mapped[Submission] = relationship(back_populates="counterparties")
    organization: Mapped[Organization] = relationship()


class KpiFeed(VersionedMixin, Base):
    """A strategy KPI fed by a campaign indicator: accepted values become the KPI's per-member facts."""

    __tablename__ = "reporting_kpi_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), unique=True)
    indicator: Mapped[str] = mapped_column(String(100))


class Reminder(Base):
    """A reminder due for one submission on one day (written once by the reminder job; not audited)."""

    __tablename__ = "reporting_reminder"
    __table_args__ = (UniqueConstraint("submission_id", "due_on", name="uq_reporting_reminder_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_submission.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
