"""Generic CSV (or TSV) of messages, one row each, with a header row.

Columns are mapped by :class:`~safeguard.importers.options.CsvColumns` (defaults
``conversation_id, message_id, sender, text, time, role``; only ``sender`` and ``text`` are
required). Rows are grouped by conversation id in order of first appearance, keeping row
order within each conversation, so the whole file is read before the first conversation is
yielded. ``time`` is ISO 8601 or seconds since 1970; ``role`` is ``child``, ``adult`` or
empty. Detection needs a ``.csv``/``.tsv`` name and the default ``sender`` and ``text``
headers; with other headers, name the format (``--format csv``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, ClassVar

from safeguard.core.conversation import Conversation, Message, Participant, Role
from safeguard.core.conversation_json import parse_time
from safeguard.core.errors import RecordError
from safeguard.importers.base import Importer, OnBad, report
from safeguard.importers.options import CsvColumns, ImportOptions

_ROLES = {"child": Role.CHILD, "adult": Role.ADULT, "unknown": Role.UNKNOWN, "": Role.UNKNOWN}


@dataclass
class _Group:
    """Messages and senders of one conversation while the file is read."""

    rows: int = 0
    messages: list[Message] = field(default_factory=list)
    message_ids: set[str] = field(default_factory=set)
    roles: dict[str, Role] = field(default_factory=dict)


class CsvImporter(Importer):
    """Reads a CSV/TSV of messages, grouped into conversations by a column."""

    name: ClassVar[str] = "csv"
    description: ClassVar[str] = "CSV/TSV with one message per row (columns set by --csv-columns)"
    suffixes: ClassVar[tuple[str, ...]] = (".csv", ".tsv")

    def detect(self, path: Path, head: bytes) -> bool:
        if path.suffix.lower() not in self.suffixes:
            return False
        first_line = head.decode("utf-8", errors="replace").removeprefix("\ufeff").split("\n", 1)[0]
        header = next(csv.reader([first_line], delimiter=_delimiter(path)), [])
        names = {column.strip() for column in header}
        defaults = CsvColumns()
        return defaults.sender in names and defaults.text in names

    def read(
        self, path: Path, options: ImportOptions, on_bad: OnBad | None = None
    ) -> Iterator[Conversation]:
        name = str(path)
        groups: dict[str, _Group] = {}
        try:
            handle = path.open("rb")
        except OSError as exc:
            report(RecordError(name, None, f"cannot be read ({exc.strerror})"), on_bad)
            return
        with handle:
            lines = _DecodedLines(handle, name, on_bad)
            reader = csv.reader(lines, delimiter=_delimiter(path))
            try:
                columns = _columns(next(reader, None), options.csv_columns, name)
            except csv.Error as exc:
                report(RecordError(name, 1, f"is not valid CSV ({exc})"), on_bad)
                return
            except RecordError as error:
                report(error, on_bad)
                return
            while True:
                line = lines.number + 1
                try:
                    row = next(reader, None)
                except csv.Error as exc:
                    report(RecordError(name, line, f"is not valid CSV ({exc})"), on_bad)
                    break
                if row is None:
                    break
                if not any(cell.strip() for cell in row):
                    continue
                try:
                    columns.add_row(row, line, name, path.stem, groups)
                except RecordError as error:
                    report(error, on_bad)
        for conv_id, group in groups.items():
            yield Conversation(
                id=conv_id,
                messages=tuple(group.messages),
                participants=tuple(Participant(id=s, role=r) for s, r in group.roles.items()),
                source=name,
            )


def _delimiter(path: Path) -> str:
    return "\t" if path.suffix.lower() == ".tsv" else ","


class _DecodedLines:
    """The file's lines as text, each decoded on its own so a bad byte costs one line."""

    def __init__(self, handle: BinaryIO, name: str, on_bad: OnBad | None) -> None:
        self._handle = handle
        self._name = name
        self._on_bad = on_bad
        self.number = 0
        """The number of the last physical line read."""

    def __iter__(self) -> Iterator[str]:
        for raw in self._handle:
            self.number += 1
            try:
                text = raw.decode("utf-8-sig" if self.number == 1 else "utf-8")
            except UnicodeDecodeError:
                error = RecordError(self._name, self.number, "is not valid UTF-8 text")
                report(error, self._on_bad)
                continue
            yield text


