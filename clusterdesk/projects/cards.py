"""The organisation card's projects and capabilities (what it works on, what it can offer)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from clusterdesk.projects.filters import CapabilityFilter, ProjectFilter
from clusterdesk.projects.labels import CAPABILITY_KIND_LABELS, PROJECT_STATUS_LABELS
from clusterdesk.projects.service import get_capabilities, get_projects
from clusterdesk.reference import okved2
from clusterdesk.web.cards import CardSection


def organization_sections(*, session: Session, organization: Any, user: Any = None) -> list[CardSection]:
    projects, _ = get_projects(
        session=session, filters=ProjectFilter(organization_id=organization.id), page_size=100
    )
    capabilities, _ = get_capabilities(
        session=session, filters=CapabilityFilter(organization_id=organization.id), page_size=100
    )
    context = {
        "projects": projects,
        "capabilities": capabilities,
        "status_labels": PROJECT_STATUS_LABELS,
        "kind_labels": CAPABILITY_KIND_LABELS,
        "okved": okved2.describe,
    }
    return [
        CardSection(
            title="Проекты и возможности", template="projects/_org_card.html", context=context, order=30
        )
    ]
