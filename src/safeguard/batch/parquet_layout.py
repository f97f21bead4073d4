"""The Parquet layout of conversations: one row per conversation, messages nested.

Columns (the DESIGN.md JSON object, field for field)::

    id            string, required
    platform      string
    participants  list<struct<id: string, role: string, age: int32, name: string>>
    messages      list<struct<id: string, sender: string, time: string, text: string,
                              attachments: list<struct<type, path, mime, url: string>>>>

``time`` is an ISO 8601 string as in JSON Lines (a Parquet timestamp is also accepted and
read as ISO 8601). A null means the field is absent. Other columns are ignored. Each row is
validated exactly like a JSON Lines record; errors name the file and the row, counted from 1.
Row groups are the unit of work of ``safeguard batch``; :class:`ParquetConversationWriter`
writes 1,000 conversations per row group unless told otherwise.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from safeguard.core.conversation import Conversation
from safeguard.core.conversation_json import conversation_to_dict
from safeguard.core.errors import InputError

ATTACHMENT_TYPE = pa.struct(
    [
        ("type", pa.string()),
        ("path", pa.string()),
        ("mime", pa.string()),
        ("url", pa.string()),
    ]
)
PARTICIPANT_TYPE = pa.struct(
    [
        ("id", pa.string()),
        ("role", pa.string()),
        ("age", pa.int32()),
        ("name", pa.string()),
    ]
)
MESSAGE_TYPE = pa.struct(
    [
        ("id", pa.string()),
        ("sender", pa.string()),
        ("time", pa.string()),
        ("text", pa.string()),
        ("attachments", pa.list_(ATTACHMENT_TYPE)),
    ]
)
CONVERSATION_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("platform", pa.string()),
        pa.field("participants", pa.list_(PARTICIPANT_TYPE)),
        pa.field("messages", pa.list_(MESSAGE_TYPE)),
    ]
)
REQUIRED_COLUMNS = ("id", "messages")
DEFAULT_ROW_GROUP_SIZE = 1000


def conversation_row(conversation: Conversation) -> dict[str, Any]:
    """The Parquet row of ``conversation`` (absent fields as nulls)."""
    record = conversation_to_dict(conversation)
    return {
        "id": record["id"],
        "platform": record.get("platform"),
        "participants": [_fill(p, PARTICIPANT_TYPE) for p in record["participants"]],
        "messages": [
            {**_fill(m, MESSAGE_TYPE), "attachments": m.get("attachments", [])}
            for m in record["messages"]
        ],
    }


def record_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row as the JSON record the validator reads (timestamps as ISO 8601)."""
    messages = row.get("messages")
    if isinstance(messages, list):
        for message in messages:
            if isinstance(message, dict) and isinstance(message.get("time"), datetime):
                message["time"] = message["time"].isoformat()
    return row


def check_layout(path: Path, name: str) -> pq.ParquetFile:
    """Open ``path`` and check it has the required columns; InputError naming what is wrong."""
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{name}: cannot be read as Parquet ({exc})") from None
    columns = set(parquet.schema_arrow.names)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError(
            f"{name}: column {', '.join(repr(c) for c in missing)} missing; expected the "
            "Safeguard Parquet layout (one row per conversation with columns id, platform, "
            "participants, messages; see `safeguard to-parquet`)"
        )
    return parquet


class ParquetConversationWriter:
    """Writes conversations to a Parquet file, whole or not at all.

    Rows go to a temporary file beside ``path`` in row groups of ``row_group_size``; the file
    replaces ``path`` only when the writer is closed without an exception.
    """

    def __init__(self, path: Path, *, row_group_size: int = DEFAULT_ROW_GROUP_SIZE) -> None:
        if row_group_size < 1:
            raise ValueError("row_group_size must be at least 1")
        self.path = path
        self.row_group_size = row_group_size
        self.rows_written = 0
        self._pending: list[dict[str, Any]] = []
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
        os.close(handle)
        self._temp = Path(temp)
        self._writer = pq.ParquetWriter(self._temp, CONVERSATION_SCHEMA)

    def write(self, conversation: Conversation) -> None:
        self._pending.append(conversation_row(conversation))
        if len(self._pending) >= self.row_group_size:
            self._flush()

    def close(self, *, keep: bool = True) -> None:
        """Finish the file and move it into place (``keep``) or throw it away."""
        try:
            if keep:
                self._flush()
            self._writer.close()
            if keep:
                os.replace(self._temp, self.path)
        finally:
            self._temp.unlink(missing_ok=True)

    def __enter__(self) -> ParquetConversationWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(keep=exc_type is None)

    def _flush(self) -> None:
        if not self._pending:
            return
        table = pa.Table.from_pylist(self._pending, schema=CONVERSATION_SCHEMA)
        self._writer.write_table(table, row_group_size=len(self._pending))
        self.rows_written += len(self._pending)
        self._pending = []


def _fill(record: dict[str, Any], kind: pa.StructType) -> dict[str, Any]:
    return {kind.field(i).name: record.get(kind.field(i).name) for i in range(kind.num_fields)}
