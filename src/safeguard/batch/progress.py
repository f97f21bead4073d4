"""Progress of a batch on standard error: a bar on a terminal, a line every few seconds in logs.

Progress shows counts only (records, conversations, messages), never ids or text.
"""

from __future__ import annotations

import time
from typing import IO, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)


class BatchProgress(Protocol):
    """Told how far a batch has got."""

    def start(self, records: int, files: int, workers: int) -> None:
        """Before the first record: how many records (lines or rows) there are in all."""

    def update(self, records: int, conversations: int, messages: int) -> None:
        """Records done so far, and the conversations and messages among them."""

    def finish(self) -> None:
        """After the last record (or on error)."""


class NoProgress:
    """Reports nothing."""

    def start(self, records: int, files: int, workers: int) -> None:
        return None

    def update(self, records: int, conversations: int, messages: int) -> None:
        return None

    def finish(self) -> None:
        return None


class LineProgress:
    """A plain line at most every ``interval`` seconds, for logs and pipes."""

    def __init__(self, stream: IO[str], *, interval: float = 5.0) -> None:
        self._stream = stream
        self._interval = interval
        self._total = 0
        self._started = 0.0
        self._last = 0.0
        self._state = (0, 0, 0)

    def start(self, records: int, files: int, workers: int) -> None:
        self._total = records
        self._started = self._last = time.monotonic()
        self._write(f"batch: {records:,} records in {files:,} files on {workers} Ray workers")

    def update(self, records: int, conversations: int, messages: int) -> None:
        self._state = (records, conversations, messages)
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._report(now)

    def finish(self) -> None:
        self._report(time.monotonic())

    def _report(self, now: float) -> None:
        records, conversations, messages = self._state
        self._write(
            f"batch: {records:,}/{self._total:,} records, {conversations:,} conversations, "
            f"{messages:,} messages, {now - self._started:.1f} s"
        )

    def _write(self, line: str) -> None:
        self._stream.write(line + "\n")
        self._stream.flush()


class BarProgress:
    """A rich progress bar on a terminal, removed when the batch ends."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("records"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("batch", total=0)

    def start(self, records: int, files: int, workers: int) -> None:
        self._progress.update(self._task, total=records, description=f"{workers} workers")
        self._progress.start()

    def update(self, records: int, conversations: int, messages: int) -> None:
        self._progress.update(
            self._task, completed=records, description=f"{conversations:,} conversations"
        )

    def finish(self) -> None:
        self._progress.stop()
