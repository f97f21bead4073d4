"""Fixtures: a migrated database on SQLite and on PostgreSQL (one per test run each)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from safeguard.storage.database import make_engine
from safeguard.storage.migrate import upgrade
from safeguard.storage.testing import PostgresUnavailable, in_ci, temporary_postgres_database


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    try:
        with temporary_postgres_database() as url:
            yield url
    except PostgresUnavailable as exc:
        if in_ci():
            pytest.fail(str(exc))
        pytest.skip(str(exc))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A freshly migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "safeguard.sqlite3"
        eng = make_engine(f"sqlite:///{path}")
        upgrade(eng)
        yield eng
        eng.dispose()
        return
    base_url: str = request.getfixturevalue("postgres_url")
    eng = make_engine(base_url)
    # Each test gets its own schema so tests never see each other's rows.
    from sqlalchemy import text

    schema = f"t_{request.node.name.replace('[', '_').replace(']', '').replace('-', '_')}"[
        :60
    ].lower()
    with eng.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng.dispose()
    eng = make_engine(base_url, connect_args={"options": f"-csearch_path={schema}"})
    upgrade(eng)
    yield eng
    eng.dispose()
