"""Query-string types shared by every route: bounded so no number reaches the database out of its range.

Ids and years are int4 on PostgreSQL (2^31 - 1); a page is bounded so that its offset stays far inside what
OFFSET takes. An out-of-range value is the client's mistake: 422 from validation, never a 500 from the
database. Path ids need no bound here: ``get_or_404`` answers 404 for a number no row can have.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Query

T = TypeVar("T")
MAX_INT4 = 2**31 - 1
MAX_PAGE_SIZE = 500

Page = Annotated[int, Query(ge=1, le=MAX_INT4, description="Номер страницы, с 1")]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Записей на странице")]
Limit = Annotated[
    int, Query(ge=1, le=MAX_PAGE_SIZE, description="Не больше стольких записей, первые по порядку списка")
]
DEFAULT_LIMIT = 100


def page_of(items: list[T], page: int, page_size: int) -> list[T]:
    """One page of a list already read whole (lists bounded by what they list, e.g. one cluster's KPIs)."""
    start = (page - 1) * page_size
    return items[start : start + page_size]


Version = Annotated[int | None, Query(ge=0, le=MAX_INT4, description="Версия, которую прочитал клиент")]
Id = Annotated[int | None, Query(ge=1, le=MAX_INT4, description="Номер записи")]
Year = Annotated[int, Query(ge=1900, le=2100, description="Год")]
OptionalYear = Annotated[int | None, Query(ge=1900, le=2100, description="Год")]
