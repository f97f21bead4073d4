"""Database URL from configuration, and the engine factory (nothing is created at import)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

DATABASE_URL_ENV = "SAFEGUARD_DATABASE_URL"
DEFAULT_SQLITE_PATH = Path("instance") / "safeguard.sqlite3"


def database_url(explicit: str | None = None) -> str:
    """``explicit``, else $SAFEGUARD_DATABASE_URL, else an SQLite file under ./instance."""
    if explicit:
        return explicit
    from_env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if from_env:
        return from_env
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url``; SQLite transactions take the write lock up front.

    Every request writes an audit event, so SQLite transactions begin IMMEDIATE: two writers
    queue on the lock (with a busy timeout) instead of deadlocking on a lock upgrade.
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:" and not path.startswith("file:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **options)
        _begin_immediate(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


def _begin_immediate(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below take over
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
