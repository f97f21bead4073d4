"""``safeguard scan``: assess conversations in chat exports and report what was found."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

import click
import orjson
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli
from safeguard.core.assessment import Assessment
from safeguard.core.conversation import Conversation
from safeguard.core.errors import DataFileError, InputError, RecordError
from safeguard.core.levels import RiskLevel
from safeguard.images.attachments import SkippedImage, image_attachments

LEVEL_STYLES = {
    RiskLevel.NONE: "dim",
    RiskLevel.LOW: "cyan",
    RiskLevel.MEDIUM: "yellow",
    RiskLevel.HIGH: "bold red",
    RiskLevel.CRITICAL: "bold white on red",
}


@dataclass
class ScanTotals:
    files: int = 0
    conversations: int = 0
    messages: int = 0
    skipped: list[str] = field(default_factory=list)
    images: int = 0
    images_skipped: int = 0
    by_level: dict[RiskLevel, int] = field(default_factory=dict)


def _level(_ctx: click.Context, _param: click.Parameter, value: str | None) -> RiskLevel | None:
    if value is None:
        return None
    try:
        return RiskLevel.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command("scan")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", default=None, help="Input format; detected from content if omitted."
)
@click.option("--json", "as_json", is_flag=True, help="Write assessment JSON Lines to stdout.")
@click.option("--detail", is_flag=True, help="With --json: add detector, rule, weight and quote.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a self-contained HTML report to this file.",
)
@click.option(
    "--min-level",
    default="low",
    show_default=True,
    callback=_level,
    help="Only list conversations at or above this level (none, low, medium, high, critical).",
)
@click.option(
    "--fail-on",
    default=None,
    callback=_level,
    help="Exit 1 when any conversation is at or above this level.",
)
@click.option("--skip-bad", is_flag=True, help="Report and skip bad records instead of stopping.")
@click.option("--csv-columns", default=None, help="CSV mapping, e.g. 'sender=from,text=body'.")
@click.option("--no-progress", is_flag=True, help="Do not show the progress bar.")
@click.option(
    "--hash-bank",
    "hash_banks",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Match image attachments against the hash banks in this folder (a bank folder or a "
    "folder of banks, as `safeguard bank` keeps them). Repeatable.",
)
@click.option(
    "--nudity/--no-nudity",
    default=True,
    show_default=True,
    help="Score image attachments with the local nudity model (loaded only if a conversation "
    "has an image).",
)
@click.option(
    "--no-images", is_flag=True, help="Do not examine image attachments at all (text only)."
)
@click.option(
    "--learned",
    is_flag=True,
    help="Add the learned detectors (MiniLM behind a speed cascade) to the rules: slower to "
    "start (about 5 s) and about 700 MB more memory.",
)
@click.option(
    "--thresholds",
    "thresholds_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="With --learned: this deployment's thresholds.yaml (default: the packaged one).",
)
def scan(
    paths: tuple[Path, ...],
    fmt: str | None,
    as_json: bool,
    detail: bool,
    report: Path | None,
    min_level: RiskLevel | None,
    fail_on: RiskLevel | None,
    skip_bad: bool,
    csv_columns: str | None,
    no_progress: bool,
    hash_banks: tuple[Path, ...],
    nudity: bool,
    no_images: bool,
    learned: bool,
    thresholds_path: Path | None,
) -> None:
    """Assess the conversations in PATHS (files or folders of chat exports).

    Image attachments are read from their ``path``, relative to the conversation file's folder;
    each is hashed (PDQ, MD5, SHA-256), matched against --hash-bank banks and scored for nudity
    in memory, never copied, stored or shown. A missing or unreadable image is a warning naming
    the conversation, message and path; the scan goes on.

    Exit codes: 0 scanned; 1 a conversation reached --fail-on; 3 bad input; 4 records were
    skipped with --skip-bad; 5 a packaged data file is invalid.
    """
    err = Console(stderr=True)
    try:
        code = _run_scan(
            paths,
            fmt=fmt,
            as_json=as_json,
            detail=detail,
            report=report,
            min_level=min_level or RiskLevel.LOW,
            fail_on=fail_on,
            skip_bad=skip_bad,
            csv_columns=csv_columns,
            progress=not no_progress,
            err=err,
            images=None if no_images else ImageChoice(hash_banks, nudity),
            learned=learned,
            thresholds_path=thresholds_path,
        )
    except RecordError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        err.print("Nothing after this record was scanned; use --skip-bad to skip bad records.")
        sys.exit(ExitCode.INPUT_ERROR)
    except InputError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        sys.exit(ExitCode.INPUT_ERROR)
    except DataFileError as exc:
        err.print(f"[bold red]data file error:[/] {exc}", markup=True, highlight=False)
        sys.exit(ExitCode.DATA_ERROR)
    sys.exit(code)


@dataclass(frozen=True)
class ImageChoice:
    """The image options given on the command line."""

    hash_banks: tuple[Path, ...] = ()
    nudity: bool = True


def _run_scan(
    paths: tuple[Path, ...],
    *,
    fmt: str | None,
    as_json: bool,
    detail: bool,
    report: Path | None,
    min_level: RiskLevel,
    fail_on: RiskLevel | None,
    skip_bad: bool,
    csv_columns: str | None,
    progress: bool,
    err: Console,
    images: ImageChoice | None = None,
    learned: bool = False,
    thresholds_path: Path | None = None,
) -> int:
    from safeguard.importers.options import CsvColumns, ImportOptions
    from safeguard.importers.registry import discover_inputs, read_conversations
    from safeguard.scanning import ImageScanOptions, build_scan_engine

    options = ImportOptions(
        csv_columns=CsvColumns.from_spec(csv_columns) if csv_columns else CsvColumns()
    )
    files = discover_inputs(list(paths))
    if not files:
        raise InputError("no chat exports found in " + ", ".join(str(p) for p in paths))
    totals = ScanTotals(files=len(files))

    def on_image_skip(skipped: SkippedImage) -> None:
        totals.images_skipped += 1
        err.print(f"[yellow]warning:[/] {skipped.describe()}", markup=True, highlight=False)

    engine = build_scan_engine(
        ImageScanOptions(images.hash_banks, images.nudity, on_image_skip)
        if images is not None
        else None,
        learned=learned,
        thresholds_path=thresholds_path,
    )
    kept: list[tuple[Conversation, Assessment]] = []
    write_json = _json_writer(sys.stdout, detail) if as_json else None
    worst = RiskLevel.NONE

    def on_skip(error: RecordError) -> None:
        totals.skipped.append(str(error))
        err.print(f"[yellow]skipped:[/] {error}", markup=True, highlight=False)

    def conversations() -> Iterator[Conversation]:
        for path in files:
            yield from read_conversations(
                path, format=fmt, options=options, skip_bad=skip_bad, on_skip=on_skip
            )

    live = progress and err.is_terminal
    with _progress(err, enabled=live) as bar:
        task = bar.add_task("scanning", total=len(files))
        current: str | None = None

        def take(conversation: Conversation, assessment: Assessment) -> None:
            nonlocal current, worst
            if conversation.source != current:
                if current is not None:
                    bar.advance(task)
                current = conversation.source
            if images is not None and any(m.attachments for m in conversation.messages):
                totals.images += sum(1 for _ in image_attachments(conversation))
            totals.conversations += 1
            totals.messages += len(conversation.messages)
            totals.by_level[assessment.risk] = totals.by_level.get(assessment.risk, 0) + 1
            if assessment.risk > worst:
                worst = assessment.risk
            if live:
                bar.update(task, description=f"{totals.conversations} conversations")
            if assessment.risk < min_level:
                return
            if write_json is not None:
                write_json(assessment)
            if report is not None or not as_json:
                kept.append((conversation, assessment))

        # The phrase library (hundreds of thousands of objects) lives as long as the scan:
        # keep the garbage collector from walking it again and again while scanning.
        gc.freeze()
        try:
            for batch in _batches(conversations(), SCAN_BATCH):
                for conversation, assessment in zip(batch, engine.assess_many(batch), strict=True):
                    take(conversation, assessment)
        finally:
            gc.unfreeze()
        bar.update(task, completed=len(files))

    summary_console = err if as_json else Console()
    _print_summary(summary_console, kept, totals, min_level)
    if report is not None:
        from safeguard.report.html_report import write_report

        write_report(report, kept, totals_line=_totals_line(totals))
        summary_console.print(f"HTML report written to [bold]{report.resolve()}[/]", markup=True)
    if fail_on is not None and worst >= fail_on:
        return ExitCode.ALERTS
    if totals.skipped:
        return ExitCode.PARTIAL
    return ExitCode.OK


SCAN_BATCH = 64
"""Conversations assessed together, a stage at a time (see ScanEngine.assess_many)."""

_T = TypeVar("_T")


def _batches(items: Iterator[_T], size: int) -> Iterator[list[_T]]:
    """Lists of up to ``size`` items; items read before a failure come out before it is raised."""
    batch: list[_T] = []
    try:
        for item in items:
            batch.append(item)
            if len(batch) == size:
                yield batch
                batch = []
    except Exception:
        if batch:
            yield batch
        raise
    if batch:
        yield batch


def _json_writer(out: IO[str], detail: bool) -> Callable[[Assessment], None]:
    """Writes one assessment as a JSON line: UTF-8 bytes, one write per conversation."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a text-only stream (tests, embedding)

        def write_text(assessment: Assessment) -> None:
            out.write(orjson.dumps(assessment.to_dict(detail=detail)).decode() + "\n")

        return write_text
    out.flush()
    write = buffer.write
    newline = orjson.OPT_APPEND_NEWLINE

    def write_bytes(assessment: Assessment) -> None:
        write(orjson.dumps(assessment.to_dict(detail=detail), option=newline))

    return write_bytes


