"""``safeguard audit verify``: check the hash chain of the casework audit trail."""

from __future__ import annotations

import sys

import click

from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli


@cli.group()
def audit() -> None:
    """Work with the casework audit trail."""


@audit.command()
@click.option("--database", default=None, help="Database URL (default as for `safeguard serve`).")
def verify(database: str | None) -> None:
    """Recompute every link of the audit chain; exit 1 if any record was changed or removed."""
    from sqlalchemy.orm import Session

    from safeguard.storage.audit_trail import verify_audit_trail
    from safeguard.storage.database import database_url, make_engine

    engine = make_engine(database_url(database))
    with Session(engine) as session:
        report = verify_audit_trail(session)
    engine.dispose()
    if report.ok:
        click.echo(f"audit chain intact: {report.checked} events verified")
        sys.exit(ExitCode.OK)
    click.echo(
        f"audit chain BROKEN at event {report.first_bad_seq}: {report.problem} "
        f"({report.checked} events verified before it)",
        err=True,
    )
    sys.exit(ExitCode.ALERTS)
