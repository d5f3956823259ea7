"""The indicator catalogue and the Decree No. 779 rules, read from package data (an amendment is data)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
KINDS = ("money", "integer", "number", "boolean", "derived")


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    title: str
    unit: str
    type: str  # one of KINDS
    help: str
    derived_from: str | None = None  # "sales" / "purchases": summed from the cooperation part

    @property
    def typed(self) -> bool:
        """Entered by the member (a derived indicator is computed from the counterparties)."""
        return self.type != "derived"


@dataclass(frozen=True)
class Rule:
    code: str
    clause: str
    clause_checked: bool
    title: str
    text: str
    threshold: dict[str, Any] | None
    threshold_text: str
    method: str
    source: str


@dataclass(frozen=True)
class RuleBook:
    document: str
    requirements: str
    edition: str
    check_note: str
    rules: tuple[Rule, ...]

    def rule(self, code: str) -> Rule:
        return next(r for r in self.rules if r.code == code)


@cache
def indicators() -> dict[str, IndicatorSpec]:
    """The catalogue in its file order."""
    entries = json.loads((HERE / "indicators.json").read_text(encoding="utf-8"))
    return {e["code"]: IndicatorSpec(**e) for e in entries}


@cache
def rulebook() -> RuleBook:
    data = json.loads((HERE / "decree779.json").read_text(encoding="utf-8"))
    rules = tuple(Rule(**r) for r in data.pop("rules"))
    return RuleBook(rules=rules, **data)
