"""``safeguard bank``: hash banks of known images: import, export, list, match, release."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click
import orjson

from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli
from safeguard.core.errors import InputError
from safeguard.images.bank_formats import (
    FORMATS,
    BankFormat,
    detect_format,
    read_hashes,
    write_hashes,
)
from safeguard.images.bank_matcher import BankMatcher
from safeguard.images.bank_repository import (
    BankNotFoundError,
    DirectoryHashBankRepository,
    HashBankRepository,
)
from safeguard.images.hash_bank import (
    DEFAULT_PDQ_THRESHOLD,
    DEFAULT_QUALITY_GATE,
    MAX_PDQ_THRESHOLD,
    HashBank,
    SignalType,
)
from safeguard.images.image_hashes import ImageReadError, hash_image_file
from safeguard.images.match_recorder import record_matches

F = TypeVar("F", bound=Callable[..., Any])
SIGNAL_TYPES = [signal_type.value for signal_type in SignalType]


def _default_dir() -> Path:
    return Path(click.get_app_dir("safeguard")) / "hashbanks"


def _input_errors_exit(function: F) -> F:
    """Report InputError (bad file, unknown bank) on stderr and exit with code 3."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(ExitCode.INPUT_ERROR)

    return wrapper  # type: ignore[return-value]


@cli.group("bank")
@click.option(
    "--banks-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="SAFEGUARD_BANKS_DIR",
    default=None,
    help="Folder holding the banks (env SAFEGUARD_BANKS_DIR; default: the user's app folder).",
)
@click.pass_context
def bank_group(ctx: click.Context, banks_dir: Path | None) -> None:
    """Hash banks of known images: named lists of PDQ, MD5 and SHA-256 hashes with labels.

    Each bank has a PDQ distance threshold (default 31 of 256, may be set lower), a quality
    gate (default 50) and an allow-list of known false positives. An entry whose matches
    suddenly surge is quarantined until released. Banks are folders of JSON and CSV files.
    """
    ctx.obj = DirectoryHashBankRepository(banks_dir or _default_dir())


def _repository(ctx: click.Context) -> HashBankRepository:
    repository = ctx.obj
    assert isinstance(repository, HashBankRepository)
    return repository


@bank_group.command("import")
@click.argument("name")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", *FORMATS]),
    default="auto",
    show_default=True,
    help="lines (needles.txt, 'TYPE HASH', pdq-hasher output), te-csv or hma-csv.",
)
@click.option(
    "--signal-type",
    type=click.Choice(SIGNAL_TYPES),
    default=None,
    help="Type of bare hashes in a 'lines' file (default pdq).",
)
@click.option("--label", "labels", multiple=True, help="Label every imported entry (repeatable).")
@click.option("--allow", is_flag=True, help="Import onto the allow-list (known false positives).")
@click.option(
    "--threshold",
    type=click.IntRange(0, MAX_PDQ_THRESHOLD),
    default=None,
    help=f"The bank's PDQ distance threshold (default {DEFAULT_PDQ_THRESHOLD}).",
)
@click.option(
    "--quality-gate",
    type=click.IntRange(0, 100),
    default=None,
    help=f"Least PDQ quality an image needs to match (default {DEFAULT_QUALITY_GATE}).",
)
@click.option("--bank-label", "bank_labels", multiple=True, help="Label the bank (new banks).")
@click.option("--description", default=None, help="What the bank holds and where it came from.")
@click.pass_context
@_input_errors_exit
def import_command(
    ctx: click.Context,
    name: str,
    source: TextIO,
    fmt: str,
    signal_type: str | None,
    labels: tuple[str, ...],
    allow: bool,
    threshold: int | None,
    quality_gate: int | None,
    bank_labels: tuple[str, ...],
    description: str | None,
) -> None:
    """Import hashes from SOURCE ('-' for standard input) into bank NAME, creating it if new.

    A hash already in the bank keeps its entry and gains the new labels.
    """
    repository = _repository(ctx)
    text = source.read()
    chosen: BankFormat = detect_format(text[:4096]) if fmt == "auto" else fmt  # type: ignore[assignment]
    imported = read_hashes(
        io.StringIO(text),
        chosen,
        source=source.name,
        signal_type=SignalType(signal_type) if signal_type else None,
        labels=labels,
    )
    try:
        bank = repository.load(name) if repository.exists(name) else _new_bank(name, bank_labels)
        bank = _with_settings(bank, threshold, quality_gate, description)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if allow:
        bank = bank.with_entries((*imported.entries, *imported.allowed), allow=True)
    else:
        bank = bank.with_entries(imported.entries).with_entries(imported.allowed, allow=True)
    repository.save(bank)
    added = len(imported.entries) + len(imported.allowed)
    click.echo(
        f"bank '{name}': read {added} hashes ({chosen}); now {len(bank.entries)} entries, "
        f"{len(bank.allowed)} on the allow-list",
        err=True,
    )


