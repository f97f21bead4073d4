"""Sign in (Argon2, rate limited), second factor (TOTP) and sign out."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from safeguard.casework import events as ev
from safeguard.casework.records import Actor
from safeguard.casework.roles import Role
from safeguard.storage import login_throttle
from safeguard.web.passwords import verify_password, verify_totp
from safeguard.web.plumbing import (
    LoginRequired,
    Posted,
    PostedForm,
    config,
    current_user,
    flash,
    new_uow,
    redirect,
    render,
)

router = APIRouter()

ANONYMOUS = Actor("anonymous", Role.STAFF, "anonymous")


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after sign-in."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/healthz", response_class=PlainTextResponse)
def healthz() -> str:
    return "ok"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "values": {}, "errors": {}})


@router.post("/login")
def login(request: Request, form: Posted = PostedForm) -> Response:
    cfg = config(request)
    username = form.text("username").strip().lower()
    password = form.text("password")
    target = safe_next(form.text("next"))
    address = request.client.host if request.client else "unknown"
    keys = [f"user:{username}", f"addr:{address}"]
    now = datetime.now(UTC)
    window = timedelta(minutes=cfg.login_window_minutes)
    with new_uow(request) as uow:
        if any(
            login_throttle.recent_failures(uow.session, key, now, window) >= cfg.login_attempts
            for key in keys
        ):
            uow.audit.record(ANONYMOUS, ev.SignInFailed("rate limited"))
            uow.commit()
            message = (
                f"Too many failed attempts. Wait {cfg.login_window_minutes} minutes and try "
                "again, or ask your administrator."
            )
            context = {"next": target, "values": {"username": username}, "errors": {}}
            return render(request, "login.html", {**context, "error": message}, 429)
        user = uow.users.by_username(username) if username else None
        ok = verify_password(user.password_hash if user else None, password)
        if not ok or user is None or not user.active:
            for key in keys:
                login_throttle.record_failure(uow.session, key, now)
            uow.audit.record(ANONYMOUS, ev.SignInFailed("bad credentials"))
            uow.commit()
            context = {"next": target, "values": {"username": username}, "errors": {}}
            return render(
                request,
                "login.html",
                {**context, "error": "That username and password do not match."},
                401,
            )
        login_throttle.clear_failures(uow.session, f"user:{username}")
        uow.audit.record(Actor.of(user), ev.SignedIn(user.id))
        uow.commit()
    request.session.clear()
    request.session["uid"] = user.id
    request.session["started"] = time.time()
    return redirect(target)


@router.get("/second-factor")
def second_factor_page(request: Request, next: str = "/") -> Response:
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    return render(
        request,
        "second_factor.html",
        {"next": safe_next(next), "enrolled": bool(user.totp_secret), "errors": {}},
    )


@router.post("/second-factor")
def second_factor(request: Request, form: Posted = PostedForm) -> Response:
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    cfg = config(request)
    target = safe_next(form.text("next"))
    key = f"totp:{user.id}"
    now = datetime.now(UTC)
    window = timedelta(minutes=cfg.login_window_minutes)
    with new_uow(request) as uow:
        limited = (
            login_throttle.recent_failures(uow.session, key, now, window) >= cfg.login_attempts
        )
        if limited or not verify_totp(user.totp_secret, form.text("code")):
            login_throttle.record_failure(uow.session, key, now)
            uow.audit.record(Actor.of(user), ev.SignInFailed("second factor"))
            uow.commit()
            message = (
                "Too many attempts: wait and try again."
                if limited
                else "That code did not match. Codes change every 30 seconds."
            )
            return render(
                request,
                "second_factor.html",
                {"next": target, "enrolled": bool(user.totp_secret), "error": message},
                429 if limited else 401,
            )
        login_throttle.clear_failures(uow.session, key)
        uow.audit.record(Actor.of(user), ev.SecondFactorVerified(user.id))
        uow.commit()
    request.session["step_up_at"] = time.time()
    flash(request, "Second factor checked.")
    return redirect(target)


@router.post("/logout")
def logout(request: Request, form: Posted = PostedForm) -> Response:
    request.session.clear()
    return redirect("/login")
