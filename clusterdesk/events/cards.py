"""The events and agreements blocks on an organisation's card (see clusterdesk/web/cards.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from clusterdesk.events import agreements, service
from clusterdesk.events.labels import AGREEMENT_KIND_LABELS, EVENT_KIND_LABELS, PARTICIPANT_ROLE_LABELS
from clusterdesk.web.cards import CardSection


def organization_sections(*, session: Session, organization: Any, user: Any) -> list[CardSection]:
    events, total = service.events_of_organization(session=session, organization_id=organization.id)
    rows = []
    for event in events:
        roles = sorted(
            {
                PARTICIPANT_ROLE_LABELS[p.role]
                for p in event.participants
                if p.organization_id == organization.id
                or (
                    p.person is not None
                    and any(post.organization_id == organization.id for post in p.person.posts)
                )
            }
        )
        rows.append((event, roles))
    signed = agreements.agreements_of_organization(session=session, organization_id=organization.id)
    return [
        CardSection(
            "Мероприятия",
            "events/_card_events.html",
            {"rows": rows, "total": total, "EVENT_KINDS": EVENT_KIND_LABELS},
            order=40,
        ),
        CardSection(
            "Соглашения",
            "events/_card_agreements.html",
            {
                "agreements": signed,
                "organization_id": organization.id,
                "AGREEMENT_KINDS": AGREEMENT_KIND_LABELS,
            },
            order=41,
        ),
    ]
