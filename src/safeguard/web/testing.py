"""Test support for the web app: a signed-in browser-less client with CSRF handling.

Used by the project's own tests (``tests/web``, ``tests/browser``); not part of the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
from fastapi.testclient import TestClient

from safeguard.casework.records import Actor, User, new_id
from safeguard.casework.roles import Role
from safeguard.storage.database import make_engine
from safeguard.storage.unit_of_work import SqlUnitOfWork
from safeguard.web.passwords import hash_password

PASSWORD = "correct-horse-battery"
TOTP = {"dsl": pyotp.random_base32(), "deputy_dsl": pyotp.random_base32()}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Site:
    client: TestClient
    uow: SqlUnitOfWork
    users: dict[str, User]
    db_path: Path

    def new_uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork.for_engine(make_engine(f"sqlite:///{self.db_path}"))

    def actor(self, role: str) -> Actor:
        return Actor.of(self.users[role])

    def csrf(self, path: str = "/") -> str:
        match = CSRF.search(self.client.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, role: str, *, step_up: bool = True) -> None:
        token = self.csrf("/login")
        response = self.client.post(
            "/login",
            data={"csrf_token": token, "username": role, "password": PASSWORD, "next": "/"},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        if step_up and role in TOTP:
            code = pyotp.TOTP(TOTP[role]).now()
            token = self.csrf("/second-factor")
            response = self.client.post(
                "/second-factor",
                data={"csrf_token": token, "code": code, "next": "/"},
                follow_redirects=False,
            )
            assert response.status_code == 303, response.text

    def post(self, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
        return self.client.post(
            path, data={"csrf_token": self.csrf(), **data}, follow_redirects=False, **kwargs
        )


def make_users(uow: SqlUnitOfWork) -> dict[str, User]:
    password_hash = hash_password(PASSWORD)
    users = {}
    with uow:
        for role in Role:
            user = User(
                new_id(),
                role.value,
                f"{role.label} Person",
                role,
                password_hash,
                TOTP.get(role.value),
            )
            uow.users.add(user)
            users[role.value] = user
        uow.commit()
    return users


class Interactions:
    """Drives a Playwright page and counts what a person would do: clicks, typing, choices."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.click(selector)

    def fill(self, selector: str, text: str) -> None:
        self.count += 1
        self.page.fill(selector, text)

    def select(self, selector: str, value: str) -> None:
        self.count += 1
        self.page.select_option(selector, value)

    def check(self, selector: str) -> None:
        self.count += 1
        self.page.check(selector)


def browser_login(page: Any, username: str) -> None:
    """Sign in as a demo user; for DSLs also pass the second factor."""
    from safeguard.web.demo_seed import DEMO_LOGINS

    login = next(x for x in DEMO_LOGINS if x.username == username)
    page.goto("/login")
    page.fill("#username", login.username)
    page.fill("#password", login.password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    if login.totp_secret:
        page.goto("/second-factor")
        page.fill("#code", pyotp.TOTP(login.totp_secret).now())
        page.click("main button[type=submit]")
        page.wait_for_load_state()
