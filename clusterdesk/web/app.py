"""The application factory: settings, database, routers, static files, error handlers."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from clusterdesk.audit import api as audit_api
from clusterdesk.audit import views as audit_views
from clusterdesk.audit.service import request_id_var
from clusterdesk.auth import api as auth_api
from clusterdesk.auth import views as auth_views
from clusterdesk.config import Settings, get_settings
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.registry import api as registry_api
from clusterdesk.registry import views as registry_views
from clusterdesk.web import errors, home

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    engine = engine or make_engine(settings.effective_database_url)
    app = FastAPI(
        title="ClusterDesk API",
        version="0.1.0",
        description="Реестр участников, стратегия и новости инновационного кластера",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)

    @app.middleware("http")
    async def request_id(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        rid = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        token = request_id_var.set(rid)
        try:
            response = await call_next(request)
        finally:
            request_id_var.reset(token)
        response.headers["X-Request-ID"] = rid
        return response

    errors.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in (auth_api.router, registry_api.router, audit_api.router):
        app.include_router(router)
    for router in (home.router, auth_views.router, registry_views.router, audit_views.router):
        app.include_router(router, include_in_schema=False)
    return app
