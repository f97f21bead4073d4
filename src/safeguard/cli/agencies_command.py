"""``safeguard agencies``: the agency directory as a table, flagging stale and unverified ones."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli
from safeguard.core.agencies import JURISDICTIONS, Agency, AgencyDirectory, load_directory
from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.datafile_reader import read_yaml
from safeguard.core.errors import DataFileError
from safeguard.core.taxonomy import load_taxonomy


@cli.command("agencies")
@click.option(
    "--category",
    type=click.Choice(CATEGORY_IDS),
    default=None,
    help="Only the agencies this risk category calls for, most urgent first.",
)
@click.option(
    "--jurisdiction",
    type=click.Choice(JURISDICTIONS),
    default=None,
    help="Only agencies that serve this jurisdiction (england, wales, ... or global).",
)
@click.option("--stale", is_flag=True, help="Only entries that need checking.")
@click.option(
    "--local",
    "local",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="YAML file with your setting's local numbers (MASH, out-of-hours team, LADO).",
)
@click.option(
    "--max-age-months",
    type=click.IntRange(min=1),
    default=12,
    show_default=True,
    help="An entry not verified within this many months is stale.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date to measure staleness from (default: today).",
)
def agencies_command(
    category: str | None,
    jurisdiction: str | None,
    stale: bool,
    local: Path | None,
    max_age_months: int,
    today: datetime | None,
) -> None:
    """List the agency directory: contacts, hours, where each serves, and how trustworthy.

    Every entry shows when it was last verified against its live source. Entries that are
    stale, never verified or not configured (local numbers your setting must add) are flagged,
    and so are phone numbers and hours the sources disagree on ([verify]).

    Exit codes: 0 listed; 5 the directory or the --local file is invalid.
    """
    err = Console(stderr=True)
    day = today.date() if today is not None else date.today()
    try:
        directory = _directory(local)
        agencies = _select(directory, category=category, jurisdiction=jurisdiction)
    except DataFileError as exc:
        err.print(f"[bold red]data file error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(ExitCode.DATA_ERROR)
    reasons = {e.agency.id: e.reason for e in directory.stale_entries(day, max_age_months)}
    if stale:
        agencies = [a for a in agencies if a.id in reasons]
    Console().print(_table(agencies, reasons, directory))
    flagged = sum(1 for a in agencies if a.id in reasons)
    err.print(
        f"{len(agencies)} entries; {flagged} need checking "
        f"(directory reviewed {directory.reviewed_on.isoformat()}, "
        f"stale after {max_age_months} months).",
        highlight=False,
    )


def _directory(local: Path | None) -> AgencyDirectory:
    if local is None:
        return load_directory()
    overrides = read_yaml(local)
    if not isinstance(overrides, dict):
        raise DataFileError(f"{local.name}: expected a mapping of agency id to local details")
    return load_directory(overrides)


def _select(
    directory: AgencyDirectory, *, category: str | None, jurisdiction: str | None
) -> list[Agency]:
    if category is None:
        agencies = list(directory.agencies)
    else:
        agencies = [directory.agency(a) for a in load_taxonomy().category(category).agencies]
    if jurisdiction is not None:
        agencies = [a for a in agencies if a.serves(jurisdiction)]
    return agencies


def _table(agencies: list[Agency], reasons: dict[str, str], directory: AgencyDirectory) -> Table:
    table = Table(title=f"Agency directory (version {directory.version})", show_lines=True)
    table.add_column("Agency", overflow="fold")
    table.add_column("Use for", overflow="fold")
    table.add_column("Contacts", overflow="fold")
    table.add_column("Hours", overflow="fold")
    table.add_column("Where", overflow="fold")
    table.add_column("Checked", overflow="fold")
    for agency in agencies:
        contacts = "\n".join(escape(c.render()) for c in agency.contacts) or (
            "[bold yellow]NOT CONFIGURED[/]: add your local number"
        )
        hours = escape(agency.hours)
        if not agency.hours_verified:
            hours += "\n[yellow]\\[hours to verify][/]"
        table.add_row(
            f"{escape(agency.name)}\n[dim]{agency.id}[/]",
            escape(agency.use_for),
            contacts,
            hours,
            ", ".join(agency.jurisdiction),
            _checked(agency, reasons.get(agency.id)),
        )
    return table


def _checked(agency: Agency, reason: str | None) -> str:
    """When the entry was last verified and its source tag; why it needs checking, if it does."""
    text = f"source tag {agency.verification}"
    if agency.last_verified is not None:
        text = f"{agency.last_verified.isoformat()}, {text}"
    if reason is not None:
        text += f"\n[bold yellow]⚠ {escape(reason)}[/]"
    return text
