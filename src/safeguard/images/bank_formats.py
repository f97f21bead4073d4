"""Import and export hash lists in the formats ThreatExchange and HMA tools exchange.

``lines``
    One hash per line, as in ThreatExchange's ``pdq/data/needles.txt`` and ``haystack.txt``
    (the signal type comes from ``--signal-type``, PDQ by default). Also accepted on the same
    reader: ``SIGNAL_TYPE HASH`` lines, as python-threatexchange's local-file exchange
    (``LocalFileSignalExchangeAPI``) reads and writes them, and ``HASH,QUALITY[,PATH]`` lines,
    the output of the reference ``pdq-photo-hasher`` tools. Blank lines and ``#`` comments are
    skipped. Export writes ``SIGNAL_TYPE HASH`` lines, or bare hashes with ``--signal-type``.
``te-csv``
    The CSV that ``threatexchange dataset --print-signals --csv`` writes, with the header
    ``collab,signal_type,signal_str,category,tags``. ``tags`` (space-separated) become labels;
    rows whose ``category`` is ``NEGATIVE_CLASS`` go to the allow-list; ``collab`` is kept as
    the entry's note.
``hma-csv``
    A bank-content CSV in the style of Hasher-Matcher-Actioner: a header row with at least
    ``signal_type`` and ``signal``; optional ``entry_id``, ``labels`` (space-separated),
    ``note`` and ``list`` (``match`` or ``allow``). Other columns are ignored. This is also how
    Safeguard stores a bank's entries on disk, so export then import round-trips a bank.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, TextIO

from safeguard.core.errors import InputError
from safeguard.images.hash_bank import BankEntry, HashBank, SignalType

BankFormat = Literal["lines", "te-csv", "hma-csv"]
FORMATS: tuple[BankFormat, ...] = ("lines", "te-csv", "hma-csv")
HMA_COLUMNS = ("entry_id", "signal_type", "signal", "labels", "note", "list")
TE_COLUMNS = ("collab", "signal_type", "signal_str", "category", "tags")


class BankFormatError(InputError):
    """A hash-list file is malformed; the message names the source, line and problem."""


@dataclass(frozen=True, slots=True)
class ImportedHashes:
    """What a file held: entries to match, and allow-list entries (known false positives)."""

    entries: tuple[BankEntry, ...]
    allowed: tuple[BankEntry, ...]


def detect_format(head: str) -> BankFormat:
    """The format of a file from its first non-blank, non-comment line."""
    for line in head.splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        columns = {c.strip().lower() for c in text.split(",")}
        if {"signal_type", "signal_str"} <= columns:
            return "te-csv"
        if {"signal_type", "signal"} <= columns:
            return "hma-csv"
        return "lines"
    return "lines"


def read_hashes(
    stream: TextIO,
    fmt: BankFormat,
    *,
    source: str,
    signal_type: SignalType | None = None,
    labels: Iterable[str] = (),
) -> ImportedHashes:
    """Parse a hash list; every entry also gets ``labels``. BankFormatError on a bad line."""
    extra = tuple(labels)
    if fmt == "lines":
        rows = _read_lines(stream, source, signal_type or SignalType.PDQ, extra)
    elif fmt == "te-csv":
        rows = _read_te_csv(stream, source, extra)
    elif fmt == "hma-csv":
        rows = _read_hma_csv(stream, source, extra)
    else:
        raise BankFormatError(f"{source}: unknown format {fmt!r}; expected one of {FORMATS}")
    entries: list[BankEntry] = []
    allowed: list[BankEntry] = []
    for entry, allow in rows:
        (allowed if allow else entries).append(entry)
    return ImportedHashes(tuple(entries), tuple(allowed))


def write_hashes(
    bank: HashBank, stream: TextIO, fmt: BankFormat, *, signal_type: SignalType | None = None
) -> int:
    """Write a bank's entries (and, in the CSV formats, its allow-list); returns rows written."""
    if fmt == "lines":
        return _write_lines(bank, stream, signal_type)
    if fmt == "te-csv":
        return _write_te_csv(bank, stream)
    if fmt == "hma-csv":
        return write_hma_csv(bank.entries, bank.allowed, stream)
    raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")


