"""The application factory: ``create_app(config)`` builds a fully wired FastAPI app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from sqlalchemy.orm import sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from safeguard.casework.errors import ConflictError, ImageRefused, NotFound, NotPermitted
from safeguard.storage.database import make_engine
from safeguard.storage.unit_of_work import SqlUnitOfWork
from safeguard.web import filters
from safeguard.web.config import WebConfig
from safeguard.web.plumbing import (
    CsrfFailed,
    Forbidden,
    LoginRequired,
    StepUpRequired,
    redirect,
    render,
)

HERE = Path(__file__).parent

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def create_app(config: WebConfig) -> FastAPI:
    """A new app bound to ``config``'s database (migrations must already be applied)."""
    from safeguard.web.routes import ROUTERS

    app = FastAPI(title="Safeguard casework", docs_url=None, redoc_url=None, openapi_url=None)
    engine = make_engine(config.database_url)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    app.state.config = config
    app.state.engine = engine
    app.state.uow_factory = lambda: SqlUnitOfWork(factory)
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True)
    filters.install(env)
    templates = Jinja2Templates(env=env)
    app.state.templates = templates

    app.add_middleware(
        SessionMiddleware,
        secret_key=config.secret_key,
        session_cookie="safeguard_session",
        max_age=config.session_hours * 3600,
        same_site="strict",
        https_only=config.secure_cookies,
    )
    app.middleware("http")(_security_headers)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for router in ROUTERS:
        app.include_router(router)
    from safeguard.api.app import API_PREFIX, create_api_app
    from safeguard.api.config import load_api_config

    app.mount(API_PREFIX, create_api_app(load_api_config(config.database_url)))
    _install_error_pages(app)
    return app


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if not request.url.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def _install_error_pages(app: FastAPI) -> None:
    def page(title: str, message: str, status: int) -> Callable[[Request, Exception], Response]:
        def handler(request: Request, exc: Exception) -> Response:
            detail = str(exc) if message == "" else message
            return render(request, "error.html", {"title": title, "message": detail}, status)

        return handler

    def login(request: Request, exc: Exception) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return redirect(f"/login?next={quote(target)}")

    def step_up(request: Request, exc: Exception) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = request.headers.get("referer", "/") or "/"
        return redirect(f"/second-factor?next={quote(target)}")

    def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        titles = {404: "Not found", 405: "Not allowed", 413: "Too large"}
        return render(
            request,
            "error.html",
            {"title": titles.get(exc.status_code, "Error"), "message": str(exc.detail)},
            exc.status_code,
        )

    app.add_exception_handler(LoginRequired, login)
    app.add_exception_handler(StepUpRequired, step_up)
    app.add_exception_handler(
        Forbidden, page("Not available to your role", "Your role cannot use this page.", 403)
    )
    app.add_exception_handler(
        NotPermitted, page("Not available to your role", "Your role cannot do this.", 403)
    )
    app.add_exception_handler(
        CsrfFailed,
        page(
            "Form expired",
            "This form was out of date or not sent from this site. Go back, reload and try again.",
            400,
        ),
    )
    app.add_exception_handler(NotFound, page("Not found", "", 404))
    app.add_exception_handler(ConflictError, page("Cannot do that now", "", 409))
    app.add_exception_handler(ImageRefused, page("Images are never stored", "", 415))
    app.add_exception_handler(StarletteHTTPException, http_error)
