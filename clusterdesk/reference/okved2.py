"""The OKVED2 classifier (ОК 029-2014), shipped as package data (source: shared/reference/okved2.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class OkvedCode:
    code: str
    name: str
    parent: str | None
    section: str
    is_leaf: bool


@lru_cache(maxsize=1)
def classifier() -> dict[str, OkvedCode]:
    raw = json.loads(resources.files("clusterdesk.reference").joinpath("okved2.json").read_text("utf-8"))
    return {
        row["c"]: OkvedCode(
            code=row["c"], name=row["n"], parent=row["p"], section=row["s"], is_leaf=row["l"] == 1
        )
        for row in raw
    }


def lookup(code: str) -> OkvedCode | None:
    return classifier().get(code.strip())


def describe(code: str) -> str:
    entry = lookup(code)
    return f"{code} — {entry.name}" if entry else code
