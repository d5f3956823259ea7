"""Values safe to put in an XLSX cell: one control character in an organisation's name must not break the
export for everybody (openpyxl refuses it with IllegalCharacterError), and a text starting with «=» must stay
text rather than become a formula that the reader's Excel would run."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def cell_value(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith("=") else value


def xlsx_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``sheet.append``, every text cleaned."""
    return [cell_value(value) for value in values]
