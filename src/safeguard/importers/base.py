"""The contract every chat-export importer implements, and small helpers they share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import orjson

from safeguard.core.conversation import Conversation
from safeguard.core.errors import RecordError
from safeguard.importers.options import ImportOptions

OnBad = Callable[[RecordError], None]
"""Called with each bad record when skipping them; without one, the error is raised."""

HEAD_BYTES = 64 * 1024
"""How much of a file's start detection looks at."""


class Importer(ABC):
    """Reads one chat-export format into :class:`Conversation` objects.

    ``detect`` answers from the file's first :data:`HEAD_BYTES` bytes and must be cheap and
    specific: at most one importer should claim any file. ``read`` yields conversations as
    it goes, so records before a bad one are never lost.
    """

    name: ClassVar[str]
    """The ``--format`` name."""
    description: ClassVar[str]
    """One line for help text."""
    suffixes: ClassVar[tuple[str, ...]]
    """File name endings this format is usually saved with (lower case, with the dot)."""

    @abstractmethod
    def detect(self, path: Path, head: bytes) -> bool:
        """True when ``head`` (the start of ``path``) looks like this format."""

    @abstractmethod
    def read(
        self, path: Path, options: ImportOptions, on_bad: OnBad | None = None
    ) -> Iterator[Conversation]:
        """Yield the conversations in ``path``.

        A malformed record raises :class:`RecordError`, or, when ``on_bad`` is given, is
        passed to it and skipped (a fault that spoils the rest of the file ends the file).
        """


def report(error: RecordError, on_bad: OnBad | None) -> None:
    """Raise ``error``, or hand it to ``on_bad`` so the caller can skip the record."""
    if on_bad is None:
        raise error
    on_bad(error)


class UniqueIds:
    """Remembers conversation ids seen in one file and rejects repeats."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._seen: set[str] = set()

    def check(self, conversation_id: str, *, line: int | None, field: str) -> None:
        if conversation_id in self._seen:
            raise RecordError(
                self._path,
                line,
                f"duplicate conversation id {conversation_id!r}; ids must be unique in a file",
                field=field,
                record_id=conversation_id,
            )
        self._seen.add(conversation_id)


def strip_bom(head: bytes) -> bytes:
    """``head`` without a UTF-8 byte-order mark and leading whitespace."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def load_json(path: Path) -> Any:
    """The decoded JSON document in ``path``; RecordError naming the line if it is not JSON."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RecordError(name, None, f"cannot be read ({exc.strerror})") from None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise RecordError(name, exc.lineno, f"not valid JSON ({exc.msg})") from None


def expect_object(value: Any, name: str, where: str) -> dict[str, Any]:
    """``value`` if it is a JSON object, else RecordError at JSON path ``where``."""
    if not isinstance(value, dict):
        raise RecordError(name, None, f"expected an object, got {json_type(value)}", field=where)
    return value


def expect_list(value: Any, name: str, where: str) -> list[Any]:
    """``value`` if it is a JSON array, else RecordError at JSON path ``where``."""
    if not isinstance(value, list):
        raise RecordError(name, None, f"expected an array, got {json_type(value)}", field=where)
    return value


def expect_text(value: Any, name: str, where: str) -> str:
    """``value`` if it is a non-empty string, else RecordError at JSON path ``where``."""
    if not isinstance(value, str):
        problem = "is missing" if value is None else f"got {json_type(value)}"
        raise RecordError(name, None, f"{problem}; expected a string", field=where)
    if not value.strip():
        raise RecordError(name, None, "is empty; expected a non-empty string", field=where)
    return value


def json_type(value: Any) -> str:
    """The JSON name of ``value``'s type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
