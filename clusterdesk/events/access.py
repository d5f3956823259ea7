"""Who may write events and agreements: managers everything; a member only their own side of an agreement."""

from __future__ import annotations

from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import require_manager, require_organization_editor
from clusterdesk.events.models import Agreement


def may_write_event(user: User | None) -> User:
    return require_manager(user, "изменять мероприятия")


def may_write_agreement(user: User | None) -> User:
    """Subject, kind, date, term and the list of parties belong to the management team."""
    return require_manager(user, "создавать и изменять соглашения целиком")


def may_write_side(user: User | None, organization_id: int | None, action: str) -> User:
    """A party's own side: its signatory and contact, its obligations."""
    return require_organization_editor(user, {organization_id} if organization_id else set(), action)


def may_add_to_agreement(user: User | None, agreement: Agreement, action: str) -> User:
    """Documents can be added by any party's representative."""
    return require_organization_editor(user, set(agreement.party_ids), action)
