"""Computed KPI indicators of the registry (members of a cluster), in the core registry of indicators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from clusterdesk.indicators import ComputedIndicator, all_indicators, compute, indicator
from clusterdesk.registry.labels import ORGANIZATION_KIND_LABELS
from clusterdesk.registry.models import Membership, Organization, OrganizationKind

__all__ = ["ComputedIndicator", "all_indicators", "compute", "indicator"]


# Registry-based indicators ---------------------------------------------------------------------------------


def _members_at_year_end(cluster_id: int, year: int) -> Any:
    """Memberships that hold on 31 December of ``year`` (an open start counts as «always»)."""
    year_end = date(year, 12, 31)
    return select(Membership.organization_id).where(
        Membership.cluster_id == cluster_id,
        or_(Membership.since.is_(None), Membership.since <= year_end),
        or_(Membership.until.is_(None), Membership.until > year_end),
    )


@indicator("participants_total", "Число участников кластера", "ед.")
def participants_total(*, session: Session, cluster_id: int, year: int) -> float | None:
    members = _members_at_year_end(cluster_id, year).distinct().subquery()
    return float(session.scalar(select(func.count()).select_from(members)) or 0)


def _participants_of_kind(kind: OrganizationKind) -> Callable[..., float | None]:
    def compute(*, session: Session, cluster_id: int, year: int) -> float | None:
        members = _members_at_year_end(cluster_id, year)
        query = select(func.count(Organization.id)).where(
            Organization.id.in_(members), Organization.kind == kind
        )
        return float(session.scalar(query) or 0)

    compute.__qualname__ = f"participants_{kind.value}"
    return compute


for _kind in OrganizationKind:
    indicator(
        f"participants_{_kind.value}",
        f"Число участников кластера: {ORGANIZATION_KIND_LABELS[_kind].lower()}",
        "ед.",
    )(_participants_of_kind(_kind))


@indicator("organizations_joined", "Число организаций, вступивших в кластер за год", "ед.")
def organizations_joined(*, session: Session, cluster_id: int, year: int) -> float | None:
    query = select(func.count(func.distinct(Membership.organization_id))).where(
        Membership.cluster_id == cluster_id,
        Membership.since >= date(year, 1, 1),
        Membership.since <= date(year, 12, 31),
    )
    return float(session.scalar(query) or 0)
