"""What a worker returns for each record of a split: an assessment line or a record error.

Outcomes travel from the Ray workers to the driver as Arrow tables with :data:`OUTCOME_SCHEMA`.
They carry counts, the risk level and the finished JSON line, never message text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields

import pyarrow as pa

from safeguard.batch.ray_cluster import ClusterError
from safeguard.core.errors import DataFileError, InputError, RecordError, SafeguardError

OUTCOME_SCHEMA = pa.schema(
    [
        pa.field("file_index", pa.int32(), nullable=False),
        pa.field("line", pa.int64(), nullable=False),
        pa.field("conversation_id", pa.string()),
        pa.field("messages", pa.int64()),
        pa.field("images", pa.int64()),
        pa.field("risk", pa.string()),
        pa.field("output", pa.string()),
        pa.field("problem", pa.string()),
        pa.field("field", pa.string()),
        pa.field("record_id", pa.string()),
        pa.field("fatal", pa.string()),
    ]
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One record's result.

    A conversation has ``conversation_id``, ``messages``, ``images`` (image attachments, not
    examined by batch), ``risk`` and ``output`` (its ``scan --json`` line, or None when below
    the minimum level). A bad record has ``problem`` (and ``field``, ``record_id``) instead.
    A failure that stops the batch (an unreadable input, an invalid data file, a version
    mismatch) has ``fatal``, the kind of error, and ``problem``, its message: errors raised in
    Ray actors reach the driver only as text, so they travel as data instead.
    """

    file_index: int
    line: int
    conversation_id: str | None = None
    messages: int = 0
    images: int = 0
    risk: str | None = None
    output: str | None = None
    problem: str | None = None
    field: str | None = None
    record_id: str | None = None
    fatal: str | None = None

    @property
    def is_error(self) -> bool:
        return self.problem is not None and self.fatal is None

    @classmethod
    def of_failure(cls, file_index: int, line: int, error: SafeguardError) -> Outcome:
        for kind, error_type in _FATAL_KINDS.items():
            if isinstance(error, error_type):
                return cls(file_index=file_index, line=line, problem=str(error), fatal=kind)
        raise TypeError(f"no outcome kind for {type(error).__name__}")

    def failure(self) -> SafeguardError:
        """The error that stopped the worker, as its own class, with its message."""
        if self.fatal is None or self.problem is None:
            raise ValueError("this outcome is not a failure")
        return _FATAL_KINDS[self.fatal](self.problem)

    @classmethod
    def of_error(cls, file_index: int, line: int, error: RecordError) -> Outcome:
        return cls(
            file_index=file_index,
            line=line,
            problem=error.problem,
            field=error.field,
            record_id=error.record_id,
        )

    def record_error(self, name: str) -> RecordError:
        """The RecordError the worker saw, rebuilt with the file's ``name``."""
        if not self.is_error or self.problem is None:
            raise ValueError("this outcome is not a record error")
        return RecordError(
            name, self.line, self.problem, field=self.field, record_id=self.record_id
        )


_NAMES = [f.name for f in fields(Outcome)]
# Checked in order, so the catch-all SafeguardError comes last.
_FATAL_KINDS: dict[str, type[SafeguardError]] = {
    "input": InputError,
    "data": DataFileError,
    "cluster": ClusterError,
    "error": SafeguardError,
}


def outcomes_table(outcomes: Iterable[Outcome]) -> pa.Table:
    """An Arrow table of ``outcomes`` with :data:`OUTCOME_SCHEMA`."""
    columns: dict[str, list[object]] = {name: [] for name in _NAMES}
    for outcome in outcomes:
        for name in _NAMES:
            columns[name].append(getattr(outcome, name))
    return pa.Table.from_pydict(columns, schema=OUTCOME_SCHEMA)


def outcomes_from_table(table: pa.Table) -> Iterator[Outcome]:
    """The outcomes in an Arrow table made by :func:`outcomes_table`, in row order."""
    for row in table.select(_NAMES).to_pylist():
        yield Outcome(**row)
