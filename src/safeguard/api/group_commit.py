"""Group commit: one writer thread runs the writes of concurrent requests in one transaction.

Each request's work runs in its own savepoint (a failing request rolls back alone), then the
whole group commits once and only then are the requests answered. A 2xx still means
committed, but one disk flush (fsync) serves every request of the group instead of one each,
and SQLite's single writer never waits in its busy loop.

Writes of the same kind on distinct keys can also be *combined*: a group's single-message
requests for different conversations run as one set-based call (a handful of statements in
all rather than a handful each). If a combined call fails, its writes run again one by one,
so one bad request never fails another.

A write that loses a deadlock to another worker process (PostgreSQL) is retried in a later
group, after this group's locks are released.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError

from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork

T = TypeVar("T")
MAX_GROUP = 64
MAX_RETRIES = 5
_RETRY_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock detected, serialization failure


Combiner = Callable[[IngestUnitOfWork, list[Any]], list[Any]]


@dataclass
class _Job:
    work: Callable[[IngestUnitOfWork], Any]
    future: Future[Any] = field(default_factory=Future)
    attempts: int = 0
    combiner: Combiner | None = None  # runs many jobs' payloads in one call
    payload: Any = None
    key: Any = None  # jobs combined in one call have distinct keys


class GroupCommitter:
    """Queue writes from any thread or event loop; a daemon thread commits them in groups."""

    def __init__(self, uow_factory: Callable[[], IngestUnitOfWork], max_group: int = MAX_GROUP):
        self._uow_factory = uow_factory
        self._max_group = max_group
        self._queue: queue.Queue[_Job] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.groups = 0  # groups committed (for tests and benchmarks)
        self.retries = 0  # writes re-queued after losing a deadlock

    async def run(self, work: Callable[[IngestUnitOfWork], T]) -> T:
        """Run ``work`` in the next group; returns once its transaction has committed."""
        future = self.submit(work)
        result: T = await asyncio.wrap_future(future)
        return result

    def submit(self, work: Callable[[IngestUnitOfWork], T]) -> Future[T]:
        self._ensure_thread()
        job = _Job(work)
        self._queue.put(job)
        return job.future

    async def run_combinable(self, combiner: Combiner, payload: Any, key: Any) -> Any:
        """Like :meth:`run` for ``combiner([payload])[0]``, which may share one call with
        other payloads (of distinct ``key``) queued for the same group."""
        self._ensure_thread()

        def alone(uow: IngestUnitOfWork) -> Any:
            return combiner(uow, [payload])[0]

        job = _Job(alone, combiner=combiner, payload=payload, key=key)
        self._queue.put(job)
        return await asyncio.wrap_future(job.future)

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="safeguard-group-commit", daemon=True
                )
                self._thread.start()

    def _loop(self) -> None:
        while True:
            jobs = [self._queue.get()]
            while len(jobs) < self._max_group:
                try:
                    jobs.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._commit_group(jobs)
            except BaseException as exc:  # never leave a request waiting on a dead thread
                for job in jobs:
                    _settle(job.future, error=exc)

    def _commit_group(self, jobs: list[_Job]) -> None:
        done: list[tuple[_Job, Any]] = []
        failed: list[tuple[_Job, BaseException]] = []
        retry: list[_Job] = []

        def one(uow: IngestUnitOfWork, job: _Job) -> None:
            try:
                with uow.savepoint():
                    result = job.work(uow)
            except Exception as exc:
                if _retryable(exc) and job.attempts < MAX_RETRIES:
                    job.attempts += 1
                    self.retries += 1
                    retry.append(job)
                else:
                    failed.append((job, exc))
                return
            done.append((job, result))

        try:
            with self._uow_factory() as uow:
                for batch in _batches(jobs):
                    if len(batch) == 1 or batch[0].combiner is None:
                        for job in batch:
                            one(uow, job)
                        continue
                    try:
                        with uow.savepoint():
                            results = batch[0].combiner(uow, [j.payload for j in batch])
                    except Exception:
                        for job in batch:  # find the bad one: each on its own
                            one(uow, job)
                        continue
                    done.extend(zip(batch, results, strict=True))
                uow.commit()
        except Exception as exc:  # the commit itself failed: nobody's write is durable
            failed.extend((job, exc) for job, _result in done)
            done = []
        self.groups += 1
        for job, result in done:
            _settle(job.future, result=result)
        for job, error in failed:
            _settle(job.future, error=error)
        for job in retry:
            self._queue.put(job)


def _settle(future: Future[Any], *, result: Any = None, error: BaseException | None = None) -> None:
    """Answer a waiting request (unless it gave up: the client went away)."""
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


def _batches(jobs: list[_Job]) -> list[list[_Job]]:
    """Consecutive runs of jobs: combinable ones with one combiner and distinct keys together,
    every other job alone, keeping the order of arrival between runs."""
    out: list[list[_Job]] = []
    keys: set[Any] = set()
    for job in jobs:
        last = out[-1] if out else None
        if (
            last is not None
            and job.combiner is not None
            and last[0].combiner == job.combiner
            and job.key not in keys
        ):
            last.append(job)
            keys.add(job.key)
            continue
        out.append([job])
        keys = {job.key}
    return out


def _retryable(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    return state in _RETRY_SQLSTATES
