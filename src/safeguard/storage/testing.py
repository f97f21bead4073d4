"""Helpers for tests that need a real database: a throw-away PostgreSQL database per run.

PostgreSQL tests must fail, not skip, in CI (``CI=true``) when the server is unreachable.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

POSTGRES_ADMIN_URL_ENV = "SAFEGUARD_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class PostgresUnavailable(RuntimeError):
    """The test PostgreSQL server could not be reached."""


def admin_url() -> str:
    return os.environ.get(POSTGRES_ADMIN_URL_ENV, DEFAULT_POSTGRES_ADMIN_URL)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@contextmanager
def temporary_postgres_database(prefix: str = "safeguard_test") -> Iterator[str]:
    """Create a fresh database on the test server, yield its URL, then drop it."""
    admin = create_engine(admin_url(), isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        raise PostgresUnavailable(f"PostgreSQL at {admin_url()} is unreachable: {exc}") from exc
    url = admin_url().rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
