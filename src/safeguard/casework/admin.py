"""Administration: people and the setting's configuration. Admins never see case content."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from safeguard.casework import events as ev
from safeguard.casework.errors import NotFound, ValidationFailed
from safeguard.casework.fields import FieldSpec, clean_form
from safeguard.casework.handlers import require
from safeguard.casework.ports import UnitOfWork
from safeguard.casework.records import Actor, LocalContacts, Setting, User, new_id
from safeguard.casework.roles import Permission, Role, needs_second_factor

ROLE_CHOICES = tuple((role.value, role.label) for role in Role)
JURISDICTION_CHOICES = (
    ("england", "England"),
    ("wales", "Wales"),
    ("scotland", "Scotland"),
    ("ni", "Northern Ireland"),
)
DEVICE_RULES = (
    ("flight_mode", "Confiscate, flight mode (or switch off): UKCIS advice"),
    ("isolated_on", "Confiscate, keep powered on and isolated: police digital first aid"),
)


def _username(text: str) -> str | None:
    return None if re.fullmatch(r"[a-z0-9._-]{3,40}", text) else "3-40 lower-case letters/digits"


USER_FIELDS = (
    FieldSpec("username", "Username", required=True, check=_username),
    FieldSpec("display_name", "Full name", required=True),
    FieldSpec("role", "Role", "select", required=True, choices=ROLE_CHOICES),
    FieldSpec("password", "Initial password (12+ characters)", required=True),
)

SETTING_FIELDS = (
    FieldSpec("name", "Name of the setting", required=True),
    FieldSpec("jurisdiction", "Jurisdiction", "select", True, choices=JURISDICTION_CHOICES),
    FieldSpec("mash_phone", "Children's social care / MASH number", required=True),
    FieldSpec("edt_phone", "Out-of-hours emergency duty team number", required=True),
    FieldSpec("lado_phone", "LADO number", required=True),
    FieldSpec("police_contact", "Local police contact (optional)"),
    FieldSpec("device_rule", "What staff do with a device", "select", True, choices=DEVICE_RULES),
)


@dataclass(frozen=True, slots=True)
class NewUser:
    user: User
    totp_secret: str | None  # shown once to the admin, to enrol the authenticator app


def list_users(uow: UnitOfWork, actor: Actor) -> Sequence[User]:
    require(actor, Permission.MANAGE_USERS)
    with uow:
        return uow.users.list()


def create_user(
    uow: UnitOfWork,
    actor: Actor,
    form: Mapping[str, str | list[str]],
    hash_password: Callable[[str], str],
    password_problem: Callable[[str], str | None],
    new_totp_secret: Callable[[], str],
) -> NewUser:
    """Add a person; DSLs and deputies get a TOTP secret (the second factor)."""
    require(actor, Permission.MANAGE_USERS)
    data = clean_form(USER_FIELDS, form)
    problem = password_problem(str(data["password"]))
    if problem:
        raise ValidationFailed({"password": problem})
    role = Role(str(data["role"]))
    secret = new_totp_secret() if needs_second_factor(role) else None
    user = User(
        id=new_id(),
        username=str(data["username"]),
        display_name=str(data["display_name"]),
        role=role,
        password_hash=hash_password(str(data["password"])),
        totp_secret=secret,
    )
    with uow:
        if uow.users.by_username(user.username) is not None:
            raise ValidationFailed({"username": "that username is taken"})
        uow.users.add(user)
        uow.audit.record(actor, ev.UserCreated(user.id, role.value))
        uow.commit()
    return NewUser(user, secret)


def set_active(uow: UnitOfWork, actor: Actor, user_id: str, active: bool) -> User:
    require(actor, Permission.MANAGE_USERS)
    with uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("no such user")
        if user.id == actor.user_id and not active:
            raise ValidationFailed({"user": "you cannot deactivate yourself"})
        changed = replace(user, active=active)
        uow.users.update(changed)
        uow.audit.record(actor, ev.UserChanged(user.id, "activated" if active else "deactivated"))
        uow.commit()
    return changed


def reset_second_factor(
    uow: UnitOfWork, actor: Actor, user_id: str, new_totp_secret: Callable[[], str]
) -> NewUser:
    require(actor, Permission.MANAGE_USERS)
    with uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("no such user")
        secret = new_totp_secret()
        changed = replace(user, totp_secret=secret)
        uow.users.update(changed)
        uow.audit.record(actor, ev.UserChanged(user.id, "second factor reset"))
        uow.commit()
    return NewUser(changed, secret)


def setting_values(setting: Setting) -> dict[str, str]:
    c = setting.contacts
    return {
        "name": setting.name,
        "jurisdiction": setting.jurisdiction,
        "mash_phone": c.mash_phone,
        "edt_phone": c.edt_phone,
        "lado_phone": c.lado_phone,
        "police_contact": c.police_contact,
        "device_rule": setting.device_rule,
    }


def read_setting(uow: UnitOfWork, actor: Actor) -> Setting:
    require(actor, Permission.SIGNED_IN)
    with uow:
        return uow.settings.get()


def update_setting(uow: UnitOfWork, actor: Actor, form: Mapping[str, str | list[str]]) -> Setting:
    require(actor, Permission.MANAGE_SETTINGS)
    data = {k: str(v or "") for k, v in clean_form(SETTING_FIELDS, form).items()}
    setting = Setting(
        name=data["name"],
        jurisdiction=data["jurisdiction"],
        contacts=LocalContacts(
            data["mash_phone"], data["edt_phone"], data["lado_phone"], data["police_contact"]
        ),
        device_rule=data["device_rule"],
    )
    with uow:
        before = setting_values(uow.settings.get())
        uow.settings.save(setting)
        changed = tuple(k for k, v in setting_values(setting).items() if before.get(k) != v)
        uow.audit.record(actor, ev.SettingsChanged(changed))
        uow.commit()
    return setting


def user_for_id(uow: UnitOfWork, user_id: str) -> User | None:
    with uow:
        return uow.users.get(user_id)
