"""The API application factory: ``create_api_app(config)`` builds the ``/api/v1`` app.

It runs on its own (``safeguard api-serve``, several workers) or mounted in the dashboard at
``/api/v1``. Each write is one transaction committed before the response is sent: on SQLite
the database is in WAL mode with ``synchronous=FULL``, so an acknowledged message survives a
crash of the process or of the machine.
"""

from __future__ import annotations

import threading
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy import Engine, event
from starlette.exceptions import HTTPException as StarletteHTTPException

from safeguard.api.auth import TokenChecker
from safeguard.api.body_limit import BodyLimit
from safeguard.api.config import ApiConfig, load_api_config
from safeguard.api.errors import ApiError
from safeguard.api.group_commit import GroupCommitter
from safeguard.api.idempotency import Purger
from safeguard.api.ingest import IncomingMessage, Ingestor
from safeguard.storage.database import make_engine
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork

API_PREFIX = "/api/v1"
DESCRIPTION = """\
Send children's conversations to Safeguard as they happen and get each conversation's
assessment back; send alerts from school monitoring products to the DSL's queue.

Authenticate with a per-source token: `Authorization: Bearer <token>` (created with
`safeguard api-token create`). A 2xx response means the data is committed. Send an
`Idempotency-Key` header to retry safely: the same key and body replay the first response;
the same key with another body gets 409.
"""


def api_engine(url: str) -> Engine:
    """An engine for the API: orjson for JSON columns, SQLite fsync on every commit."""
    engine = make_engine(url, json_serializer=_dumps, json_deserializer=orjson.loads)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _durable(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

    return engine


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


class ApiServices:
    """What the routes use: the unit of work factory, the ingestor, the token checker."""

    def __init__(self, config: ApiConfig, engine: Engine) -> None:
        self.config = config
        self.engine = engine
        self.tokens = TokenChecker(self.uow, config.token_cache_seconds)
        self.writer = GroupCommitter(self.uow)
        self.purger = Purger()
        self._ingestor: Ingestor | None = None
        self._ingestor_lock = threading.Lock()

    @property
    def ingestor(self) -> Ingestor:
        """The ingestor, built on first use (compiling the signal library takes a while)."""
        if self._ingestor is None:
            with self._ingestor_lock:
                if self._ingestor is None:
                    self._ingestor = _build_ingestor()
        return self._ingestor

    def combined_messages(
        self, uow: IngestUnitOfWork, payloads: list[tuple[str, IncomingMessage]]
    ) -> list[str]:
        """Single messages of distinct streams stored in one call; each one's JSON answer."""
        by_source: dict[str, list[int]] = {}
        for index, (source, _item) in enumerate(payloads):
            by_source.setdefault(source, []).append(index)
        answers: list[str] = [""] * len(payloads)
        for source, indexes in by_source.items():
            outcomes = self.ingestor.ingest(uow, source, [payloads[i][1] for i in indexes])
            for index, outcome in zip(indexes, outcomes, strict=True):
                answers[index] = orjson.dumps(outcome.to_dict()).decode()
        return answers

    def warm_up(self) -> None:
        """Build the ingestor now rather than on the first request."""
        _ = self.ingestor

    def uow(self) -> IngestUnitOfWork:
        return IngestUnitOfWork.for_engine(self.engine)


def _build_ingestor() -> Ingestor:
    from safeguard.core.incremental import IncrementalScanner
    from safeguard.scanning import build_default_engine

    return Ingestor(IncrementalScanner(build_default_engine()))


def create_api_app(config: ApiConfig, engine: Engine | None = None, *, prefix: str = "") -> FastAPI:
    """A new API app bound to ``config``'s database (migrations must already be applied).

    ``prefix`` is where its paths start: ``/api/v1`` when it serves alone, empty when it is
    mounted at ``/api/v1`` in the dashboard.
    """
    from safeguard.api.routes import router

    app = FastAPI(
        title="Safeguard ingestion API",
        version="1",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{prefix}/openapi.json",
    )
    app.state.services = ApiServices(config, engine or api_engine(config.database_url))
    app.include_router(router, prefix=prefix)
    _install_errors(app)
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes)
    return app


def app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker process (``--factory``); ready to serve at
    ``/api/v1``."""
    app = create_api_app(load_api_config(), prefix=API_PREFIX)
    app.state.services.warm_up()
    return app


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status, headers, media_type="application/json")


def _field(loc: tuple[Any, ...]) -> str:
    """A validation error location as a field path: ``messages[0].text``."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(body)"


def _install_errors(app: FastAPI) -> None:
    def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _json(exc.status, exc.body(), headers)

    def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            where = next(e for e in errors if e.get("type") == "json_invalid")
            detail = where.get("ctx", {}).get("error", "")
            return _json(
                400,
                {
                    "error": "the request body is not valid JSON",
                    "problems": [{"field": "(body)", "problem": str(detail) or "invalid JSON"}],
                },
            )
        problems = [
            {"field": _field(tuple(e.get("loc", ()))), "problem": str(e.get("msg", "invalid"))}
            for e in errors
        ]
        fields = ", ".join(dict.fromkeys(p["field"] for p in problems))
        return _json(422, {"error": f"invalid request: check {fields}", "problems": problems})

    def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return _json(
            exc.status_code, {"error": str(exc.detail), "problems": []}, dict(exc.headers or {})
        )

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)
