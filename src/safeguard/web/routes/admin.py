"""Administration pages: people and the setting's configuration (never case content)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework import admin
from safeguard.casework.errors import ValidationFailed
from safeguard.casework.records import Actor
from safeguard.casework.roles import Permission
from safeguard.web.passwords import (
    hash_password,
    new_totp_secret,
    password_problem,
    provisioning_uri,
)
from safeguard.web.plumbing import Posted, PostedForm, flash, needs, new_uow, redirect, render

router = APIRouter()
USERS = Depends(needs(Permission.MANAGE_USERS))
SETTINGS = Depends(needs(Permission.MANAGE_SETTINGS))


def _users_page(
    request: Request,
    actor: Actor,
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    created: admin.NewUser | None = None,
    status: int = 200,
) -> Response:
    enrol = None
    if created is not None and created.totp_secret:
        enrol = provisioning_uri(created.totp_secret, created.user.username)
    return render(
        request,
        "users.html",
        {
            "users": admin.list_users(new_uow(request), actor),
            "fields": admin.USER_FIELDS,
            "values": values or {},
            "errors": errors or {},
            "created": created,
            "enrol": enrol,
        },
        status,
    )


@router.get("/admin/users")
def users(request: Request, actor: Actor = USERS) -> Response:
    return _users_page(request, actor)


@router.post("/admin/users")
def create_user(request: Request, form: Posted = PostedForm, actor: Actor = USERS) -> Response:
    try:
        created = admin.create_user(
            new_uow(request), actor, form.fields, hash_password, password_problem, new_totp_secret
        )
    except ValidationFailed as exc:
        values: dict[str, object] = {k: v for k, v in form.fields.items() if k != "password"}
        return _users_page(request, actor, values, exc.errors, status=422)
    return _users_page(request, actor, created=created, status=201)


@router.post("/admin/users/{user_id}/active")
def set_active(
    request: Request, user_id: str, form: Posted = PostedForm, actor: Actor = USERS
) -> Response:
    try:
        admin.set_active(new_uow(request), actor, user_id, form.text("active") == "yes")
    except ValidationFailed as exc:
        flash(request, "; ".join(exc.errors.values()), "error")
    return redirect("/admin/users")


@router.post("/admin/users/{user_id}/second-factor")
def reset_second_factor(
    request: Request, user_id: str, form: Posted = PostedForm, actor: Actor = USERS
) -> Response:
    created = admin.reset_second_factor(new_uow(request), actor, user_id, new_totp_secret)
    return _users_page(request, actor, created=created)


@router.get("/admin/settings")
def settings_page(request: Request, actor: Actor = SETTINGS) -> Response:
    setting = admin.read_setting(new_uow(request), actor)
    return render(
        request,
        "settings.html",
        {"fields": admin.SETTING_FIELDS, "values": admin.setting_values(setting), "errors": {}},
    )


@router.post("/admin/settings")
def save_settings(request: Request, form: Posted = PostedForm, actor: Actor = SETTINGS) -> Response:
    try:
        admin.update_setting(new_uow(request), actor, form.fields)
    except ValidationFailed as exc:
        return render(
            request,
            "settings.html",
            {"fields": admin.SETTING_FIELDS, "values": dict(form.fields), "errors": exc.errors},
            422,
        )
    flash(request, "Setting saved.")
    return redirect("/admin/settings")
