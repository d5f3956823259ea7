"""Subscriptions, read marks, the e-mail sent-log, KPI status memory, webhooks and their delivery log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clusterdesk.db import Base, TimestampMixin, VersionedMixin, utcnow


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=20)


class TargetType(enum.StrEnum):
    organization = "organization"
    cluster = "cluster"
    person = "person"
    keyword = "keyword"
    fact_kind = "fact_kind"


class Frequency(enum.StrEnum):
    instant = "instant"
    daily = "daily"
    weekly = "weekly"
    off = "off"


class DeliveryStatus(enum.StrEnum):
    pending = "pending"
    delivered = "delivered"
    failed = "failed"


class Subscription(VersionedMixin, Base):
    """What one user follows and how often they want to hear about it."""

    __tablename__ = "notify_subscription"
    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_key", name="uq_notify_subscription"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    target_type: Mapped[TargetType] = mapped_column(_enum(TargetType))
    target_id: Mapped[int | None] = mapped_column(Integer)  # organisation, cluster or person
    target_text: Mapped[str | None] = mapped_column(String(300))  # keyword or fact kind
    target_key: Mapped[str] = mapped_column(String(320))  # id or folded text: one subscription per target
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency), default=Frequency.daily)
    feed_token: Mapped[str | None] = mapped_column(
        String(64), unique=True
    )  # the Atom feed's secret, revocable


class Recipient(TimestampMixin, Base):
    """A user's e-mail address, last visit of the feed and whether e-mail is wanted at all."""

    __tablename__ = "notify_recipient"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320))
    email_off: Mapped[bool] = mapped_column(Boolean, default=False)  # set by the unsubscribe link
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    visit_since: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )  # the feed's «since last visit»
    defaults_applied: Mapped[bool] = mapped_column(Boolean, default=False)


class FeedRead(Base):
    """A feed line the user has marked read (lines are identified by a stable key such as ``news:12``)."""

    __tablename__ = "notify_feed_read"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    line_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SentMail(Base):
    """The sent-log: a row per user and digest period (``daily:2026-12-06``) or alert (``alert:news:12``)."""

    __tablename__ = "notify_sent_mail"
    __table_args__ = (UniqueConstraint("user_id", "period_key", name="uq_notify_sent_mail"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    period_key: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    lines: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[DeliveryStatus] = mapped_column(_enum(DeliveryStatus), default=DeliveryStatus.pending)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class KpiState(Base):
    """The last KPI status seen, so the feed can say when a KPI *turned* lagging."""

    __tablename__ = "notify_kpi_state"

    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Webhook(VersionedMixin, Base):
    """An event rule: which events go to which URL, signed with which secret."""

    __tablename__ = "notify_webhook"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(200))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class WebhookDelivery(Base):
    """One event for one webhook: its payload, attempts, the receiver's last answer and when to try again."""

    __tablename__ = "notify_webhook_delivery"
    __table_args__ = (UniqueConstraint("webhook_id", "event_key", name="uq_notify_webhook_delivery"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("notify_webhook.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(100))
    event_key: Mapped[str] = mapped_column(String(100))  # e.g. "audit:42", "fact:7": never enqueued twice
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[DeliveryStatus] = mapped_column(
        _enum(DeliveryStatus), default=DeliveryStatus.pending, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Cursor(Base):
    """How far a scanner has read a growing table (the audit log, news facts), so events are enqueued once."""

    __tablename__ = "notify_cursor"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
