"""What a worker returns for each record of a split: an assessment line or a record error.

Outcomes travel from the Ray workers to the driver as Arrow tables with :data:`OUTCOME_SCHEMA`.
They carry counts, the risk level and the finished JSON line, never message text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields

import pyarrow as pa

from safeguard.core.errors import RecordError

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
    ]
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One record's result.

    A conversation has ``conversation_id``, ``messages``, ``images`` (image attachments, not
    examined by batch), ``risk`` and ``output`` (its ``scan --json`` line, or None when below
    the minimum level). A bad record has ``problem`` (and ``field``, ``record_id``) instead.
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

    @property
    def is_error(self) -> bool:
        return self.problem is not None

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
        if self.problem is None:
            raise ValueError("this outcome is not an error")
        return RecordError(
            name, self.line, self.problem, field=self.field, record_id=self.record_id
        )


_NAMES = [f.name for f in fields(Outcome)]


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
