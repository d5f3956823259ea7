"""Computed indicators: a registry of small functions that count things in the database.

Any domain registers its own in ``clusterdesk/<domain>/indicators.py`` with the ``@indicator`` decorator;
``all_indicators()`` imports every such module, so a KPI can name any of them in ``computed_by``.
Each function is called as ``compute(session=..., cluster_id=..., year=...)`` and answers a number, or None
when the data cannot say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from clusterdesk.registry.labels import ORGANIZATION_KIND_LABELS
from clusterdesk.registry.models import Membership, Organization, OrganizationKind

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ComputedIndicator:
    name: str  # stable code, e.g. "participants_total"
    title: str  # Russian
    unit: str
    compute: Callable[..., float | None]  # called as compute(session=..., cluster_id=..., year=...)


_REGISTRY: dict[str, ComputedIndicator] = {}


def indicator(name: str, title: str, unit: str) -> Callable[[F], F]:
    """Register the decorated function as the computed indicator ``name``."""

    def register(compute: F) -> F:
        existing = _REGISTRY.get(name)
        if existing is not None and existing.compute.__qualname__ != compute.__qualname__:
            raise ValueError(f"computed indicator {name!r} is already registered by {existing.compute!r}")
        _REGISTRY[name] = ComputedIndicator(name=name, title=title, unit=unit, compute=compute)
        return compute

    return register


def all_indicators() -> dict[str, ComputedIndicator]:
    """Every registered indicator, after importing each domain's ``indicators`` module."""
    from clusterdesk.domains import domain_modules

    domain_modules("indicators")
    return dict(sorted(_REGISTRY.items()))


def compute(name: str, *, session: Session, cluster_id: int, year: int) -> float | None:
    found = all_indicators().get(name)
    if found is None:
        return None
    return found.compute(session=session, cluster_id=cluster_id, year=year)


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
