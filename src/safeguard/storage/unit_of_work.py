"""The SQL unit of work: one session, one transaction, audit events written on commit."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from safeguard.storage.audit_trail import SqlAuditTrail
from safeguard.storage.repositories import (
    SqlAlertRepository,
    SqlCaseRepository,
    SqlChildRepository,
    SqlConcernRepository,
    SqlEntryRepository,
    SqlSettingRepository,
    SqlTransferRepository,
    SqlUserRepository,
)


class SqlUnitOfWork:
    """Use as ``with uow: ...; uow.commit()``; leaving the block without commit rolls back."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._session: Session | None = None

    @classmethod
    def for_engine(cls, engine: Engine) -> SqlUnitOfWork:
        return cls(sessionmaker(bind=engine, expire_on_commit=False))

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._session

    def __enter__(self) -> SqlUnitOfWork:
        if self._session is not None:
            raise RuntimeError("unit of work already in use")
        session = self._factory()
        self._session = session
        self.users = SqlUserRepository(session)
        self.children = SqlChildRepository(session)
        self.concerns = SqlConcernRepository(session)
        self.alerts = SqlAlertRepository(session)
        self.cases = SqlCaseRepository(session)
        self.entries = SqlEntryRepository(session)
        self.settings = SqlSettingRepository(session)
        self.transfers = SqlTransferRepository(session)
        self.audit = SqlAuditTrail(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self.session.close()
            self._session = None

    def commit(self) -> None:
        """Write queued audit events into the chain, then commit everything together."""
        self.audit.flush_chain()
        self.session.commit()

    def rollback(self) -> None:
        self.audit.discard()
        self.session.rollback()
