"""Request plumbing shared by every page: the signed-in actor, permissions, CSRF, rendering."""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile

from safeguard.casework.records import Actor, User
from safeguard.casework.roles import STEP_UP_PERMISSIONS, Permission, allowed
from safeguard.storage.unit_of_work import SqlUnitOfWork
from safeguard.web.config import WebConfig


class LoginRequired(Exception):
    """No signed-in user: send them to the login page."""


class StepUpRequired(Exception):
    """A fresh second factor is needed before reading a child's history."""


class Forbidden(Exception):
    """Signed in, but the role may not use this page."""


class CsrfFailed(Exception):
    """A form arrived without the session's CSRF token."""


def config(request: Request) -> WebConfig:
    cfg: WebConfig = request.app.state.config
    return cfg


def new_uow(request: Request) -> SqlUnitOfWork:
    """A fresh unit of work (one transaction per use case call)."""
    factory: Callable[[], SqlUnitOfWork] = request.app.state.uow_factory
    return factory()


def templates(request: Request) -> Jinja2Templates:
    tpl: Jinja2Templates = request.app.state.templates
    return tpl


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def current_user(request: Request) -> User | None:
    """The signed-in, still-active user, cached on the request."""
    if hasattr(request.state, "user"):
        cached: User | None = request.state.user
        return cached
    user: User | None = None
    user_id = request.session.get("uid")
    started = request.session.get("started", 0)
    max_age = config(request).session_hours * 3600
    if isinstance(user_id, str) and time.time() - float(started) < max_age:
        with new_uow(request) as uow:
            user = uow.users.get(user_id)
        if user is not None and not user.active:
            user = None
    request.state.user = user
    return user


def step_up_fresh(request: Request) -> bool:
    verified = request.session.get("step_up_at", 0)
    return time.time() - float(verified) < config(request).step_up_minutes * 60


def needs(permission: Permission) -> Callable[[Request], Actor]:
    """A dependency: the acting user, if their role holds ``permission`` (and a fresh 2FA)."""

    def dependency(request: Request) -> Actor:
        user = current_user(request)
        if user is None:
            raise LoginRequired()
        if not allowed(user.role, permission):
            raise Forbidden()
        if permission in STEP_UP_PERMISSIONS and not step_up_fresh(request):
            raise StepUpRequired()
        return Actor.of(user)

    return dependency


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Posted:
    """A form that passed the CSRF check: its fields and any uploaded files."""

    fields: dict[str, str | list[str]]
    files: dict[str, Upload] = field(default_factory=dict)

    def text(self, name: str) -> str:
        value = self.fields.get(name, "")
        return (value[-1] if value else "") if isinstance(value, list) else value


async def posted_form(request: Request) -> Posted:
    """The request's form, after checking its CSRF token against the session."""
    limit = config(request).max_upload_bytes
    form = await request.form(max_part_size=limit)
    fields: dict[str, str | list[str]] = {}
    files: dict[str, Upload] = {}
    for key in form:
        values = form.getlist(key)
        texts = [v for v in values if isinstance(v, str)]
        for value in values:
            if isinstance(value, UploadFile):
                data = await value.read(limit + 1)
                files[key] = Upload(value.filename or "", value.content_type or "", data)
        if texts:
            fields[key] = texts if len(texts) > 1 else texts[0]
    token = fields.pop("csrf_token", "")
    expected = request.session.get("csrf")
    if (
        not isinstance(token, str)
        or not isinstance(expected, str)
        or not hmac.compare_digest(token, expected)
    ):
        raise CsrfFailed()
    return Posted(fields, files)


PostedForm = Depends(posted_form)

NAV: tuple[tuple[str, str, Permission], ...] = (
    ("Log a concern", "/concerns/new", Permission.LOG_CONCERN),
    ("My concerns", "/concerns", Permission.VIEW_OWN_CONCERNS),
    ("Alerts", "/alerts", Permission.TRIAGE_ALERTS),
    ("Cases", "/cases", Permission.WORK_CASES),
    ("Children", "/children", Permission.WORK_CASES),
    ("Transfers", "/transfers", Permission.TRANSFER_FILES),
    ("Agencies", "/agencies", Permission.SIGNED_IN),
    ("Advice", "/advice", Permission.SIGNED_IN),
    ("Users", "/admin/users", Permission.MANAGE_USERS),
    ("Setting", "/admin/settings", Permission.MANAGE_SETTINGS),
    ("Audit", "/audit", Permission.READ_AUDIT),
)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render ``template`` with the common context (user, navigation, CSRF token, flashes)."""
    user = current_user(request)
    nav = [(label, href) for label, href, perm in NAV if user and allowed(user.role, perm)]
    path = request.url.path
    # The one nav item for this page: the longest link that is the path or a parent of it.
    matches = [href for _, href in nav if path == href or path.startswith(href + "/")]
    current = max(matches, key=len) if matches else ""
    flashes = request.session.pop("flash", []) if "flash" in request.session else []
    common = {
        "user": user,
        "nav": nav,
        "csrf": csrf_token(request),
        "flashes": flashes,
        "path": path,
        "current": current,
    }
    response = templates(request).TemplateResponse(
        request, template, {**common, **(context or {})}, status_code=status
    )
    return response


def flash(request: Request, message: str, kind: str = "ok") -> None:
    items = list(request.session.get("flash", []))
    items.append([kind, message])
    request.session["flash"] = items


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


AsyncEndpoint = Callable[..., Coroutine[Any, Any, Any]]