@dataclass(frozen=True)
class _Columns:
    """Positions of the mapped columns in the header (None: not in this file)."""

    names: CsvColumns
    conversation_id: int | None
    message_id: int | None
    sender: int
    text: int
    time: int | None
    role: int | None

    def add_row(
        self, row: list[str], line: int, name: str, default_id: str, groups: dict[str, _Group]
    ) -> None:
        """Validate one row and add its message to its conversation's group."""

        def cell(index: int | None) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        def fail(column: str, problem: str) -> RecordError:
            return RecordError(name, line, problem, field=column)

        conv_id = default_id
        if self.conversation_id is not None:
            conv_id = cell(self.conversation_id)
            if not conv_id:
                raise fail(self.names.conversation_id, "is empty; expected a conversation id")
        group = groups.setdefault(conv_id, _Group())
        group.rows += 1
        sender = cell(self.sender)
        if not sender:
            raise fail(self.names.sender, "is empty; expected who sent the message")
        message_id = cell(self.message_id) or f"{conv_id}-{group.rows}"
        if message_id in group.message_ids:
            raise fail(self.names.message_id, f"duplicate message id {message_id!r}")
        time = _time(cell(self.time), fail, self.names.time)
        role_text = cell(self.role).lower()
        if role_text not in _ROLES:
            raise fail(self.names.role, f"expected 'child', 'adult' or empty, got {role_text!r}")
        role = _ROLES[role_text]
        known = group.roles.get(sender, Role.UNKNOWN)
        if Role.UNKNOWN not in (known, role) and known is not role:
            raise fail(
                self.names.role,
                f"this sender was given role {known.value!r} earlier in the conversation",
            )
        text = row[self.text] if self.text < len(row) else ""
        group.messages.append(Message(id=message_id, sender=sender, text=text, time=time))
        group.message_ids.add(message_id)
        if known is Role.UNKNOWN:
            group.roles[sender] = role


def _columns(header: list[str] | None, names: CsvColumns, name: str) -> _Columns:
    """Find each mapped column in the header row, or fail naming what is missing."""
    if not header:
        raise RecordError(name, 1, "is empty; expected a header row naming the columns")
    positions = {column.strip(): i for i, column in enumerate(header)}
    found: dict[str, int | None] = {}
    for spec in fields(names):
        column = getattr(names, spec.name)
        required = spec.name in ("sender", "text") or not names.is_default(spec.name)
        if column not in positions and required:
            raise RecordError(
                name,
                1,
                f"header has no column {column!r} (for {spec.name}); "
                f"found {', '.join(repr(c) for c in positions)}",
                field=column,
            )
        found[spec.name] = positions.get(column)
    sender, text = found["sender"], found["text"]
    assert sender is not None and text is not None
    return _Columns(
        names=names,
        conversation_id=found["conversation_id"],
        message_id=found["message_id"],
        sender=sender,
        text=text,
        time=found["time"],
        role=found["role"],
    )


def _time(value: str, fail: Callable[[str, str], RecordError], column: str) -> datetime | None:
    """ISO 8601, or seconds (milliseconds if huge) since 1970 in UTC; None when empty."""
    if not value:
        return None
    try:
        if value.isdigit():
            seconds = int(value)
            return datetime.fromtimestamp(seconds / 1000 if seconds > 10**11 else seconds, tz=UTC)
        return parse_time(value)
    except (ValueError, OverflowError, OSError):
        raise fail(
            column, f"expected an ISO 8601 time or seconds since 1970, got {value!r}"
        ) from None
