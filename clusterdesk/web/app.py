"""The application factory: settings, database, routers, static files, error handlers.

The app sits above the web kit and the domains: it fills the start-up registries (clusterdesk/startup.py) and
includes every domain's routers; no kit module imports a domain.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from clusterdesk.config import Settings, get_settings
from clusterdesk.db import make_engine, make_session_factory, server_pool_options
from clusterdesk.domains import domain_modules
from clusterdesk.startup import install
from clusterdesk.web import errors, home, security
from clusterdesk.web.request_id import RequestIdMiddleware

STATIC_DIR = Path(__file__).resolve().parent / "static"
FAVICON = STATIC_DIR / "favicon.ico"
# a bar above the Swagger UI with the way back to the app (styles inline: the CSP allows inline styles)
DOCS_BAR = (
    '<nav class="clusterdesk-back" aria-label="Назад в приложение" style="padding:.6rem 1.25rem;'
    'background:#f1f5f9;border-bottom:1px solid #cbd5e1;font:15px/1.4 system-ui,sans-serif">'
    '<a href="/" style="color:#0b5394;font-weight:600;text-decoration:none">← ClusterDesk</a>'
    '<span style="color:#64748b;margin-left:.75rem">документация программного интерфейса (API)</span></nav>'
)


def favicon(request: Request) -> FileResponse:
    """The browser's default /favicon.ico (the layout also links it); cached for a day."""
    return FileResponse(
        FAVICON, media_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"}
    )


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """After start-up, what the process has built so far (modules, models, gazetteers: ~370,000 objects) is
    moved out of the garbage collector's sight (``gc.freeze``): a full collection walked all of it — 250 ms
    with the process's requests stopped — and none of it is ever garbage."""
    gc.collect()
    gc.freeze()
    yield


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    install()
    settings = settings or get_settings()
    if engine is None:
        url = settings.effective_database_url
        pool = server_pool_options(
            url,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            parallel_workers=settings.database_parallel_workers,
        )
        engine = make_engine(url, **pool)
    app = FastAPI(
        docs_url=None,  # served below from vendored assets: the docs must work offline
        title="ClusterDesk API",
        version="0.1.0",
        description="Реестр участников, стратегия и новости инновационного кластера",
        # page forms need the CSRF token (the JSON API is exempt); the analyst's writes are refused everywhere
        dependencies=[Depends(security.csrf_protect), Depends(security.read_only_roles)],
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="ClusterDesk API — документация",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/favicon.ico",
        )
        # the one inline script (SwaggerUIBundle's start-up) runs under the page's CSP nonce
        html = bytes(page.body).decode().replace("<script>", f'<script nonce="{request.state.csp_nonce}">')
        html = html.replace("<html>", '<html lang="ru">', 1).replace("<body>", "<body>\n" + DOCS_BAR, 1)
        return HTMLResponse(html)

    # a plain route (no session, no transaction): the icon is a file
    app.add_route("/favicon.ico", favicon, methods=["GET", "HEAD"], include_in_schema=False)

    errors.install(app)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(security.SecurityMiddleware, secure_cookies=settings.environment == "production")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in domain_modules("api"):
        app.include_router(module.router)
    app.include_router(home.router, include_in_schema=False)
    for module in domain_modules("views"):
        app.include_router(module.router, include_in_schema=False)
    return app
