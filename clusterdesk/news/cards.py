"""The organisation card's news timeline: items that mention it, newest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from clusterdesk.news.service import organization_timeline
from clusterdesk.web.cards import CardSection

TIMELINE_SIZE = 20


def organization_sections(*, session: Session, organization: Any, user: Any = None) -> list[CardSection]:
    items, total = organization_timeline(
        session=session, organization_id=organization.id, page_size=TIMELINE_SIZE
    )
    return [
        CardSection(
            title="Новости",
            template="news/_org_timeline.html",
            context={"items": items, "total": total, "organization_id": organization.id},
            order=60,
        )
    ]
