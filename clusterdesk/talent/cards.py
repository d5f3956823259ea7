"""The programs and specialist-demand block on an organisation's card (see clusterdesk/web/cards.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from clusterdesk.talent import service
from clusterdesk.talent.labels import EDUCATION_LEVEL_LABELS
from clusterdesk.talent.service import TalentFilter
from clusterdesk.web.cards import CardSection


def organization_sections(*, session: Session, organization: Any, user: Any) -> list[CardSection]:
    mine = TalentFilter(organization_id=organization.id)
    programs, _ = service.get_programs(session=session, filters=mine, page_size=500)
    demands, _ = service.get_demands(session=session, filters=mine, page_size=500)
    if not programs and not demands:
        return []
    context = {"programs": programs, "demands": demands, "LEVELS": EDUCATION_LEVEL_LABELS}
    return [CardSection("Кадры: программы и потребность", "talent/_card.html", context, order=45)]
