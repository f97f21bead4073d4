"""Fixtures: the ingestion API on a fresh migrated database, with tokens for a test source."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from safeguard.api.app import API_PREFIX, api_engine, create_api_app
from safeguard.api.config import ApiConfig
from safeguard.api.token_admin import create_token
from safeguard.api.tokens import Scope
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork
from safeguard.storage.migrate import upgrade
from safeguard.storage.testing import PostgresUnavailable, in_ci, temporary_postgres_database

ALL_SCOPES = (Scope.MESSAGES_WRITE, Scope.ASSESSMENTS_READ, Scope.ALERTS_WRITE)


@dataclass
class Api:
    """A client on the API, the database behind it and a token with every scope."""

    client: TestClient
    app: FastAPI
    engine: Engine
    url: str
    token: str

    def headers(self, token: str | None = None, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}", **extra}

    def uow(self) -> IngestUnitOfWork:
        return IngestUnitOfWork.for_engine(self.engine)

    def new_token(self, *scopes: Scope, source: str = "test-source") -> tuple[str, str]:
        stored, secret = create_token(self.uow(), source, scopes or ALL_SCOPES)
        return stored.id, secret

    def post(self, path: str, body: object, **headers: str) -> httpx.Response:
        return self.client.post(f"/api/v1{path}", json=body, headers=self.headers(**headers))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    try:
        with temporary_postgres_database("safeguard_api_test") as url:
            yield url
    except PostgresUnavailable as exc:
        if in_ci():
            pytest.fail(str(exc))
        pytest.skip(str(exc))


def _fresh_postgres(base_url: str, name: str) -> str:
    """A URL whose connections use a new, empty schema (tests never see each other's rows)."""
    engine = api_engine(base_url)
    schema = ("t_" + "".join(c if c.isalnum() else "_" for c in name))[:60].lower()
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{base_url}?options=-csearch_path%3D{schema}"


def make_api(url: str, **config: object) -> Api:
    engine = api_engine(url)
    upgrade(engine)
    settings = ApiConfig(database_url=url, **config)  # type: ignore[arg-type]
    app = create_api_app(settings, engine, prefix=API_PREFIX)
    client = TestClient(app)
    api = Api(client, app, engine, url, "")
    _id, api.token = api.new_token()
    return api


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    """The API on SQLite and on PostgreSQL, token cache off (revocation is immediate)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'api.sqlite3'}"
    else:
        url = _fresh_postgres(request.getfixturevalue("postgres_url"), request.node.name)
    made = make_api(url, token_cache_seconds=0.0)
    with made.client:
        yield made
    made.engine.dispose()


@pytest.fixture
def sqlite_api(tmp_path: Path) -> Iterator[Api]:
    made = make_api(f"sqlite:///{tmp_path / 'api.sqlite3'}", token_cache_seconds=0.0)
    with made.client:
        yield made
    made.engine.dispose()


@pytest.fixture
def api_factory(tmp_path: Path) -> Iterator[Callable[[], Api]]:
    """New API apps on one SQLite file, as if the server restarted between them."""
    made: list[Api] = []
    url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"

    def factory() -> Api:
        api = make_api(url, token_cache_seconds=0.0)
        made.append(api)
        return api

    yield factory
    for api in made:
        api.client.close()
        api.engine.dispose()
