"""Cut input files into splits, the unit of work one Ray actor call handles.

A JSON Lines split is a byte range that starts at the beginning of a line and ends just after
a newline (or at the end of the file), with the number of its first line, so errors name the
same line ``safeguard scan`` would. A Parquet split is one row group, with the number of its
first row. The driver plans splits by counting newlines; it never parses the records.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from safeguard.batch.inputs import BatchFormat, BatchInput
from safeguard.core.errors import InputError

MIN_SPLIT_BYTES = 1 << 20
MAX_SPLIT_BYTES = 32 << 20
SPLITS_PER_WORKER = 8


@dataclass(frozen=True, slots=True)
class Split:
    """A part of one input file.

    ``start``/``length``: a byte offset and byte count (JSON Lines) or a row-group index and
    its row count (Parquet). ``first_line``: the line or row number of the first record.
    ``records``: how many lines or rows it spans (blank lines included), for progress.
    """

    file_index: int
    name: str
    path: str
    format: BatchFormat
    start: int
    length: int
    first_line: int
    records: int

    def to_row(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Split:
        return cls(
            file_index=int(row["file_index"]),
            name=str(row["name"]),
            path=str(row["path"]),
            format="parquet" if row["format"] == "parquet" else "jsonl",
            start=int(row["start"]),
            length=int(row["length"]),
            first_line=int(row["first_line"]),
            records=int(row["records"]),
        )


def split_bytes_for(inputs: Sequence[BatchInput], workers: int) -> int:
    """A split size giving each worker several splits, between 1 MiB and 32 MiB."""
    total = 0
    for item in inputs:
        if item.format == "jsonl":
            total += _size(item)
    target = total // max(1, workers * SPLITS_PER_WORKER)
    return max(MIN_SPLIT_BYTES, min(MAX_SPLIT_BYTES, target))


def plan_splits(inputs: Sequence[BatchInput], *, split_bytes: int) -> list[Split]:
    """Every split of every input, in input order."""
    if split_bytes < 1:
        raise ValueError("split_bytes must be at least 1")
    splits: list[Split] = []
    for index, item in enumerate(inputs):
        if item.format == "parquet":
            splits.extend(_parquet_splits(index, item))
        else:
            splits.extend(_jsonl_splits(index, item, split_bytes))
    return splits


def _jsonl_splits(index: int, item: BatchInput, split_bytes: int) -> Iterator[Split]:
    try:
        with item.path.open("rb") as handle:
            offset = 0
            line = 1
            while True:
                chunk = handle.read(split_bytes)
                if not chunk:
                    return
                if not chunk.endswith(b"\n"):
                    chunk += handle.readline()
                newlines = chunk.count(b"\n")
                records = newlines + (0 if chunk.endswith(b"\n") else 1)
                yield Split(
                    file_index=index,
                    name=item.name,
                    path=str(item.path),
                    format="jsonl",
                    start=offset,
                    length=len(chunk),
                    first_line=line,
                    records=records,
                )
                offset += len(chunk)
                line += newlines
    except OSError as exc:
        raise InputError(f"{item.name}: cannot be read ({exc.strerror or exc})") from None


def _parquet_splits(index: int, item: BatchInput) -> Iterator[Split]:
    from safeguard.batch.parquet_layout import check_layout

    metadata = check_layout(item.path, item.name).metadata
    row = 1
    for group in range(metadata.num_row_groups):
        rows = metadata.row_group(group).num_rows
        yield Split(
            file_index=index,
            name=item.name,
            path=str(item.path),
            format="parquet",
            start=group,
            length=rows,
            first_line=row,
            records=rows,
        )
        row += rows


def _size(item: BatchInput) -> int:
    try:
        return item.path.stat().st_size
    except OSError as exc:
        raise InputError(f"{item.name}: cannot be read ({exc.strerror or exc})") from None
