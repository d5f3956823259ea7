"""Media analytics tables, derived from the news store and filled incrementally (clusterdesk/media/index.py).

Nothing here is typed in by a person: every row is recomputed from a news item, an article or a mention, so
these tables are not audited. A news item gets its ``MediaItem`` once (outlet-free profile, story, vector);
an article gets its outlet; a mention its prominence. Stories group items from different outlets about the
same happening.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from clusterdesk.db import Base, TimestampMixin, utcnow


class MediaStory(TimestampMixin, Base):
    """A happening told by several items (often from several outlets): its title and time span."""

    __tablename__ = "media_story"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(1000))
    first_published: Mapped[date | None] = mapped_column(Date, index=True)
    last_published: Mapped[date | None] = mapped_column(Date, index=True)
    item_count: Mapped[int] = mapped_column(Integer, default=1)


class MediaItem(Base):
    """An indexed news item: its story, the date copied for window queries and its e5 vector."""

    __tablename__ = "media_item"

    item_id: Mapped[int] = mapped_column(ForeignKey("news_item.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_story.id", ondelete="SET NULL"), index=True
    )
    published: Mapped[date | None] = mapped_column(Date, index=True)
    similarity: Mapped[float] = mapped_column(Float, default=1.0)  # score with which it joined its story
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    indexed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MediaItemKey(Base):
    """An entity key of an item (a linked registry id or a normalised name): finds candidate stories."""

    __tablename__ = "media_item_key"

    item_id: Mapped[int] = mapped_column(ForeignKey("news_item.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class MediaItemTopic(Base):
    """A topic (rubric) an item is about."""

    __tablename__ = "media_item_topic"

    item_id: Mapped[int] = mapped_column(ForeignKey("news_item.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class MediaArticle(Base):
    """The outlet an article came from (its web site), or empty when the input named none."""

    __tablename__ = "media_article"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("news_article.id", ondelete="CASCADE"), primary_key=True
    )
    outlet: Mapped[str] = mapped_column(String(300), index=True)


class MediaMention(Base):
    """Where a mention stands in its item: 1 the title, 2 the first paragraph, 3 in passing."""

    __tablename__ = "media_mention"

    mention_id: Mapped[int] = mapped_column(
        ForeignKey("news_mention.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("news_item.id", ondelete="CASCADE"), index=True)
    prominence: Mapped[int] = mapped_column(Integer)
