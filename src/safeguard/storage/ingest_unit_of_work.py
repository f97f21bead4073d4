"""The casework unit of work plus the ingestion repositories, so messages, stream state and
the alerts they raise commit in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from safeguard.storage.ingest_repository import (
    SqlIdempotencyRepository,
    SqlMonitoringRepository,
    SqlStreamRepository,
    SqlTokenRepository,
)
from safeguard.storage.unit_of_work import SqlUnitOfWork


class IngestUnitOfWork(SqlUnitOfWork):
    """Use as ``with uow: ...; uow.commit()``, like :class:`SqlUnitOfWork`."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        super().__init__(factory)

    @classmethod
    def for_engine(cls, engine: Engine) -> IngestUnitOfWork:
        return cls(sessionmaker(bind=engine, expire_on_commit=False))

    def __enter__(self) -> IngestUnitOfWork:
        super().__enter__()
        session = self.session
        self.tokens = SqlTokenRepository(session)
        self.streams = SqlStreamRepository(session)
        self.idempotency = SqlIdempotencyRepository(session)
        self.monitoring = SqlMonitoringRepository(session)
        return self

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction: on error its writes and its queued audit events are undone."""
        queued = self.audit.pending
        try:
            with self.session.begin_nested():
                yield
        except BaseException:
            del self.audit._pending[queued:]
            raise
