"""Computed KPI indicators: a registry of small functions that count things in the database.

A domain contributes its own in ``clusterdesk/<domain>/indicators.py`` with the ``@indicator`` decorator; the
app imports those modules at start-up (clusterdesk/startup.py lists them), so a KPI can name any of them in
``computed_by``. The registry lives in the core so that a domain contributes without importing the strategy
domain that reads it. Each function is called as ``compute(session=..., cluster_id=..., year=...)`` and
answers a number, or None when the data cannot say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

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
    """Every registered indicator, by name."""
    return dict(sorted(_REGISTRY.items()))


def compute(name: str, *, session: Session, cluster_id: int, year: int) -> float | None:
    found = _REGISTRY.get(name)
    if found is None:
        return None
    return found.compute(session=session, cluster_id=cluster_id, year=year)
