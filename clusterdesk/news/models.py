"""News tables: articles (inputs), items (distinct news texts), occurrences, mentions and facts.

A reprint is one ``NewsItem`` with several ``NewsOccurrence`` rows, one per article it appeared in.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clusterdesk.db import Base, TimestampMixin, VersionedMixin, utcnow

# PostgreSQL: the search words as a tsvector, through a function the migration f17c3d9a2b40 creates,
# that reads at most SEARCH_TEXT_MAX_CHARS of the bag and tells the planner what it costs: computing it for a
# row is ~0.1 ms, which the planner, left to its defaults (to_tsvector's cost of 100 operators), would spend
# on every row of a sequential scan instead of reading the index (0.34 s and more for a common word's count)
SEARCH_WORDS_FUNCTION = "news_search_words"


class MentionStatus(enum.StrEnum):
    linked = "linked"  # confident link made by the pipeline
    review = "review"  # link below the threshold: waits for a person
    unlinked = "unlinked"  # nothing in the registry matched
    accepted = "accepted"  # a person confirmed (or chose) the link
    rejected = "rejected"  # a person said it is not a registry entity


class FactStatus(enum.StrEnum):
    new = "new"
    accepted = "accepted"
    rejected = "rejected"


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=20, validate_strings=True)


class NewsArticle(TimestampMixin, Base):
    """One input as read: a file, a web page or a feed entry."""

    __tablename__ = "news_article"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    published: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(2000))
    author: Mapped[str | None] = mapped_column(String(300))


class NewsItem(VersionedMixin, Base):
    """One distinct news text, stored once however many articles carried it."""

    __tablename__ = "news_item"
    __table_args__ = (
        # PostgreSQL: word search over the search words read as a tsvector (news/search.py), and the feed's
        # order (newest first, undated last) read straight from an index; SQLite scans (small stores)
        Index(
            "ix_news_item_search_words",
            text(f"{SEARCH_WORDS_FUNCTION}(search_text)"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
        Index("ix_news_item_feed_order", text("published DESC NULLS LAST"), text("id DESC")).ddl_if(
            dialect="postgresql"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")

    occurrences: Mapped[list[NewsOccurrence]] = relationship(
        back_populates="item", passive_deletes=True, order_by="NewsOccurrence.id"
    )
    mentions: Mapped[list[NewsMention]] = relationship(
        back_populates="item", passive_deletes=True, order_by=lambda: (NewsMention.start, NewsMention.id)
    )
    facts: Mapped[list[NewsFact]] = relationship(
        back_populates="item", passive_deletes=True, order_by="NewsFact.id"
    )


class NewsOccurrence(Base):
    """Where an item appeared: article, item number in it, character offset of the item's text there."""

    __tablename__ = "news_occurrence"
    __table_args__ = (UniqueConstraint("article_id", "number", name="uq_news_occurrence_article_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("news_item.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("news_article.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    offset: Mapped[int] = mapped_column(Integer)
    similarity: Mapped[float] = mapped_column(Float, default=1.0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    item: Mapped[NewsItem] = relationship(back_populates="occurrences")
    article: Mapped[NewsArticle] = relationship()


class NewsMention(VersionedMixin, Base):
    """A named-entity span in an item's text, and the registry entity it refers to."""

    __tablename__ = "news_mention"
    __table_args__ = (
        # an organisation's or person's news: the confidently linked mentions' items, read from the index
        Index("ix_news_mention_org_timeline", "organization_id", "status", "item_id"),
        Index("ix_news_mention_person_timeline", "person_id", "status", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("news_item.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(3))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(1000))
    normal: Mapped[str] = mapped_column(String(1000))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    confidence: Mapped[float | None] = mapped_column(Float)
    status: Mapped[MentionStatus] = mapped_column(_enum(MentionStatus), index=True)

    item: Mapped[NewsItem] = relationship(back_populates="mentions")


class NewsFact(VersionedMixin, Base):
    """A fact found in an item (post, event, agreement, project, decision) with its evidence span."""

    __tablename__ = "news_fact"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("news_item.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    status: Mapped[FactStatus] = mapped_column(_enum(FactStatus), default=FactStatus.new)
    accepted_as: Mapped[str | None] = mapped_column(String(100))  # e.g. "event:12"

    item: Mapped[NewsItem] = relationship(back_populates="facts")
    organizations: Mapped[list[NewsFactOrganization]] = relationship(
        passive_deletes=True, cascade="all, delete-orphan", order_by="NewsFactOrganization.organization_id"
    )


class NewsFactOrganization(Base):
    """A registry organisation a fact is about (resolved through the item's linked mentions)."""

    __tablename__ = "news_fact_organization"
    __table_args__ = (Index("ix_news_fact_organization_org", "organization_id", "fact_id"),)

    fact_id: Mapped[int] = mapped_column(ForeignKey("news_fact.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )


class NewsBand(Base):
    """One MinHash LSH band key of a stored item: the persistent near-duplicate index (news/dedup.py).

    A new text's band keys are looked up here (indexed, one key per band), so finding the items it may
    reprint costs the same however many items are stored. Rows are written in the item's own transaction
    and go with it (ON DELETE CASCADE).
    """

    __tablename__ = "news_band"

    # the primary key (key, item_id) is the lookup index; item_id's own index serves the cascade
    key: Mapped[bytes] = mapped_column(LargeBinary(16), primary_key=True)  # band number + its hash values
    item_id: Mapped[int] = mapped_column(
        ForeignKey("news_item.id", ondelete="CASCADE"), primary_key=True, index=True
    )
