"""Story queries (read-only; the stories are written by clusterdesk/media/index.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from clusterdesk.audit.writes import get_or_404
from clusterdesk.db import paginate
from clusterdesk.media.models import MediaArticle, MediaItem, MediaStory
from clusterdesk.news.models import NewsItem, NewsOccurrence
from clusterdesk.news.search import item_words


@dataclass(frozen=True)
class StoryFilter:
    q: str | None = None
    since: date | None = None
    until: date | None = None
    several: bool = False  # only stories told by at least two items


@dataclass
class StoryEntry:
    """A story as a timeline: its items in order of publication with the outlets that carried each."""

    story: MediaStory
    items: list[NewsItem] = field(default_factory=list)
    outlets: dict[int, list[str]] = field(default_factory=dict)  # item id -> outlets

    @property
    def all_outlets(self) -> list[str]:
        return sorted({o for names in self.outlets.values() for o in names})


def _outlets_of(session: Session, item_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, set[str]] = {}
    if not item_ids:
        return {}
    rows = session.execute(
        select(NewsOccurrence.item_id, MediaArticle.outlet)
        .join(MediaArticle, MediaArticle.article_id == NewsOccurrence.article_id)
        .where(NewsOccurrence.item_id.in_(item_ids), MediaArticle.outlet != "")
    )
    for item_id, outlet in rows:
        found.setdefault(item_id, set()).add(outlet)
    return {k: sorted(v) for k, v in found.items()}


def _entries(session: Session, stories: list[MediaStory], per_story: int) -> list[StoryEntry]:
    ids = [s.id for s in stories]
    if not ids:
        return []
    members = session.execute(
        select(MediaItem.story_id, NewsItem)
        .join(NewsItem, NewsItem.id == MediaItem.item_id)
        .where(MediaItem.story_id.in_(ids))
        .order_by(NewsItem.published.is_(None), NewsItem.published, NewsItem.id)
        .options(selectinload(NewsItem.occurrences))
    ).all()
    grouped: dict[int, list[NewsItem]] = {}
    for story_id, item in members:
        if story_id is None:
            continue
        bucket = grouped.setdefault(story_id, [])
        if len(bucket) < per_story:
            bucket.append(item)
    outlets = _outlets_of(session, [i.id for items in grouped.values() for i in items])
    return [
        StoryEntry(
            story=s,
            items=grouped.get(s.id, []),
            outlets={i.id: outlets.get(i.id, []) for i in grouped.get(s.id, [])},
        )
        for s in stories
    ]


def get_stories(
    *, session: Session, filters: StoryFilter, page: int = 1, page_size: int = 20, per_story: int = 10
) -> tuple[list[StoryEntry], int]:
    """Stories, newest first, each with up to ``per_story`` items (the news feed viewed by story)."""
    query = select(MediaStory)
    if filters.several:
        query = query.where(MediaStory.item_count >= 2)
    if filters.since is not None:
        query = query.where(MediaStory.last_published >= filters.since)
    if filters.until is not None:
        query = query.where(MediaStory.first_published <= filters.until)
    if filters.q:
        matching = (
            select(MediaItem.story_id)
            .join(NewsItem, NewsItem.id == MediaItem.item_id)
            .where(item_words(filters.q))
        )
        query = query.where(MediaStory.id.in_(matching))
    order = (MediaStory.last_published.is_(None), MediaStory.last_published.desc(), MediaStory.id.desc())
    stories, total = paginate(session, query, page=page, page_size=page_size, order_by=order)
    return _entries(session, list(stories), per_story), total


def get_story(*, session: Session, story_id: int) -> StoryEntry:
    story = get_or_404(session, MediaStory, story_id)
    return _entries(session, [story], per_story=500)[0]


def story_of_item(*, session: Session, item_id: int) -> int | None:
    return session.scalar(select(MediaItem.story_id).where(MediaItem.item_id == item_id))


def story_count(*, session: Session) -> int:
    return int(session.scalar(select(func.count(MediaStory.id))) or 0)
