"""Card sections: other domains add blocks to an organisation's card without editing the registry's template.

A domain contributes by having ``cards.py`` with ``organization_sections(*, session, organization, user)``
returning a list of ``CardSection``; the card renders each section's template with ``section`` in context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import object_session

from clusterdesk.domains import domain_modules


@dataclass(frozen=True)
class CardSection:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def organization_card_sections(organization: Any, user: Any = None) -> list[CardSection]:
    """Every domain's sections for this organisation's card, in ``order``."""
    session = object_session(organization)
    if session is None:
        return []
    sections: list[CardSection] = []
    for module in domain_modules("cards"):
        provider = getattr(module, "organization_sections", None)
        if provider is not None:
            sections.extend(provider(session=session, organization=organization, user=user))
    return sorted(sections, key=lambda s: s.order)


def home_page_sections(*, session: Any, user: Any = None) -> list[CardSection]:
    """Blocks other domains put on the start page (``cards.py`` with ``home_sections(*, session, user)``)."""
    sections: list[CardSection] = []
    for module in domain_modules("cards"):
        provider = getattr(module, "home_sections", None)
        if provider is not None:
            sections.extend(provider(session=session, user=user))
    return sorted(sections, key=lambda s: s.order)
