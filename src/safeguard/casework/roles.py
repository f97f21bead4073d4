"""Roles, permissions and the one table that says which role may do what.

Least privilege: anyone may log a concern but staff see only what they logged; DSLs and
deputies work cases; admins manage users and settings but never case content; auditors
read the audit log only.
"""

from __future__ import annotations

from enum import Enum


class Role(Enum):
    STAFF = "staff"
    DSL = "dsl"
    DEPUTY_DSL = "deputy_dsl"
    ADMIN = "admin"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Role.STAFF: "Staff",
    Role.DSL: "Designated safeguarding lead",
    Role.DEPUTY_DSL: "Deputy DSL",
    Role.ADMIN: "Administrator",
    Role.AUDITOR: "Auditor",
}


class Permission(Enum):
    SIGNED_IN = "signed_in"  # agency directory, advice sheets, own account
    LOG_CONCERN = "log_concern"
    VIEW_OWN_CONCERNS = "view_own_concerns"
    TRIAGE_ALERTS = "triage_alerts"
    WORK_CASES = "work_cases"
    READ_CHILD_HISTORY = "read_child_history"  # needs a fresh second factor too
    TRANSFER_FILES = "transfer_files"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    READ_AUDIT = "read_audit"


_CASE_WORKERS = frozenset({Role.DSL, Role.DEPUTY_DSL})
_ALL = frozenset(Role)

PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.SIGNED_IN: _ALL,
    Permission.LOG_CONCERN: frozenset({Role.STAFF, Role.DSL, Role.DEPUTY_DSL}),
    Permission.VIEW_OWN_CONCERNS: frozenset({Role.STAFF, Role.DSL, Role.DEPUTY_DSL}),
    Permission.TRIAGE_ALERTS: _CASE_WORKERS,
    Permission.WORK_CASES: _CASE_WORKERS,
    Permission.READ_CHILD_HISTORY: _CASE_WORKERS,
    Permission.TRANSFER_FILES: _CASE_WORKERS,
    Permission.MANAGE_USERS: frozenset({Role.ADMIN}),
    Permission.MANAGE_SETTINGS: frozenset({Role.ADMIN}),
    Permission.READ_AUDIT: frozenset({Role.AUDITOR}),
}

# Permissions whose use needs a second factor verified recently in the session.
STEP_UP_PERMISSIONS = frozenset({Permission.READ_CHILD_HISTORY, Permission.TRANSFER_FILES})


def allowed(role: Role, permission: Permission) -> bool:
    """Whether ``role`` holds ``permission``."""
    return role in PERMISSIONS[permission]


def needs_second_factor(role: Role) -> bool:
    """Roles that can read a child's history must enrol a TOTP second factor."""
    return role in _CASE_WORKERS
