"""Routers for route files: every page and API router carries the kit's transaction policy."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from clusterdesk.web.deps import TransactionRoute
from clusterdesk.web.forms import check_same_origin


def page_router(**kwargs: Any) -> APIRouter:
    """HTML pages: answers are HTML, form posts must come from this site, the transaction policy applies."""
    dependencies = [Depends(check_same_origin), *kwargs.pop("dependencies", [])]
    return APIRouter(
        route_class=TransactionRoute,
        dependencies=dependencies,
        default_response_class=HTMLResponse,
        **kwargs,
    )


def api_router(*, prefix: str, tags: list[str | Any]) -> APIRouter:
    """JSON API under ``prefix``: the transaction policy applies (commit below 400, roll back otherwise)."""
    return APIRouter(route_class=TransactionRoute, prefix=prefix, tags=tags)
