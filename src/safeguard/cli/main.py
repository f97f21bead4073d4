"""Entry point of the ``safeguard`` command; each sub-command lives in its own module."""

from __future__ import annotations

import click

from safeguard import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="safeguard")
def cli() -> None:
    """Safeguard: detect online-abuse risks to children, guide the response, record and refer."""


def _register() -> None:
    # Sub-command modules register themselves on import; list each one here.
    from safeguard.cli import (
        agencies_command,  # noqa: F401
        api_command,  # noqa: F401
        audit_command,  # noqa: F401
        bank_command,  # noqa: F401
        batch_command,  # noqa: F401
        convert_command,  # noqa: F401
        demo_command,  # noqa: F401
        eval_command,  # noqa: F401
        hash_command,  # noqa: F401
        scan_command,  # noqa: F401
        serve_command,  # noqa: F401
        train_command,  # noqa: F401
    )


def main() -> None:
    _register()
    cli()
