"""``safeguard convert``: turn chat exports into Safeguard JSON Lines (DESIGN.md)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import click

from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli
from safeguard.core.conversation_json import dumps_conversation
from safeguard.core.errors import InputError, RecordError
from safeguard.importers.options import CsvColumns, ImportOptions
from safeguard.importers.registry import FORMAT_NAMES, discover_inputs, read_conversations


@dataclass
class ConvertTotals:
    """Counts for the closing summary (no message text, no participant ids)."""

    files: int = 0
    conversations: int = 0
    messages: int = 0
    skipped: int = 0


@cli.command("convert")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Input format; detected from each file's content if omitted.",
)
@click.option("--skip-bad", is_flag=True, help="Report and skip bad records instead of stopping.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write JSON Lines to this file (written whole or not at all) instead of stdout.",
)
@click.option(
    "--csv-columns",
    default=None,
    metavar="FIELD=COLUMN,...",
    help="CSV column mapping, e.g. 'sender=from,text=body,conversation_id=thread'.",
)
@click.option(
    "--day-first/--month-first",
    "day_first",
    default=None,
    help="WhatsApp date order; inferred from each file if not given.",
)
def convert(
    paths: tuple[Path, ...],
    fmt: str | None,
    skip_bad: bool,
    output: Path | None,
    csv_columns: str | None,
    day_first: bool | None,
) -> None:
    """Convert chat exports in PATHS (files or folders) to Safeguard JSON Lines.

    Formats: jsonl, whatsapp, discord, instagram, telegram, csv, pan12. Exit codes: 0
    converted; 3 bad input (nothing more is written, and -o is left untouched); 4 records
    were skipped with --skip-bad.
    """
    try:
        options = ImportOptions(
            csv_columns=CsvColumns.from_spec(csv_columns) if csv_columns else CsvColumns(),
            day_first=day_first,
        )
        files = discover_inputs(list(paths), format=fmt)
        if not files:
            raise InputError("no chat exports found in " + ", ".join(str(p) for p in paths))
        with _destination(output) as out:
            totals = _convert(files, out, fmt=fmt, options=options, skip_bad=skip_bad)
    except RecordError as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo("Stopped at this record; use --skip-bad to skip bad records.", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    where = str(output) if output is not None else "standard output"
    click.echo(
        f"converted {totals.conversations} conversations ({totals.messages} messages) "
        f"from {totals.files} files to {where}"
        + (f"; skipped {totals.skipped} bad records" if totals.skipped else ""),
        err=True,
    )
    sys.exit(ExitCode.PARTIAL if totals.skipped else ExitCode.OK)


def _convert(
    files: list[Path], out: IO[str], *, fmt: str | None, options: ImportOptions, skip_bad: bool
) -> ConvertTotals:
    totals = ConvertTotals(files=len(files))
    first_seen: dict[str, str] = {}

    def on_skip(error: RecordError) -> None:
        totals.skipped += 1
        click.echo(f"skipped: {error}", err=True)

    for path in files:
        conversations = read_conversations(
            path, format=fmt, options=options, skip_bad=skip_bad, on_skip=on_skip
        )
        for conversation in conversations:
            earlier = first_seen.setdefault(conversation.id, str(path))
            if earlier != str(path):
                click.echo(
                    f"warning: {path}: conversation id {conversation.id!r} was also read "
                    f"from {earlier}",
                    err=True,
                )
            out.write(dumps_conversation(conversation))
            out.write("\n")
            totals.conversations += 1
            totals.messages += len(conversation.messages)
    return totals


@contextmanager
def _destination(output: Path | None) -> Iterator[IO[str]]:
    """Standard output, or a hidden temporary file renamed onto ``output`` on success."""
    if output is None:
        yield sys.stdout
        return
    directory = output.parent if str(output.parent) else Path(".")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"{output}: cannot write here ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(temp_name, output)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