def write_hma_csv(
    entries: Iterable[BankEntry], allowed: Iterable[BankEntry], stream: TextIO
) -> int:
    """The ``hma-csv`` rows for match entries then allow-list entries."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(HMA_COLUMNS)
    count = 0
    for entry_list, allow in ((entries, False), (allowed, True)):
        for entry in entry_list:
            writer.writerow(
                [
                    entry.entry_id,
                    entry.signal_type.value,
                    entry.signal,
                    " ".join(entry.labels),
                    entry.note,
                    "allow" if allow else "match",
                ]
            )
            count += 1
    return count


def _read_lines(
    stream: TextIO, source: str, default: SignalType, labels: tuple[str, ...]
) -> Iterator[tuple[BankEntry, bool]]:
    for number, line in enumerate(stream, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        signal_type = default
        if "," in text:  # pdq-photo-hasher output: hash,quality,path
            text = text.split(",", 1)[0].strip()
        elif " " in text or "\t" in text:
            type_name, text = text.split(maxsplit=1)
            signal_type = _signal_type(type_name, source, number)
        yield _entry(signal_type, text.strip(), labels, "", None, source, number), False


def _read_te_csv(
    stream: TextIO, source: str, labels: tuple[str, ...]
) -> Iterator[tuple[BankEntry, bool]]:
    reader = _dict_reader(stream, source, ("signal_type", "signal_str"))
    for number, row in reader:
        signal_type = _signal_type(row["signal_type"], source, number)
        tags = tuple((row.get("tags") or "").split())
        category = (row.get("category") or "").strip().upper()
        note = (row.get("collab") or "").strip()
        entry = _entry(signal_type, row["signal_str"], (*labels, *tags), note, None, source, number)
        yield entry, category == "NEGATIVE_CLASS"


def _read_hma_csv(
    stream: TextIO, source: str, labels: tuple[str, ...]
) -> Iterator[tuple[BankEntry, bool]]:
    reader = _dict_reader(stream, source, ("signal_type", "signal"))
    for number, row in reader:
        signal_type = _signal_type(row["signal_type"], source, number)
        which = (row.get("list") or "match").strip().lower()
        if which not in ("match", "allow"):
            raise BankFormatError(f"{source}:{number}: list must be 'match' or 'allow'")
        entry = _entry(
            signal_type,
            row["signal"],
            (*labels, *(row.get("labels") or "").split()),
            row.get("note") or "",
            (row.get("entry_id") or "").strip() or None,
            source,
            number,
        )
        yield entry, which == "allow"


def _dict_reader(
    stream: TextIO, source: str, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    lines = (line for line in stream if line.strip() and not line.lstrip().startswith("#"))
    reader = csv.DictReader(lines)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise BankFormatError(f"{source}: header lacks column(s) {', '.join(missing)}")
    reader.fieldnames = header
    for number, row in enumerate(reader, start=2):
        yield number, {key: (value or "") for key, value in row.items() if key is not None}


def _signal_type(name: str, source: str, line: int) -> SignalType:
    try:
        return SignalType.parse(name)
    except ValueError as exc:
        raise BankFormatError(f"{source}:{line}: {exc}") from None


def _entry(
    signal_type: SignalType,
    signal: str,
    labels: Iterable[str],
    note: str,
    entry_id: str | None,
    source: str,
    line: int,
) -> BankEntry:
    try:
        return BankEntry.create(signal_type, signal, labels=labels, note=note, entry_id=entry_id)
    except ValueError as exc:
        raise BankFormatError(f"{source}:{line}: {exc}") from None


def _write_lines(bank: HashBank, stream: TextIO, only: SignalType | None) -> int:
    count = 0
    for entry in bank.entries:
        if only is None:
            stream.write(f"{entry.signal_type.value} {entry.signal}\n")
        elif entry.signal_type is only:
            stream.write(f"{entry.signal}\n")
        else:
            continue
        count += 1
    return count


def _write_te_csv(bank: HashBank, stream: TextIO) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(TE_COLUMNS)
    count = 0
    for entry_list, category in (
        (bank.entries, "POSITIVE_CLASS"),
        (bank.allowed, "NEGATIVE_CLASS"),
    ):
        for entry in entry_list:
            tags = " ".join(dict.fromkeys((*bank.labels, *entry.labels)))
            writer.writerow([bank.name, entry.signal_type.value, entry.signal, category, tags])
            count += 1
    return count
