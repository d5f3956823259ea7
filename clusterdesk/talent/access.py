"""Talent write permissions: managers everything; a member their own organisation's programs and demand."""

from __future__ import annotations

from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import require_organization_editor


def may_write_program(user: User | None, organization_id: int) -> User:
    return require_organization_editor(user, {organization_id}, "изменять программы другой организации")


def may_write_demand(user: User | None, organization_id: int) -> User:
    return require_organization_editor(user, {organization_id}, "изменять потребность другой организации")


def may_write_training(user: User | None, company_id: int, university_id: int) -> User:
    """The company that takes the students or the university that teaches them."""
    return require_organization_editor(
        user, {company_id, university_id}, "вносить целевое обучение чужих организаций"
    )
