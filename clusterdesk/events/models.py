"""Event and agreement tables: who meets, who signs, what was promised, and which news says so."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import JSON, Date, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clusterdesk.db import Base, VersionedMixin
from clusterdesk.registry.models import Cluster, DemoMarkMixin, Organization, Person


class EventKind(enum.StrEnum):
    strategic_session = "strategic_session"
    forum = "forum"
    round_table = "round_table"
    conference = "conference"
    exhibition = "exhibition"
    meeting = "meeting"


class ParticipantRole(enum.StrEnum):
    organizer = "organizer"
    host = "host"
    moderator = "moderator"
    speaker = "speaker"
    participant = "participant"


class AgreementKind(enum.StrEnum):
    cooperation = "cooperation"
    supply = "supply"
    rnd = "rnd"
    education = "education"
    investment = "investment"


class ObligationStatus(enum.StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=40, validate_strings=True)


class Event(DemoMarkMixin, VersionedMixin, Base):
    """A meeting of people and organisations; ``start`` may be unknown (then ``date_text`` says what is)."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    start: Mapped[date | None] = mapped_column(Date, index=True)
    end: Mapped[date | None] = mapped_column(Date)
    date_text: Mapped[str | None] = mapped_column(String(300))
    place: Mapped[str | None] = mapped_column(String(500))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"), index=True)

    cluster: Mapped[Cluster | None] = relationship()
    participants: Mapped[list[EventParticipant]] = relationship(
        back_populates="event", passive_deletes=True, order_by="EventParticipant.id"
    )
    sources: Mapped[list[EventSource]] = relationship(
        back_populates="event", passive_deletes=True, order_by="EventSource.id"
    )


class EventParticipant(VersionedMixin, Base):
    """An organisation or a person at an event, in a role; ``name`` is how the source named them."""

    __tablename__ = "event_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    role: Mapped[ParticipantRole] = mapped_column(_enum(ParticipantRole))
    note: Mapped[str | None] = mapped_column(String(500))

    event: Mapped[Event] = relationship(back_populates="participants")
    organization: Mapped[Organization | None] = relationship()
    person: Mapped[Person | None] = relationship()


class EventSource(VersionedMixin, Base):
    """A news item (by its id in the news store, when stored there) or a page that reports the event."""

    __tablename__ = "event_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    news_item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(1000))
    excerpt: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="sources")


class Agreement(DemoMarkMixin, VersionedMixin, Base):
    """An agreement between two or more organisations; the date and term may be unknown."""

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(Text)
    kind: Mapped[AgreementKind] = mapped_column(_enum(AgreementKind))
    signed_on: Mapped[date | None] = mapped_column(Date, index=True)
    valid_until: Mapped[date | None] = mapped_column(Date)
    term_text: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"), index=True)

    cluster: Mapped[Cluster | None] = relationship()
    parties: Mapped[list[AgreementParty]] = relationship(
        back_populates="agreement", passive_deletes=True, order_by="AgreementParty.id"
    )
    obligations: Mapped[list[Obligation]] = relationship(
        back_populates="agreement", passive_deletes=True, order_by="Obligation.id"
    )
    documents: Mapped[list[AgreementDocument]] = relationship(
        back_populates="agreement", passive_deletes=True, order_by="AgreementDocument.id"
    )
    sources: Mapped[list[AgreementSource]] = relationship(
        back_populates="agreement", passive_deletes=True, order_by="AgreementSource.id"
    )

    @property
    def party_ids(self) -> list[int]:
        return [p.organization_id for p in self.parties]


class AgreementParty(VersionedMixin, Base):
    __tablename__ = "agreement_party"
    __table_args__ = (UniqueConstraint("agreement_id", "organization_id", name="uq_agreement_party"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    signatory: Mapped[str | None] = mapped_column(String(300))
    contact: Mapped[str | None] = mapped_column(String(300))

    agreement: Mapped[Agreement] = relationship(back_populates="parties")
    organization: Mapped[Organization] = relationship()


class Obligation(VersionedMixin, Base):
    """One checklist line: what a party promised, by when, and how far it got."""

    __tablename__ = "obligation"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ObligationStatus] = mapped_column(_enum(ObligationStatus))

    agreement: Mapped[Agreement] = relationship(back_populates="obligations")
    organization: Mapped[Organization | None] = relationship()


class AgreementDocument(VersionedMixin, Base):
    __tablename__ = "agreement_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(1000))
    document_date: Mapped[date | None] = mapped_column(Date)

    agreement: Mapped[Agreement] = relationship(back_populates="documents")


class AgreementSource(VersionedMixin, Base):
    __tablename__ = "agreement_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    news_item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(1000))
    excerpt: Mapped[str | None] = mapped_column(Text)

    agreement: Mapped[Agreement] = relationship(back_populates="sources")
