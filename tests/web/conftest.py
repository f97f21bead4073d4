"""Fixtures: the app on a fresh, migrated SQLite database with one user per role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from safeguard.storage.database import make_engine
from safeguard.storage.migrate import upgrade
from safeguard.storage.unit_of_work import SqlUnitOfWork
from safeguard.web.app import create_app
from safeguard.web.config import WebConfig
from safeguard.web.testing import Site, make_users


@pytest.fixture(scope="session")
def _users_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the users, copied per test (argon2 and migrations run once)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    make_users(SqlUnitOfWork.for_engine(engine))
    engine.dispose()
    return path


@pytest.fixture
def site(tmp_path: Path, _users_template: Path) -> Iterator[Site]:
    db_path = tmp_path / "safeguard.sqlite3"
    db_path.write_bytes(_users_template.read_bytes())
    config = WebConfig(database_url=f"sqlite:///{db_path}", secret_key="k" * 40)
    app = create_app(config)
    engine = app.state.engine
    uow = SqlUnitOfWork.for_engine(engine)
    with uow:
        users = {u.username: u for u in uow.users.list()}
    with TestClient(app, base_url="https://testserver") as client:
        yield Site(client, uow, users, db_path)
    engine.dispose()