@bank_group.command("export")
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="hma-csv",
    show_default=True,
    help="Output format; 'lines' leaves out the allow-list.",
)
@click.option(
    "--signal-type",
    type=click.Choice(SIGNAL_TYPES),
    default=None,
    help="With --format lines: only this type, as bare hashes (a needles.txt-style list).",
)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Write here instead of standard output.",
)
@click.pass_context
@_input_errors_exit
def export_command(
    ctx: click.Context, name: str, fmt: str, signal_type: str | None, output: TextIO
) -> None:
    """Export bank NAME's hashes (and, in the CSV formats, its allow-list)."""
    bank = _repository(ctx).load(name)
    kind = SignalType(signal_type) if signal_type else None
    count = write_hashes(bank, output, fmt, signal_type=kind)  # type: ignore[arg-type]
    click.echo(f"bank '{name}': wrote {count} hashes ({fmt})", err=True)


@bank_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per bank per line.")
@click.pass_context
@_input_errors_exit
def list_command(ctx: click.Context, as_json: bool) -> None:
    """List the banks: entries by hash type, allow-list, quarantines, threshold, gate, labels."""
    for bank in _repository(ctx).load_all():
        counts = {kind.value: 0 for kind in SignalType}
        for entry in bank.entries:
            counts[entry.signal_type.value] += 1
        summary = {
            "name": bank.name,
            "entries": counts,
            "allowed": len(bank.allowed),
            "quarantined": [q.entry_id for q in bank.quarantined],
            "pdq_threshold": bank.pdq_threshold,
            "quality_gate": bank.quality_gate,
            "labels": list(bank.labels),
            "description": bank.description,
        }
        if as_json:
            click.echo(orjson.dumps(summary).decode())
            continue
        kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "empty"
        click.echo(
            f"{bank.name}: {kinds}; {len(bank.allowed)} allowed; "
            f"{len(bank.quarantined)} quarantined; threshold {bank.pdq_threshold}, "
            f"quality gate {bank.quality_gate}; labels {' '.join(bank.labels) or '-'}"
        )


@bank_group.command("match")
@click.argument("images", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--bank", "names", multiple=True, help="Only these banks (default: all).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per image per line.")
@click.option(
    "--record/--no-record",
    default=True,
    show_default=True,
    help="Count matches for surge quarantine (writes counts only, never images).",
)
@click.pass_context
@_input_errors_exit
def match_command(
    ctx: click.Context,
    images: tuple[Path, ...],
    names: tuple[str, ...],
    as_json: bool,
    record: bool,
) -> None:
    """Match IMAGE files against the banks and say why each match did or did not count.

    Exit codes: 0 nothing matched; 1 an image matched a bank; 3 an image or bank could not be
    read.
    """
    repository = _repository(ctx)
    banks = repository.load_all(list(names) if names else None)
    matcher = BankMatcher(banks)
    hashed = []
    failed = 0
    for path in images:
        try:
            hashed.append(hash_image_file(path))
        except ImageReadError as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
    outcomes = matcher.match_many(hashed)
    for hashes, outcome in zip(hashed, outcomes, strict=True):
        if as_json:
            record_out = {
                "path": hashes.path,
                "sha256": hashes.sha256,
                "pdq": hashes.pdq,
                "quality": hashes.quality,
                "matches": [m.as_dict() for m in outcome.matches],
                "suppressed": [s.as_dict() for s in outcome.suppressed],
            }
            click.echo(orjson.dumps(record_out).decode())
            continue
        if not outcome.matches and not outcome.suppressed:
            click.echo(f"{hashes.path}: no match")
        for match in outcome.matches:
            click.echo(f"{hashes.path}: {match.why}")
        for item in outcome.suppressed:
            click.echo(f"{hashes.path}: not counted: {item.match.why}: {item.reason}")
    if record:
        for bank_name, quarantine in record_matches(repository, outcomes, when=datetime.now(UTC)):
            what = f"bank '{bank_name}': entry '{quarantine.entry_id}'"
            click.echo(f"{what} quarantined: {quarantine.reason}", err=True)
    if failed:
        sys.exit(ExitCode.INPUT_ERROR)
    if any(outcome.matches for outcome in outcomes):
        sys.exit(ExitCode.ALERTS)


@bank_group.command("release")
@click.argument("name")
@click.argument("entry_id")
@click.pass_context
@_input_errors_exit
def release_command(ctx: click.Context, name: str, entry_id: str) -> None:
    """Put quarantined entry ENTRY_ID of bank NAME back in use, after review."""
    repository = _repository(ctx)
    bank = repository.load(name)
    try:
        repository.save(bank.release(entry_id))
    except KeyError:
        raise BankNotFoundError(f"bank '{name}' has no quarantined entry {entry_id!r}") from None
    click.echo(f"bank '{name}': entry '{entry_id}' released", err=True)


def _new_bank(name: str, labels: tuple[str, ...]) -> HashBank:
    return HashBank(name=name, labels=labels)


def _with_settings(
    bank: HashBank, threshold: int | None, quality_gate: int | None, description: str | None
) -> HashBank:
    return replace(
        bank,
        pdq_threshold=bank.pdq_threshold if threshold is None else threshold,
        quality_gate=bank.quality_gate if quality_gate is None else quality_gate,
        description=bank.description if description is None else description,
    )
