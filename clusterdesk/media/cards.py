"""The organisation card's media block: mentions over time, prominence, topics, co-mentions, outlets."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

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
