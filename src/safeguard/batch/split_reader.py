"""Read one split into conversations, validating each record as ``safeguard scan`` does.

Runs in Ray workers: it uses only the detection core's JSON validator and pyarrow.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from safeguard.batch.splits import Split
from safeguard.core.conversation import Conversation
from safeguard.core.conversation_json import conversation_from_dict, read_conversation_line
from safeguard.core.errors import InputError, RecordError

Read = tuple[int, Conversation | RecordError]
_ROWS_PER_SLICE = 500


def read_split(split: Split) -> Iterator[Read]:
    """(line or row number, conversation or the RecordError of a bad record), in order.

    A file that cannot be read here (gone, changed since the split was planned, or not
    visible on this Ray node) raises InputError naming it.
    """
    if split.format == "parquet":
        return _parquet(split)
    return _jsonl(split)


def _jsonl(split: Split) -> Iterator[Read]:
    data = _read_range(split)
    for line, raw in enumerate(io.BytesIO(data), start=split.first_line):
        if not raw.strip():
            continue
        try:
            yield line, read_conversation_line(raw, path=split.name, line=line)
        except RecordError as error:
            yield line, error


def _parquet(split: Split) -> Iterator[Read]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from safeguard.batch.parquet_layout import CONVERSATION_SCHEMA, record_from_row

    try:
        parquet = pq.ParquetFile(split.path)
        present = set(parquet.schema_arrow.names)
        columns = [name for name in CONVERSATION_SCHEMA.names if name in present]
        table = parquet.read_row_group(split.start, columns=columns)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(_unreadable(split, str(exc))) from None
    if table.num_rows != split.length:
        raise InputError(_unreadable(split, "it changed while being read"))
    line = split.first_line
    # Python objects for a slice at a time: a large row group stays columnar until needed.
    for offset in range(0, table.num_rows, _ROWS_PER_SLICE):
        for row in table.slice(offset, _ROWS_PER_SLICE).to_pylist():
            try:
                record = record_from_row(row)
                yield line, conversation_from_dict(record, path=split.name, line=line)
            except RecordError as error:
                yield line, error
            line += 1


def _read_range(split: Split) -> bytes:
    try:
        with open(split.path, "rb") as handle:
            handle.seek(split.start)
            data = handle.read(split.length)
    except OSError as exc:
        raise InputError(_unreadable(split, exc.strerror or str(exc))) from None
    if len(data) != split.length:
        raise InputError(_unreadable(split, "it changed while being read"))
    return data


def _unreadable(split: Split, why: str) -> str:
    return (
        f"{split.name}: cannot be read by a Ray worker ({why}); on a cluster every node must "
        f"see the input at {split.path}"
    )
