"""``safeguard batch`` (score archives on Ray Data) and ``safeguard to-parquet``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from safeguard.batch.ray_cluster import ClusterError
from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli
from safeguard.core.errors import DataFileError, InputError, RecordError
from safeguard.core.levels import RiskLevel


def _level(_ctx: click.Context, _param: click.Parameter, value: str | None) -> RiskLevel | None:
    if value is None:
        return None
    try:
        return RiskLevel.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command("batch")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write assessment JSON Lines here (whole or not at all).",
)
@click.option(
    "--address",
    default=None,
    metavar="RAY_ADDRESS",
    help="Ray cluster to run on (HOST:PORT, ray://HOST:PORT or auto); a local Ray if omitted.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Ray actors scoring in parallel, one CPU each [default: the CPUs of this machine, "
    "or of the cluster].",
)
@click.option("--detail", is_flag=True, help="Add detector, rule, weight and quote to evidence.")
@click.option(
    "--min-level",
    default="low",
    show_default=True,
    callback=_level,
    help="Only write conversations at or above this level (none, low, medium, high, critical).",
)
@click.option(
    "--fail-on",
    default=None,
    callback=_level,
    help="Exit 1 when any conversation is at or above this level.",
)
@click.option("--skip-bad", is_flag=True, help="Report and skip bad records instead of stopping.")
@click.option("--no-progress", is_flag=True, help="Do not report progress on standard error.")
def batch(
    paths: tuple[Path, ...],
    out: Path,
    address: str | None,
    workers: int | None,
    detail: bool,
    min_level: RiskLevel | None,
    fail_on: RiskLevel | None,
    skip_bad: bool,
    no_progress: bool,
) -> None:
    """Assess the conversations in PATHS on Ray Data and write them to --out.

    PATHS are Safeguard JSON Lines or Parquet files (one row per conversation, see
    `safeguard to-parquet`), or folders of *.jsonl, *.ndjson and *.parquet. The output is what
    `safeguard scan --json` prints for the same input, in the same order; batch runs the text
    detectors only and does not open image attachments (like `scan --no-images`). Only the
    detection core runs in the Ray workers; each loads the engine once. On a cluster every
    node needs this Safeguard version installed and the input files at the same path.

    Exit codes: 0 scored; 1 a conversation reached --fail-on; 3 bad input (--out is left
    untouched); 4 records were skipped with --skip-bad; 5 a packaged data file is invalid;
    6 Ray could not be started or the cluster could not be reached.
    """
    err = Console(stderr=True)
    try:
        code = _run(
            paths,
            out,
            address=address,
            workers=workers,
            detail=detail,
            min_level=min_level or RiskLevel.LOW,
            fail_on=fail_on,
            skip_bad=skip_bad,
            progress=not no_progress,
            err=err,
        )
    except RecordError as exc:
        _say(err, "[bold red]error:[/]", str(exc))
        err.print(
            f"Nothing was written to {out}; use --skip-bad to skip bad records.",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        sys.exit(ExitCode.INPUT_ERROR)
    except InputError as exc:
        _say(err, "[bold red]error:[/]", str(exc))
        sys.exit(ExitCode.INPUT_ERROR)
    except DataFileError as exc:
        _say(err, "[bold red]data file error:[/]", str(exc))
        sys.exit(ExitCode.DATA_ERROR)
    except ClusterError as exc:
        _say(err, "[bold red]Ray error:[/]", str(exc))
        sys.exit(ExitCode.CLUSTER_ERROR)
    sys.exit(code)


def _run(
    paths: tuple[Path, ...],
    out: Path,
    *,
    address: str | None,
    workers: int | None,
    detail: bool,
    min_level: RiskLevel,
    fail_on: RiskLevel | None,
    skip_bad: bool,
    progress: bool,
    err: Console,
) -> int:
    from safeguard.batch.batch_run import BatchOptions, run_batch
    from safeguard.batch.inputs import discover_batch_inputs
    from safeguard.batch.progress import BarProgress, BatchProgress, LineProgress, NoProgress
    from safeguard.batch.ray_cluster import ray_cluster

    # A folder may hold an earlier --out file: never read the output as an input.
    inputs = [i for i in discover_batch_inputs(list(paths)) if i.path != out.resolve()]
    if not inputs:
        raise InputError(
            "no JSON Lines or Parquet files found in " + ", ".join(str(p) for p in paths)
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{out}: cannot be written (no folder {folder})")

    def on_skip(error: RecordError) -> None:
        _say(err, "[yellow]skipped:[/]", str(error))

    reporter: BatchProgress = NoProgress()
    if progress:
        reporter = BarProgress(err) if err.is_terminal else LineProgress(sys.stderr)
    options = BatchOptions(min_level=min_level, detail=detail, skip_bad=skip_bad)
    with ray_cluster(address, workers) as cluster:
        totals = run_batch(inputs, out, cluster, options, progress=reporter, on_skip=on_skip)
    rate = totals.messages / totals.seconds if totals.seconds > 0 else 0.0
    line = (
        f"{totals.conversations} conversations, {totals.messages} messages in {totals.files} "
        f"files on {totals.workers} Ray workers ({cluster.address}) in {totals.seconds:.1f} s "
        f"({rate:,.0f} messages/s); {totals.alerts} at medium or above (alerts); "
        f"{totals.written} assessments written to {out}"
    )
    if totals.skipped:
        line += f"; {len(totals.skipped)} records skipped"
    if totals.images:
        line += f"; {totals.images} image attachments not examined (use safeguard scan)"
    err.print(line, highlight=False, markup=False, soft_wrap=True)
    if fail_on is not None and totals.worst >= fail_on:
        return ExitCode.ALERTS
    if totals.skipped:
        return ExitCode.PARTIAL
    return ExitCode.OK


def _say(err: Console, label: str, message: str) -> None:
    err.print(f"{label} {escape(message)}", markup=True, highlight=False, soft_wrap=True)


@cli.command("to-parquet")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The Parquet file to write (whole or not at all).",
)
@click.option("--format", "fmt", default=None, help="Input format; detected if omitted.")
@click.option("--skip-bad", is_flag=True, help="Report and skip bad records instead of stopping.")
@click.option(
    "--row-group-size",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Conversations per row group (the unit of work of safeguard batch).",
)
def to_parquet(
    paths: tuple[Path, ...], out: Path, fmt: str | None, skip_bad: bool, row_group_size: int
) -> None:
    """Write the conversations in PATHS (any chat export scan reads) as Parquet for batch.

    One row per conversation: id, platform, participants and messages as nested lists, the
    fields of the JSON Lines format. Exit codes: 0 written; 3 bad input (--out is left
    untouched); 4 records were skipped with --skip-bad.
    """
    from safeguard.batch.parquet_layout import ParquetConversationWriter
    from safeguard.importers.registry import discover_inputs, read_conversations

    skipped = 0

    def on_skip(error: RecordError) -> None:
        nonlocal skipped
        skipped += 1
        click.echo(f"skipped: {error}", err=True)

    first_seen: dict[str, str] = {}
    messages = 0
    try:
        files = discover_inputs(list(paths), format=fmt)
        if not files:
            raise InputError("no chat exports found in " + ", ".join(str(p) for p in paths))
        with ParquetConversationWriter(out, row_group_size=row_group_size) as writer:
            for path in files:
                for conversation in read_conversations(
                    path, format=fmt, skip_bad=skip_bad, on_skip=on_skip
                ):
                    earlier = first_seen.setdefault(conversation.id, str(path))
                    if earlier != str(path):
                        click.echo(
                            f"warning: {path}: conversation id {conversation.id!r} was also "
                            f"read from {earlier}",
                            err=True,
                        )
                    writer.write(conversation)
                    messages += len(conversation.messages)
    except RecordError as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo("Stopped at this record; use --skip-bad to skip bad records.", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    except (InputError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    click.echo(
        f"wrote {writer.rows_written} conversations ({messages} messages) from {len(files)} "
        f"files to {out}" + (f"; skipped {skipped} bad records" if skipped else ""),
        err=True,
    )
    sys.exit(ExitCode.PARTIAL if skipped else ExitCode.OK)
