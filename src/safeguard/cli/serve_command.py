"""``safeguard serve``: run the casework dashboard (migrating the database first)."""

from __future__ import annotations

import click

from safeguard.cli.main import cli


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--database",
    default=None,
    help="Database URL (default: $SAFEGUARD_DATABASE_URL, else instance/safeguard.sqlite3).",
)
@click.option("--demo", is_flag=True, help="Seed the demo setting first if the database is empty.")
def serve(host: str, port: int, database: str | None, demo: bool) -> None:
    """Run the safeguarding casework dashboard on http://HOST:PORT."""
    import uvicorn

    from safeguard.storage.database import make_engine
    from safeguard.storage.migrate import upgrade
    from safeguard.web.app import create_app
    from safeguard.web.config import load_config

    config = load_config(database)
    engine = make_engine(config.database_url)
    upgrade(engine)
    engine.dispose()
    if demo:
        from safeguard.cli.demo_command import print_logins, seed_if_empty

        seed_if_empty(config.database_url, None)
        print_logins()
    click.echo(f"Safeguard dashboard on http://{host}:{port}  (Ctrl+C to stop)")
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
