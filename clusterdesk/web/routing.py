"""Routers for route files: every page and API router carries the kit's transaction policy."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, routing
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope

from clusterdesk.web.deps import TransactionRoute
from clusterdesk.web.forms import check_same_origin


class KitRouter(APIRouter):
    """An ``APIRouter`` that turns away a request whose path starts with none of its routes' fixed beginnings
    before FastAPI tries its routes one by one.

    FastAPI (0.165) keeps an included router as one entry of the app's routes and, for every request, asks
    each included router in turn, which tries each of its routes with several writes to the request's scope:
    reaching ``/organizations/{id}`` (the registry's pages come late among 335 routes) cost 0.9 ms of the
    server's CPU, ``/news`` 0.6 ms. The beginnings are read from FastAPI's own view of the routes as included
    (their full paths up to the first parameter), so a prefix given at any level counts; a route without a
    path, or anything FastAPI does not expose as expected, leaves the router to FastAPI's matching as before.
    Same routes chosen (tests/web/test_routing.py compares every route of the app both ways).
    """

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        beginnings = self._beginnings(scope)
        if beginnings is not None and not get_route_path(scope).startswith(beginnings):
            return Match.NONE, {}
        return super().matches(scope)

    def _beginnings(self, scope: Scope) -> tuple[str, ...] | None:
        included = routing._get_scope_included_router(scope)
        if not isinstance(included, routing._IncludedRouter) or included.original_router is not self:
            return None
        version = self._get_routes_version()
        known = self._kit_beginnings.get(id(included))
        if known is not None and known[0] is included and known[1] == version:
            return known[2]
        beginnings: tuple[str, ...] | None = None
        try:
            if not included.effective_low_priority_routes():
                paths = [
                    context.path or getattr(context.starlette_route, "path", "")
                    for context in included.effective_route_contexts()
                ]
                if all(paths):
                    beginnings = tuple(sorted({path.split("{", 1)[0] for path in paths}))
        except AttributeError:  # FastAPI changed what it exposes: its own matching decides
            beginnings = None
        self._kit_beginnings[id(included)] = (included, version, beginnings)
        return beginnings

    @property
    def _kit_beginnings(self) -> dict[int, tuple[Any, int, tuple[str, ...] | None]]:
        return self.__dict__.setdefault("_kit_beginnings_cache", {})


def page_router(**kwargs: Any) -> APIRouter:
    """HTML pages: answers are HTML, form posts must come from this site, the transaction policy applies."""
    dependencies = [Depends(check_same_origin), *kwargs.pop("dependencies", [])]
    return KitRouter(
        route_class=TransactionRoute,
        dependencies=dependencies,
        default_response_class=HTMLResponse,
        **kwargs,
    )


def api_router(*, prefix: str, tags: list[str | Any]) -> APIRouter:
    """JSON API under ``prefix``: the transaction policy applies (commit below 400, roll back otherwise)."""
    return KitRouter(route_class=TransactionRoute, prefix=prefix, tags=tags)


class ModelResponse(Response):
    """A response model written to JSON by pydantic-core in one pass.

    A route that returns its ``response_model`` object makes FastAPI dump it to a dict, validate that dict
    against the model again (in a worker thread: one more thread hop for a sync route) and encode the result:
    1.9 ms for a page of twenty news items with their texts, against 0.6 ms for ``model_dump_json`` — a small
    part of the request's ~14 ms of server CPU. FastAPI passes a returned ``Response`` through as it is; the
    route keeps ``response_model`` for the OpenAPI schema, and the model was validated when it was built. Same
    JSON (by alias, as FastAPI writes it).
    """

    media_type = "application/json"

    def __init__(self, model: BaseModel, status_code: int = 200) -> None:
        super().__init__(content=model.model_dump_json(by_alias=True), status_code=status_code)
