"""The web app, built by `create_app(settings)`: pages, the JSON API, health and static files.

Everything the routes need (engine, sessions, city profile, templates) hangs on `app.state`;
nothing is created at import, so tests build as many apps as they like.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from halyq.city.calendar import load_calendar
from halyq.city.profile import load_profile
from halyq.config import Settings
from halyq.db.engine import make_engine, make_sessionmaker
from halyq.web import health
from halyq.web.api import cases as api_cases
from halyq.web.api import corrections as api_corrections
from halyq.web.api import extension as api_extension
from halyq.web.api import forwarding as api_forwarding
from halyq.web.api import map as api_map
from halyq.web.api import me as api_me
from halyq.web.api import open311 as api_open311
from halyq.web.api import posts as api_posts
from halyq.web.auth import NotAuthenticated
from halyq.web.csrf import CSRFMiddleware
from halyq.web.docs import add_docs
from halyq.web.headers import SecurityHeadersMiddleware, tile_img_source
from halyq.web.ui import appeal as ui_appeal
from halyq.web.ui import case_actions as ui_case_actions
from halyq.web.ui import case_deadlines as ui_case_deadlines
from halyq.web.ui import cases as ui_cases
from halyq.web.ui import civil as ui_civil
from halyq.web.ui import civil_documents as ui_civil_documents
from halyq.web.ui import civil_forms as ui_civil_forms
from halyq.web.ui import corrections as ui_corrections
from halyq.web.ui import login as ui_login
from halyq.web.ui import map as ui_map
from halyq.web.ui import reports as ui_reports
from halyq.web.ui import sources as ui_sources
from halyq.web.ui import status as ui_status
from halyq.web.ui.templating import make_templates, render

STATIC_DIR = Path(__file__).parent / "ui" / "static"
SESSION_COOKIE = "halyq_session"
SESSION_MAX_AGE = 12 * 60 * 60  # one working day; then sign in again


def create_app(settings: Settings) -> FastAPI:
    """A ready app for these settings: its own engine, sessions and city profile."""
    profile = load_profile(settings.city)
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="Halyq",
        summary="Residents' posts → routed cases for the akimat's departments.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)
    app.state.profile = profile
    app.state.calendar = load_calendar(profile)
    app.state.templates = make_templates(profile)
    ui_map.add_map_globals(app.state.templates, settings)
    app.state.pseudonym_key = settings.resolved_pseudonym_key()
    app.state.login_throttles = ui_login.login_throttles()
    app.state.appeal_throttle = ui_appeal.appeal_throttle(settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    add_docs(app)
    for module in (
        ui_login,
        ui_appeal,
        ui_cases,
        ui_case_actions,
        ui_case_deadlines,
        ui_corrections,
        ui_sources,
        ui_civil,
        ui_civil_forms,
        ui_civil_documents,
        ui_reports,
        ui_map,
        api_me,
        api_cases,
        api_posts,
        api_corrections,
        api_forwarding,
        api_extension,
        api_map,
        health,
        ui_status,
        api_open311,
    ):
        app.include_router(module.router)
    _add_middleware(app, settings)
    _add_error_handlers(app)
    return app


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    # The last added runs first: headers wrap sessions, sessions wrap the CSRF check.
    app.add_middleware(CSRFMiddleware)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=False,  # plain http on localhost; put TLS in front in production
    )
    tile_source = tile_img_source(settings.map_tiles)  # the map's tile server, if any
    app.add_middleware(SecurityHeadersMiddleware, img_sources=(tile_source,) if tile_source else ())


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, _exc: NotAuthenticated) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "not signed in"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path.startswith(("/docs", "/openapi")):
            return await http_exception_handler(request, exc)
        return _error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        return _error_page(request, 422, "the address has a wrong parameter")


def _error_page(request: Request, status_code: int, detail: str) -> Response:
    context = {"user": None, "status_code": status_code, "detail": detail}
    return render(request, "error.html", context, status_code=status_code)
