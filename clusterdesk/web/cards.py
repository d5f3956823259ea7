"""Card sections: other domains add blocks to an organisation's card without editing the registry's template.

A domain contributes a provider ``organization_sections(*, session, organization, user)`` returning a list of
``CardSection``; the app registers each provider at start-up (clusterdesk/startup.py) with
``register_card_sections``; the card renders each section's template with ``section`` in context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import object_session


@dataclass(frozen=True)
class CardSection:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


SectionProvider = Callable[..., list[CardSection]]
_PROVIDERS: list[SectionProvider] = []


def register_card_sections(provider: SectionProvider) -> None:
    """Add a domain's provider of organisation card sections (once)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def organization_card_sections(organization: Any, user: Any = None) -> list[CardSection]:
    """Every registered section for this organisation's card, in ``order``."""
    session = object_session(organization)
    if session is None:
        return []
    sections: list[CardSection] = []
    for provider in _PROVIDERS:
        sections.extend(provider(session=session, organization=organization, user=user))
    return sorted(sections, key=lambda s: s.order)


HomeProvider = Callable[..., list[CardSection]]
_HOME_PROVIDERS: list[HomeProvider] = []


def register_home_sections(provider: HomeProvider) -> None:
    """Add a domain's provider of start-page blocks ``(*, session, user)`` (once)."""
    if provider not in _HOME_PROVIDERS:
        _HOME_PROVIDERS.append(provider)


def home_page_sections(*, session: Any, user: Any = None) -> list[CardSection]:
    """Every registered start-page block, in ``order``."""
    sections: list[CardSection] = []
    for provider in _HOME_PROVIDERS:
        sections.extend(provider(session=session, user=user))
    return sorted(sections, key=lambda s: s.order)


# Sections on other objects' pages (a project, an agreement, a news item): a provider
# ``(*, session, obj, organization_ids, user)`` gets the object and the organisations it involves and returns
# its sections; the page renders them like a card's.
ObjectProvider = Callable[..., list[CardSection]]
_OBJECT_PROVIDERS: dict[str, list[ObjectProvider]] = {}


def register_object_sections(kind: str, provider: ObjectProvider) -> None:
    """Add a provider of sections for the pages of ``kind`` («project», «agreement») (once)."""
    providers = _OBJECT_PROVIDERS.setdefault(kind, [])
    if provider not in providers:
        providers.append(provider)


def object_sections(kind: str, obj: Any, organization_ids: list[int], user: Any = None) -> list[CardSection]:
    """Every registered section for the page of ``obj`` (a ``kind``) about these organisations, by order."""
    session = object_session(obj)
    if session is None:
        return []
    ids = sorted({i for i in organization_ids if i is not None})
    sections: list[CardSection] = []
    for provider in _OBJECT_PROVIDERS.get(kind, []):
        sections.extend(provider(session=session, obj=obj, organization_ids=ids, user=user))
    return sorted(sections, key=lambda s: s.order)
