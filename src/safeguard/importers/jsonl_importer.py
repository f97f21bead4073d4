"""Safeguard's own JSON Lines format (DESIGN.md): one conversation per line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import orjson

from safeguard.core.conversation import Conversation
from safeguard.core.conversation_json import iter_jsonl_lines, read_conversation_line
from safeguard.core.errors import RecordError
from safeguard.importers.base import Importer, OnBad, UniqueIds, report, strip_bom
from safeguard.importers.options import ImportOptions


class JsonlImporter(Importer):
    """Reads and validates DESIGN.md JSON Lines, the only format that carries roles and ages."""

    name: ClassVar[str] = "jsonl"
    description: ClassVar[str] = "Safeguard JSON Lines (DESIGN.md), one conversation per line"
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".ndjson")

    def detect(self, path: Path, head: bytes) -> bool:
        start = strip_bom(head)
        if not start.startswith(b"{"):
            return False
        first, newline, _ = start.partition(b"\n")
        try:
            record = orjson.loads(first)
        except orjson.JSONDecodeError:
            # A first record longer than the head cannot be parsed here: trust the name.
            return not newline and path.suffix.lower() in self.suffixes
        if not isinstance(record, dict) or "id" not in record:
            return False
        messages = record.get("messages")
        if not isinstance(messages, list):
            return False
        return not messages or (isinstance(messages[0], dict) and "sender" in messages[0])

    def read(
        self, path: Path, options: ImportOptions, on_bad: OnBad | None = None
    ) -> Iterator[Conversation]:
        name = str(path)
        ids = UniqueIds(name)
        for number, raw in iter_jsonl_lines(path):
            try:
                conversation = read_conversation_line(raw, path=name, line=number)
                ids.check(conversation.id, line=number, field="id")
            except RecordError as error:
                report(error, on_bad)
                continue
            yield conversation
