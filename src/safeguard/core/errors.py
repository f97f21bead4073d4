"""One exception hierarchy for Safeguard, mapped to exit codes only at the CLI edge.

SafeguardError
├── InputError                 bad user input (file, record, option)
│   ├── RecordError            one record of a file is invalid (file, line, field)
│   └── UnknownFormatError     an input file's format cannot be detected
└── DataFileError              a packaged data file (lexicon, taxonomy, agencies) is invalid
"""

from __future__ import annotations


class SafeguardError(Exception):
    """Base of every error Safeguard raises on purpose."""


class InputError(SafeguardError):
    """The user's input cannot be used as it is."""


class RecordError(InputError):
    """A record in an input file is invalid.

    Carries where (``path``, ``line``), which ``field`` and what was ``expected`` so the
    message can point a person straight at the problem.
    """

    def __init__(
        self,
        path: str,
        line: int | None,
        problem: str,
        *,
        field: str | None = None,
        record_id: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.problem = problem
        self.record_id = record_id
        where = path if line is None else f"{path}:{line}"
        what = f"field '{field}': " if field else ""
        super().__init__(f"{where}: {what}{problem}")


class UnknownFormatError(InputError):
    """The format of an input file could not be detected."""


class DataFileError(SafeguardError):
    """A packaged data file failed validation on load."""
