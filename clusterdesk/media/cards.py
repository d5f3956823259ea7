"""The organisation card's media block: mentions over time, prominence, topics, co-mentions, outlets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.media.models import MediaItem, MediaStory
from clusterdesk.media.visibility import organization_visibility
from clusterdesk.web.cards import CardSection


def organization_sections(*, session: Session, organization: Any, user: Any = None) -> list[CardSection]:
    figures = organization_visibility(session=session, organization_id=organization.id)
    return [
        CardSection(
            title="Заметность в СМИ",
            template="media/_org_visibility.html",
            context={"figures": figures, "chart": figures.chart(), "organization_id": organization.id},
            order=58,
        )
    ]


def news_item_sections(
    *, session: Session, obj: Any, organization_ids: list[int], user: Any = None
) -> list[CardSection]:
    """A news item's page: the story it belongs to, when other publications tell the same happening."""
    story = session.scalar(
        select(MediaStory)
        .join(MediaItem, MediaItem.story_id == MediaStory.id)
        .where(MediaItem.item_id == obj.id)
    )
    if story is None or story.item_count < 2:
        return []
    context = {"story": story}
    return [CardSection(title="Сюжет", template="media/_news_item_story.html", context=context, order=20)]
