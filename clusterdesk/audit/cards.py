"""The organisation card's own history, read the same way as the change log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from clusterdesk.audit import service
from clusterdesk.audit.readable import describe
from clusterdesk.auth.permissions import READ_ALL_ROLES
from clusterdesk.web.cards import CardSection

HISTORY_ROWS = 10


def organization_sections(*, session: Session, organization: Any, user: Any = None) -> list[CardSection]:
    if user is None or user.role not in READ_ALL_ROLES:
        return []
    records, total = service.get_all(
        session=session, organization_id=organization.id, page=1, page_size=HISTORY_ROWS
    )
    context = {"changes": describe(session=session, records=records), "total": total, "org": organization}
    return [CardSection("История изменений", "audit/_card_history.html", context, order=900)]
