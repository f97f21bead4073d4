"""``safeguard demo``: seed a demo setting from the example scan and print the demo logins."""

from __future__ import annotations

from pathlib import Path

import click

from safeguard.cli.main import cli

DEFAULT_EXAMPLES = Path("examples")


def print_logins() -> None:
    import pyotp

    from safeguard.web.demo_seed import DEMO_LOGINS

    click.echo("Demo logins (demo data only):")
    for login in DEMO_LOGINS:
        line = f"  {login.role.label:<30} {login.username:<8} password {login.password}"
        if login.totp_secret:
            code = pyotp.TOTP(login.totp_secret).now()
            line += f"  TOTP key {login.totp_secret} (code now: {code})"
        click.echo(line)
    click.echo("A DSL is asked for a TOTP code before reading a child's history; print a fresh")
    click.echo("one with `safeguard demo --code dsl`.")


def seed_if_empty(database_url: str, examples: Path | None) -> bool:
    """Seed the demo data unless people already exist; True if it seeded."""
    from safeguard.storage.database import make_engine
    from safeguard.storage.migrate import upgrade
    from safeguard.storage.unit_of_work import SqlUnitOfWork
    from safeguard.web.demo_seed import demo_assessments, seed, users_exist

    engine = make_engine(database_url)
    upgrade(engine)

    def make_uow() -> SqlUnitOfWork:
        return SqlUnitOfWork.for_engine(engine)

    if users_exist(make_uow()):
        click.echo("The database already has people in it: demo data not added.")
        engine.dispose()
        return False
    source = examples or DEFAULT_EXAMPLES
    if source.exists():
        assessments, raw = demo_assessments(source)
    else:
        click.echo(f"{source} not found: the demo starts with no scan alerts.")
        assessments, raw = [], b""
    alerts = seed(make_uow, assessments, raw)
    click.echo(f"Demo setting seeded: {len(assessments)} conversations scanned, {alerts} alerts.")
    engine.dispose()
    return True


@cli.command()
@click.option("--database", default=None, help="Database URL (default as for `safeguard serve`).")
@click.option(
    "--examples",
    type=click.Path(path_type=Path),
    default=None,
    help="Example conversations to scan (default: ./examples).",
)
@click.option(
    "--code", "code_for", default=None, help="Print the current TOTP code of a demo user."
)
def demo(database: str | None, examples: Path | None, code_for: str | None) -> None:
    """Seed a demo setting from the example scan and print the demo logins."""
    if code_for:
        import pyotp

        from safeguard.web.demo_seed import DEMO_LOGINS

        login = next((x for x in DEMO_LOGINS if x.username == code_for and x.totp_secret), None)
        if login is None or login.totp_secret is None:
            raise click.UsageError(f"{code_for!r} is not a demo user with a second factor")
        click.echo(pyotp.TOTP(login.totp_secret).now())
        return
    from safeguard.storage.database import database_url

    seed_if_empty(database_url(database), examples)
    print_logins()