class _NoProgress:
    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def add_task(self, *_args: object, **_kwargs: object) -> TaskID:
        return TaskID(0)

    def advance(self, *_args: object) -> None:
        return None

    def update(self, *_args: object, **_kwargs: object) -> None:
        return None


def _progress(err: Console, *, enabled: bool) -> Progress | _NoProgress:
    if not enabled:
        return _NoProgress()
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _totals_line(totals: ScanTotals) -> str:
    alerts = sum(n for level, n in totals.by_level.items() if level.is_alert)
    return (
        f"{totals.conversations} conversations, {totals.messages} messages in {totals.files} "
        f"files; {alerts} at medium or above (alerts)"
        + (f"; {len(totals.skipped)} records skipped" if totals.skipped else "")
        + (f"; image attachments: {totals.images}" if totals.images else "")
        + (f" ({totals.images_skipped} not examined)" if totals.images_skipped else "")
    )


def _print_summary(
    console: Console,
    kept: list[tuple[Conversation, Assessment]],
    totals: ScanTotals,
    min_level: RiskLevel,
) -> None:
    table = Table(title=f"Conversations at {min_level.value} or above", title_justify="left")
    table.add_column("conversation", overflow="fold")
    table.add_column("risk")
    table.add_column("score", justify="right")
    table.add_column("categories (level, first flagged message)", overflow="fold")
    order = sorted(kept, key=lambda ca: (-ca[1].risk.rank, -ca[1].score, ca[1].conversation_id))
    for _conversation, a in order:
        cats = "; ".join(
            f"{c.category} ({c.level.value}, {c.first_flag_message_id})" for c in a.categories
        )
        table.add_row(
            a.conversation_id,
            f"[{LEVEL_STYLES[a.risk]}]{a.risk.value}[/]",
            f"{a.score:.2f}",
            cats,
        )
    if kept:
        console.print(table)
    console.print(_totals_line(totals), highlight=False)
