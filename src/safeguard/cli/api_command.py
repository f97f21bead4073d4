"""``safeguard api-token`` (create, revoke, list source tokens) and ``safeguard api-serve``."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli

if TYPE_CHECKING:
    from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork

_DATABASE_HELP = "Database URL (default: $SAFEGUARD_DATABASE_URL, else instance/safeguard.sqlite3)."


def _scopes_help() -> str:
    from safeguard.api.tokens import Scope

    return ", ".join(s.value for s in Scope)


def _uow(database: str | None) -> IngestUnitOfWork:
    from safeguard.api.app import api_engine
    from safeguard.storage.database import database_url
    from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork
    from safeguard.storage.migrate import upgrade

    engine = api_engine(database_url(database))
    upgrade(engine)
    return IngestUnitOfWork.for_engine(engine)


@cli.group("api-token")
def api_token() -> None:
    """Manage the per-source tokens of the ingestion API (only a hash is stored)."""


@api_token.command("create")
@click.option("--source", required=True, help="Source name, e.g. 'chat-app' or 'school-monitor'.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    help="A scope (repeat for more): messages:write, assessments:read, alerts:write.",
)
@click.option("--note", default="", help="What the token is for (shown in the list).")
@click.option("--database", default=None, help=_DATABASE_HELP)
def create(source: str, scopes: tuple[str, ...], note: str, database: str | None) -> None:
    """Create a token for SOURCE and print it once; store it in the source's secret store."""
    from safeguard.api.token_admin import create_token
    from safeguard.api.tokens import Scope

    try:
        parsed = [Scope.parse(s) for s in scopes]
        token, secret = create_token(_uow(database), source, parsed, note)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    click.echo(f"token id: {token.id}")
    click.echo(f"source:   {token.source}")
    click.echo(f"scopes:   {' '.join(token.scopes)}")
    click.echo("token (shown once, send as 'Authorization: Bearer <token>'):")
    click.echo(secret)


@api_token.command("revoke")
@click.argument("token_id")
@click.option("--database", default=None, help=_DATABASE_HELP)
def revoke(token_id: str, database: str | None) -> None:
    """Revoke the token TOKEN_ID (see `safeguard api-token list`)."""
    from safeguard.api.token_admin import revoke_token

    if not revoke_token(_uow(database), token_id):
        click.echo(f"error: no active token with id {token_id!r}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    click.echo(f"revoked {token_id}")


@api_token.command("list")
@click.option("--source", default=None, help="Only this source's tokens.")
@click.option("--database", default=None, help=_DATABASE_HELP)
def list_command(source: str | None, database: str | None) -> None:
    """List tokens: id, source, scopes, created, revoked (never the secret)."""
    from safeguard.api.token_admin import list_tokens

    for t in list_tokens(_uow(database), source):
        state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "active"
        click.echo(
            f"{t.id}  {t.source}  {' '.join(t.scopes)}  "
            f"created {t.created_at:%Y-%m-%d %H:%M}  {state}  {t.note}"
        )


@cli.command("api-serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8100, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=int, help="Worker processes.")
@click.option("--database", default=None, help=_DATABASE_HELP)
def api_serve(host: str, port: int, workers: int, database: str | None) -> None:
    """Run the ingestion API alone on http://HOST:PORT/api/v1 (migrating the database first).

    Use several workers with PostgreSQL; with SQLite one worker is best (one writer at a time).
    """
    import uvicorn

    from safeguard.storage.database import DATABASE_URL_ENV, database_url, make_engine
    from safeguard.storage.migrate import upgrade

    url = database_url(database)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    os.environ[DATABASE_URL_ENV] = url  # worker processes read it
    click.echo(f"Safeguard ingestion API on http://{host}:{port}/api/v1  (Ctrl+C to stop)")
    uvicorn.run(
        "safeguard.api.serving:api_root",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
