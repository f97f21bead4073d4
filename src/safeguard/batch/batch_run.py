"""Run a batch: plan splits, score them on Ray Data, write assessments in input order.

The output file holds exactly what ``safeguard scan --json`` prints for the same input (text
detectors only): one assessment per conversation at or above the minimum level, in file and
line order. It is written whole or not at all. A bad record stops the batch with the same
RecordError ``scan`` raises (file, line, field, problem), unless bad records are skipped.
"""

from __future__ import annotations

import inspect
import os
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from safeguard import __version__
from safeguard.batch.inputs import BatchInput
from safeguard.batch.outcomes import Outcome, outcomes_from_table
from safeguard.batch.progress import BatchProgress, NoProgress
from safeguard.batch.ray_cluster import RayCluster
from safeguard.batch.splits import Split, plan_splits, split_bytes_for
from safeguard.core.errors import InputError, RecordError
from safeguard.core.levels import RiskLevel

OnSkip = Callable[[RecordError], None]


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What to write: ``min_level`` and ``detail`` as ``scan --json``; ``skip_bad`` to go on
    past bad records; ``split_bytes`` to fix the JSON Lines split size (automatic if None)."""

    min_level: RiskLevel = RiskLevel.LOW
    detail: bool = False
    skip_bad: bool = False
    split_bytes: int | None = None


@dataclass
class BatchTotals:
    """Counts for the closing summary and the benchmark (no ids, no text)."""

    files: int = 0
    splits: int = 0
    records: int = 0
    conversations: int = 0
    messages: int = 0
    images: int = 0
    written: int = 0
    workers: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)
    by_level: dict[RiskLevel, int] = field(default_factory=dict)

    @property
    def worst(self) -> RiskLevel:
        return max(self.by_level, default=RiskLevel.NONE)

    @property
    def alerts(self) -> int:
        return sum(n for level, n in self.by_level.items() if level.is_alert)


def run_batch(
    inputs: Sequence[BatchInput],
    out: Path,
    cluster: RayCluster,
    options: BatchOptions = BatchOptions(),
    *,
    progress: BatchProgress | None = None,
    on_skip: OnSkip | None = None,
) -> BatchTotals:
    """Score ``inputs`` on ``cluster`` and write the assessments to ``out``.

    Raises RecordError for the first bad record (unless ``options.skip_bad``; then each goes
    to ``on_skip``), InputError for an unreadable input, or the SafeguardError a worker
    raised; ``out`` is then left untouched.
    """
    report = progress or NoProgress()
    started = time.perf_counter()
    split_bytes = options.split_bytes or split_bytes_for(inputs, cluster.workers)
    splits = plan_splits(inputs, split_bytes=split_bytes)
    totals = BatchTotals(
        files=len(inputs),
        splits=len(splits),
        records=sum(s.records for s in splits),
        workers=min(cluster.workers, max(1, len(splits))),
    )
    names = [item.name for item in inputs]
    seen: list[set[str]] = [set() for _ in inputs]
    done = 0
    report.start(totals.records, totals.files, totals.workers)
    try:
        with _AtomicText(out) as sink:
            previous = (-1, 0)
            for outcome in score_splits(splits, workers=totals.workers, options=options):
                position = (outcome.file_index, outcome.line)
                if position <= previous:
                    raise RuntimeError(f"batch outcomes out of order at {position}")
                previous = position
                done += 1
                error = _error_of(outcome, names, seen)
                if error is not None:
                    if not options.skip_bad:
                        raise error
                    totals.skipped.append(str(error))
                    if on_skip is not None:
                        on_skip(error)
                else:
                    _count(totals, outcome)
                    if outcome.output is not None:
                        sink.write(outcome.output + "\n")
                        totals.written += 1
                report.update(done, totals.conversations, totals.messages)
        report.update(totals.records, totals.conversations, totals.messages)
    finally:
        report.finish()
    totals.seconds = time.perf_counter() - started
    return totals


def score_splits(
    splits: Sequence[Split], *, workers: int, options: BatchOptions
) -> Iterator[Outcome]:
    """The outcomes of every record of ``splits``, in split order, scored by Ray actors.

    Needs a running Ray (see :func:`~safeguard.batch.ray_cluster.ray_cluster`). A worker
    that fails (an input it cannot read, an invalid data file, another Safeguard version)
    raises that SafeguardError here, as its own class with its own message.
    """
    if not splits:
        return
    import ray.data

    from safeguard.batch.split_scorer import SplitScorer

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    dataset = ray.data.from_items([s.to_row() for s in splits], override_num_blocks=len(splits))
    with warnings.catch_warnings():
        # ray_remote_args_fn is deprecated (to go in Ray 2.64) but is the only way to turn off
        # actor restarts, without which Ray logs a scary line per actor; see _no_restarts.
        warnings.simplefilter("ignore", DeprecationWarning)
        scored = dataset.map_batches(
            SplitScorer,
            batch_size=1,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=max(1, min(workers, len(splits)))),
            num_cpus=1,
            fn_constructor_kwargs={
                "min_level": options.min_level.value,
                "detail": options.detail,
                "version": __version__,
            },
            **_no_restart_args(ray.data.Dataset.map_batches),
        )
    for table in scored.iter_batches(batch_size=None, batch_format="pyarrow"):
        for outcome in outcomes_from_table(table):
            if outcome.fatal is not None:
                raise outcome.failure()
            yield outcome


def _no_restart_args(map_batches: Callable[..., object]) -> dict[str, Any]:
    """``ray_remote_args_fn`` making actors not restart, where this Ray still accepts it."""
    if "ray_remote_args_fn" in inspect.signature(map_batches).parameters:
        return {"ray_remote_args_fn": _no_restarts}
    return {}


def _no_restarts() -> dict[str, int]:
    # A crashed actor fails the batch instead of restarting: the engine is deterministic, so
    # a restart would crash again, and restartable actors make Ray log a warning per actor.
    return {"max_restarts": 0}


def _error_of(outcome: Outcome, names: Sequence[str], seen: list[set[str]]) -> RecordError | None:
    name = names[outcome.file_index]
    if outcome.is_error:
        return outcome.record_error(name)
    conversation_id = outcome.conversation_id or ""
    ids = seen[outcome.file_index]
    if conversation_id in ids:
        return RecordError(
            name,
            outcome.line,
            f"duplicate conversation id {conversation_id!r}; ids must be unique in a file",
            field="id",
            record_id=conversation_id,
        )
    ids.add(conversation_id)
    return None


def _count(totals: BatchTotals, outcome: Outcome) -> None:
    level = RiskLevel.parse(outcome.risk or "none")
    totals.conversations += 1
    totals.messages += outcome.messages
    totals.images += outcome.images
    totals.by_level[level] = totals.by_level.get(level, 0) + 1


class _AtomicText:
    """A text file written to a temporary name and moved into place only on success."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._temp: Path | None = None
        self._handle: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        try:
            descriptor, temp = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".partial", dir=self.path.parent
            )
        except OSError as exc:
            raise InputError(f"{self.path}: cannot be written ({exc.strerror or exc})") from None
        self._temp = Path(temp)
        self._handle = os.fdopen(descriptor, "w", encoding="utf-8", newline="\n")
        return self._handle

    def __exit__(self, exc_type: type[BaseException] | None, *_args: object) -> None:
        assert self._handle is not None and self._temp is not None
        self._handle.close()
        if exc_type is None:
            os.replace(self._temp, self.path)
        else:
            self._temp.unlink(missing_ok=True)
