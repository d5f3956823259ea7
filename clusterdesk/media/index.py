"""Fill the media tables from the news store, a bounded batch at a time (the worker's ``media.index`` job).

Each new item costs constant work: its mentions' prominence, its topics, its entity keys, one e5 vector and
a comparison with at most ``CANDIDATES`` items of the time window that share an entity key (found through
the key index), never a pass over the whole store. Articles get their outlet the same way.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from clusterdesk.media.models import (
    MediaArticle,
    MediaItem,
    MediaItemKey,
    MediaItemTopic,
    MediaMention,
    MediaStory,
)
from clusterdesk.media.outlets import outlet_of
from clusterdesk.media.prominence import prominence
from clusterdesk.media.stories import RULE, EntityRef, StoryText, choose_story, embedding_text, entity_keys
from clusterdesk.media.topics import item_topics
from clusterdesk.news.models import MentionStatus, NewsArticle, NewsItem, NewsMention
from clusterdesk.projects import embeddings
from clusterdesk.registry.models import Organization, Person

BATCH = 200
CANDIDATES = 200
CONFIRMED = (MentionStatus.linked, MentionStatus.accepted)


def index_outlets(*, session: Session, limit: int = BATCH) -> int:
    """Give every article not seen yet its outlet."""
    done = session.scalar(select(func.max(MediaArticle.article_id))) or 0  # articles are indexed in id order
    articles = session.execute(
        select(NewsArticle.id, NewsArticle.url, NewsArticle.source)
        .where(NewsArticle.id > done)
        .order_by(NewsArticle.id)
        .limit(limit)
    ).all()
    session.add_all(MediaArticle(article_id=a.id, outlet=outlet_of(a.url, a.source)) for a in articles)
    session.flush()
    return len(articles)


def _entities(item: NewsItem) -> list[EntityRef]:
    refs = []
    for m in item.mentions:
        confirmed = m.status in CONFIRMED
        refs.append(
            EntityRef(
                type=m.type,
                normal=m.normal or m.text,
                organization_id=m.organization_id if confirmed else None,
                person_id=m.person_id if confirmed else None,
            )
        )
    return refs


def _candidates(session: Session, item: NewsItem, keys: frozenset[str]) -> list[StoryText]:
    if not keys:
        return []
    # driven by the date index (the items of the window), each checked for a shared key by primary key
    shares = (
        select(MediaItemKey.item_id)
        .where(MediaItemKey.item_id == MediaItem.item_id, MediaItemKey.key.in_(sorted(keys)))
        .exists()
    )
    query = select(MediaItem).where(shares, MediaItem.item_id != item.id, MediaItem.story_id.is_not(None))
    if item.published is not None:
        window = timedelta(days=RULE.window_days)
        query = query.where(MediaItem.published.between(item.published - window, item.published + window))
    else:
        query = query.where(MediaItem.published.is_(None))
    order = (MediaItem.published.desc(), MediaItem.item_id.desc())
    rows = list(session.scalars(query.order_by(*order).limit(CANDIDATES)))
    found_keys: dict[int, set[str]] = {}
    if rows:
        for item_id, key in session.execute(
            select(MediaItemKey.item_id, MediaItemKey.key).where(
                MediaItemKey.item_id.in_([r.item_id for r in rows])
            )
        ):
            found_keys.setdefault(item_id, set()).add(key)
    return [
        StoryText(
            item_id=r.item_id,
            published=r.published,
            keys=frozenset(found_keys.get(r.item_id, ())),
            vector=embeddings.from_bytes(r.vector),
            story_id=r.story_id,
        )
        for r in rows
        if r.vector
    ]


def _join_story(session: Session, story_id: int | None, item: NewsItem) -> MediaStory:
    story = session.get(MediaStory, story_id) if story_id is not None else None
    if story is None:
        title = item.title or item.text.strip().split("\n", 1)[0][:200]
        story = MediaStory(
            title=title[:1000], first_published=item.published, last_published=item.published, item_count=0
        )
        session.add(story)
    story.item_count = (story.item_count or 0) + 1
    if item.published is not None:
        if story.first_published is None or item.published < story.first_published:
            story.first_published = item.published
        if story.last_published is None or item.published > story.last_published:
            story.last_published = item.published
    session.flush()
    return story


def _registry_names(session: Session, mention: NewsMention) -> tuple[str, ...]:
    """The registry names of a confirmed link (a title says «ТУСУР» where the text spells it out)."""
    if mention.status not in CONFIRMED:
        return ()
    if mention.organization_id is not None:
        org = session.get(Organization, mention.organization_id)
        return (org.short_name, *org.aliases) if org else ()
    if mention.person_id is not None:
        person = session.get(Person, mention.person_id)
        return (person.full_name,) if person else ()
    return ()


def index_item(*, session: Session, item: NewsItem) -> MediaItem:
    """Index one news item: prominence of its mentions, topics, keys, vector and story."""
    for m in item.mentions:
        names = tuple(n for n in (m.text, m.normal, *_registry_names(session, m)) if n)
        level = prominence(m.start, names, text=item.text, title=item.title)
        session.add(MediaMention(mention_id=m.id, item_id=item.id, prominence=int(level)))
    session.add_all(MediaItemTopic(item_id=item.id, topic=t) for t in item_topics(item.title, item.text))
    keys = entity_keys(_entities(item))
    session.add_all(MediaItemKey(item_id=item.id, key=k) for k in sorted(keys))
    vector = embeddings.embed_one(embedding_text(item.title, item.text), is_query=True)
    text = StoryText(item_id=item.id, published=item.published, keys=keys, vector=vector)
    chosen, score = choose_story(text, _candidates(session, item, keys))
    story = _join_story(session, chosen.story_id if chosen else None, item)
    indexed = MediaItem(
        item_id=item.id,
        story_id=story.id,
        published=item.published,
        similarity=round(score, 4) if chosen else 1.0,
        vector=embeddings.to_bytes(vector),
    )
    session.add(indexed)
    session.flush()
    return indexed


def index_pending(*, session: Session, limit: int = BATCH) -> int:
    """Index up to ``limit`` articles and items not indexed yet, oldest first; how many items were indexed.

    What is pending is found from the highest indexed id (one primary-key lookup), not by comparing tables."""
    index_outlets(session=session, limit=limit)
    done = session.scalar(select(func.max(MediaItem.item_id))) or 0  # items are indexed in id order
    items = list(
        session.scalars(
            select(NewsItem)
            .where(NewsItem.id > done)
            .order_by(NewsItem.id)
            .limit(limit)
            .options(selectinload(NewsItem.mentions))
        )
    )
    for item in items:
        index_item(session=session, item=item)
    return len(items)
