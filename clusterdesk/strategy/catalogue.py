"""The catalogue of standard indicators (``catalogue.json``): data to pick from when setting up a program."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from clusterdesk.strategy.indicators import all_indicators
from clusterdesk.strategy.models import KpiAggregation, KpiDirection, KpiKind

CATALOGUE_FILE = Path(__file__).resolve().parent / "catalogue.json"


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name: str
    unit: str
    direction: KpiDirection
    kind: KpiKind
    aggregation: KpiAggregation
    computed_by: str | None = None


@cache
def _raw_entries() -> tuple[dict[str, str], ...]:
    return tuple(json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))["indicators"])


def catalogue() -> list[CatalogueEntry]:
    """Every entry; one whose computed indicator no domain registers yet is offered as manual."""
    available = all_indicators()
    entries = []
    for raw in _raw_entries():
        computed_by = raw.get("computed_by")
        computed = raw["kind"] == KpiKind.computed and computed_by in available
        entries.append(
            CatalogueEntry(
                code=raw["code"],
                name=raw["name"],
                unit=raw["unit"],
                direction=KpiDirection(raw["direction"]),
                kind=KpiKind.computed if computed else KpiKind.manual,
                aggregation=KpiAggregation(raw.get("aggregation", "sum")),
                computed_by=computed_by if computed else None,
            )
        )
    return entries


def find(code: str) -> CatalogueEntry | None:
    return next((e for e in catalogue() if e.code == code), None)
