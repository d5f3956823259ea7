"""The kit's routers turn a request away by its path's beginning before FastAPI tries their routes, and the
app chooses the same route for every path and method as with FastAPI's matching alone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.routing import _IncludedRouter
from fastapi.testclient import TestClient
from starlette.routing import Match

from clusterdesk.web.routing import KitRouter

PROBES = ("/", "/nope", "/api/v1/nope", "/organizations/1/nope", "/news/", "/api/v1/news/", "/static/x.css")


def _concrete(path: str) -> str:
    """A path the route answers: each parameter replaced by a value its convertor accepts."""
    return re.sub(r"\{[^}]*\}", lambda m: "a/b" if ":path" in m.group(0) else "1", path)


def _chosen(app: Any, path: str, method: str) -> tuple[Any, ...]:
    """What the app's routing picks for a request: the first full match (down to the route inside the
    included routers), else the first partial one (a known path, another method: 405), else none."""
    scope = {"type": "http", "path": path, "method": method, "root_path": "", "headers": [], "app": app}
    partial = None
    for index, route in enumerate(app.router.routes):
        match, _ = route.matches(scope)
        if match == Match.FULL:
            chosen = route
            while isinstance(chosen, _IncludedRouter):
                chosen = chosen._match(scope)[2]
            return ("full", index, getattr(chosen, "endpoint", chosen), getattr(chosen, "path", None))
        if match == Match.PARTIAL and partial is None:
            partial = index
    return ("partial", partial) if partial is not None else ("none",)


def _paths(app: Any) -> list[str]:
    paths = set(PROBES)
    for route in app.router.routes:
        if isinstance(route, _IncludedRouter):
            for context in route.effective_route_contexts():
                paths.add(_concrete(context.path or context.starlette_route.path))
    return sorted(paths)


def test_every_route_is_chosen_as_fastapi_alone_chooses_it(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = client.app
    paths = _paths(app)
    assert len(paths) > 200  # every page and API route of the app, and the probes
    requests = [(path, method) for path in paths for method in ("GET", "POST", "DELETE")]
    kit = {request: _chosen(app, *request) for request in requests}
    monkeypatch.setattr(KitRouter, "matches", APIRouter.matches)
    alone = {request: _chosen(app, *request) for request in requests}
    differing = [request for request in requests if kit[request] != alone[request]]
    assert not differing, differing[:5]
    assert kit[("/organizations/1", "GET")][0] == "full" and kit[("/nope", "GET")] == ("none",)


def test_the_short_cut_is_on_for_every_router_of_the_app(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every included router is a kit router that knows its beginnings (one it could not read would be left to
    FastAPI's matching without a word)."""
    seen: dict[int, Any] = {}
    read = KitRouter._beginnings

    def spy(self: KitRouter, scope: Any) -> Any:
        seen[id(self)] = read(self, scope)
        return seen[id(self)]

    monkeypatch.setattr(KitRouter, "_beginnings", spy)
    assert _chosen(client.app, "/zzz", "GET") == ("none",)  # every router asked, none answers
    routers = [
        route.original_router for route in client.app.router.routes if isinstance(route, _IncludedRouter)
    ]
    assert len(routers) > 20 and all(isinstance(router, KitRouter) for router in routers)
    assert all(seen.get(id(router)) for router in routers), [r for r in routers if not seen.get(id(r))]
